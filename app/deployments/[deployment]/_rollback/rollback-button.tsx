// The rollback control of a deployment page (which renders it only when there is a canary): the
// dialog for operators, disabled with the reason while no enabled webhook endpoint takes
// rollback.requested for this deployment (a request would be audited and sent nowhere).
import type { Role } from "@/lib/auth/roles";
import { endpoints } from "@/server/services/webhooks";
import { RollbackDialog } from "./rollback-dialog";

export async function RollbackButton({ deployment, role }: { deployment: string; role: Role }) {
  if (role !== "operator" && role !== "admin") return null;
  const receivers = (await endpoints()).filter((e) => !e.disabled && e.events.includes("rollback.requested") && (e.deployment === "" || e.deployment === deployment));
  return <RollbackDialog deployment={deployment} role={role} disabledReason={receivers.length ? undefined : "No enabled webhook endpoint takes rollback.requested for this deployment, so a request would reach no rollout controller."} />;
}

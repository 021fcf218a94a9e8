// The audit log: who did what to which target, newest first.
import { listAudit } from "@/clickhouse/queries/webhooks";
import { database } from "@/server/runtime/runtime";

export type AuditEntry = Awaited<ReturnType<typeof listAudit>>[number];

export async function auditLog(filter: { target?: string; limit?: number } = {}): Promise<AuditEntry[]> {
  return listAudit(await database(), filter);
}

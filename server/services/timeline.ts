// A deployment's verdict timeline over a window: its status changes from the persisted verdicts,
// with incident, policy and canary manifest events (lib/view/timeline.ts shapes it).
import { manifestVersions } from "@/clickhouse/queries/deployments";
import { listIncidents } from "@/clickhouse/queries/incidents";
import { listPolicyVersions } from "@/clickhouse/queries/policies";
import { statusBefore, statusChanges } from "@/clickhouse/queries/timeline";
import { parseChTime } from "@/clickhouse/time";
import { STATUSES, type Status } from "@/lib/judgment/types";
import type { TimeWindow } from "@/lib/time/window";
import { buildTimeline, type Timeline, type TimelineEvent } from "@/lib/view/timeline";
import { database } from "@/server/runtime/runtime";

export type { Timeline };

/** Status changes read per window, newest first; past this the band starts at the oldest kept. */
export const TIMELINE_CHANGE_CAP = 400;
const INCIDENT_CAP = 200;

const asStatus = (s: string): Status => ((STATUSES as readonly string[]).includes(s) ? (s as Status) : "insufficient_data");

export async function deploymentTimeline(deployment: string, w: TimeWindow, now = Date.now()): Promise<Timeline> {
  const client = await database();
  const [changes, before, incidents, policies, manifests] = await Promise.all([
    statusChanges(client, deployment, w.from, w.to, TIMELINE_CHANGE_CAP),
    statusBefore(client, deployment, w.from),
    listIncidents(client, { deployment, limit: INCIDENT_CAP }),
    listPolicyVersions(client, deployment),
    manifestVersions(client, deployment),
  ]);
  const events: TimelineEvent[] = [];
  for (const i of incidents) {
    const href = `/incidents/${encodeURIComponent(i.id)}`;
    events.push({ at: parseChTime(i.opened_at), kind: "incident_opened", what: `incident opened: ${i.reason}`.slice(0, 200), href });
    if (i.acknowledged_at) events.push({ at: parseChTime(i.acknowledged_at), kind: "incident_acknowledged", what: `incident acknowledged by ${i.acknowledged_by || "an operator"}`, href });
    if (i.resolved_at) events.push({ at: parseChTime(i.resolved_at), kind: "incident_resolved", what: "incident resolved", href });
  }
  const policyHref = `/policies?deployment=${encodeURIComponent(deployment)}`;
  for (const p of policies) {
    events.push({ at: parseChTime(p.created_at), kind: "policy_change", what: `policy v${p.version} saved by ${p.author}${p.reason ? `: ${p.reason}` : ""}`.slice(0, 200), href: `${policyHref}&to=${p.version}&from=${Math.max(0, p.version - 1)}` });
  }
  const canary = manifests.filter((m) => m.arm === "canary");
  canary.forEach((m, k) => {
    const what = k === 0 ? `canary manifest first seen (${m.quant_format} ${m.quant_method}, ${m.runtime})` : `canary manifest changed to ${m.quant_format} ${m.quant_method}, ${m.runtime}`;
    events.push({ at: parseChTime(m.first_seen), kind: "manifest_change", what });
  });
  return buildTimeline({
    window: w,
    now,
    before: before ? { status: asStatus(before.status), since: parseChTime(before.since) } : null,
    changes: changes.map((c) => ({ at: parseChTime(c.at), status: asStatus(c.status) })),
    changesCapped: changes.length >= TIMELINE_CHANGE_CAP,
    events,
  });
}

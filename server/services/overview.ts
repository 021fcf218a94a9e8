// The overview page: every deployment's card from five queries in all (traffic, slices,
// manifests, verdict headlines, open incidents), whatever the number of deployments; filtered,
// counted and ordered by lib/view/overview.
import { armTraffic, manifestVersions } from "@/clickhouse/queries/deployments";
import { dimensionSummaries, latestVerdictHeadlines, openIncidents, type VerdictHeadline } from "@/clickhouse/queries/overview";
import { groupBy } from "@/lib/collections/group-by";
import { STATUSES, type Status } from "@/lib/judgment/types";
import type { ManifestVersion } from "@/lib/telemetry/manifest";
import { CARD_BOUNDS, overviewView, parseFilter, type CardInput, type CardVerdict, type OverviewView } from "@/lib/view/overview";
import { database } from "@/server/runtime/runtime";

export interface OverviewCard extends CardInput {
  /** The canary's newest manifest, if it reported one. */
  canaryManifest: ManifestVersion | null;
}

const asStatus = (s: string): Status => ((STATUSES as readonly string[]).includes(s) ? (s as Status) : "insufficient_data");

function cardVerdict(h: VerdictHeadline): CardVerdict {
  return {
    status: asStatus(h.status),
    since: h.since,
    evaluatedAt: h.evaluated_at,
    reason: h.reason,
    policy: { name: h.policy_name, version: Number(h.policy_version) },
    worst: h.worst_status ? { dimension: h.worst_dimension, value: h.worst_value, status: asStatus(h.worst_status), metric: h.worst_metric } : null,
    failing: Number(h.failing),
  };
}

/** Every deployment that has sent requests, with its verdict headline, open incident, arms, canary manifest and busiest slices. */
export async function overviewCards(): Promise<OverviewCard[]> {
  const client = await database();
  const [traffic, dims, manifests, verdicts, incidents] = await Promise.all([
    armTraffic(client),
    dimensionSummaries(client, CARD_BOUNDS.values),
    manifestVersions(client),
    latestVerdictHeadlines(client),
    openIncidents(client),
  ]);
  const dimsOf = groupBy(dims, (d) => d.deployment);
  const verdictOf = new Map(verdicts.map((v) => [v.deployment, v]));
  const incidentOf = new Map(incidents.map((i) => [i.deployment, i]));
  const canaryOf = new Map<string, ManifestVersion>();
  // Oldest first, so the last one set is the newest.
  for (const m of manifests) if (m.arm === "canary") canaryOf.set(m.deployment, m);
  return [...groupBy(traffic, (t) => t.deployment)].map(([deployment, arms]) => {
    const v = verdictOf.get(deployment);
    const i = incidentOf.get(deployment);
    return {
      deployment,
      arms,
      verdict: v ? cardVerdict(v) : null,
      dimensions: (dimsOf.get(deployment) ?? []).map((d) => ({ dimension: d.dimension, values: d.values, distinct: Number(d.distinct), folded: Number(d.folded) === 1 })),
      incident: i ? { id: i.id, openedAt: i.opened_at, open: Number(i.open) } : null,
      canaryManifest: canaryOf.get(deployment) ?? null,
    };
  });
}

/** The overview for the URL's filter (?status=&q=), at `now`. */
export async function overviewPage(sp: Record<string, string | string[] | undefined>, now = Date.now()): Promise<OverviewView<OverviewCard>> {
  return overviewView(await overviewCards(), parseFilter(sp), now);
}

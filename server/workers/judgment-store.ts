// The evaluator's storage in ClickHouse: the feed, policies, checkpoints, verdicts, incidents
// and (with a shared server) the evaluator lease.
import os from "node:os";
import type { Db } from "@/clickhouse/client";
import { acquireLease, getIncident, loadEvaluatorStates, putIncident } from "@/clickhouse/queries/incidents";
import { putVerdicts, readFeed, saveEvaluatorStates } from "@/clickhouse/queries/judgment";
import { memoryMinutes } from "@/clickhouse/queries/comparison";
import { calibrationCells, driftCells } from "@/clickhouse/queries/drift";
import { FIRST_HOUR_MS } from "@/lib/judgment/advisory";
import { getPolicy } from "@/clickhouse/queries/policies";
import type { EvaluatorStore } from "@/server/workers/evaluator";

const HOLDER = `${os.hostname()}:${process.pid}`;

/** `leaseMs`: with a shared server (several replicas), how long a round's lease lasts; null when embedded. */
export function clickhouseStore(client: Db, leaseMs: number | null): EvaluatorStore {
  return {
    readFeed: (cursor, since, limit) => readFeed(client, cursor, since, limit),
    policyFor: async (deployment) => {
      const p = await getPolicy(client, deployment);
      return { policy: p.policy, version: p.version, key: `${p.deployment}#${p.version}` };
    },
    loadCheckpoint: () => loadEvaluatorStates(client),
    saveCheckpoint: (rows) => saveEvaluatorStates(client, rows),
    putVerdicts: (vs) => putVerdicts(client, vs),
    getIncident: (id) => getIncident(client, id),
    putIncident: (row) => putIncident(client, row),
    lease: () => (leaseMs === null ? Promise.resolve(true) : acquireLease(client, "evaluator", HOLDER, leaseMs)),
    advisoryInputs: async (deployment, from, to) => {
      const w = { from, to };
      // Drift: the canary over the epoch and over its first hour, and the calibration reference if sent.
      const firstHour = { from, to: Math.min(to, from + FIRST_HOUR_MS) };
      const [memory, canary, calibration] = await Promise.all([memoryMinutes(client, deployment, w), driftCells(client, deployment, w, firstHour), calibrationCells(client, deployment)]);
      return { memory, drift: [...canary, ...calibration] };
    },
  };
}

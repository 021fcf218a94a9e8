// The incident state machine for one deployment, as a pure function of what the judgment says.
// An incident opens on the deployment's first established failure and is sticky: it ends only
// when the policy's resolution rule holds, an operator resolves it, or the canary is replaced.
// The whole state (the pass streak included) is persisted with the evaluator's checkpoint.
import type { EpochReason } from "@/lib/judgment/types";

export interface IncidentState {
  phase: "ok" | "open";
  /** Episodes opened so far (seeds deterministic incident ids). */
  episodes: number;
  openedAt: number | null;
  /** Epoch of the judgment when the incident opened. */
  epoch: number | null;
  /** Consecutive evaluations in which the resolution rule held. */
  passStreak: number;
}

export const INITIAL_STATE: IncidentState = { phase: "ok", episodes: 0, openedAt: null, epoch: null, passStreak: 0 };

export type ResolveWhy = "recovered" | "operator" | "canary_replaced";

export type Action = { type: "open"; episode: number } | { type: "resolve"; episode: number; why: ResolveWhy };

export interface IncidentInputs {
  /** The deployment fails now (an established failure of a check that fails the deployment). */
  failing: boolean;
  /** The policy's recovery condition holds now (see lib/judgment/recovery.ts). */
  recovered: boolean;
  /** An operator asked to resolve the open incident. */
  operatorResolve: boolean;
  /** The judgment started a new epoch since the last evaluation, and why. */
  newEpoch: EpochReason | null;
  epoch: number;
  resolution: { mode: "recovered" | "operator"; min_passes: number };
}

export function step(state: IncidentState, i: IncidentInputs, now: number): { state: IncidentState; actions: Action[] } {
  if (state.phase === "ok") {
    if (!i.failing) return { state, actions: [] };
    const episode = state.episodes + 1;
    return { state: { phase: "open", episodes: episode, openedAt: now, epoch: i.epoch, passStreak: 0 }, actions: [{ type: "open", episode }] };
  }
  const resolve = (why: ResolveWhy) => ({
    state: { phase: "ok" as const, episodes: state.episodes, openedAt: null, epoch: null, passStreak: 0 },
    actions: [{ type: "resolve" as const, episode: state.episodes, why }],
  });
  if (i.operatorResolve) return resolve("operator");
  // A different canary build is a different experiment: its evidence starts afresh.
  if (i.newEpoch === "manifest_change") return resolve("canary_replaced");
  if (i.resolution.mode !== "recovered") return { state: { ...state, passStreak: 0 }, actions: [] };
  const passStreak = i.recovered ? state.passStreak + 1 : 0;
  if (passStreak >= i.resolution.min_passes) return resolve("recovered");
  return { state: { ...state, passStreak }, actions: [] };
}

// The incident state machine for one deployment, as a pure function of the verdict stream.
// Open at once on `fail` (the verdict's always-valid tests already control false alarms);
// resolve only after the verdict has stayed out of `fail` for a sustained period, and keep
// one incident per breach episode: a fail during recovery continues the same incident.
import type { Status } from "@/lib/verdict/types";

export interface IncidentState {
  phase: "ok" | "open" | "recovering";
  /** Epoch ms the current episode opened. */
  openedAt: number | null;
  /** Epoch ms the verdict last left `fail` while open. */
  recoveringSince: number | null;
  /** Episodes opened so far (seeds deterministic incident ids). */
  episodes: number;
}

export const INITIAL_STATE: IncidentState = { phase: "ok", openedAt: null, recoveringSince: null, episodes: 0 };

/** A return to pass must hold this long (and through this many evaluations) to resolve. */
export const RESOLVE_AFTER_MS = 120_000;
export const RESOLVE_AFTER_EVALUATIONS = 6;

export type Action = { type: "open"; episode: number } | { type: "resolve"; episode: number };

export function step(
  state: IncidentState,
  status: Status,
  now: number,
  passStreak: number,
): { state: IncidentState; actions: Action[] } {
  if (status === "fail") {
    if (state.phase === "ok") {
      const episode = state.episodes + 1;
      return { state: { phase: "open", openedAt: now, recoveringSince: null, episodes: episode }, actions: [{ type: "open", episode }] };
    }
    return { state: { ...state, phase: "open", recoveringSince: null }, actions: [] };
  }
  if (state.phase === "ok") return { state, actions: [] };
  const since = state.recoveringSince ?? now;
  const sustained = status === "pass" && now - since >= RESOLVE_AFTER_MS && passStreak >= RESOLVE_AFTER_EVALUATIONS;
  if (sustained) {
    return { state: { phase: "ok", openedAt: null, recoveringSince: null, episodes: state.episodes }, actions: [{ type: "resolve", episode: state.episodes }] };
  }
  return { state: { ...state, phase: "recovering", recoveringSince: since }, actions: [] };
}

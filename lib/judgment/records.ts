// What the judgment consumes: one record per request pair, in the order the evaluator reads
// them (arrival order). Shadow pairs come from quantlens.shadow_comparison records; arms pairs
// join the baseline's and the canary's span of the same quantlens.request.id.

export interface ShadowPair {
  kind: "shadow";
  deployment: string;
  requestId: string;
  /** Event time, epoch ms. */
  ts: number;
  slices: Record<string, string>;
  exact: boolean;
  agreement: number;
  kl: number | null;
  scoreBaseline: number | null;
  scoreCanary: number | null;
}

export interface ArmResult {
  fallback: boolean;
  error: boolean;
  latencyMs: number;
}

export interface ArmsPair {
  kind: "arms";
  deployment: string;
  requestId: string;
  ts: number;
  slices: Record<string, string>;
  /** Fingerprint of the canary's manifest: a new one starts a new epoch. */
  canaryManifest: string;
  baseline: ArmResult;
  canary: ArmResult;
}

export type PairRecord = ShadowPair | ArmsPair;

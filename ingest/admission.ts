// Admission control for ingest: a limit on the bytes admitted and not yet answered, steered by
// the latency of the requests that finish (additive increase, multiplicative decrease, as TCP
// does with its window). Past the limit a request is refused at once with a Retry-After, before
// its body is read. Queuing longer only makes senders time out (10 s by default) and resend.
//
// Why latency and not a throughput estimate: with group commit, a bigger backlog makes bigger,
// cheaper INSERTs, so throughput depends on the limit itself; a limit derived from it shrinks
// itself. Latency is what senders feel, so the limit grows while latency stays under target.

export interface AdmissionOptions {
  /** Completed requests slower than this shrink the limit. */
  targetLatencyMs: number;
  /** Bounds of the limit on admitted, unanswered bytes. */
  minLimitBytes: number;
  maxLimitBytes: number;
  /** Growth per fast completion, as a fraction of that request's bytes. */
  increase: number;
  /** Factor applied on a slow completion, at most once per targetLatencyMs. */
  decrease: number;
}

export const DEFAULT_ADMISSION_OPTIONS: AdmissionOptions = {
  targetLatencyMs: 4_000,
  minLimitBytes: 2 * 1024 * 1024,
  maxLimitBytes: 64 * 1024 * 1024,
  increase: 0.25,
  decrease: 0.7,
};

export type Admitted = { ok: true; done: () => void } | { ok: false; retryAfterSeconds: number; reason: string };

/** Requests answered 200 and refused for capacity over the last minute. */
export interface RecentAdmission {
  accepted: number;
  refused: number;
}

const WINDOW_S = 60;

export interface AdmissionStats {
  pendingBytes: number;
  pendingRequests: number;
  limitBytes: number;
  /** Smoothed latency of finished requests, ms. */
  latencyMs: number;
  refused: number;
}

export class Admission {
  private pendingBytes = 0;
  private pendingRequests = 0;
  private limit: number;
  private latency = 0;
  private lastDecrease = -Infinity;
  private refused = 0;
  // Per-second counts over the last minute, for "is ingest refusing data right now?".
  private seconds: { at: number; accepted: number; refused: number }[] = [];

  constructor(
    private readonly opts: AdmissionOptions = DEFAULT_ADMISSION_OPTIONS,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.limit = opts.maxLimitBytes;
  }

  /** Admits `bytes` of work, or says how long to wait. Call `done()` once it has been answered, however it ended. */
  admit(bytes: number): Admitted {
    // An idle process takes any one request (the body limit bounds it), so nothing is refused forever.
    if (this.pendingRequests > 0 && this.pendingBytes + bytes > this.limit) {
      this.noteRefused();
      const mib = (n: number) => (n / 1024 / 1024).toFixed(1);
      return {
        ok: false,
        retryAfterSeconds: Math.min(30, Math.max(1, Math.ceil(this.latency / 1000))),
        reason: `${mib(this.pendingBytes)} MiB already in progress, limit ${mib(this.limit)} MiB at ${(this.latency / 1000).toFixed(1)} s latency`,
      };
    }
    this.pendingBytes += bytes;
    this.pendingRequests++;
    const started = this.now();
    let finished = false;
    return {
      ok: true,
      done: () => {
        if (finished) return;
        finished = true;
        this.pendingBytes -= bytes;
        this.pendingRequests--;
        this.finished(bytes, this.now() - started);
      },
    };
  }

  /** A refusal for capacity decided elsewhere (the writer's full queue), counted with these. */
  noteRefused(): void {
    this.refused++;
    this.bucket().refused++;
  }

  /** A request answered 200. */
  noteAccepted(): void {
    this.bucket().accepted++;
  }

  recent(): RecentAdmission {
    const from = Math.floor(this.now() / 1000) - WINDOW_S;
    let accepted = 0;
    let refused = 0;
    for (const b of this.seconds) {
      if (b.at <= from) continue;
      accepted += b.accepted;
      refused += b.refused;
    }
    return { accepted, refused };
  }

  private bucket(): { at: number; accepted: number; refused: number } {
    const at = Math.floor(this.now() / 1000);
    let last = this.seconds.at(-1);
    if (!last || last.at !== at) {
      last = { at, accepted: 0, refused: 0 };
      this.seconds.push(last);
      while (this.seconds.length > WINDOW_S + 1) this.seconds.shift();
    }
    return last;
  }

  stats(): AdmissionStats {
    return {
      pendingBytes: this.pendingBytes,
      pendingRequests: this.pendingRequests,
      limitBytes: Math.round(this.limit),
      latencyMs: Math.round(this.latency),
      refused: this.refused,
    };
  }

  private finished(bytes: number, ms: number): void {
    this.latency = this.latency === 0 ? ms : 0.8 * this.latency + 0.2 * ms;
    const { targetLatencyMs, minLimitBytes, maxLimitBytes, increase, decrease } = this.opts;
    if (ms <= targetLatencyMs) {
      this.limit = Math.min(maxLimitBytes, this.limit + bytes * increase);
    } else if (this.now() - this.lastDecrease >= targetLatencyMs) {
      // Once per target interval: one slow INSERT answers many requests at once.
      // From what was in progress, not from a limit far above it, so the first cut bites.
      this.lastDecrease = this.now();
      this.limit = Math.max(minLimitBytes, Math.min(this.limit, this.pendingBytes + bytes) * decrease);
    }
  }
}

// The incident state machine (lib/incidents/state.ts): each resolve condition has a test that
// fails when the condition is mutated (dropped, inverted, or its bound moved by one).
import { describe, expect, it } from "vitest";
import { INITIAL_STATE, step, type IncidentInputs, type IncidentState } from "@/lib/incidents/state";

const inputs = (over: Partial<IncidentInputs> = {}): IncidentInputs => ({
  failing: false,
  recovered: false,
  operatorResolve: false,
  newEpoch: null,
  epoch: 1,
  resolution: { mode: "recovered", min_passes: 3 },
  ...over,
});

const opened = (): IncidentState => step(INITIAL_STATE, inputs({ failing: true }), 1000).state;

describe("incident state machine", () => {
  it("opens on the first failure, once per episode, and keeps its state", () => {
    const r = step(INITIAL_STATE, inputs({ failing: true, epoch: 4 }), 1000);
    expect(r.actions).toEqual([{ type: "open", episode: 1 }]);
    expect(r.state).toEqual({ phase: "open", episodes: 1, openedAt: 1000, epoch: 4, passStreak: 0 });
    expect(step(r.state, inputs({ failing: true }), 2000).actions).toEqual([]);
    expect(step(INITIAL_STATE, inputs(), 1000).actions).toEqual([]);
  });

  it("is sticky: a deployment that stops failing without recovering stays open", () => {
    let s = opened();
    for (let t = 0; t < 100; t++) {
      const r = step(s, inputs({ failing: false, recovered: false }), 2000 + t);
      expect(r.actions).toEqual([]);
      s = r.state;
    }
    expect(s.phase).toBe("open");
  });

  it("resolves after exactly min_passes consecutive recovered evaluations", () => {
    let s = opened();
    let r = step(s, inputs({ recovered: true }), 2000);
    expect(r.state.passStreak).toBe(1);
    r = step(r.state, inputs({ recovered: true }), 3000);
    expect(r.actions).toEqual([]);
    expect(r.state.passStreak).toBe(2);
    r = step(r.state, inputs({ recovered: true }), 4000);
    expect(r.actions).toEqual([{ type: "resolve", episode: 1, why: "recovered" }]);
    expect(r.state).toEqual({ phase: "ok", episodes: 1, openedAt: null, epoch: null, passStreak: 0 });
    s = r.state;
    // A later failure is a new episode.
    expect(step(s, inputs({ failing: true }), 5000).actions).toEqual([{ type: "open", episode: 2 }]);
  });

  it("restarts the streak when recovery lapses", () => {
    let s = opened();
    s = step(s, inputs({ recovered: true }), 2000).state;
    s = step(s, inputs({ recovered: true }), 3000).state;
    s = step(s, inputs({ recovered: false }), 4000).state;
    expect(s.passStreak).toBe(0);
    s = step(s, inputs({ recovered: true }), 5000).state;
    s = step(s, inputs({ recovered: true }), 6000).state;
    expect(s.phase).toBe("open");
    expect(step(s, inputs({ recovered: true }), 7000).actions).toEqual([{ type: "resolve", episode: 1, why: "recovered" }]);
  });

  it("never resolves on recovery when the policy leaves it to operators", () => {
    let s = opened();
    for (let t = 0; t < 20; t++) {
      const r = step(s, inputs({ recovered: true, resolution: { mode: "operator", min_passes: 1 } }), 2000 + t);
      expect(r.actions).toEqual([]);
      s = r.state;
    }
    expect(s.passStreak).toBe(0);
  });

  it("resolves at once when an operator asks, in either mode", () => {
    for (const mode of ["recovered", "operator"] as const) {
      const r = step(opened(), inputs({ operatorResolve: true, failing: true, resolution: { mode, min_passes: 5 } }), 2000);
      expect(r.actions).toEqual([{ type: "resolve", episode: 1, why: "operator" }]);
    }
    // Without an open incident there is nothing to resolve.
    expect(step(INITIAL_STATE, inputs({ operatorResolve: true }), 2000).actions).toEqual([]);
  });

  it("resolves when the canary build changes, and only then among new epochs", () => {
    expect(step(opened(), inputs({ newEpoch: "manifest_change", failing: true }), 2000).actions).toEqual([{ type: "resolve", episode: 1, why: "canary_replaced" }]);
    const policy = step(opened(), inputs({ newEpoch: "policy_change" }), 2000);
    expect(policy.actions).toEqual([]);
    expect(policy.state.phase).toBe("open");
  });
});

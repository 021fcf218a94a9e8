// The terms the dashboard explains where they appear: one short text each, and the section of
// the docs that says it precisely (the anchors are headings of docs/policy.md; a unit test checks).

export type TermKey = "always-valid" | "e-value" | "fdr" | "psi" | "allowance";

export interface Term {
  label: string;
  text: string;
  doc: "policy";
  anchor: string;
}

export const GLOSSARY: Record<TermKey, Term> = {
  "always-valid": {
    label: "always-valid interval",
    text: "A confidence sequence: it covers the true mean degradation at every moment at once (level 1 − α), so it may be watched continuously and read at any time. It narrows as pairs arrive.",
    doc: "policy",
    anchor: "always-valid-intervals",
  },
  "e-value": {
    label: "e-value",
    text: "The wealth of a bet against “the canary is within its allowance”: it starts at 1 and grows only when the pairs contradict that. The check fails when it reaches its threshold; that happens by chance with probability at most the check’s share of α.",
    doc: "policy",
    anchor: "e-values",
  },
  fdr: {
    label: "FDR",
    text: "False discovery rate: when the deployment first fails, the other cells listed as failing (e-BH) are wrong, on average, in at most a share α × 0.75 of them.",
    doc: "policy",
    anchor: "false-discovery-rate-fdr",
  },
  psi: {
    label: "PSI",
    text: "Population stability index: how far an input feature’s distribution moved from the reference, over ≤ 10 bins. Below 0.1 is usually stable. Advisory only.",
    doc: "policy",
    anchor: "psi-population-stability-index",
  },
  allowance: {
    label: "allowance",
    text: "How much worse the canary may be on this check (the policy’s allowed_degradation), as the boundary θ the tests bet against; for agreement metrics it adds the rest of the traffic’s level and the peer spread.",
    doc: "policy",
    anchor: "allowance",
  },
};

/** The signed-in page that renders the term's docs section. */
export const termHref = (t: Term) => `/docs/${t.doc}#${t.anchor}`;

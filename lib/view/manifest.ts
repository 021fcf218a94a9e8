// The manifest diff, baseline vs canary, with when each field last changed (pure).
import type { ManifestVersion } from "@/lib/telemetry/manifest";

export const MANIFEST_FIELDS = [
  ["quant_format", "format"],
  ["quant_method", "method"],
  ["group_size", "group size"],
  ["calibration_dataset", "calibration dataset"],
  ["runtime", "runtime"],
  ["hardware", "hardware"],
  ["model_version", "model version"],
] as const;

export type ManifestField = (typeof MANIFEST_FIELDS)[number][0];

export interface ArmField {
  value: string;
  /** When the version that introduced the current value began, by the data's own time (not its arrival); null when it never changed. */
  changedAt: string | null;
  firstSeen: string;
}

export interface ManifestDiffRow {
  field: ManifestField;
  label: string;
  baseline: ArmField | null;
  canary: ArmField | null;
  differs: boolean;
}

function armField(history: ManifestVersion[], field: ManifestField): ArmField | null {
  const current = history.at(-1);
  if (!current) return null;
  let i = history.length - 1;
  while (i > 0 && history[i - 1][field] === current[field]) i--;
  return { value: current[field], changedAt: i > 0 ? history[i].first_seen : null, firstSeen: history[0].first_seen };
}

/** `versions` oldest first (as manifestVersions returns them). */
export function manifestDiff(versions: ManifestVersion[]): ManifestDiffRow[] {
  const baseline = versions.filter((v) => v.arm === "baseline");
  const canary = versions.filter((v) => v.arm === "canary");
  return MANIFEST_FIELDS.map(([field, label]) => {
    const b = armField(baseline, field);
    const c = armField(canary, field);
    return { field, label, baseline: b, canary: c, differs: !!b && !!c && b.value !== c.value };
  });
}

// Who sent a batch: the deployment, the arm and the arm's quantization manifest.
import crypto from "node:crypto";
import type { ManifestFields } from "@/clickhouse/rows";
import type { Resource } from "../otlp/types";
import { str, toStringMap } from "./attributes";
import { LIMITS } from "@/lib/limits";
import { ATTR, OTEL } from "@/lib/semconv";
import { isWellFormed } from "../well-formed";

export const ARMS = ["baseline", "canary"] as const;
export type Arm = (typeof ARMS)[number] | "unspecified";

export interface Manifest extends ManifestFields {
  service: string;
}

export interface Origin {
  deployment: string;
  arm: Arm;
  service: string;
  manifest: Manifest;
  fingerprint: string;
  attributes: Record<string, string>;
}

const MANIFEST_KEYS: Record<keyof Omit<Manifest, "service">, string> = {
  model_version: ATTR.modelVersion,
  quant_format: ATTR.quantFormat,
  quant_method: ATTR.quantMethod,
  group_size: ATTR.quantGroupSize,
  calibration_dataset: ATTR.calibrationDataset,
  runtime: ATTR.runtime,
  hardware: ATTR.hardware,
};

const RESOURCE_COLUMNS = new Set<string>([OTEL.serviceName, ATTR.deployment, ATTR.arm, ...Object.values(MANIFEST_KEYS)]);

// Control characters make names unreadable in the UI and logs.
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Why `name` cannot be a deployment name, or null. The same rule for resources and records. */
export function deploymentProblem(name: string): string | null {
  if (name.length > LIMITS.deploymentChars || CONTROL.test(name) || !isWellFormed(name)) {
    return `${ATTR.deployment} must be at most ${LIMITS.deploymentChars} printable characters`;
  }
  return null;
}

export function readOrigin(resource: Resource): { ok: true; origin: Origin } | { ok: false; error: string } {
  const a = resource.attributes;
  const service = str(a, OTEL.serviceName);
  const deployment = str(a, ATTR.deployment) || service;
  if (!deployment) return { ok: false, error: `resource has neither ${ATTR.deployment} nor ${OTEL.serviceName}` };
  const problem = deploymentProblem(deployment);
  if (problem) return { ok: false, error: problem };
  const armRaw = str(a, ATTR.arm);
  let arm: Arm = "unspecified";
  if (armRaw) {
    if (!(ARMS as readonly string[]).includes(armRaw)) {
      return { ok: false, error: `${ATTR.arm} must be "baseline" or "canary", got ${JSON.stringify(armRaw.slice(0, 40))}` };
    }
    arm = armRaw as Arm;
  }
  const manifest: Manifest = { service: service.slice(0, 256), model_version: "", quant_format: "", quant_method: "", group_size: "", calibration_dataset: "", runtime: "", hardware: "" };
  for (const [field, key] of Object.entries(MANIFEST_KEYS) as [keyof typeof MANIFEST_KEYS, string][]) {
    manifest[field] = str(a, key).slice(0, 256);
  }
  const fingerprint = crypto.createHash("sha256").update(JSON.stringify(manifest)).digest("hex").slice(0, 32);
  // Rows keep the resource attributes that are not already columns or in the manifest table.
  return { ok: true, origin: { deployment, arm, service: manifest.service, manifest, fingerprint, attributes: toStringMap(a, (k) => RESOURCE_COLUMNS.has(k)) } };
}

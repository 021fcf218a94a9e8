// The process's configuration: the whole environment parsed and checked in one place, with a
// message naming each bad variable. `npm start` checks it before anything else starts.
import path from "node:path";
import { z } from "zod";
import { readDbConfig, type DbConfig } from "@/clickhouse/config";
import { DEFAULT_ADMISSION_OPTIONS } from "@/ingest/admission";
import { DEFAULT_WRITER_OPTIONS } from "@/ingest/writer";
import { DEFAULT_RETRY } from "@/lib/webhooks/retry";

export interface Config {
  db: DbConfig;
  /** Seeds one key of all scopes (automation). */
  bootstrapKey: string | null;
  /** Run the evaluator and the delivery worker in this process. */
  background: boolean;
  ingest: { maxBodyBytes: number; targetLatencyMs: number; requestsPerSecondPerKey: number; batchRows: number; lingerMs: number; maxQueuedRows: number };
  evaluator: { intervalMs: number };
  webhooks: { timeoutMs: number; retryWindowMs: number; maxDelayMs: number };
  /** Base of the links in webhook payloads, without a trailing slash. */
  publicUrl: string;
  /** NEXTAUTH_URL: this server's own origin, when set. */
  siteUrl: string | null;
  /** NEXTAUTH_SECRET: what session cookies are signed with. */
  sessionSecret: string | null;
  /** What webhook secrets are encrypted with: QUANTLENS_SECRET_KEY, else NEXTAUTH_SECRET. */
  secretKeyMaterial: string | null;
  /** QUANTLENS_TRUSTED_PROXIES as written (parsed by server/http/client-address.ts). */
  trustedProxies: string;
  firstAdmin: { password: string | null; passwordFile: string };
  /** The QUANTLENS_OIDC_* variables, for lib/auth/oidc.ts. */
  oidcEnv: Record<string, string | undefined>;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`the configuration is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

const text = z.string().trim().optional().transform((v) => (v ? v : undefined));

function whole(name: string, fallback: number, min: number, max: number) {
  return z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `${name} must be a whole number from ${min} to ${max}; got ${JSON.stringify(v.slice(0, 40))}` });
        return z.NEVER;
      }
      return n;
    });
}

function url(name: string) {
  return text.refine((v) => v === undefined || /^https?:\/\/[^\s/]+/.test(v), { message: `${name} must be an http(s) URL` });
}

const ENV = z.object({
  QUANTLENS_BOOTSTRAP_KEY: text,
  QUANTLENS_BACKGROUND: z.enum(["0", "1"], { message: "QUANTLENS_BACKGROUND must be 0 or 1" }).optional(),
  QUANTLENS_MAX_BODY_BYTES: whole("QUANTLENS_MAX_BODY_BYTES", 16 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
  QUANTLENS_INGEST_TARGET_LATENCY_MS: whole("QUANTLENS_INGEST_TARGET_LATENCY_MS", DEFAULT_ADMISSION_OPTIONS.targetLatencyMs, 100, 600_000),
  QUANTLENS_INGEST_RPS: whole("QUANTLENS_INGEST_RPS", 2000, 1, 10_000_000),
  QUANTLENS_BATCH_ROWS: whole("QUANTLENS_BATCH_ROWS", DEFAULT_WRITER_OPTIONS.maxBatchRows, 1, 10_000_000),
  QUANTLENS_BATCH_LINGER_MS: whole("QUANTLENS_BATCH_LINGER_MS", DEFAULT_WRITER_OPTIONS.lingerMs, 1, 600_000),
  QUANTLENS_MAX_QUEUED_ROWS: whole("QUANTLENS_MAX_QUEUED_ROWS", DEFAULT_WRITER_OPTIONS.maxQueuedRows, 1, 100_000_000),
  QUANTLENS_EVAL_INTERVAL_MS: whole("QUANTLENS_EVAL_INTERVAL_MS", 1000, 10, 3_600_000),
  QUANTLENS_WEBHOOK_TIMEOUT_MS: whole("QUANTLENS_WEBHOOK_TIMEOUT_MS", 10_000, 10, 600_000),
  QUANTLENS_WEBHOOK_RETRY_WINDOW_MS: whole("QUANTLENS_WEBHOOK_RETRY_WINDOW_MS", DEFAULT_RETRY.windowMs, 1, 30 * 86_400_000),
  QUANTLENS_WEBHOOK_MAX_DELAY_MS: whole("QUANTLENS_WEBHOOK_MAX_DELAY_MS", DEFAULT_RETRY.maxDelayMs, 1, 86_400_000),
  QUANTLENS_PUBLIC_URL: url("QUANTLENS_PUBLIC_URL"),
  NEXTAUTH_URL: url("NEXTAUTH_URL"),
  QUANTLENS_SECRET_KEY: text,
  NEXTAUTH_SECRET: text,
  QUANTLENS_TRUSTED_PROXIES: z.string().optional(),
  QUANTLENS_ADMIN_PASSWORD: z.string().optional(),
  QUANTLENS_ADMIN_PASSWORD_FILE: text,
});

/** The configuration from `env`, or a ConfigError listing every problem. */
export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  const problems: string[] = [];
  const parsed = ENV.safeParse(env);
  if (!parsed.success) for (const i of parsed.error.issues) problems.push(i.message);
  let db: DbConfig | undefined;
  try {
    db = readDbConfig(env);
  } catch (err) {
    problems.push((err as Error).message);
  }
  if (problems.length || !parsed.success || !db) throw new ConfigError(problems);
  const e = parsed.data;
  return {
    db,
    bootstrapKey: e.QUANTLENS_BOOTSTRAP_KEY ?? null,
    background: e.QUANTLENS_BACKGROUND !== "0",
    ingest: {
      maxBodyBytes: e.QUANTLENS_MAX_BODY_BYTES,
      targetLatencyMs: e.QUANTLENS_INGEST_TARGET_LATENCY_MS,
      requestsPerSecondPerKey: e.QUANTLENS_INGEST_RPS,
      batchRows: e.QUANTLENS_BATCH_ROWS,
      lingerMs: e.QUANTLENS_BATCH_LINGER_MS,
      maxQueuedRows: e.QUANTLENS_MAX_QUEUED_ROWS,
    },
    evaluator: { intervalMs: e.QUANTLENS_EVAL_INTERVAL_MS },
    webhooks: { timeoutMs: e.QUANTLENS_WEBHOOK_TIMEOUT_MS, retryWindowMs: e.QUANTLENS_WEBHOOK_RETRY_WINDOW_MS, maxDelayMs: e.QUANTLENS_WEBHOOK_MAX_DELAY_MS },
    publicUrl: (e.QUANTLENS_PUBLIC_URL || e.NEXTAUTH_URL || "http://localhost:3000").replace(/\/$/, ""),
    siteUrl: e.NEXTAUTH_URL ?? null,
    sessionSecret: e.NEXTAUTH_SECRET ?? null,
    secretKeyMaterial: e.QUANTLENS_SECRET_KEY || e.NEXTAUTH_SECRET || null,
    trustedProxies: e.QUANTLENS_TRUSTED_PROXIES ?? "",
    firstAdmin: {
      password: e.QUANTLENS_ADMIN_PASSWORD || null,
      passwordFile: e.QUANTLENS_ADMIN_PASSWORD_FILE ? path.resolve(e.QUANTLENS_ADMIN_PASSWORD_FILE) : path.join(path.dirname(db.dataDir), ".quantlens-admin-password"),
    },
    oidcEnv: Object.fromEntries(OIDC_VARIABLES.filter((k) => env[k] !== undefined).map((k) => [k, env[k]])),
  };
}

// Every variable the configuration reads: the key of the cache below is their values, so reading
// it costs a few property reads (a scan of the whole environment cost ~40 µs a call).
const DB_VARIABLES = ["CLICKHOUSE_URL", "CLICKHOUSE_USER", "CLICKHOUSE_PASSWORD", "CLICKHOUSE_DATABASE", "CLICKHOUSE_CLUSTER", "QUANTLENS_DATA_DIR", "QUANTLENS_RAW_TTL_DAYS"];
const OIDC_VARIABLES = ["QUANTLENS_OIDC_ISSUER", "QUANTLENS_OIDC_CLIENT_ID", "QUANTLENS_OIDC_CLIENT_SECRET", "QUANTLENS_OIDC_NAME", "QUANTLENS_OIDC_SCOPE", "QUANTLENS_OIDC_ROLE", "QUANTLENS_OIDC_ROLE_CLAIM", "QUANTLENS_OIDC_ROLE_MAP", "QUANTLENS_OIDC_ALLOWED_DOMAINS"];
const VARIABLES = [...Object.keys(ENV.shape), ...DB_VARIABLES, ...OIDC_VARIABLES];
let cached: { key: string; config: Config } | null = null;

/** This process's configuration: parsed once, and again only if one of its variables changed. */
export function config(): Config {
  let key = "";
  for (const k of VARIABLES) key += `${process.env[k] ?? "\u0001"}\u0000`;
  if (cached?.key !== key) cached = { key, config: readConfig(process.env) };
  return cached.config;
}

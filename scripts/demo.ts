/// <reference types="node" />
// `npm run demo`: synthetic baseline + W4A16 canary traffic into Quantlens over plain OTLP.
import { parseArgs } from "node:util";
import { startDemo } from "@/scripts/demo/run";
import type { RegressionMode } from "../lib/demo/model";

const USAGE = `usage: npm run demo -- [options]
  --url <url>             Quantlens base URL (default http://localhost:\${PORT:-3000})
  --key <key>             ingest API key (default $QUANTLENS_DEMO_KEY or $QUANTLENS_BOOTSTRAP_KEY)
  --rate <n>              requests per second (default 20)
  --seed <n>              traffic seed (default 42)
  --deployment <name>     quantlens.deployment (default chat-assistant)
  --protocol <p>          protobuf | json (default protobuf)
  --regression <v>        on | off | <seconds from start> (default on)
  --aa                    A/A run: canary identical to baseline (false-alarm testing)
  --duration <seconds>    stop after this long (default: run until Ctrl-C)
  --backfill <minutes>    first send this much history (default 0)
  --max-requests <n>      stop after this many requests
  --no-texts              omit the opt-in shadow input/output texts`;

function fail(msg: string): never {
  console.error(`demo: ${msg}\n${USAGE}`);
  process.exit(2);
}

function num(name: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n)) fail(`--${name} must be a number (got ${JSON.stringify(v)})`);
  return n;
}

function parseRegression(v: string | undefined): RegressionMode {
  if (v === undefined || v === "on") return "on";
  if (v === "off") return "off";
  const s = Number(v);
  if (!Number.isFinite(s) || s < 0) fail(`--regression must be on, off or seconds from start (got ${JSON.stringify(v)})`);
  return { atMs: s * 1000 };
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      url: { type: "string" },
      key: { type: "string" },
      rate: { type: "string" },
      seed: { type: "string" },
      deployment: { type: "string" },
      protocol: { type: "string" },
      regression: { type: "string" },
      aa: { type: "boolean" },
      duration: { type: "string" },
      backfill: { type: "string" },
      "max-requests": { type: "string" },
      "no-texts": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
} catch (e) {
  fail((e as Error).message);
}
const v = parsed.values;
if (v.help) {
  console.log(USAGE);
  process.exit(0);
}

const protocol = v.protocol ?? "protobuf";
if (protocol !== "protobuf" && protocol !== "json") fail(`--protocol must be protobuf or json`);
const rate = num("rate", v.rate, 20);
if (rate <= 0) fail("--rate must be > 0");
const key = v.key ?? process.env.QUANTLENS_DEMO_KEY ?? process.env.QUANTLENS_BOOTSTRAP_KEY ?? "";
const url = v.url ?? `http://localhost:${process.env.PORT || 3000}`;
if (!key) console.warn("demo: no key (--key, QUANTLENS_DEMO_KEY or QUANTLENS_BOOTSTRAP_KEY); the server will answer 401");
const duration = v.duration === undefined ? undefined : num("duration", v.duration, 0) * 1000;
const backfillMs = v.backfill === undefined ? 0 : num("backfill", v.backfill, 0) * 60_000;
const maxRequests = v["max-requests"] === undefined ? undefined : num("max-requests", v["max-requests"], 0);

const demo = startDemo({
  url,
  key,
  rate,
  seed: num("seed", v.seed, 42),
  deployment: v.deployment,
  protocol,
  regression: parseRegression(v.regression),
  aa: v.aa ?? false,
  durationMs: duration,
  backfillMs,
  maxRequests,
  texts: !v["no-texts"],
});

let signalled = false;
const onSignal = (sig: string) => {
  if (signalled) process.exit(0); // second Ctrl-C: do not wait for the flush
  signalled = true;
  console.log(`[demo] ${sig}: flushing telemetry…`);
  void demo.stop();
};
process.on("SIGINT", () => onSignal("SIGINT"));
process.on("SIGTERM", () => onSignal("SIGTERM"));

demo.done.then(
  () => {
    // A timed run that delivered nothing is a failure for scripts; a Ctrl-C is always a clean exit.
    const s = demo.stats();
    process.exit(!signalled && s.exported.traces.ok === 0 && s.requests > 0 ? 1 : 0);
  },
  (e: unknown) => {
    console.error("demo: shutdown failed:", e);
    process.exit(1);
  },
);

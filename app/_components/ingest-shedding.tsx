import { ingestPressure } from "@/server/services/deployments";

// Shown on every page while this server refuses OTLP for capacity: senders retry, so data arrives
// late and verdicts lag, and the person watching a canary should know that before trusting the page.
export async function IngestShedding() {
  const recent = await ingestPressure().catch(() => null); // a database error has its own banner
  if (!recent || recent.refused === 0) return null;
  return (
    <div role="status" className="border-b border-amber-300 bg-amber-50" data-testid="ingest-shedding">
      <p className="mx-auto max-w-[1800px] px-6 py-2 text-sm text-amber-950">
        <span className="font-semibold">Ingest is over capacity.</span> In the last minute this server refused{" "}
        <span data-testid="ingest-refused">{recent.refused.toLocaleString("en")}</span> of {(recent.refused + recent.accepted).toLocaleString("en")} OTLP
        requests with 429 and Retry-After. Senders retry, so recent data may arrive late and verdicts lag; see docs/scaling.md.
      </p>
    </div>
  );
}

// Log records → shadow comparisons (event quantlens.shadow_comparison) or otel_logs.
import { chTimeNs } from "@/clickhouse/time";
import type { DecodedLogs } from "../otlp/types";
import { anyToString, str, toStringMap } from "./attributes";
import { LIMITS } from "@/lib/limits";
import { readOrigin } from "./resource";
import { MapResult } from "./result";
import { OTEL, SHADOW_EVENT } from "@/lib/semconv";
import { mapShadow } from "./shadow";
import type { SliceFolder } from "./slices";
import { defaultTimeWindow, TimeRule } from "./time-window";

export function mapLogs(req: DecodedLogs, folder: SliceFolder, time = new TimeRule(defaultTimeWindow()), out = new MapResult()): MapResult {
  req.resourceLogs.forEach((rl, r) => {
    const o = readOrigin(rl.resource);
    const count = rl.scopeLogs.reduce((n, sl) => n + sl.logRecords.length, 0);
    if (!o.ok) {
      if (count) out.reject(`resourceLogs[${r}]: ${o.error}`, count);
      return;
    }
    const origin = o.origin;
    rl.scopeLogs.forEach((sl, s) =>
      sl.logRecords.forEach((rec, i) => {
        const where = `resourceLogs[${r}].scopeLogs[${s}].logRecords[${i}]`;
        if (rec.invalid) return out.reject(`${where}: ${rec.invalid}`);
        const ts = rec.timeUnixNano || rec.observedTimeUnixNano;
        const field = rec.timeUnixNano ? "timeUnixNano" : "observedTimeUnixNano";
        const eventName = rec.eventName || str(rec.attributes, OTEL.eventName);
        if (eventName === SHADOW_EVENT) {
          const m = mapShadow(origin.deployment, ts, rec.attributes, folder, time, field);
          if (!m.ok) return out.reject(`${where}: ${m.error}`);
          out.rows.shadow_comparisons.push(m.row);
          out.folded(m.row.deployment, m.folded, m.dropped);
          out.accepted++;
          return;
        }
        if (ts <= 0n) return out.reject(`${where}: neither timeUnixNano nor observedTimeUnixNano is set`);
        const late = time.check(ts, field);
        if (late) return out.reject(`${where}: ${late}`);
        out.rows.otel_logs.push({
          deployment: origin.deployment,
          ts: chTimeNs(ts),
          trace_id: rec.traceId,
          span_id: rec.spanId,
          severity_number: Math.max(0, Math.min(255, rec.severityNumber | 0)),
          severity_text: rec.severityText.slice(0, 64),
          event_name: eventName.slice(0, 256),
          body: anyToString(rec.body).slice(0, LIMITS.shadowTextChars),
          attributes: toStringMap(rec.attributes),
          resource_attributes: origin.attributes,
        });
        out.accepted++;
      }),
    );
  });
  return out;
}

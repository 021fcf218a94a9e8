// OTLP/HTTP JSON request body → Decoded, following the OTLP/JSON mapping (hex ids,
// 64-bit integers as strings, enums as integers). Only an unusable document throws;
// problems inside a record mark that record invalid.
import { DecodeError, type Decoded, type LogRecord, type Signal, type Span } from "./types";
import { Issues } from "./record-issues";
import { Fields, eachObject, field, isObject, type JsonObject } from "./json-fields";
import { jsonAttributes, jsonBody } from "./json-anyvalue";
import { SEVERITY_NUMBER, SPAN_KIND, STATUS_CODE } from "./json-enums";
import { groups, type RecordKind } from "./json-groups";
import { jsonMetric, invalidMetric } from "./json-metrics";

const TOP: Record<Signal, string> = { traces: "resourceSpans", metrics: "resourceMetrics", logs: "resourceLogs" };

export function decodeJson(signal: Signal, text: string): Decoded {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new DecodeError(`invalid JSON: ${(e as Error).message}`);
  }
  if (!isObject(doc)) throw new DecodeError(`OTLP/JSON body must be an object, got ${doc === null ? "null" : Array.isArray(doc) ? "an array" : typeof doc}`);
  const key = TOP[signal];
  const list = field(doc, key) ?? [];
  if (!Array.isArray(list)) throw new DecodeError(`OTLP/JSON ${key} must be an array, got ${typeof list}`);

  switch (signal) {
    case "traces":
      return {
        signal,
        resourceSpans: groups(list, key, SPANS).map((g) => ({
          resource: g.resource,
          scopeSpans: g.scopes.map((s) => ({ scope: s.scope, spans: s.records })),
        })),
      };
    case "logs":
      return {
        signal,
        resourceLogs: groups(list, key, LOGS).map((g) => ({
          resource: g.resource,
          scopeLogs: g.scopes.map((s) => ({ scope: s.scope, logRecords: s.records })),
        })),
      };
    case "metrics":
      return {
        signal,
        resourceMetrics: groups(list, key, { scopesKey: "scopeMetrics", recordsKey: "metrics", convert: jsonMetric, invalid: invalidMetric }).map((g) => ({
          resource: g.resource,
          scopeMetrics: g.scopes.map((s) => ({ scope: s.scope, metrics: s.records })),
        })),
      };
  }
}

const SPANS: RecordKind<Span> = {
  scopesKey: "scopeSpans",
  recordsKey: "spans",
  convert: span,
  invalid: (reason) => span({}, "", reason),
};

function span(obj: JsonObject, path: string, inherited: string | undefined): Span {
  const issues = new Issues(inherited);
  const f = new Fields(obj, path, issues);
  const status = f.object("status");
  const sf = status && f.child(status, "status");
  const out: Span = {
    traceId: f.hexId("traceId", 16, true),
    spanId: f.hexId("spanId", 8, true),
    parentSpanId: f.hexId("parentSpanId", 8, false),
    name: f.str("name"),
    kind: f.enum("kind", SPAN_KIND),
    startTimeUnixNano: f.uint64("startTimeUnixNano"),
    endTimeUnixNano: f.uint64("endTimeUnixNano"),
    attributes: jsonAttributes(f.get("attributes"), `${path}.attributes`, issues),
    events: eachObject(
      f.get("events"),
      `${path}.events`,
      (e, epath) => {
        const ef = new Fields(e, epath, issues);
        return { timeUnixNano: ef.uint64("timeUnixNano"), name: ef.str("name"), attributes: jsonAttributes(ef.get("attributes"), `${epath}.attributes`, issues) };
      },
      (reason) => {
        issues.note(reason);
        return null;
      },
    ).filter((e) => e !== null),
    status: { code: sf ? sf.enum("code", STATUS_CODE) : 0, message: sf ? sf.str("message") : "" },
  };
  if (issues.first !== undefined) out.invalid = issues.first;
  return out;
}

const LOGS: RecordKind<LogRecord> = {
  scopesKey: "scopeLogs",
  recordsKey: "logRecords",
  convert: logRecord,
  invalid: (reason) => logRecord({}, "", reason),
};

function logRecord(obj: JsonObject, path: string, inherited: string | undefined): LogRecord {
  const issues = new Issues(inherited);
  const f = new Fields(obj, path, issues);
  const out: LogRecord = {
    timeUnixNano: f.uint64("timeUnixNano"),
    observedTimeUnixNano: f.uint64("observedTimeUnixNano"),
    severityNumber: f.enum("severityNumber", SEVERITY_NUMBER),
    severityText: f.str("severityText"),
    eventName: f.str("eventName"),
    body: jsonBody(f.get("body"), `${path}.body`, issues),
    attributes: jsonAttributes(f.get("attributes"), `${path}.attributes`, issues),
    traceId: f.hexId("traceId", 16, false),
    spanId: f.hexId("spanId", 8, false),
  };
  if (issues.first !== undefined) out.invalid = issues.first;
  return out;
}

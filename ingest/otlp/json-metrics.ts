// OTLP/JSON Metric objects → Metric. A Metric has no `invalid` of its own, so a
// problem with the metric itself is carried by each of its data points.
import type { ExponentialHistogramDataPoint, HistogramDataPoint, Metric, NumberDataPoint, SummaryDataPoint } from "./types";
import { Issues } from "./record-issues";
import { Fields, eachObject, parseDouble, parseInt64, type JsonObject } from "./json-fields";
import { jsonAttributes } from "./json-anyvalue";
import { AGGREGATION_TEMPORALITY } from "./json-enums";
import { bucketShapeProblem } from "./values";

type Point = { invalid?: string };
type Convert<P extends Point> = (f: Fields) => P;

const DATA = ["gauge", "sum", "histogram", "exponentialHistogram", "summary"] as const;
const NO_RECORDED_VALUE = 1; // DataPointFlags: a staleness marker, carries no value

export function jsonMetric(obj: JsonObject, path: string, inherited: string | undefined): Metric {
  const issues = new Issues(inherited);
  const f = new Fields(obj, path, issues);
  const head = { name: f.str("name"), unit: f.str("unit"), description: f.str("description") };
  const present = DATA.filter((k) => f.get(k) !== undefined);
  if (present.length === 0) return { ...head, type: "empty", points: [] };
  if (present.length > 1) issues.add(path, `more than one data field set (${present.join(", ")})`);
  const kind = present[0];
  const data = f.object(kind);
  const df = f.child(data ?? {}, kind);
  // Read the metric-level fields before the points, which inherit any problem found so far.
  const temporality = kind === "gauge" || kind === "summary" ? 0 : df.enum("aggregationTemporality", AGGREGATION_TEMPORALITY);
  const monotonic = kind === "sum" ? df.bool("isMonotonic") : false;
  const points = <P extends Point>(convert: Convert<P>): P[] => {
    // Unusable data (e.g. "gauge": 5) still yields one invalid point, so it is counted as rejected.
    if (!data) return [point({}, "", issues.first, convert)];
    return eachObject(
      df.get("dataPoints"),
      `${path}.${kind}.dataPoints`,
      (p, ppath) => point(p, ppath, issues.first, convert),
      (reason) => point({}, "", reason, convert),
    );
  };
  switch (kind) {
    case "gauge":
      return { ...head, type: "gauge", points: points(numberPoint) };
    case "sum":
      return { ...head, type: "sum", monotonic, temporality, points: points(numberPoint) };
    case "histogram":
      return { ...head, type: "histogram", temporality, points: points(histogramPoint) };
    case "exponentialHistogram":
      return { ...head, type: "exponential_histogram", temporality, points: points(expHistogramPoint) };
    case "summary":
      return { ...head, type: "summary", points: points(summaryPoint) };
  }
}

/** Stand-in for a metric entry that is not an object: one invalid gauge point. */
export function invalidMetric(reason: string): Metric {
  return { name: "", unit: "", description: "", type: "gauge", points: [point({}, "", reason, numberPoint)] };
}

function point<P extends Point>(obj: JsonObject, path: string, inherited: string | undefined, convert: Convert<P>): P {
  const issues = new Issues(inherited);
  const out = convert(new Fields(obj, path, issues));
  if (issues.first !== undefined) out.invalid = issues.first;
  return out;
}

function base(f: Fields) {
  return {
    attributes: jsonAttributes(f.get("attributes"), `${f.path}.attributes`, f.issues),
    startTimeUnixNano: f.uint64("startTimeUnixNano"),
    timeUnixNano: f.uint64("timeUnixNano"),
  };
}

const count = (f: Fields, name: string) => Number(f.uint64(name));
const uint64s = (f: Fields, name: string) =>
  f.list(name, (v) => parseInt64(v, false), "expected an unsigned 64-bit integer", 0n).map(Number);

function numberPoint(f: Fields): NumberDataPoint {
  const out = base(f);
  const hasDouble = f.get("asDouble") !== undefined;
  const hasInt = f.get("asInt") !== undefined;
  let value = NaN;
  if (hasDouble && hasInt) f.issues.add(f.path, "has both asDouble and asInt");
  else if (hasDouble) value = f.double("asDouble");
  else if (hasInt) value = Number(f.int64("asInt"));
  else if (!(f.int32("flags", false) & NO_RECORDED_VALUE)) f.issues.add(f.path, "has no value (asDouble or asInt)");
  return { ...out, value };
}

function histogramPoint(f: Fields): HistogramDataPoint {
  const out = {
    ...base(f),
    count: count(f, "count"),
    sum: f.optionalDouble("sum"),
    bucketCounts: uint64s(f, "bucketCounts"),
    explicitBounds: f.list("explicitBounds", parseDouble, "expected a number", 0),
    min: f.optionalDouble("min"),
    max: f.optionalDouble("max"),
  };
  const shape = bucketShapeProblem(out.bucketCounts.length, out.explicitBounds.length);
  if (shape) f.issues.add(f.path, shape);
  return out;
}

function buckets(f: Fields, name: string) {
  const b = f.object(name);
  if (!b) return { offset: 0, bucketCounts: [] };
  const bf = f.child(b, name);
  return { offset: bf.int32("offset"), bucketCounts: uint64s(bf, "bucketCounts") };
}

function expHistogramPoint(f: Fields): ExponentialHistogramDataPoint {
  return {
    ...base(f),
    count: count(f, "count"),
    sum: f.optionalDouble("sum"),
    scale: f.int32("scale"),
    zeroCount: count(f, "zeroCount"),
    positive: buckets(f, "positive"),
    negative: buckets(f, "negative"),
    min: f.optionalDouble("min"),
    max: f.optionalDouble("max"),
  };
}

function summaryPoint(f: Fields): SummaryDataPoint {
  const quantileValues = eachObject(
    f.get("quantileValues"),
    `${f.path}.quantileValues`,
    (q, qpath) => {
      const qf = new Fields(q, qpath, f.issues);
      return { quantile: qf.double("quantile"), value: qf.double("value") };
    },
    (reason) => {
      f.issues.note(reason);
      return { quantile: 0, value: 0 };
    },
  );
  return { ...base(f), count: count(f, "count"), sum: f.double("sum"), quantileValues };
}

-- Per-minute aggregates maintained by materialized views as rows arrive, so pages and
-- verdicts never scan raw rows for time series or per-slice summaries.
-- A "cell" is (dimension, value): ('', '') is the whole deployment, ('language', 'de') one
-- slice, ('context_bucket×language', 'long×de') a pair of dimensions (names sorted).
-- Pairs are formed among the first 6 dimensions (alphabetical) of a record.

CREATE TABLE IF NOT EXISTS request_minute{{LOCAL}} {{ON_CLUSTER}}
(
    deployment LowCardinality(String),
    dimension LowCardinality(String),
    value String,
    arm LowCardinality(String),
    minute DateTime('UTC') CODEC(Delta, ZSTD(1)),
    requests SimpleAggregateFunction(sum, UInt64),
    errors SimpleAggregateFunction(sum, UInt64),
    fallbacks SimpleAggregateFunction(sum, UInt64),
    latency_sum SimpleAggregateFunction(sum, Float64),
    latency_q AggregateFunction(quantilesTDigestWeighted(0.5, 0.95, 0.99), Float64, UInt64),
    -- log2 bins, 32 per octave: bin b covers [2^(b/32)-1, 2^((b+1)/32)-1) ms
    latency_hist SimpleAggregateFunction(sumMap, Map(UInt16, UInt64)),
    input_tokens SimpleAggregateFunction(sum, UInt64),
    output_tokens SimpleAggregateFunction(sum, UInt64)
)
ENGINE = {{ENGINE:AggregatingMergeTree}}
PARTITION BY toYYYYMM(minute)
ORDER BY (deployment, dimension, value, arm, minute);

{{DISTRIBUTED:request_minute}};

CREATE MATERIALIZED VIEW IF NOT EXISTS request_minute_from_events{{LOCAL}} {{ON_CLUSTER}}
TO request_minute{{LOCAL}} AS
-- Two levels: first per latency bin (cheap counts), then one map per cell, so no per-row Map.
SELECT
    deployment, dimension, value, arm, minute,
    toUInt64(sum(n)) AS requests,
    toUInt64(sum(err)) AS errors,
    toUInt64(sum(fb)) AS fallbacks,
    sum(lat_sum) AS latency_sum,
    quantilesTDigestWeightedMergeState(0.5, 0.95, 0.99)(q) AS latency_q,
    CAST((groupArray(bin), groupArray(n)), 'Map(UInt16, UInt64)') AS latency_hist,
    toUInt64(sum(tin)) AS input_tokens,
    toUInt64(sum(tout)) AS output_tokens
FROM (
    SELECT
        deployment,
        cell.1 AS dimension,
        cell.2 AS value,
        arm,
        toStartOfMinute(ts) AS minute,
        toUInt16(least(65535, floor(log2(1 + latency_ms) * 32))) AS bin,
        toUInt64(count()) AS n,
        toUInt64(sum(is_error)) AS err,
        toUInt64(sum(is_fallback)) AS fb,
        sum(latency_ms) AS lat_sum,
        quantilesTDigestWeightedState(0.5, 0.95, 0.99)(latency_ms, toUInt64(1)) AS q,
        sum(input_tokens) AS tin,
        sum(output_tokens) AS tout
    FROM inference_events{{LOCAL}}
    ARRAY JOIN {{SLICE_CELLS}} AS cell
    GROUP BY deployment, dimension, value, arm, minute, bin
)
GROUP BY deployment, dimension, value, arm, minute;

CREATE MATERIALIZED VIEW IF NOT EXISTS request_minute_from_metrics{{LOCAL}} {{ON_CLUSTER}}
TO request_minute{{LOCAL}} AS
SELECT
    deployment,
    cell.1 AS dimension,
    cell.2 AS value,
    arm,
    toStartOfMinute(ts) AS minute,
    toUInt64(sum(requests)) AS requests,
    toUInt64(sum(errors)) AS errors,
    toUInt64(sum(fallbacks)) AS fallbacks,
    sum(latency_sum_ms) AS latency_sum,
    quantilesTDigestWeightedArrayState(0.5, 0.95, 0.99)(latency_mids_ms, latency_counts) AS latency_q,
    sumMap(mapFromArrays(arrayMap(m -> toUInt16(least(65535, floor(log2(1 + m) * 32))), latency_mids_ms), latency_counts)) AS latency_hist,
    toUInt64(0) AS input_tokens,
    toUInt64(0) AS output_tokens
FROM request_metric_points{{LOCAL}}
ARRAY JOIN {{SLICE_CELLS}} AS cell
GROUP BY deployment, dimension, value, arm, minute;

CREATE TABLE IF NOT EXISTS shadow_minute{{LOCAL}} {{ON_CLUSTER}}
(
    deployment LowCardinality(String),
    dimension LowCardinality(String),
    value String,
    minute DateTime('UTC') CODEC(Delta, ZSTD(1)),
    pairs SimpleAggregateFunction(sum, UInt64),
    exact_matches SimpleAggregateFunction(sum, UInt64),
    agreement_sum SimpleAggregateFunction(sum, Float64),
    agreement_sumsq SimpleAggregateFunction(sum, Float64),
    kl_n SimpleAggregateFunction(sum, UInt64),
    kl_sum SimpleAggregateFunction(sum, Float64),
    kl_sumsq SimpleAggregateFunction(sum, Float64),
    score_n SimpleAggregateFunction(sum, UInt64),
    score_baseline_sum SimpleAggregateFunction(sum, Float64),
    score_canary_sum SimpleAggregateFunction(sum, Float64),
    -- paired difference canary - baseline
    score_delta_sumsq SimpleAggregateFunction(sum, Float64)
)
ENGINE = {{ENGINE:AggregatingMergeTree}}
PARTITION BY toYYYYMM(minute)
ORDER BY (deployment, dimension, value, minute);

{{DISTRIBUTED:shadow_minute}};

CREATE MATERIALIZED VIEW IF NOT EXISTS shadow_minute_from_comparisons{{LOCAL}} {{ON_CLUSTER}}
TO shadow_minute{{LOCAL}} AS
SELECT
    deployment,
    cell.1 AS dimension,
    cell.2 AS value,
    toStartOfMinute(ts) AS minute,
    toUInt64(count()) AS pairs,
    toUInt64(sum(exact_match)) AS exact_matches,
    sum(token_agreement) AS agreement_sum,
    sum(token_agreement * token_agreement) AS agreement_sumsq,
    toUInt64(countIf(isNotNull(kl_divergence))) AS kl_n,
    sum(ifNull(kl_divergence, 0)) AS kl_sum,
    sum(ifNull(kl_divergence, 0) * ifNull(kl_divergence, 0)) AS kl_sumsq,
    toUInt64(countIf(isNotNull(score_baseline) AND isNotNull(score_canary))) AS score_n,
    sumIf(assumeNotNull(score_baseline), isNotNull(score_baseline) AND isNotNull(score_canary)) AS score_baseline_sum,
    sumIf(assumeNotNull(score_canary), isNotNull(score_baseline) AND isNotNull(score_canary)) AS score_canary_sum,
    sumIf(pow(assumeNotNull(score_canary) - assumeNotNull(score_baseline), 2), isNotNull(score_baseline) AND isNotNull(score_canary)) AS score_delta_sumsq
FROM shadow_comparisons{{LOCAL}}
ARRAY JOIN {{SLICE_CELLS}} AS cell
GROUP BY deployment, dimension, value, minute;

-- Input drift: per feature, log2 bins (32 per octave, signed) so reference-window bins can be
-- rebuilt at query time. Single dimensions and the whole deployment only (no pairs).
CREATE TABLE IF NOT EXISTS drift_minute{{LOCAL}} {{ON_CLUSTER}}
(
    deployment LowCardinality(String),
    dimension LowCardinality(String),
    value String,
    arm LowCardinality(String),
    feature LowCardinality(String),
    minute DateTime('UTC') CODEC(Delta, ZSTD(1)),
    n SimpleAggregateFunction(sum, UInt64),
    total SimpleAggregateFunction(sum, Float64),
    bins SimpleAggregateFunction(sumMap, Map(Int16, UInt64))
)
ENGINE = {{ENGINE:AggregatingMergeTree}}
PARTITION BY toYYYYMM(minute)
ORDER BY (deployment, dimension, value, feature, arm, minute);

{{DISTRIBUTED:drift_minute}};

CREATE MATERIALIZED VIEW IF NOT EXISTS drift_minute_from_events{{LOCAL}} {{ON_CLUSTER}}
TO drift_minute{{LOCAL}} AS
SELECT
    deployment, dimension, value, arm, feature, minute,
    toUInt64(sum(c)) AS n,
    sum(t) AS total,
    CAST((groupArray(bin), groupArray(c)), 'Map(Int16, UInt64)') AS bins
FROM (
    SELECT
        deployment,
        cell.1 AS dimension,
        cell.2 AS value,
        arm,
        feat.1 AS feature,
        toStartOfMinute(ts) AS minute,
        toInt16(sign(feat.2) * least(32767, floor(log2(1 + abs(feat.2)) * 32))) AS bin,
        toUInt64(count()) AS c,
        sum(feat.2) AS t
    FROM inference_events{{LOCAL}}
    ARRAY JOIN arrayConcat([('', '')], arrayMap(k -> (k, slices[k]), mapKeys(slices))) AS cell
    ARRAY JOIN arrayFilter(f -> isFinite(f.2), arrayZip(mapKeys(features), mapValues(features))) AS feat
    GROUP BY deployment, dimension, value, arm, feature, minute, bin
)
GROUP BY deployment, dimension, value, arm, feature, minute;

CREATE TABLE IF NOT EXISTS memory_minute{{LOCAL}} {{ON_CLUSTER}}
(
    deployment LowCardinality(String),
    arm LowCardinality(String),
    metric LowCardinality(String),
    kind LowCardinality(String),
    minute DateTime('UTC') CODEC(Delta, ZSTD(1)),
    n SimpleAggregateFunction(sum, UInt64),
    total SimpleAggregateFunction(sum, Float64),
    peak SimpleAggregateFunction(max, Float64)
)
ENGINE = {{ENGINE:AggregatingMergeTree}}
PARTITION BY toYYYYMM(minute)
ORDER BY (deployment, arm, metric, kind, minute);

{{DISTRIBUTED:memory_minute}};

CREATE MATERIALIZED VIEW IF NOT EXISTS memory_minute_from_samples{{LOCAL}} {{ON_CLUSTER}}
TO memory_minute{{LOCAL}} AS
SELECT
    deployment,
    arm,
    metric,
    kind,
    toStartOfMinute(ts) AS minute,
    toUInt64(count()) AS n,
    sum(value) AS total,
    max(value) AS peak
FROM resource_samples{{LOCAL}}
GROUP BY deployment, arm, metric, kind, minute;

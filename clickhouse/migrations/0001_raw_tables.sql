-- Raw telemetry: append-only, daily partitions, ORDER BY starting with the deployment.
-- {{RAW_TTL_DAYS}} comes from QUANTLENS_RAW_TTL_DAYS at migrate time (see clickhouse/migrate.ts).

CREATE TABLE IF NOT EXISTS inference_events{{LOCAL}} {{ON_CLUSTER}}
(
    deployment LowCardinality(String),
    arm LowCardinality(String),
    ts DateTime64(9, 'UTC') CODEC(Delta, ZSTD(1)),
    request_id String CODEC(ZSTD(1)),
    trace_id String CODEC(ZSTD(1)),
    span_id String CODEC(ZSTD(1)),
    service LowCardinality(String),
    span_name LowCardinality(String),
    model LowCardinality(String),
    latency_ms Float64 CODEC(Gorilla, ZSTD(1)),
    ttft_ms Nullable(Float64),
    is_error UInt8,
    is_fallback UInt8,
    fallback_reason LowCardinality(String),
    input_tokens UInt32,
    output_tokens UInt32,
    status_message String CODEC(ZSTD(1)),
    slices Map(LowCardinality(String), String),
    features Map(LowCardinality(String), Float64),
    attributes Map(LowCardinality(String), String) CODEC(ZSTD(3)),
    resource_attributes Map(LowCardinality(String), String) CODEC(ZSTD(3)),
    -- Retention runs on arrival time: a sender's clock must not expire acknowledged rows.
    inserted_at DateTime('UTC') DEFAULT now() CODEC(Delta, ZSTD(1))
)
ENGINE = {{ENGINE:MergeTree}}
PARTITION BY toDate(ts)
ORDER BY (deployment, arm, ts)
TTL inserted_at + INTERVAL {{RAW_TTL_DAYS}} DAY
SETTINGS ttl_only_drop_parts = 1;

{{DISTRIBUTED:inference_events}};

CREATE TABLE IF NOT EXISTS shadow_comparisons{{LOCAL}} {{ON_CLUSTER}}
(
    deployment LowCardinality(String),
    ts DateTime64(9, 'UTC') CODEC(Delta, ZSTD(1)),
    request_id String CODEC(ZSTD(1)),
    slices Map(LowCardinality(String), String),
    exact_match UInt8,
    token_agreement Float64,
    kl_divergence Nullable(Float64),
    score_baseline Nullable(Float64),
    score_canary Nullable(Float64),
    input String CODEC(ZSTD(3)),
    output_baseline String CODEC(ZSTD(3)),
    output_canary String CODEC(ZSTD(3)),
    attributes Map(LowCardinality(String), String) CODEC(ZSTD(3)),
    -- Retention runs on arrival time: a sender's clock must not expire acknowledged rows.
    inserted_at DateTime('UTC') DEFAULT now() CODEC(Delta, ZSTD(1))
)
ENGINE = {{ENGINE:MergeTree}}
PARTITION BY toDate(ts)
ORDER BY (deployment, ts)
TTL inserted_at + INTERVAL {{RAW_TTL_DAYS}} DAY
SETTINGS ttl_only_drop_parts = 1;

{{DISTRIBUTED:shadow_comparisons}};

-- Memory by kind (bytes) and energy (joules), one row per metric point.
CREATE TABLE IF NOT EXISTS resource_samples{{LOCAL}} {{ON_CLUSTER}}
(
    deployment LowCardinality(String),
    arm LowCardinality(String),
    ts DateTime64(9, 'UTC') CODEC(Delta, ZSTD(1)),
    metric LowCardinality(String),
    kind LowCardinality(String),
    value Float64 CODEC(Gorilla, ZSTD(1)),
    attributes Map(LowCardinality(String), String) CODEC(ZSTD(3)),
    -- Retention runs on arrival time: a sender's clock must not expire acknowledged rows.
    inserted_at DateTime('UTC') DEFAULT now() CODEC(Delta, ZSTD(1))
)
ENGINE = {{ENGINE:MergeTree}}
PARTITION BY toDate(ts)
ORDER BY (deployment, arm, metric, kind, ts)
TTL inserted_at + INTERVAL {{RAW_TTL_DAYS}} DAY
SETTINGS ttl_only_drop_parts = 1;

{{DISTRIBUTED:resource_samples}};

-- Request metrics from senders that export only metrics: one row per data point (delta values).
CREATE TABLE IF NOT EXISTS request_metric_points{{LOCAL}} {{ON_CLUSTER}}
(
    deployment LowCardinality(String),
    arm LowCardinality(String),
    ts DateTime64(9, 'UTC') CODEC(Delta, ZSTD(1)),
    slices Map(LowCardinality(String), String),
    requests UInt64,
    errors UInt64,
    fallbacks UInt64,
    latency_sum_ms Float64,
    latency_mids_ms Array(Float64),
    latency_counts Array(UInt64),
    -- Retention runs on arrival time: a sender's clock must not expire acknowledged rows.
    inserted_at DateTime('UTC') DEFAULT now() CODEC(Delta, ZSTD(1))
)
ENGINE = {{ENGINE:MergeTree}}
PARTITION BY toDate(ts)
ORDER BY (deployment, arm, ts)
TTL inserted_at + INTERVAL {{RAW_TTL_DAYS}} DAY
SETTINGS ttl_only_drop_parts = 1;

{{DISTRIBUTED:request_metric_points}};

-- The quantization manifest of each arm: a row whenever its fingerprint is first seen.
CREATE TABLE IF NOT EXISTS manifests{{LOCAL}} {{ON_CLUSTER}}
(
    deployment LowCardinality(String),
    arm LowCardinality(String),
    fingerprint String,
    first_seen DateTime64(3, 'UTC'),
    service LowCardinality(String),
    model_version String,
    quant_format LowCardinality(String),
    quant_method LowCardinality(String),
    group_size String,
    calibration_dataset String,
    runtime String,
    hardware String
)
ENGINE = {{ENGINE:MergeTree}}
ORDER BY (deployment, arm, first_seen);

{{DISTRIBUTED:manifests}};

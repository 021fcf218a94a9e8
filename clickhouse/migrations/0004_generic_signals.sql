-- Telemetry that is valid OTLP but not part of the Quantlens conventions is kept, not dropped.

CREATE TABLE IF NOT EXISTS otel_logs{{LOCAL}} {{ON_CLUSTER}}
(
    deployment LowCardinality(String),
    ts DateTime64(9, 'UTC') CODEC(Delta, ZSTD(1)),
    trace_id String CODEC(ZSTD(1)),
    span_id String CODEC(ZSTD(1)),
    severity_number UInt8,
    severity_text LowCardinality(String),
    event_name LowCardinality(String),
    body String CODEC(ZSTD(3)),
    attributes Map(LowCardinality(String), String) CODEC(ZSTD(3)),
    resource_attributes Map(LowCardinality(String), String) CODEC(ZSTD(3)),
    -- Retention runs on arrival time: a sender's clock must not expire acknowledged rows.
    inserted_at DateTime('UTC') DEFAULT now() CODEC(Delta, ZSTD(1))
)
ENGINE = {{ENGINE:MergeTree}}
PARTITION BY toDate(ts)
ORDER BY (deployment, ts)
TTL inserted_at + INTERVAL {{RAW_TTL_DAYS}} DAY
SETTINGS ttl_only_drop_parts = 1;

{{DISTRIBUTED:otel_logs}};

CREATE TABLE IF NOT EXISTS otel_metrics{{LOCAL}} {{ON_CLUSTER}}
(
    deployment LowCardinality(String),
    ts DateTime64(9, 'UTC') CODEC(Delta, ZSTD(1)),
    name LowCardinality(String),
    type LowCardinality(String),
    unit LowCardinality(String),
    value Float64,
    count UInt64,
    bounds Array(Float64),
    bucket_counts Array(UInt64),
    attributes Map(LowCardinality(String), String) CODEC(ZSTD(3)),
    resource_attributes Map(LowCardinality(String), String) CODEC(ZSTD(3)),
    -- Retention runs on arrival time: a sender's clock must not expire acknowledged rows.
    inserted_at DateTime('UTC') DEFAULT now() CODEC(Delta, ZSTD(1))
)
ENGINE = {{ENGINE:MergeTree}}
PARTITION BY toDate(ts)
ORDER BY (deployment, name, ts)
TTL inserted_at + INTERVAL {{RAW_TTL_DAYS}} DAY
SETTINGS ttl_only_drop_parts = 1;

{{DISTRIBUTED:otel_metrics}};

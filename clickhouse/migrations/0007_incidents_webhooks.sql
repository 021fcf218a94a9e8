-- Continuous evaluation, incidents and webhook delivery. Small tables: rows change by appending
-- a newer version (ReplacingMergeTree) and reads take the latest version per id.

CREATE TABLE IF NOT EXISTS verdict_history{{LOCAL}} {{ON_CLUSTER}}
(
    deployment LowCardinality(String),
    evaluated_at DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1)),
    status LowCardinality(String),
    score Nullable(Float64),
    policy_version UInt32,
    reason String CODEC(ZSTD(3)),
    worst_dimension String,
    worst_value String,
    failing String CODEC(ZSTD(3))
)
ENGINE = {{ENGINE:MergeTree}}
PARTITION BY toYYYYMM(evaluated_at)
ORDER BY (deployment, evaluated_at)
TTL toDateTime(evaluated_at) + INTERVAL 90 DAY;

{{DISTRIBUTED:verdict_history}};

CREATE TABLE IF NOT EXISTS incidents{{LOCAL}} {{ON_CLUSTER}}
(
    id String,
    deployment LowCardinality(String),
    episode UInt32,
    status LowCardinality(String),
    opened_at DateTime64(3, 'UTC'),
    resolved_at Nullable(DateTime64(3, 'UTC')),
    acknowledged_by String,
    acknowledged_at Nullable(DateTime64(3, 'UTC')),
    policy_version UInt32,
    reason String CODEC(ZSTD(3)),
    evidence String CODEC(ZSTD(3)),
    version UInt64
)
ENGINE = {{ENGINE:ReplacingMergeTree}}(version)
ORDER BY id;

{{DISTRIBUTED:incidents:cityHash64(id)}};

CREATE TABLE IF NOT EXISTS evaluator_state{{LOCAL}} {{ON_CLUSTER}}
(
    deployment String,
    state String,
    updated_at DateTime64(3, 'UTC'),
    version UInt64
)
ENGINE = {{ENGINE:ReplacingMergeTree}}(version)
ORDER BY deployment;

{{DISTRIBUTED:evaluator_state:cityHash64(deployment)}};

CREATE TABLE IF NOT EXISTS leases{{LOCAL}} {{ON_CLUSTER}}
(
    name String,
    holder String,
    expires_at DateTime64(3, 'UTC'),
    version UInt64
)
ENGINE = {{ENGINE:ReplacingMergeTree}}(version)
ORDER BY name;

{{DISTRIBUTED:leases:cityHash64(name)}};

-- Secrets are encrypted (AES-256-GCM) with a key derived from QUANTLENS_SECRET_KEY or
-- NEXTAUTH_SECRET: they must be usable to sign, so they cannot be hashed.
CREATE TABLE IF NOT EXISTS webhook_endpoints{{LOCAL}} {{ON_CLUSTER}}
(
    id String,
    deployment String,
    url String,
    secret_enc String,
    previous_secret_enc String,
    events Array(LowCardinality(String)),
    headers Map(String, String),
    allow_private UInt8,
    rate_per_minute UInt32,
    created_by String,
    created_at DateTime64(3, 'UTC'),
    disabled UInt8,
    version UInt64
)
ENGINE = {{ENGINE:ReplacingMergeTree}}(version)
ORDER BY id;

{{DISTRIBUTED:webhook_endpoints:cityHash64(id)}};

-- The durable outbox: a delivery is written here before its first attempt.
CREATE TABLE IF NOT EXISTS webhook_deliveries{{LOCAL}} {{ON_CLUSTER}}
(
    id String,
    endpoint_id String,
    event LowCardinality(String),
    incident_id String,
    deployment String,
    idempotency_key String,
    payload String CODEC(ZSTD(3)),
    state LowCardinality(String),
    attempts UInt32,
    created_at DateTime64(3, 'UTC'),
    first_attempt_at Nullable(DateTime64(3, 'UTC')),
    next_attempt_at DateTime64(3, 'UTC'),
    last_status UInt16,
    last_error String,
    last_latency_ms Float64,
    version UInt64
)
ENGINE = {{ENGINE:ReplacingMergeTree}}(version)
ORDER BY id;

{{DISTRIBUTED:webhook_deliveries:cityHash64(id)}};

CREATE TABLE IF NOT EXISTS webhook_attempts{{LOCAL}} {{ON_CLUSTER}}
(
    delivery_id String,
    attempt UInt32,
    ts DateTime64(3, 'UTC'),
    status UInt16,
    latency_ms Float64,
    error String
)
ENGINE = {{ENGINE:MergeTree}}
PARTITION BY toYYYYMM(ts)
ORDER BY (delivery_id, attempt);

{{DISTRIBUTED:webhook_attempts:cityHash64(delivery_id)}};

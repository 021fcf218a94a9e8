-- The judgment (docs/policy.md): the request pairs in the order the evaluator reads them, and
-- every verdict it persists. The sliding-window verdict history of 0007 is replaced.

-- One row per request pair. A writer (one ingest process) numbers its batches 1, 2, 3, … and
-- inserts them one at a time, so a reader that has seen batch k of a writer has seen all before it.
CREATE TABLE IF NOT EXISTS judge_feed{{LOCAL}} {{ON_CLUSTER}}
(
    writer LowCardinality(String),
    seq UInt64,
    deployment LowCardinality(String),
    kind LowCardinality(String),
    request_id String CODEC(ZSTD(1)),
    ts DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1)),
    slices Map(LowCardinality(String), String),
    exact_match UInt8,
    token_agreement Float64,
    kl_divergence Nullable(Float64),
    score_baseline Nullable(Float64),
    score_canary Nullable(Float64),
    canary_manifest LowCardinality(String),
    fallback_baseline UInt8,
    fallback_canary UInt8,
    error_baseline UInt8,
    error_canary UInt8,
    latency_baseline_ms Float64,
    latency_canary_ms Float64,
    created_at DateTime('UTC') DEFAULT now() CODEC(Delta, ZSTD(1))
)
ENGINE = {{ENGINE:MergeTree}}
PARTITION BY toDate(created_at)
ORDER BY (created_at, writer, seq)
TTL created_at + INTERVAL 3 DAY
SETTINGS ttl_only_drop_parts = 1;

{{DISTRIBUTED:judge_feed}};

-- Every verdict the evaluator persists: on every change of status, failures or worst cell, and
-- at least every 30 s while pairs arrive. Pages, gates and webhooks read the latest row.
CREATE TABLE IF NOT EXISTS verdicts{{LOCAL}} {{ON_CLUSTER}}
(
    deployment LowCardinality(String),
    evaluated_at DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1)),
    epoch UInt32,
    policy_version UInt32,
    status LowCardinality(String),
    since DateTime64(3, 'UTC'),
    reason_code LowCardinality(String),
    reason String CODEC(ZSTD(3)),
    worst_dimension String,
    worst_value String,
    worst_metric LowCardinality(String),
    failing UInt32,
    body String CODEC(ZSTD(6))
)
ENGINE = {{ENGINE:MergeTree}}
PARTITION BY toYYYYMM(evaluated_at)
ORDER BY (deployment, evaluated_at)
TTL toDateTime(evaluated_at) + INTERVAL 90 DAY;

{{DISTRIBUTED:verdicts}};

DROP TABLE IF EXISTS verdict_history {{ON_CLUSTER}};
DROP TABLE IF EXISTS verdict_history{{LOCAL}} {{ON_CLUSTER}};

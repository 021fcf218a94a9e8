-- The calibration reference of input drift (docs/semconv.md, "Calibration reference"): a sender's
-- quantlens.calibration.input histogram points, binned at ingest onto the signed log2 bins of
-- drift_minute (lib/stats/log-bins.ts). A point is the whole distribution of one feature in one
-- cell, not an increment: periodic resends replace it (the newest point per key wins at read time,
-- and merges keep only that one), so it is not a per-minute aggregate and not in drift_minute,
-- whose sums would count every resend again. Retention runs on arrival time like the raw tables:
-- a sender that stops resending loses its reference after the retention period.
CREATE TABLE IF NOT EXISTS calibration_reference{{LOCAL}} {{ON_CLUSTER}}
(
    deployment LowCardinality(String),
    dataset String,
    dimension LowCardinality(String),
    value String,
    feature LowCardinality(String),
    ts DateTime64(9, 'UTC'),
    n UInt64,
    total Float64,
    bins Map(Int16, UInt64),
    inserted_at DateTime('UTC') DEFAULT now()
)
ENGINE = {{ENGINE:ReplacingMergeTree}}(ts)
ORDER BY (deployment, dataset, dimension, value, feature)
TTL inserted_at + INTERVAL {{RAW_TTL_DAYS}} DAY
SETTINGS non_replicated_deduplication_window = 10000;

{{DISTRIBUTED:calibration_reference:cityHash64(deployment)}};

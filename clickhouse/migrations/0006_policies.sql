-- Guardrail policies, append-only: every edit is a new version with who and why.
-- deployment '' holds the default for deployments without their own policy.
CREATE TABLE IF NOT EXISTS policies{{LOCAL}} {{ON_CLUSTER}}
(
    deployment LowCardinality(String),
    version UInt32,
    document String CODEC(ZSTD(3)),
    author String,
    reason String,
    created_at DateTime64(3, 'UTC')
)
ENGINE = {{ENGINE:MergeTree}}
ORDER BY (deployment, version);

{{DISTRIBUTED:policies:cityHash64(deployment)}};

-- API keys: only a SHA-256 of the secret is stored. Revocation appends a newer version.
CREATE TABLE IF NOT EXISTS api_keys{{LOCAL}} {{ON_CLUSTER}}
(
    id String,
    name String,
    prefix String,
    hash String,
    scopes Array(LowCardinality(String)),
    created_at DateTime64(3, 'UTC'),
    revoked_at Nullable(DateTime64(3, 'UTC')),
    version UInt64
)
ENGINE = {{ENGINE:ReplacingMergeTree}}(version)
ORDER BY id;

{{DISTRIBUTED:api_keys:cityHash64(id)}};

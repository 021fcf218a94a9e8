-- Dashboard users. Passwords are stored as scrypt hashes only. Changes append a newer version.
CREATE TABLE IF NOT EXISTS users{{LOCAL}} {{ON_CLUSTER}}
(
    username String,
    password_hash String,
    role LowCardinality(String),
    created_at DateTime64(3, 'UTC'),
    disabled UInt8,
    version UInt64
)
ENGINE = {{ENGINE:ReplacingMergeTree}}(version)
ORDER BY username;

{{DISTRIBUTED:users:cityHash64(username)}};

-- Who did what: policy edits, key and user changes, rollbacks, acknowledgements.
CREATE TABLE IF NOT EXISTS audit_log{{LOCAL}} {{ON_CLUSTER}}
(
    ts DateTime64(3, 'UTC'),
    actor String,
    action LowCardinality(String),
    target String,
    details String
)
ENGINE = {{ENGINE:MergeTree}}
PARTITION BY toYYYYMM(ts)
ORDER BY ts;

{{DISTRIBUTED:audit_log}};

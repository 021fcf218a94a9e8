-- Revocable sessions. A user's session_version goes into every session (JWT) signed for them;
-- a password change, disable or delete bumps it, so older sessions stop working within seconds.
-- `deleted` marks a removed user (a newer version of the row, like every change here).
ALTER TABLE users{{LOCAL}} {{ON_CLUSTER}}
    ADD COLUMN IF NOT EXISTS session_version UInt64 DEFAULT 0,
    ADD COLUMN IF NOT EXISTS deleted UInt8 DEFAULT 0;

-- On a cluster the Distributed table needs the columns too (on one node this repeats the
-- statement above and does nothing).
ALTER TABLE users {{ON_CLUSTER}}
    ADD COLUMN IF NOT EXISTS session_version UInt64 DEFAULT 0,
    ADD COLUMN IF NOT EXISTS deleted UInt8 DEFAULT 0;

-- Sessions ended by signing out, by their id, until the session would have expired anyway.
CREATE TABLE IF NOT EXISTS revoked_sessions{{LOCAL}} {{ON_CLUSTER}}
(
    sid String,
    username String,
    revoked_at DateTime64(3, 'UTC'),
    expires_at DateTime('UTC')
)
ENGINE = {{ENGINE:ReplacingMergeTree}}
ORDER BY sid
TTL expires_at + INTERVAL 1 DAY;

{{DISTRIBUTED:revoked_sessions:cityHash64(sid)}};

-- When a manifest version began by the data's own clock: the earliest record time (span start,
-- metric point time) of the arm's first request that carried the fingerprint. `first_seen` stays
-- the time the server received it. Rows stored before this migration read their first_seen.
-- (Numbered 0012: 0011 is taken by the calibration reference of the same issue.)
ALTER TABLE manifests{{LOCAL}} {{ON_CLUSTER}}
    ADD COLUMN IF NOT EXISTS data_time DateTime64(3, 'UTC') DEFAULT first_seen;

-- On a cluster the Distributed table needs the column too (on one node this repeats the
-- statement above and does nothing).
ALTER TABLE manifests {{ON_CLUSTER}}
    ADD COLUMN IF NOT EXISTS data_time DateTime64(3, 'UTC') DEFAULT first_seen;

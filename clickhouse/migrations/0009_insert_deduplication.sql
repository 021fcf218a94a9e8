-- Insert deduplication for ingest (docs/reliability.md, "Retries count once"). The writer names
-- every INSERT with an insert_deduplication_token derived from the requests it holds, and inserts
-- with deduplicate_blocks_in_dependent_materialized_views = 1: ClickHouse then skips an INSERT whose
-- token it has already stored, in the table and in the per-minute aggregates below it. Plain
-- MergeTree only keeps tokens when it has a window (replicated tables have one by default).
-- The window counts blocks (one per partition an INSERT touches): at one INSERT per table per
-- 25 ms it spans minutes.

ALTER TABLE inference_events{{LOCAL}} {{ON_CLUSTER}} MODIFY SETTING non_replicated_deduplication_window = 10000;
ALTER TABLE shadow_comparisons{{LOCAL}} {{ON_CLUSTER}} MODIFY SETTING non_replicated_deduplication_window = 10000;
ALTER TABLE resource_samples{{LOCAL}} {{ON_CLUSTER}} MODIFY SETTING non_replicated_deduplication_window = 10000;
ALTER TABLE request_metric_points{{LOCAL}} {{ON_CLUSTER}} MODIFY SETTING non_replicated_deduplication_window = 10000;
ALTER TABLE manifests{{LOCAL}} {{ON_CLUSTER}} MODIFY SETTING non_replicated_deduplication_window = 10000;
ALTER TABLE otel_logs{{LOCAL}} {{ON_CLUSTER}} MODIFY SETTING non_replicated_deduplication_window = 10000;
ALTER TABLE otel_metrics{{LOCAL}} {{ON_CLUSTER}} MODIFY SETTING non_replicated_deduplication_window = 10000;

-- The materialized views' target tables: without a window of their own, a retried INSERT whose
-- raw rows were kept but whose view failed would count twice here.
ALTER TABLE request_minute{{LOCAL}} {{ON_CLUSTER}} MODIFY SETTING non_replicated_deduplication_window = 10000;
ALTER TABLE shadow_minute{{LOCAL}} {{ON_CLUSTER}} MODIFY SETTING non_replicated_deduplication_window = 10000;
ALTER TABLE drift_minute{{LOCAL}} {{ON_CLUSTER}} MODIFY SETTING non_replicated_deduplication_window = 10000;
ALTER TABLE memory_minute{{LOCAL}} {{ON_CLUSTER}} MODIFY SETTING non_replicated_deduplication_window = 10000;

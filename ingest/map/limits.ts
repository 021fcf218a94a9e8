// Moved to lib/limits.ts; kept for importers outside ingest/map until they import it from there.
export { DIMENSION_NAME, LIMITS, OTHER_SLICE } from "@/lib/limits";

// Caps the distinct values per (deployment, dimension) so a sender with unbounded slice
// values (user ids, free text) cannot blow up the aggregates. Past the cap, new values
// fold into __other__. Seeded from the database at start so restarts keep the same set.
import { LIMITS, OTHER_SLICE } from "./map/limits";
import type { SliceFolder } from "./map/slices";

export class SliceCap implements SliceFolder {
  private seen = new Map<string, Set<string>>();
  constructor(private readonly cap = LIMITS.sliceValuesPerDimension) {}

  seed(deployment: string, dimension: string, values: string[]): void {
    const set = this.set(deployment, dimension);
    for (const v of values) if (set.size < this.cap) set.add(v);
  }

  fold(deployment: string, dimension: string, value: string): string {
    const set = this.set(deployment, dimension);
    if (set.has(value)) return value;
    if (set.size >= this.cap) return OTHER_SLICE;
    set.add(value);
    return value;
  }

  private set(deployment: string, dimension: string): Set<string> {
    const key = `${deployment}\u0000${dimension}`;
    let s = this.seen.get(key);
    if (!s) this.seen.set(key, (s = new Set()));
    return s;
  }
}

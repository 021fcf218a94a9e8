// Cardinality caps per deployment, so a sender with unbounded slice values (user ids, free text)
// or unbounded dimension names cannot blow up the aggregates and every verdict:
//   - at most 200 distinct values per (deployment, dimension): later values fold into __other__;
//   - at most 32 dimension names per deployment: later names are left out of the record's slices
//     (the record still counts for the whole deployment and its admitted dimensions);
//   - at most 32 drift feature names (quantlens.input.*) per deployment, the same way.
// Dropping rather than folding names into one shared "__other_dimension__": values of unrelated
// dimensions would mix in one cell, two folded names on one record would collide, and a verdict
// on such a cell would mean nothing. Every fold and drop is counted (per deployment, in memory since
// start) for /api/health and the deployment page. Seeded from the database at start so restarts
// keep the same sets.
import { LIMITS, OTHER_SLICE } from "@/lib/limits";
import type { SliceFolder } from "./map/slices";

export interface CardinalityCounts {
  /** Dimension names admitted, and how many of them are full (values fold into __other__). */
  dimensions: number;
  dimensionsAtValueCap: number;
  /** Record values folded into __other__ since start. */
  foldedValues: number;
  /** Record slice attributes left out since start: their dimension name was past the cap. */
  droppedDimensions: number;
  features: number;
  /** Record feature attributes left out since start: their name was past the cap. */
  droppedFeatures: number;
}

export interface CardinalityTotals {
  deployments: number;
  deploymentsAtDimensionCap: number;
  deploymentsFolding: number;
  foldedValues: number;
  droppedDimensions: number;
  droppedFeatures: number;
}

interface Card {
  dims: Map<string, Set<string>>;
  features: Set<string>;
  foldedValues: number;
  droppedDimensions: number;
  droppedFeatures: number;
}

export interface SliceCapOptions {
  valuesPerDimension: number;
  dimensionsPerDeployment: number;
  featuresPerDeployment: number;
}

const DEFAULTS: SliceCapOptions = {
  valuesPerDimension: LIMITS.sliceValuesPerDimension,
  dimensionsPerDeployment: LIMITS.sliceDimensionsPerDeployment,
  featuresPerDeployment: LIMITS.featuresPerDeployment,
};

export class SliceCap implements SliceFolder {
  private cards = new Map<string, Card>();
  private readonly opts: SliceCapOptions;

  constructor(opts: Partial<SliceCapOptions> | number = {}) {
    // A number is the per-dimension value cap (the original signature).
    this.opts = typeof opts === "number" ? { ...DEFAULTS, valuesPerDimension: opts } : { ...DEFAULTS, ...opts };
  }

  seed(deployment: string, dimension: string, values: string[]): void {
    const card = this.card(deployment);
    let set = card.dims.get(dimension);
    if (!set) {
      if (card.dims.size >= this.opts.dimensionsPerDeployment) return;
      card.dims.set(dimension, (set = new Set()));
    }
    for (const v of values) if (set.size < this.opts.valuesPerDimension) set.add(v);
  }

  fold(deployment: string, dimension: string, value: string): string | null {
    const card = this.card(deployment);
    let set = card.dims.get(dimension);
    if (!set) {
      if (card.dims.size >= this.opts.dimensionsPerDeployment) {
        card.droppedDimensions++;
        return null;
      }
      card.dims.set(dimension, (set = new Set()));
    }
    if (set.has(value)) return value;
    if (set.size >= this.opts.valuesPerDimension) {
      card.foldedValues++;
      return OTHER_SLICE;
    }
    set.add(value);
    return value;
  }

  feature(deployment: string, name: string): boolean {
    const card = this.card(deployment);
    if (card.features.has(name)) return true;
    if (card.features.size >= this.opts.featuresPerDeployment) {
      card.droppedFeatures++;
      return false;
    }
    card.features.add(name);
    return true;
  }

  /** One deployment's counts, or null when it has sent no slices. */
  counts(deployment: string): CardinalityCounts | null {
    const card = this.cards.get(deployment);
    if (!card) return null;
    let full = 0;
    for (const set of card.dims.values()) if (set.size >= this.opts.valuesPerDimension) full++;
    return {
      dimensions: card.dims.size,
      dimensionsAtValueCap: full,
      foldedValues: card.foldedValues,
      droppedDimensions: card.droppedDimensions,
      features: card.features.size,
      droppedFeatures: card.droppedFeatures,
    };
  }

  /** Totals over all deployments (counts only; no names). */
  totals(): CardinalityTotals {
    const t: CardinalityTotals = { deployments: this.cards.size, deploymentsAtDimensionCap: 0, deploymentsFolding: 0, foldedValues: 0, droppedDimensions: 0, droppedFeatures: 0 };
    for (const card of this.cards.values()) {
      if (card.dims.size >= this.opts.dimensionsPerDeployment) t.deploymentsAtDimensionCap++;
      if (card.foldedValues || card.droppedDimensions || card.droppedFeatures) t.deploymentsFolding++;
      t.foldedValues += card.foldedValues;
      t.droppedDimensions += card.droppedDimensions;
      t.droppedFeatures += card.droppedFeatures;
    }
    return t;
  }

  get limits(): SliceCapOptions {
    return this.opts;
  }

  private card(deployment: string): Card {
    let c = this.cards.get(deployment);
    if (!c) this.cards.set(deployment, (c = { dims: new Map(), features: new Set(), foldedValues: 0, droppedDimensions: 0, droppedFeatures: 0 }));
    return c;
  }
}

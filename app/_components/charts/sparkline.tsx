"use client";
// A small area chart for overview cards.
import { SparkAreaChart } from "@tremor/react";

export interface SparklineProps {
  data: Record<string, string | number | null>[];
  categories: string[];
  colors: string[];
  label: string;
}

export function Sparkline({ data, categories, colors, label }: SparklineProps) {
  if (data.length === 0) return <div className="flex h-10 w-full items-center text-xs text-slate-400">no data in the last hour</div>;
  return (
    <div role="img" aria-label={label}>
      <SparkAreaChart data={data} index="minute" categories={categories} colors={colors} className="h-10 w-full" connectNulls />
    </div>
  );
}

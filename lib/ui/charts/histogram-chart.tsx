"use client";
// A bar chart of two distributions (baseline vs canary), bins as category labels.
import { BarChart } from "@tremor/react";
import { formatter, type FormatKind } from "./format-kind";

export interface HistogramChartProps {
  title: string;
  data: Record<string, string | number>[];
  categories: string[];
  colors: string[];
  format: FormatKind;
  note?: string;
  testId?: string;
}

export function HistogramChart({ title, data, categories, colors, format, note, testId }: HistogramChartProps) {
  return (
    <figure className="rounded-lg border border-slate-200 bg-white p-3" data-testid={testId ?? "histogram"} data-points={data.length}>
      <figcaption className="text-sm font-medium text-slate-800">{title}</figcaption>
      {note && <p className="text-xs text-slate-500">{note}</p>}
      {data.length > 0 ? (
        <BarChart
          className="mt-2 h-52"
          data={data}
          index="bin"
          categories={categories}
          colors={colors}
          valueFormatter={formatter(format)}
          yAxisWidth={56}
          showAnimation={false}
        />
      ) : (
        <p className="mt-2 flex h-52 items-center justify-center rounded border border-dashed border-slate-200 text-xs text-slate-500">no data in this window</p>
      )}
    </figure>
  );
}

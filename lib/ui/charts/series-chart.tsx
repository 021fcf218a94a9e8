"use client";
// A time-series line chart with both arms on one axis.
import { LineChart } from "@tremor/react";
import { formatter, type FormatKind } from "./format-kind";

export interface SeriesChartProps {
  title: string;
  data: Record<string, string | number | null>[];
  categories: string[];
  colors: string[];
  format: FormatKind;
  note?: string;
  testId?: string;
}

export function SeriesChart({ title, data, categories, colors, format, note, testId }: SeriesChartProps) {
  const hasPoints = data.some((row) => categories.some((c) => typeof row[c] === "number"));
  return (
    <figure className="rounded-lg border border-slate-200 bg-white p-3" data-testid={testId ?? "chart"} data-points={data.length}>
      <figcaption className="text-sm font-medium text-slate-800">{title}</figcaption>
      {note && <p className="text-xs text-slate-500">{note}</p>}
      {hasPoints ? (
        <LineChart
          className="mt-2 h-48"
          data={data}
          index="minute"
          categories={categories}
          colors={colors}
          valueFormatter={formatter(format)}
          yAxisWidth={64}
          connectNulls
          showAnimation={false}
          autoMinValue={format !== "pct" && format !== "count"}
        />
      ) : (
        <p className="mt-2 flex h-48 items-center justify-center rounded border border-dashed border-slate-200 text-xs text-slate-500">no data in this window</p>
      )}
    </figure>
  );
}

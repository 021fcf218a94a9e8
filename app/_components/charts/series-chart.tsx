"use client";
// A time-series line chart with both arms on one axis. The x axis is the rows given (the page's
// window, one row per bucket); null values are gaps, not interpolated.
import { LineChart } from "@tremor/react";
import { formatter, type FormatKind } from "@/lib/view/format-kind";
import { ChartFrame, type ChartMark } from "./chart-frame";

export interface SeriesChartProps {
  title: string;
  data: Record<string, string | number | null>[];
  categories: string[];
  colors: string[];
  format: FormatKind;
  note?: string;
  testId?: string;
  /** The y range (lib/view/series.ts yDomain); without one the chart fits its data. */
  minValue?: number;
  maxValue?: number;
  autoMinValue?: boolean;
  mark?: ChartMark | null;
  /** Extra data-* attributes on the figure (window edges, bucket size). */
  attrs?: Record<string, string | number>;
  /** Join points across empty buckets: for sampled levels (memory gauges), whose samples can be sparser than a bucket. */
  connectNulls?: boolean;
}

export function SeriesChart({ title, data, categories, colors, format, note, testId, minValue, maxValue, autoMinValue, mark, attrs, connectNulls = false }: SeriesChartProps) {
  const hasPoints = data.some((row) => categories.some((c) => typeof row[c] === "number"));
  return (
    <ChartFrame title={title} note={note} testId={testId ?? "chart"} points={data.length} empty={!hasPoints} height="h-48" mark={mark} attrs={{ ...attrs, ...(maxValue !== undefined ? { "data-y-max": maxValue } : {}) }}>
      <LineChart
        className="mt-2 h-48"
        data={data}
        index="minute"
        categories={categories}
        colors={colors}
        valueFormatter={formatter(format)}
        yAxisWidth={64}
        connectNulls={connectNulls}
        showAnimation={false}
        minValue={minValue}
        maxValue={maxValue}
        autoMinValue={autoMinValue ?? (format !== "pct" && format !== "count")}
      />
    </ChartFrame>
  );
}

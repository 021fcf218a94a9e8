"use client";
// A time-series line chart with both arms on one axis.
import { LineChart } from "@tremor/react";
import { formatter, type FormatKind } from "@/lib/view/format-kind";
import { ChartFrame } from "./chart-frame";

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
    <ChartFrame title={title} note={note} testId={testId ?? "chart"} points={data.length} empty={!hasPoints} height="h-48">
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
    </ChartFrame>
  );
}

"use client";
// A bar chart of two distributions (baseline vs canary), bins as category labels.
import { BarChart } from "@tremor/react";
import { formatter, type FormatKind } from "@/lib/view/format-kind";
import { ChartFrame } from "./chart-frame";

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
    <ChartFrame title={title} note={note} testId={testId ?? "histogram"} points={data.length} empty={data.length === 0} height="h-52">
      <BarChart className="mt-2 h-52" data={data} index="bin" categories={categories} colors={colors} valueFormatter={formatter(format)} yAxisWidth={56} showAnimation={false} />
    </ChartFrame>
  );
}

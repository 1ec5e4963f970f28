/**
 * The simulator's chart: agent occupancy and the abandon rate (over the run so far, and over the
 * last hour) against the target, over simulated time — an SVG drawn by ECharts' server-side
 * renderer, so no browser is needed.
 */
import * as echarts from 'echarts';
import type { SeriesPoint } from './timeSeries.ts';

export interface ChartInput {
  readonly title: string;
  readonly series: readonly SeriesPoint[];
  /** Fraction (0.03). */
  readonly targetAbandonRate: number;
  readonly width?: number;
  readonly height?: number;
}

export function simulationChartSvg(input: ChartInput): string {
  const width = input.width ?? 960;
  const height = input.height ?? 480;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  const hours = (t: number) => Math.round((t / 3600) * 1000) / 1000;
  const percent = (v: number) => Math.round(v * 10000) / 100;
  const pairs = (pick: (p: SeriesPoint) => number) => input.series.map((p) => [hours(p.t), percent(pick(p))]);
  const last = input.series.at(-1)?.t ?? 0;
  const maxAbandon = Math.max(
    input.targetAbandonRate * 2,
    ...input.series.map((p) => Math.max(p.abandonRate, p.rollingHourAbandonRate)),
  );
  chart.setOption({
    animation: false,
    title: { text: input.title, left: 'center', textStyle: { fontSize: 14 } },
    legend: { bottom: 4 },
    grid: { left: 64, right: 72, top: 56, bottom: 84 },
    xAxis: { type: 'value', name: 'hours', nameLocation: 'middle', nameGap: 30, min: 0, max: hours(last) },
    yAxis: [
      { type: 'value', name: 'occupancy %', min: 0, max: 100 },
      {
        type: 'value',
        name: 'abandon rate %',
        min: 0,
        max: Math.ceil(percent(maxAbandon) * 1.2 * 10) / 10,
        splitLine: { show: false },
      },
    ],
    series: [
      { name: 'occupancy', type: 'line', yAxisIndex: 0, showSymbol: false, data: pairs((p) => p.occupancy) },
      {
        name: 'abandon rate (run)',
        type: 'line',
        yAxisIndex: 1,
        showSymbol: false,
        data: pairs((p) => p.abandonRate),
      },
      {
        name: 'abandon rate (rolling hour)',
        type: 'line',
        yAxisIndex: 1,
        showSymbol: false,
        lineStyle: { type: 'dotted' },
        data: pairs((p) => p.rollingHourAbandonRate),
      },
      {
        name: 'target',
        type: 'line',
        yAxisIndex: 1,
        showSymbol: false,
        lineStyle: { type: 'dashed' },
        data: [
          [0, percent(input.targetAbandonRate)],
          [hours(last), percent(input.targetAbandonRate)],
        ],
      },
    ],
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

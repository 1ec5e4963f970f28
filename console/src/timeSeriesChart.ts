import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { clockTime } from './displayFormats.ts';
import { h } from './element.ts';

export interface SeriesSpec {
  readonly label: string;
  readonly color: string;
  readonly dash?: number[];
  /** Filled area under the line. */
  readonly fill?: string;
}

export interface ChartOptions {
  readonly title: string;
  readonly series: readonly SeriesSpec[];
  /** Axis and legend text of a value. */
  readonly format: (value: number) => string;
  /** The y axis reaches at least this high, so a flat line at 0 does not fill the chart. */
  readonly minTop?: number;
  readonly height?: number;
}

/**
 * A time-series line chart (uPlot): a figure with a caption and a text summary of the latest
 * values, which is what a screen reader announces instead of the canvas.
 */
export class TimeSeriesChart {
  readonly element: HTMLElement;
  readonly #plot: uPlot;
  readonly #summary: HTMLElement;
  readonly #resize: ResizeObserver;
  readonly #options: ChartOptions;

  constructor(options: ChartOptions) {
    this.#options = options;
    const canvasHolder = h('div', { class: 'chart-canvas', 'aria-hidden': 'true' });
    this.#summary = h('p', { class: 'chart-summary' }, 'No data yet.');
    this.element = h(
      'figure',
      { class: 'chart' },
      h('figcaption', {}, options.title),
      canvasHolder,
      this.#summary,
    );
    const { format } = options;
    this.#plot = new uPlot(
      {
        width: 400,
        height: options.height ?? 180,
        legend: { show: true, live: false },
        cursor: { drag: { x: false, y: false } },
        scales: {
          x: { time: true },
          y: { range: (_u, _min, max) => [0, Math.max(options.minTop ?? 1, max * 1.15)] },
        },
        axes: [
          {
            stroke: '#5b6472',
            grid: { stroke: '#e6e9ef' },
            ticks: { stroke: '#e6e9ef' },
            space: 70,
            // Seconds matter only while the chart spans a few minutes.
            values: (u, splits) => {
              const span = (u.scales.x?.max ?? 0) - (u.scales.x?.min ?? 0);
              return splits.map((s) => clockTime(s * 1000).slice(0, span < 600 ? 8 : 5));
            },
          },
          {
            stroke: '#5b6472',
            grid: { stroke: '#e6e9ef' },
            ticks: { stroke: '#e6e9ef' },
            values: (_u, splits) => splits.map(format),
            size: 56,
          },
        ],
        series: [
          {},
          ...options.series.map((s) => ({
            label: s.label,
            stroke: s.color,
            width: 2,
            ...(s.dash ? { dash: s.dash } : {}),
            ...(s.fill ? { fill: s.fill } : {}),
            points: { show: false },
            value: (_u: uPlot, v: number | null) => (v === null ? '–' : format(v)),
          })),
        ],
      },
      [[], ...options.series.map(() => [])],
      canvasHolder,
    );
    this.#resize = new ResizeObserver(() => {
      const width = canvasHolder.clientWidth;
      if (width > 0 && width !== this.#plot.width)
        this.#plot.setSize({ width, height: options.height ?? 180 });
    });
    this.#resize.observe(canvasHolder);
  }

  /** Times in ms; one array of values per series. */
  setData(times: readonly number[], values: readonly (readonly (number | null)[])[]): void {
    this.#plot.setData([times.map((t) => t / 1000), ...values.map((v) => [...v])] as uPlot.AlignedData);
    const latest = this.#options.series
      .map((s, i) => {
        const v = values[i]?.at(-1);
        return v === undefined || v === null ? null : `${s.label} ${this.#options.format(v)}`;
      })
      .filter((text) => text !== null);
    this.#summary.textContent = latest.length > 0 ? `Latest: ${latest.join(', ')}.` : 'No data yet.';
  }

  destroy(): void {
    this.#resize.disconnect();
    this.#plot.destroy();
  }
}

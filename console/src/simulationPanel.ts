import type { SimulationForecast } from '../../src/console/consoleWire.ts';
import { api } from './consoleApi.ts';
import { count, dateTime, duration, percent } from './displayFormats.ts';
import { fill, h } from './element.ts';
import { TimeSeriesChart } from './timeSeriesChart.ts';

export interface SimulationPanel {
  readonly element: HTMLElement;
  run(sdkAppId: number, params: Record<string, unknown>): Promise<void>;
}

/**
 * "Simulate before running": the what-if simulator's forecast for the form's parameters and the
 * skill group's agents — abandon rate against the target, occupancy, finish time, and the chart.
 */
export function simulationPanel(): SimulationPanel {
  const body = h('div', { class: 'forecast-body' });
  const element = h(
    'section',
    { class: 'card forecast', 'aria-labelledby': 'forecast-title', hidden: true, 'aria-live': 'polite' },
    h('h2', { id: 'forecast-title' }, 'Forecast'),
    body,
  );
  let chart: TimeSeriesChart | undefined;
  return {
    element,
    async run(sdkAppId, params) {
      element.hidden = false;
      element.setAttribute('aria-busy', 'true');
      fill(body, h('p', { class: 'hint' }, 'Simulating…'));
      try {
        const f = await api<SimulationForecast>('POST', `/apps/${sdkAppId}/simulate`, params);
        chart?.destroy();
        chart = new TimeSeriesChart({
          title: 'Predicted abandon rate and occupancy',
          series: [
            { label: 'Abandon rate', color: '#c2410c' },
            { label: 'Target', color: '#6b7280', dash: [6, 4] },
            { label: 'Occupancy', color: '#2563eb' },
          ],
          format: (v) => percent(v, 0),
          minTop: 100,
        });
        const over = f.AbandonRate > f.TargetAbandonRate;
        fill(
          body,
          h(
            'p',
            { class: 'hint' },
            `${count(f.Callees)} callees, ${f.Agents} agent${f.Agents === 1 ? '' : 's'}, ${f.Strategy} pacing, ${duration(
              f.SimulatedSeconds,
            )} simulated.`,
          ),
          h(
            'dl',
            { class: 'tiles' },
            tile(
              'Predicted abandon rate',
              percent(f.AbandonRate),
              over ? 'bad' : 'ok',
              `target ${percent(f.TargetAbandonRate, 0)}`,
            ),
            tile('Worst rolling hour', percent(f.MaxRollingHourAbandonRate), undefined, 'abandon rate'),
            tile('Agent occupancy', percent(f.Occupancy), undefined, 'talk and wrap-up'),
            tile('Talk per agent-hour', `${f.TalkMinutesPerAgentHour.toFixed(1)} min`),
            f.FinishTime !== null
              ? tile(
                  'Finish time',
                  dateTime(f.FinishTime),
                  undefined,
                  `after ${duration(f.SimulatedSeconds)}`,
                )
              : tile(
                  'Finish time',
                  'Not finished',
                  'bad',
                  `${count(f.FinishedCallees)} of ${count(f.Callees)} callees done in ${duration(f.SimulatedSeconds)}`,
                ),
            tile('Calls placed', count(f.Attempts), undefined, `${count(f.Connected)} connected`),
          ),
          chart.element,
        );
        chart.setData(f.Series.Times, [
          f.Series.AbandonRate,
          f.Series.Times.map(() => f.TargetAbandonRate),
          f.Series.Occupancy,
        ]);
      } catch (error) {
        fill(
          body,
          h(
            'p',
            { class: 'form-error', role: 'alert' },
            `The simulation did not run: ${(error as Error).message}`,
          ),
        );
        throw error;
      } finally {
        element.removeAttribute('aria-busy');
      }
    },
  };
}

/** A figure with its label, and a line of detail under it. */
export function tile(label: string, value: string, tone?: 'ok' | 'bad', note?: string): HTMLElement {
  return h(
    'div',
    { class: `tile${tone ? ` ${tone}` : ''}` },
    h('dt', {}, label),
    h('dd', {}, h('span', { class: 'value' }, value), h('span', { class: 'note' }, note ?? '')),
  );
}

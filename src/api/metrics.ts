import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** The API's Prometheus metrics, on a registry of its own so several servers can live in one test. */
export interface ApiMetrics {
  readonly registry: Registry;
  readonly requests: Counter<'action' | 'code'>;
  readonly duration: Histogram<'action'>;
  /** How late the engine's pacing ticks run: the event loop's delay as the dialer feels it. */
  readonly tickLateness: Histogram;
}

export function createApiMetrics(): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    requests: new Counter({
      name: 'ccc_api_requests_total',
      help: 'API requests by action and answer code (Success or the error code).',
      labelNames: ['action', 'code'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'ccc_api_request_duration_seconds',
      help: 'Time to answer an API request.',
      labelNames: ['action'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    tickLateness: new Histogram({
      name: 'ccc_engine_tick_lateness_seconds',
      help: 'How long after its due time each pacing tick of the engine ran (real seconds).',
      // Fine around 50 ms, the bound the dialer is held to.
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.03, 0.04, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
  };
}

/**
 * Counts an answered request under its action and answer code, and observes how long it took.
 * Each labelled series is looked up once: prom-client hashes the labels at every call otherwise,
 * a few µs a request on the gateway's path. Actions and codes are finite sets, so are the series.
 */
export function requestMeter(metrics: ApiMetrics): (action: string, code: string, seconds: number) => void {
  const counts = new Map<string, { inc(): void }>();
  const durations = new Map<string, { observe(value: number): void }>();
  return (action, code, seconds) => {
    const countKey = `${action}\n${code}`;
    let count = counts.get(countKey);
    if (count === undefined) {
      count = metrics.requests.labels({ action, code });
      counts.set(countKey, count);
    }
    count.inc();
    let duration = durations.get(action);
    if (duration === undefined) {
      duration = metrics.duration.labels({ action });
      durations.set(action, duration);
    }
    duration.observe(seconds);
  };
}

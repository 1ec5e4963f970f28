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

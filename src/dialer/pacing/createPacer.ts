/**
 * Builds a pacer from its strategy name: `predictive` (the default), `progressive`, or `ratio:R`
 * with R a positive number (e.g. `ratio:2.5`).
 */
import type { Pacer } from './pacer.ts';
import { createPredictivePacer } from './predictivePacer.ts';
import { createProgressivePacer } from './progressivePacer.ts';
import { createRatioPacer } from './ratioPacer.ts';

export const pacingStrategies = ['predictive', 'progressive', 'ratio:R'] as const;

export function createPacer(strategy: string): Pacer {
  const name = strategy.trim();
  if (name === 'predictive') return createPredictivePacer();
  if (name === 'progressive') return createProgressivePacer();
  const match = /^ratio:(\d+(?:\.\d+)?|\.\d+)$/.exec(name);
  if (match) {
    const ratio = Number(match[1]);
    if (ratio > 0) return createRatioPacer(ratio);
  }
  throw new RangeError(
    `unknown pacing strategy '${strategy}': use predictive, progressive or ratio:R (R > 0)`,
  );
}

import type { Kysely } from 'kysely';
import { originFromText, originToText, scaledClock } from '../dialer/clock/scaledClock.ts';
import { systemClock } from '../dialer/clock/systemClock.ts';
import type { Clock } from '../domain/clock.ts';
import type { Database } from './schema.ts';

const ORIGIN_KEY = 'clock_origin';

/**
 * The clock `serve` runs the engine on: real time at speed 1; at any other speed a scaled clock
 * whose origin is kept in the `meta` table (so it lives with the store, not the engine), so that a restart continues the same timeline instead
 * of jumping back to real time. A change of speed re-anchors the timeline where it stands.
 */
export async function engineClock(
  db: Kysely<Database>,
  speed: number,
  realNow: () => number = Date.now,
): Promise<Clock> {
  if (speed === 1) {
    await db.deleteFrom('meta').where('key', '=', ORIGIN_KEY).execute();
    return systemClock();
  }
  const row = await db.selectFrom('meta').select('value').where('key', '=', ORIGIN_KEY).executeTakeFirst();
  const stored = row ? (JSON.parse(row.value) as { origin?: string; speed?: number }) : undefined;
  const previous = originFromText(stored?.origin);
  let origin = previous;
  if (previous && stored?.speed !== speed) {
    const engineNow = previous.engineOrigin + (realNow() - previous.realOrigin) * (stored?.speed ?? 1);
    origin = { engineOrigin: engineNow, realOrigin: realNow() };
  }
  origin ??= { engineOrigin: realNow(), realOrigin: realNow() };
  const value = JSON.stringify({ origin: originToText(origin), speed });
  if (row) await db.updateTable('meta').set({ value }).where('key', '=', ORIGIN_KEY).execute();
  else await db.insertInto('meta').values({ key: ORIGIN_KEY, value }).execute();
  return scaledClock({ speed, origin, realNow });
}

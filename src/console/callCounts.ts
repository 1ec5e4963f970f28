import { type Kysely, sql } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { CallCounts } from './consoleWire.ts';

export const NO_CALLS: CallCounts = {
  Placed: 0,
  InFlight: 0,
  Ringing: 0,
  Waiting: 0,
  Talking: 0,
  Answered: 0,
  Connected: 0,
  Abandoned: 0,
  AbandonRate: 0,
};

/** One grouped query over the campaigns' sessions (index sessions_campaign_start). */
export async function callCountsOf(
  db: Kysely<Database>,
  campaignIds: readonly number[],
): Promise<Map<number, CallCounts>> {
  const result = new Map<number, CallCounts>();
  if (campaignIds.length === 0) return result;
  const rows = await db
    .selectFrom('sessions')
    .select([
      'campaign_id',
      sql<number>`count(*)`.as('placed'),
      sql<number>`sum(case when ended_ts is null then 1 else 0 end)`.as('in_flight'),
      sql<number>`sum(case when ended_ts is null and accept_ts is null then 1 else 0 end)`.as('ringing'),
      sql<number>`sum(case when ended_ts is null and accept_ts is not null and seat_join_ts is null then 1 else 0 end)`.as(
        'waiting',
      ),
      sql<number>`sum(case when ended_ts is null and seat_join_ts is not null then 1 else 0 end)`.as(
        'talking',
      ),
      sql<number>`sum(case when seat_join_ts is not null or end_status = 1 then 1 else 0 end)`.as(
        'connected',
      ),
      sql<number>`sum(case when end_status in (103, 107) then 1 else 0 end)`.as('abandoned'),
    ])
    .where('campaign_id', 'in', campaignIds)
    .groupBy('campaign_id')
    .execute();
  for (const row of rows) {
    const connected = Number(row.connected);
    const abandoned = Number(row.abandoned);
    const answered = connected + abandoned;
    result.set(row.campaign_id, {
      Placed: Number(row.placed),
      InFlight: Number(row.in_flight),
      Ringing: Number(row.ringing),
      Waiting: Number(row.waiting),
      Talking: Number(row.talking),
      Answered: answered,
      Connected: connected,
      Abandoned: abandoned,
      AbandonRate: answered === 0 ? 0 : (100 * abandoned) / answered,
    });
  }
  return result;
}

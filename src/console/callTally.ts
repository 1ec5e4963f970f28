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

interface Settled {
  ended: number;
  connected: number;
  abandoned: number;
  /** Business ms: the counts cover every call of the campaign that ended at or before it. */
  watermark: number;
}

export interface CallTallyOptions {
  /** Business clock, ms: what `ended_ts` is written in. */
  readonly now: () => number;
  /**
   * How far behind now a call's end is taken as final (business ms). A session stamped ended
   * earlier than this but committed later would be missed; the engine commits an end as it stamps
   * it, so a few real seconds (times the clock's speed) are ample.
   */
  readonly settleMs: number;
  /** Campaigns whose settled counts are kept. */
  readonly maxCampaigns?: number;
}

/** A campaign not asked about for this long is counted afresh rather than caught up. */
const STALE_MS = 10 * 60_000;

/**
 * Counts campaigns' calls from their session records without re-reading them all every second.
 *
 * Counting a campaign's sessions whole costs ~40 ms per 100,000 on SQLite (measured), which would
 * stall the engine's event loop at every refresh of a live view. An ended session never changes,
 * so the calls that ended before a campaign's watermark are counted once and kept; each refresh
 * reads only the calls that ended since (index sessions_open on ended_ts) and those still open
 * (ended_ts null: few). The watermark trails now by `settleMs`, so a call stamped a little before
 * it was committed is still counted. The database stays the source: other nodes' calls count too.
 */
export class CallTally {
  readonly #db: Kysely<Database>;
  readonly #options: CallTallyOptions;
  readonly #settled = new Map<number, Settled>();

  constructor(db: Kysely<Database>, options: CallTallyOptions) {
    this.#db = db;
    this.#options = options;
  }

  async counts(campaignIds: readonly number[]): Promise<Map<number, CallCounts>> {
    const ids = [...new Set(campaignIds)];
    const result = new Map<number, CallCounts>();
    if (ids.length === 0) return result;
    const now = this.#options.now();
    const after = Math.floor(now - this.#options.settleMs);

    const fresh = ids.filter((id) => {
      const known = this.#settled.get(id);
      return !known || known.watermark < after - STALE_MS;
    });
    if (fresh.length > 0) {
      // Once per campaign: everything that ended up to the watermark.
      const counted = await this.#endedUntil(fresh, after);
      for (const id of fresh) {
        this.#settled.delete(id);
        this.#settled.set(id, {
          ...(counted.get(id) ?? { ended: 0, connected: 0, abandoned: 0 }),
          watermark: after,
        });
      }
      this.#evict();
    }
    const states = ids.map((id) => {
      const state = this.#settled.get(id)!;
      // Re-inserted, so the campaigns asked about least recently are the first evicted.
      this.#settled.delete(id);
      this.#settled.set(id, state);
      return [id, state] as const;
    });
    const lowest = Math.min(...states.map(([, s]) => s.watermark));
    const watermark = sql`(case campaign_id ${sql.join(
      states.map(([id, s]) => sql`when ${id} then cast(${s.watermark} as bigint)`),
      sql` `,
    )} end)`;
    const since = sql`ended_ts > ${watermark}`;
    const settling = sql`ended_ts > ${watermark} and ended_ts <= ${after}`;
    // `+campaign_id` keeps SQLite's planner off the campaign index (it would walk every session of
    // the campaign to group them in order, 40 ms per 100,000): the ended_ts index finds the few.
    const recent = await this.#db
      .selectFrom('sessions')
      .select([
        plainCampaignId,
        sql<number>`sum(case when ${since} then 1 else 0 end)`.as('ended'),
        sql<number>`sum(case when ${since} and ${connected} then 1 else 0 end)`.as('connected'),
        sql<number>`sum(case when ${since} and ${abandoned} then 1 else 0 end)`.as('abandoned'),
        sql<number>`sum(case when ${settling} then 1 else 0 end)`.as('settling'),
        sql<number>`sum(case when ${settling} and ${connected} then 1 else 0 end)`.as('settling_connected'),
        sql<number>`sum(case when ${settling} and ${abandoned} then 1 else 0 end)`.as('settling_abandoned'),
      ])
      .where('ended_ts', '>', lowest)
      .where(sql<boolean>`+campaign_id in (${sql.join(ids)})`)
      .groupBy(sql`+campaign_id`)
      .execute();
    const open = await this.#db
      .selectFrom('sessions')
      .select([
        plainCampaignId,
        sql<number>`count(*)`.as('open'),
        sql<number>`sum(case when accept_ts is null then 1 else 0 end)`.as('ringing'),
        sql<number>`sum(case when accept_ts is not null and seat_join_ts is null then 1 else 0 end)`.as(
          'waiting',
        ),
        sql<number>`sum(case when seat_join_ts is not null then 1 else 0 end)`.as('talking'),
      ])
      .where('ended_ts', 'is', null)
      .where(sql<boolean>`+campaign_id in (${sql.join(ids)})`)
      .groupBy(sql`+campaign_id`)
      .execute();
    const recentOf = new Map(recent.map((r) => [r.campaign_id, r]));
    const openOf = new Map(open.map((r) => [r.campaign_id, r]));

    for (const [id, settled] of states) {
      const r = recentOf.get(id);
      const o = openOf.get(id);
      const talking = Number(o?.talking ?? 0);
      const connectedCalls = settled.connected + Number(r?.connected ?? 0) + talking;
      const abandonedCalls = settled.abandoned + Number(r?.abandoned ?? 0);
      const answered = connectedCalls + abandonedCalls;
      result.set(id, {
        Placed: settled.ended + Number(r?.ended ?? 0) + Number(o?.open ?? 0),
        InFlight: Number(o?.open ?? 0),
        Ringing: Number(o?.ringing ?? 0),
        Waiting: Number(o?.waiting ?? 0),
        Talking: talking,
        Answered: answered,
        Connected: connectedCalls,
        Abandoned: abandonedCalls,
        AbandonRate: answered === 0 ? 0 : (100 * abandonedCalls) / answered,
      });
      if (after > settled.watermark) {
        settled.ended += Number(r?.settling ?? 0);
        settled.connected += Number(r?.settling_connected ?? 0);
        settled.abandoned += Number(r?.settling_abandoned ?? 0);
        settled.watermark = after;
      }
    }
    return result;
  }

  async #endedUntil(ids: readonly number[], until: number): Promise<Map<number, Omit<Settled, 'watermark'>>> {
    const rows = await this.#db
      .selectFrom('sessions')
      .select([
        'campaign_id',
        sql<number>`count(*)`.as('ended'),
        sql<number>`sum(case when ${connected} then 1 else 0 end)`.as('connected'),
        sql<number>`sum(case when ${abandoned} then 1 else 0 end)`.as('abandoned'),
      ])
      .where('campaign_id', 'in', ids)
      .where('ended_ts', '<=', until)
      .groupBy('campaign_id')
      .execute();
    return new Map(
      rows.map((r) => [
        r.campaign_id,
        { ended: Number(r.ended), connected: Number(r.connected), abandoned: Number(r.abandoned) },
      ]),
    );
  }

  /** Forgets the campaigns asked about longest ago (a Map iterates in insertion order). */
  #evict(): void {
    const max = this.#options.maxCampaigns ?? 1000;
    for (const id of this.#settled.keys()) {
      if (this.#settled.size <= max) break;
      this.#settled.delete(id);
    }
  }
}

/** The campaign id as an expression no index serves (see `counts`). */
const plainCampaignId = sql<number>`+campaign_id`.as('campaign_id');

/** Ended with an agent (a call still in talk is counted among the open ones). */
const connected = sql`(seat_join_ts is not null or end_status = 1)`;
/** Ended 103 (hung up) or 107 (handed to the IVR): no agent in time. */
const abandoned = sql`end_status in (103, 107)`;

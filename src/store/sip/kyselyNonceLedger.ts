import type { Kysely } from 'kysely';
import type { NonceLedger } from '../../telephony/sip/auth/nonceLedger.ts';
import type { Database } from '../schema.ts';

/** Stands for "no qop": the nonce is spent at once, past any nonce count (at most 2^32 − 1). */
const SPENT = Number.MAX_SAFE_INTEGER;

/**
 * The registrar's accepted nonce counts in the database (migration 014), shared by every node: a
 * digest response is taken once on the whole cluster, not once per node. One conditional upsert a
 * claim, which writes only if the count is higher than the one stored: two nodes racing with one
 * response cannot both win. Rows go once their nonce is past its lifetime (answered stale anyway).
 */
export class KyselyNonceLedger implements NonceLedger {
  #nextSweep = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly lifetimeMs = 5 * 60_000,
  ) {}

  async claim(nonce: string, issued: number, nc: number | undefined, now: number): Promise<boolean> {
    await this.#forgetExpired(now);
    const count = nc ?? SPENT;
    const result = await this.db
      .insertInto('sip_nonce_uses')
      .values({ nonce, issued_at: issued, last_nc: count })
      .onConflict((conflict) =>
        conflict
          .column('nonce')
          .doUpdateSet({ last_nc: (eb) => eb.ref('excluded.last_nc') })
          .where('sip_nonce_uses.last_nc', '<', count),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async #forgetExpired(now: number): Promise<void> {
    // A sweep at most four times per lifetime: rows outlive their nonce by a quarter at most.
    if (now < this.#nextSweep) return;
    this.#nextSweep = now + this.lifetimeMs / 4;
    await this.db
      .deleteFrom('sip_nonce_uses')
      .where('issued_at', '<', now - this.lifetimeMs)
      .execute();
  }
}

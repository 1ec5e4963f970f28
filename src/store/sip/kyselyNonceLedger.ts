import type { Kysely } from 'kysely';
import { DEFAULT_NONCE_LIFETIME_MS } from '../../telephony/sip/auth/digestChallenger.ts';
import type { NonceLedger } from '../../telephony/sip/auth/nonceLedger.ts';
import type { Database } from '../schema.ts';

/** Stands for "no qop": the nonce is spent at once, past any nonce count (at most 2^32 − 1). */
const SPENT = Number.MAX_SAFE_INTEGER;

/**
 * The registrar's accepted nonce counts in the database (migration 014), shared by every node: a
 * digest response is taken once on the whole cluster, not once per node. One conditional upsert a
 * claim, which writes only if the count is higher than the one stored: two nodes racing with one
 * response cannot both win. Rows go a lifetime after their nonce expired (answered stale anyway);
 * `lifetimeMs` must be the challengers' nonce lifetime (DigestChallenger's default when not given).
 */
export class KyselyNonceLedger implements NonceLedger {
  #nextSweep = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly lifetimeMs = DEFAULT_NONCE_LIFETIME_MS,
  ) {}

  async claim(nonce: string, issued: number, nc: number | undefined, now: number): Promise<boolean> {
    await this.#forgetExpired(now);
    const result = await this.db
      .insertInto('sip_nonce_uses')
      .values({ nonce, issued_at: issued, last_nc: nc ?? SPENT })
      .onConflict((conflict) =>
        // Without qop a nonce is good once, whatever was seen of it: only a first use passes.
        nc === undefined
          ? conflict.column('nonce').doNothing()
          : conflict
              .column('nonce')
              .doUpdateSet({ last_nc: (eb) => eb.ref('excluded.last_nc') })
              .where('sip_nonce_uses.last_nc', '<', nc),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async #forgetExpired(now: number): Promise<void> {
    // A sweep at most four times per lifetime. A row goes a whole lifetime after its nonce expired:
    // the nodes' clocks differ a little, and one that deleted it while another still took the
    // nonce as fresh would let a replay through there.
    if (now < this.#nextSweep) return;
    this.#nextSweep = now + this.lifetimeMs / 4;
    await this.db
      .deleteFrom('sip_nonce_uses')
      .where('issued_at', '<', now - 2 * this.lifetimeMs)
      .execute();
  }
}

/**
 * Which nonces a DigestChallenger has already accepted, and with which nonce count, so that an
 * Authorization captured off the wire is not good a second time (RFC 7616 §3.4 / RFC 2617
 * §3.2.2: the server tracks nc per nonce). With qop=auth each (nonce, nc) is taken once and nc
 * must grow; without qop there is no nc, so the nonce is good for a single request.
 *
 * The state is bounded: a nonce past its lifetime is answered stale before we get here, so its
 * entry can go; and past `maxNonces` the oldest entries are evicted, raising a floor under which
 * an unknown nonce counts as used — eviction may cost a phone a stale 401, never open a replay.
 *
 * Held in this process only: for a single process (tests, a registrar without a database). A
 * cluster's nodes share the database's ledger instead (store/sip/kyselyNonceLedger.ts), else a
 * captured Authorization could pass once on each node that has not seen its nonce.
 */

import type { NonceLedger } from './nonceLedger.ts';

/** No qop: the nonce is spent at once. */
const SPENT = Number.POSITIVE_INFINITY;

interface NonceUse {
  readonly issued: number;
  lastNc: number;
}

export class NonceUses implements NonceLedger {
  private readonly uses = new Map<string, NonceUse>();
  /** Nonces issued at or before this, and not in `uses`, may have been evicted: count them as used. */
  private floor = Number.NEGATIVE_INFINITY;
  private nextSweep = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly lifetimeMs: number,
    private readonly maxNonces = 10_000,
  ) {}

  /**
   * Records a use of `nonce` (issued at `issued`) with nonce count `nc`, undefined without qop.
   * False if that use, or a later one, was seen: a replay.
   */
  claim(nonce: string, issued: number, nc: number | undefined, now: number): boolean {
    this.forgetExpired(now);
    const use = this.uses.get(nonce);
    if (use === undefined && issued <= this.floor) return false;
    const count = nc ?? SPENT;
    if (use !== undefined && (nc === undefined || use.lastNc >= count)) return false;
    if (use) {
      use.lastNc = count;
    } else {
      this.makeRoom();
      this.uses.set(nonce, { issued, lastNc: count });
    }
    return true;
  }

  get size(): number {
    return this.uses.size;
  }

  private forgetExpired(now: number): void {
    // A full sweep at most four times per lifetime: entries outlive their nonce by a quarter at most.
    if (now < this.nextSweep) return;
    this.nextSweep = now + this.lifetimeMs / 4;
    for (const [nonce, use] of this.uses) {
      if (now - use.issued > this.lifetimeMs) this.uses.delete(nonce);
    }
  }

  private makeRoom(): void {
    // Map order is first use, close enough to oldest for an eviction that only forces a re-challenge.
    for (const [nonce, use] of this.uses) {
      if (this.uses.size < this.maxNonces) return;
      this.uses.delete(nonce);
      this.floor = Math.max(this.floor, use.issued);
    }
  }
}

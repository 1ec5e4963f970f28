/**
 * Where a DigestChallenger records the nonce counts it accepted: in this process (NonceUses), or
 * in the database every node shares (store/sip/kyselyNonceLedger.ts).
 */
export interface NonceLedger {
  /**
   * Records a use of `nonce` (issued at `issued`, ms) with nonce count `nc`, undefined without qop
   * (the nonce is then spent at once). False if that use, or a later one, was seen: a replay. Two
   * claims of one use racing each other: one wins.
   */
  claim(nonce: string, issued: number, nc: number | undefined, now: number): boolean | Promise<boolean>;
}

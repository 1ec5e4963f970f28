/**
 * Where the registrar records the digest nonce counts it took, one contract for both: this
 * process's memory, and the database every node shares, on each backend.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '../../../src/store/database.ts';
import { KyselyNonceLedger } from '../../../src/store/sip/kyselyNonceLedger.ts';
import type { NonceLedger } from '../../../src/telephony/sip/auth/nonceLedger.ts';
import { NonceUses } from '../../../src/telephony/sip/auth/nonceUses.ts';
import { openTestDatabase, storeBackends } from '../../support/testDatabase.ts';

const LIFETIME_MS = 300_000;
const T0 = 1_000_000;

let database: OpenedDatabase | undefined;
afterEach(async () => {
  await database?.close();
  database = undefined;
});

const ledgers: Array<[string, () => Promise<NonceLedger>]> = [
  ['memory', async () => new NonceUses(LIFETIME_MS)],
  ...storeBackends().map((backend): [string, () => Promise<NonceLedger>] => [
    `the ${backend} database`,
    async () => {
      database = await openTestDatabase(backend, 'nonces');
      return new KyselyNonceLedger(database.db, LIFETIME_MS);
    },
  ]),
];

describe.each(ledgers)('the nonce ledger in %s', (_name, open) => {
  it('takes each nonce count once, rising only', async () => {
    const ledger = await open();
    expect(await ledger.claim('n1', T0, 1, T0)).toBe(true);
    expect(await ledger.claim('n1', T0, 1, T0)).toBe(false);
    expect(await ledger.claim('n1', T0, 3, T0)).toBe(true);
    expect(await ledger.claim('n1', T0, 2, T0)).toBe(false);
    expect(await ledger.claim('n2', T0, 1, T0)).toBe(true);
  });

  it('takes a nonce without qop once, and not at all after a use with a count', async () => {
    const ledger = await open();
    expect(await ledger.claim('plain', T0, undefined, T0)).toBe(true);
    expect(await ledger.claim('plain', T0, undefined, T0)).toBe(false);
    expect(await ledger.claim('plain', T0, 1, T0)).toBe(false);
    expect(await ledger.claim('counted', T0, 1, T0)).toBe(true);
    expect(await ledger.claim('counted', T0, undefined, T0)).toBe(false);
  });

  it('still knows a nonce a lifetime after it was issued (the registrar answers it stale by then)', async () => {
    const ledger = await open();
    expect(await ledger.claim('old', T0, 1, T0)).toBe(true);
    expect(await ledger.claim('old', T0, 1, T0 + LIFETIME_MS)).toBe(false);
  });
});

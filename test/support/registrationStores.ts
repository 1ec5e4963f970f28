/**
 * Every RegistrationStore a registrar test runs over: in memory, and in the database on each store
 * backend (test/support/testDatabase.ts), each opened fresh per test.
 */
import { KyselyRegistrationStore } from '../../src/store/sip/kyselyRegistrationStore.ts';
import { MemoryRegistrationStore } from '../../src/telephony/sip/registrar/memoryRegistrationStore.ts';
import type { RegistrationStore } from '../../src/telephony/sip/registrar/registrationStore.ts';
import { openTestDatabase, storeBackends } from './testDatabase.ts';

export interface OpenedRegistrationStore {
  readonly store: RegistrationStore;
  close(): Promise<void>;
}

export function registrationStores(): [string, () => Promise<OpenedRegistrationStore>][] {
  return [
    ['memory', async () => ({ store: new MemoryRegistrationStore(), close: async () => {} })],
    ...storeBackends().map((backend): [string, () => Promise<OpenedRegistrationStore>] => [
      backend,
      async () => {
        const database = await openTestDatabase(backend, 'registrar');
        return { store: new KyselyRegistrationStore(database.db), close: () => database.close() };
      },
    ]),
  ];
}

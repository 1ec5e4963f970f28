/**
 * The registrar's binding store, one contract for every implementation: in memory, and in the
 * database on each backend with a fresh schema per test.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Binding, RegistrationStore } from '../../../src/telephony/sip/registrar/registrationStore.ts';
import { type OpenedRegistrationStore, registrationStores } from '../../support/registrationStores.ts';

const NOW = 1_000_000;

function binding(contact: string, overrides: Partial<Binding> = {}): Binding {
  return { contact, expiresAt: NOW + 60_000, callId: 'c1', cseq: 1, registeredAt: NOW, ...overrides };
}

describe.each(registrationStores())('the registration store in %s', (_name, open) => {
  let opened: OpenedRegistrationStore;
  let store: RegistrationStore;
  beforeEach(async () => {
    opened = await open();
    store = opened.store;
  });
  afterEach(() => opened.close());

  it('keeps a binding with everything the registrar checks, and refreshes it in place', async () => {
    await store.save('ann', binding('sip:ann@10.0.0.3'), NOW);
    expect(await store.liveBindings('ann', NOW)).toEqual([binding('sip:ann@10.0.0.3')]);
    const refreshed = binding('sip:ann@10.0.0.3', {
      expiresAt: NOW + 120_000,
      cseq: 2,
      registeredAt: NOW + 5,
    });
    await store.save('ann', refreshed, NOW + 5);
    expect(await store.liveBindings('ann', NOW + 5)).toEqual([refreshed]);
    expect(await store.liveBindings('bob', NOW + 5)).toEqual([]);
  });

  it('answers the freshest binding first, and tells usernames apart', async () => {
    await store.save('ann', binding('sip:desk@10.0.0.3', { registeredAt: NOW }), NOW);
    await store.save('ann', binding('sip:soft@10.0.0.4', { registeredAt: NOW + 10 }), NOW + 10);
    await store.save('bob', binding('sip:bob@10.0.0.5', { registeredAt: NOW + 20 }), NOW + 20);
    expect((await store.liveBindings('ann', NOW + 20)).map((b) => b.contact)).toEqual([
      'sip:soft@10.0.0.4',
      'sip:desk@10.0.0.3',
    ]);
    expect((await store.liveBindings('bob', NOW + 20)).map((b) => b.contact)).toEqual(['sip:bob@10.0.0.5']);
  });

  it('hides a binding from the moment it expires', async () => {
    await store.save('ann', binding('sip:ann@10.0.0.3', { expiresAt: NOW + 1000 }), NOW);
    expect(await store.liveBindings('ann', NOW + 999)).toHaveLength(1);
    expect(await store.liveBindings('ann', NOW + 1000)).toEqual([]);
  });

  it("drops a username's expired bindings when it writes again", async () => {
    await store.save('ann', binding('sip:gone@10.0.0.3', { expiresAt: NOW + 1000 }), NOW);
    await store.save('ann', binding('sip:new@10.0.0.4', { expiresAt: NOW + 90_000 }), NOW + 2000);
    // Asked for a time before the expiry, only a store that kept the row could still answer it.
    expect((await store.liveBindings('ann', NOW)).map((b) => b.contact)).toEqual(['sip:new@10.0.0.4']);
  });

  it('removes one binding, or all of a username', async () => {
    await store.save('ann', binding('sip:desk@10.0.0.3'), NOW);
    await store.save('ann', binding('sip:soft@10.0.0.4', { registeredAt: NOW + 1 }), NOW);
    await store.save('bob', binding('sip:bob@10.0.0.5'), NOW);
    await store.remove('ann', 'sip:soft@10.0.0.4');
    expect((await store.liveBindings('ann', NOW)).map((b) => b.contact)).toEqual(['sip:desk@10.0.0.3']);
    await store.removeAll('ann');
    expect(await store.liveBindings('ann', NOW)).toEqual([]);
    expect(await store.liveBindings('bob', NOW)).toHaveLength(1);
    await store.remove('nobody', 'sip:x@10.0.0.9');
    await store.removeAll('nobody');
  });
});

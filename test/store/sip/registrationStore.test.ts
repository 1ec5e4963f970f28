/**
 * The registrar's binding store, one contract for every implementation: in memory, and in the
 * database on each backend with a fresh schema per test.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Binding, RegistrationStore } from '../../../src/telephony/sip/registrar/registrationStore.ts';
import { type OpenedRegistrationStore, registrationStores } from '../../support/registrationStores.ts';

const NOW = 1_000_000;
/** A REGISTER later than every binding the tests save (Call-ID c1, CSeq 1). */
const LATER = { callId: 'c1', cseq: 2 };

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
    await store.remove('ann', 'sip:soft@10.0.0.4', LATER);
    expect((await store.liveBindings('ann', NOW)).map((b) => b.contact)).toEqual(['sip:desk@10.0.0.3']);
    await store.removeAll('ann', LATER);
    expect(await store.liveBindings('ann', NOW)).toEqual([]);
    expect(await store.liveBindings('bob', NOW)).toHaveLength(1);
    await store.remove('nobody', 'sip:x@10.0.0.9', LATER);
    await store.removeAll('nobody', LATER);
  });

  it('changes nothing a later REGISTER of the same Call-ID wrote, however late the write comes', async () => {
    const newer = binding('sip:ann@10.0.0.3', { cseq: 6, expiresAt: NOW + 120_000 });
    await store.save('ann', newer, NOW);
    // A refresh of CSeq 5, or a removal of CSeq 5, that a node writes only now.
    await store.save('ann', binding('sip:ann@10.0.0.3', { cseq: 5, expiresAt: NOW + 30_000 }), NOW);
    await store.remove('ann', 'sip:ann@10.0.0.3', { callId: 'c1', cseq: 5 });
    await store.removeAll('ann', { callId: 'c1', cseq: 6 });
    expect(await store.liveBindings('ann', NOW)).toEqual([newer]);
    // Another Call-ID (the phone restarted) or a later CSeq does change it.
    const restarted = binding('sip:ann@10.0.0.3', { callId: 'c2', cseq: 1 });
    await store.save('ann', restarted, NOW);
    expect(await store.liveBindings('ann', NOW)).toEqual([restarted]);
    await store.remove('ann', 'sip:ann@10.0.0.3', { callId: 'c2', cseq: 2 });
    expect(await store.liveBindings('ann', NOW)).toEqual([]);
  });

  it('lets a REGISTER replace an expired binding whatever its CSeq', async () => {
    await store.save('ann', binding('sip:ann@10.0.0.3', { cseq: 9, expiresAt: NOW + 1000 }), NOW);
    const again = binding('sip:ann@10.0.0.3', { cseq: 1, expiresAt: NOW + 90_000, registeredAt: NOW + 2000 });
    await store.save('ann', again, NOW + 2000);
    expect(await store.liveBindings('ann', NOW + 2000)).toEqual([again]);
  });
});

/**
 * The SIP registrar's bindings in the database (migration 010), shared by every node on it: a
 * phone registers with one node, and whichever node dials its agent reads the binding here.
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import {
  type Binding,
  byFreshness,
  type RegisterOrder,
  type RegistrationStore,
} from '../../telephony/sip/registrar/registrationStore.ts';
import type { Database } from '../schema.ts';

export class KyselyRegistrationStore implements RegistrationStore {
  constructor(private readonly db: Kysely<Database>) {}

  async liveBindings(username: string, now: number): Promise<Binding[]> {
    const rows = await this.db
      .selectFrom('sip_registrations')
      .select(['contact', 'expires_at', 'call_id', 'cseq', 'registered_at'])
      .where('username', '=', username)
      .where('expires_at', '>', now)
      .execute();
    return rows
      .map((r) => ({
        contact: r.contact,
        expiresAt: Number(r.expires_at),
        callId: r.call_id,
        cseq: Number(r.cseq),
        registeredAt: Number(r.registered_at),
      }))
      .sort(byFreshness);
  }

  async save(username: string, binding: Binding, now: number): Promise<void> {
    const fields = {
      expires_at: binding.expiresAt,
      call_id: binding.callId,
      cseq: binding.cseq,
      registered_at: binding.registeredAt,
    };
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('sip_registrations')
        .values({ username, contact: binding.contact, ...fields })
        .onConflict((oc) =>
          oc
            .columns(['username', 'contact'])
            .doUpdateSet(fields)
            .where((eb) => eb.or([inOrder(eb, binding), eb('sip_registrations.expires_at', '<=', now)])),
        )
        .execute();
      // A phone that vanished without unregistering leaves its row until its agent writes again.
      await tx
        .deleteFrom('sip_registrations')
        .where('username', '=', username)
        .where('expires_at', '<=', now)
        .execute();
    });
  }

  async remove(username: string, contact: string, order: RegisterOrder): Promise<void> {
    await this.db
      .deleteFrom('sip_registrations')
      .where('username', '=', username)
      .where('contact', '=', contact)
      .where((eb) => inOrder(eb, order))
      .execute();
  }

  async removeAll(username: string, order: RegisterOrder): Promise<void> {
    await this.db
      .deleteFrom('sip_registrations')
      .where('username', '=', username)
      .where((eb) => inOrder(eb, order))
      .execute();
  }
}

/** The stored row is not of a REGISTER at least as late as `order` (RegistrationStore's order). */
function inOrder(eb: ExpressionBuilder<Database, 'sip_registrations'>, order: RegisterOrder) {
  return eb.or([
    eb('sip_registrations.call_id', '!=', order.callId),
    eb('sip_registrations.cseq', '<', order.cseq),
  ]);
}

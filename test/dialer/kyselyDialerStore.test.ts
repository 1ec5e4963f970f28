import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { KyselyDialerStore } from '../../src/store/dialer/kyselyDialerStore.ts';
import { insertApplication } from '../../src/store/directory/applicationStore.ts';
import type { Database } from '../../src/store/schema.ts';
import { type Backend, openTestDatabase, storeBackends } from '../support/testDatabase.ts';
import { C_APP, C_GROUP, type ContractFixture, dialerStoreContract } from './support/dialerStoreContract.ts';

/** The SQL adapter on a fresh database of `backend`, with the contract's helpers and the database. */
async function kyselyFixture(backend: Backend): Promise<ContractFixture & { readonly db: Kysely<Database> }> {
  const { db, dialect, close } = await openTestDatabase(backend, 'store');
  const store = new KyselyDialerStore(db, dialect);
  const now = 1_700_000_000_000;
  return {
    db,
    store,
    async seedApplication() {
      // With the service's default limits, as `admin app add` makes it (and its account).
      await insertApplication(db, { sdkAppId: C_APP, name: 'App', accountId: 'acc', at: now });
      for (const number of ['+1', '+2']) {
        await db
          .insertInto('numbers')
          .values({
            sdk_app_id: C_APP,
            number,
            state: 1,
            call_out_skill_group_ids: '[]',
            max_concurrent_calls: null,
            max_calls_per_second: null,
          })
          .execute();
      }
      await db
        .insertInto('ivrs')
        .values({ sdk_app_id: C_APP, ivr_id: 5, name: 'IVR', target: 'ivr:5' })
        .execute();
      await db
        .insertInto('skill_groups')
        .values({
          skill_group_id: C_GROUP,
          sdk_app_id: C_APP,
          name: 'Group',
          type: 0,
          max_concurrency: 1,
          modified_at: now,
          deleted: 0,
        })
        .execute();
    },
    async addAgent(mail, status, skillGroupIds) {
      await db
        .insertInto('staff')
        .values({
          sdk_app_id: C_APP,
          mail,
          user_id: mail,
          name: mail,
          phone: '',
          nick: '',
          staff_number: mail,
          password_hash: null,
          sip_uri: null,
          status,
          status_reason: '',
          status_since: now,
          last_online_at: null,
          modified_at: now,
        })
        .execute();
      for (const g of skillGroupIds) {
        await db
          .insertInto('staff_skill_groups')
          .values({ sdk_app_id: C_APP, mail, skill_group_id: g, priority: 3 })
          .execute();
      }
    },
    async addCampaign(seed, callees) {
      const row = await db
        .insertInto('campaigns')
        .values({
          sdk_app_id: C_APP,
          name: 'C',
          callers: JSON.stringify(['+1', '+2']),
          call_order: 1,
          skill_group_id: C_GROUP,
          ivr_id: null,
          priority: 1,
          expected_abandon_rate: 5,
          retry_times: seed.retryTimes ?? 0,
          retry_interval_s: 60,
          start_time_s: Math.floor((seed.startAt ?? 0) / 1000),
          end_time_s: Math.floor((seed.endAt ?? 4_000_000_000_000) / 1000),
          variables: JSON.stringify(seed.variables ?? []),
          uui: seed.uui ?? '',
          time_zone: seed.timeZone ?? null,
          available_time: JSON.stringify(seed.availableTime ?? []),
          status: seed.status ?? 0,
          status_reason: 0,
          callee_count: callees.length,
          finished_callee_count: 0,
          deleted: 0,
          created_at: now,
          updated_at: now,
        })
        .returning('campaign_id')
        .executeTakeFirstOrThrow();
      const id = row.campaign_id;
      await db
        .insertInto('callees')
        .values(
          callees.map((c, seq) => ({
            campaign_id: id,
            seq,
            number: c.number,
            order_key: c.orderKey,
            uui: c.uui ?? null,
            variables: c.variables ? JSON.stringify(c.variables) : null,
            state: 'pending',
            attempts: 0,
            next_attempt_at: 0,
            last_end_status: null,
            current_session_id: null,
          })),
        )
        .execute();
      return id;
    },
    async deleteCampaign(id) {
      await db.updateTable('campaigns').set({ deleted: 1 }).where('campaign_id', '=', id).execute();
    },
    async session(id) {
      const r = await db.selectFrom('sessions').selectAll().where('session_id', '=', id).executeTakeFirst();
      if (!r) return undefined;
      return {
        attempt: r.attempt,
        caller: r.caller,
        callee: r.callee,
        sessionStatus: r.session_status,
        startTs: r.start_ts,
        ringTs: r.ring_ts,
        acceptTs: r.accept_ts,
        queuedTs: r.queued_ts,
        seatJoinTs: r.seat_join_ts,
        endedTs: r.ended_ts,
        seatMail: r.seat_mail,
        endStatus: r.end_status,
        hungUpSide: r.hung_up_side,
        uui: r.uui,
        variables: JSON.parse(r.variables),
        skillGroupName: r.skill_group_name,
      };
    },
    async callee(campaignId, seq) {
      const r = await db
        .selectFrom('callees')
        .selectAll()
        .where('campaign_id', '=', campaignId)
        .where('seq', '=', seq)
        .executeTakeFirstOrThrow();
      return {
        state: r.state,
        attempts: r.attempts,
        nextAttemptAt: r.next_attempt_at,
        lastEndStatus: r.last_end_status,
        currentSessionId: r.current_session_id,
      };
    },
    async statusLog(mail) {
      const rows = await db
        .selectFrom('staff_status_log')
        .select('status')
        .where('mail', '=', mail)
        .orderBy('id')
        .execute();
      return rows.map((r) => r.status as never);
    },
    close,
  };
}

// The SQL adapter, held to the same contract as the memory one, on every backend: SQLite in memory
// and a fresh PostgreSQL schema per test.
describe.each(storeBackends())('kysely adapter on %s', (backend) => {
  dialerStoreContract(`kysely on ${backend}`, () => kyselyFixture(backend));
});

describe.runIf(storeBackends().includes('postgres'))('withdrawClaim on PostgreSQL', () => {
  it('waits for a claim another connection is still committing, then undoes it', async () => {
    const f = await kyselyFixture('postgres');
    // A claim's writes on another connection, committed only once the withdrawal has begun: as
    // when the claim's COMMIT reached the server but its answer was lost.
    let commit = (): void => {};
    const committing = new Promise<void>((resolve) => {
      commit = resolve;
    });
    try {
      await f.seedApplication();
      const id = await f.addCampaign({ status: 1 }, [{ number: '+100', orderKey: 0 }]);
      let written = (): void => {};
      const isWritten = new Promise<void>((resolve) => {
        written = resolve;
      });
      const claim = f.db.transaction().execute(async (tx) => {
        await tx
          .updateTable('callees')
          .set({ state: 'dialing', attempts: 1, current_session_id: 's-1' })
          .where('campaign_id', '=', id)
          .where('seq', '=', 0)
          .execute();
        await tx
          .insertInto('sessions')
          .values({
            session_id: 's-1',
            sdk_app_id: C_APP,
            campaign_id: id,
            callee_seq: 0,
            attempt: 1,
            caller: '+1',
            callee: '+100',
            direction: 1,
            call_type: 5,
            session_status: 'ringing',
            start_ts: 1_750_000_000_000,
            skill_group_id: C_GROUP,
            skill_group_name: 'Group',
            ivr_id: null,
            uui: '',
            variables: '[]',
            owner_node: null,
          })
          .execute();
        written();
        await committing;
      });
      await isWritten;
      let done = false;
      const withdrawing = f.store
        .withdrawClaim({ campaignId: id, sessions: [{ sessionId: 's-1', calleeSeq: 0 }] })
        .finally(() => {
          done = true;
        });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(done).toBe(false);
      commit();
      await claim;
      // It waited for the claim's rows, then saw what the claim committed: nothing is left behind.
      expect(await withdrawing).toEqual(['s-1']);
      expect(await f.callee(id, 0)).toMatchObject({ state: 'pending', attempts: 0, currentSessionId: null });
      expect(await f.session('s-1')).toBeUndefined();
    } finally {
      // A failed expectation must not leave the claim's connection open (closing would wait for it).
      commit();
      await f.close();
    }
  });
});

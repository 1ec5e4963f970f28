import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallTally } from '../../src/console/callTally.ts';
import type { OpenedDatabase } from '../../src/store/database.ts';
import { openTestDatabase, storeBackends } from '../support/testDatabase.ts';

/** SQLite always; PostgreSQL too when it answers (see test/support/testDatabase.ts). */
describe.each(storeBackends())('counting a campaign’s calls on %s', (backend) => {
  let database: OpenedDatabase;
  let now = 1_000_000;
  let seq = 0;
  beforeAll(async () => {
    database = await openTestDatabase(backend, 'tally');
  });
  afterAll(() => database.close());

  const place = async (campaignId: number) => {
    const id = `t-${++seq}`;
    await database.db
      .insertInto('sessions')
      .values({
        session_id: id,
        sdk_app_id: 1,
        campaign_id: campaignId,
        callee_seq: seq,
        attempt: 1,
        caller: 'c',
        callee: 'x',
        direction: 1,
        call_type: 5,
        uui: '',
        variables: '[]',
        session_status: 'ringing',
        start_ts: now,
        skill_group_id: 1,
        skill_group_name: 'g',
      })
      .execute();
    return id;
  };
  const end = (id: string, endStatus: number, endedAt = now, joined = endStatus === 1) =>
    database.db
      .updateTable('sessions')
      .set({
        session_status: 'finished',
        end_status: endStatus,
        ended_ts: endedAt,
        accept_ts: endStatus === 1 || endStatus === 103 ? endedAt : null,
        seat_join_ts: joined ? endedAt : null,
      })
      .where('session_id', '=', id)
      .execute();

  it('keeps counting right as calls end and time moves on, late commits included', async () => {
    const tally = new CallTally(database.db, { now: () => now, settleMs: 5000 });
    const a = [await place(1), await place(1), await place(1)];
    await place(2);
    await end(a[0]!, 1);
    expect((await tally.counts([1])).get(1)).toMatchObject({
      Placed: 3,
      InFlight: 2,
      Connected: 1,
      Answered: 1,
    });

    now += 60_000;
    await end(a[1]!, 103);
    // An end stamped 3 s ago, committed only now: still inside the settle margin.
    await end(a[2]!, 202, now - 3000);
    const one = (await tally.counts([1, 2])).get(1)!;
    expect(one).toMatchObject({
      Placed: 3,
      InFlight: 0,
      Connected: 1,
      Abandoned: 1,
      Answered: 2,
      AbandonRate: 50,
    });
    expect((await tally.counts([2])).get(2)).toMatchObject({ Placed: 1, InFlight: 1, Ringing: 1 });

    for (let step = 0; step < 5; step++) {
      now += 2000;
      const id = await place(1);
      await end(id, step % 2 === 0 ? 1 : 107);
    }
    now += 30_000;
    expect((await tally.counts([1])).get(1)).toMatchObject({
      Placed: 8,
      Connected: 4,
      Abandoned: 3,
      Answered: 7,
    });
    // A fresh tally agrees with the one that caught up step by step.
    const fresh = new CallTally(database.db, { now: () => now, settleMs: 5000 });
    expect((await fresh.counts([1, 2])).get(1)).toEqual((await tally.counts([1])).get(1));
  });

  it('counts a call in talk as connected and in flight', async () => {
    const tally = new CallTally(database.db, { now: () => now, settleMs: 5000 });
    const id = await place(3);
    await database.db
      .updateTable('sessions')
      .set({ accept_ts: now, seat_join_ts: now, session_status: 'inProgress' })
      .where('session_id', '=', id)
      .execute();
    expect((await tally.counts([3])).get(3)).toMatchObject({
      InFlight: 1,
      Talking: 1,
      Connected: 1,
      Answered: 1,
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { CampaignStatus, StatusReason } from '../../../src/domain/campaign/campaignStatus.ts';
import { deleteCallees } from '../../../src/store/campaigns/calleeRows.ts';
import { settingsOf } from '../../../src/store/campaigns/campaignRecord.ts';
import {
  applyCampaignCommand,
  createCampaign,
  findCampaign,
  updateCampaign,
} from '../../../src/store/campaigns/campaignRepository.ts';
import type { OpenedDatabase } from '../../../src/store/database.ts';
import { provisionApplications } from '../../../src/store/provision.ts';
import { campaignSettings } from '../../support/campaignSettings.ts';
import { openTestDatabase, storeBackends } from '../../support/testDatabase.ts';
import { ACME_APP, testApplications } from '../../support/testServer.ts';

let database: OpenedDatabase;

const settings = campaignSettings();

const create = () =>
  createCampaign(database.db, {
    sdkAppId: ACME_APP,
    settings,
    callees: { numbers: ['+8613012345678'], attributes: new Map() },
    maxLiveCampaigns: null,
    nowMs: 1,
  });

describe.each(storeBackends())('the campaign repository on %s', (backend) => {
  beforeAll(async () => {
    database = await openTestDatabase(backend, 'repo');
    await provisionApplications(
      database,
      loadConfig({}, { applications: testApplications() }, '/nonexistent'),
      0,
    );
  });
  afterAll(() => database.close());

  it('keeps both of two updates made from the same stale read', async () => {
    const id = await create();
    const read = settingsOf((await findCampaign(database.db, ACME_APP, id))!);
    const base = {
      sdkAppId: ACME_APP,
      campaignId: id,
      from: [CampaignStatus.Ready],
      callees: undefined,
      nowMs: 2,
    };
    await updateCampaign(database.db, { ...base, before: read, after: { ...read, name: 'Renamed' } });
    await updateCampaign(database.db, { ...base, before: read, after: { ...read, priority: 1 } });
    const stored = settingsOf((await findCampaign(database.db, ACME_APP, id))!);
    expect(stored).toMatchObject({ name: 'Renamed', priority: 1 });
  });

  it('finishes, and counts, the callees waiting for a retry that a lowered RetryTimes no longer allows', async () => {
    const id = await createCampaign(database.db, {
      sdkAppId: ACME_APP,
      settings: { ...settings, retryTimes: 2 },
      callees: { numbers: ['+8613000000010', '+8613000000011', '+8613000000012'], attributes: new Map() },
      maxLiveCampaigns: null,
      nowMs: 1,
    });
    // Callee 0 was tried once and waits for its retry, callee 1 twice, callee 2 never.
    for (const [seq, attempts] of [
      [0, 1],
      [1, 2],
    ] as const) {
      await database.db
        .updateTable('callees')
        .set({ attempts })
        .where('campaign_id', '=', id)
        .where('seq', '=', seq)
        .execute();
    }
    const read = settingsOf((await findCampaign(database.db, ACME_APP, id))!);
    const update = { sdkAppId: ACME_APP, campaignId: id, from: [CampaignStatus.Ready], callees: undefined };
    await updateCampaign(database.db, {
      ...update,
      before: read,
      after: { ...read, retryTimes: 1 },
      nowMs: 2,
    });
    const states = async () =>
      (
        await database.db
          .selectFrom('callees')
          .select('state')
          .where('campaign_id', '=', id)
          .orderBy('seq')
          .execute()
      ).map((c) => c.state);
    expect(await states()).toEqual(['pending', 'finished', 'pending']);
    expect((await findCampaign(database.db, ACME_APP, id))!.finished_callee_count).toBe(1);
    await updateCampaign(database.db, {
      ...update,
      before: { ...read, retryTimes: 1 },
      after: { ...read, retryTimes: 0 },
      nowMs: 3,
    });
    expect(await states()).toEqual(['finished', 'finished', 'pending']);
    expect((await findCampaign(database.db, ACME_APP, id))!.finished_callee_count).toBe(2);
  });

  describe('a long callee list, changed in ranges with the event loop turning between them', () => {
    const LONG = 12_000;
    let id: number;
    const numbers = Array.from({ length: LONG }, (_, i) => `+86130${String(i).padStart(8, '0')}`);

    beforeAll(async () => {
      id = await createCampaign(database.db, {
        sdkAppId: ACME_APP,
        settings: { ...settings, retryTimes: 2 },
        callees: { numbers, attributes: new Map() },
        maxLiveCampaigns: null,
        nowMs: 1,
      });
    });

    /** Runs `work`, counting the event loop's turns (setImmediate callbacks) until it resolves. */
    async function turnsDuring(work: () => Promise<unknown>): Promise<number> {
      let turns = 0;
      let done = false;
      const turn = () => {
        if (done) return;
        turns++;
        setImmediate(turn);
      };
      setImmediate(turn);
      try {
        await work();
      } finally {
        done = true;
      }
      return turns;
    }

    it('finishes the exhausted callees of every range, the first and last seq of each included', async () => {
      const edges = [0, 4_999, 5_000, 9_999, 10_000, LONG - 1];
      await database.db
        .updateTable('callees')
        .set({ attempts: 2 })
        .where('campaign_id', '=', id)
        .where('seq', 'in', edges)
        .execute();
      const read = settingsOf((await findCampaign(database.db, ACME_APP, id))!);
      await updateCampaign(database.db, {
        sdkAppId: ACME_APP,
        campaignId: id,
        from: [CampaignStatus.Ready],
        callees: undefined,
        before: read,
        after: { ...read, retryTimes: 1 },
        nowMs: 2,
      });
      const finished = await database.db
        .selectFrom('callees')
        .select('seq')
        .where('campaign_id', '=', id)
        .where('state', '=', 'finished')
        .orderBy('seq')
        .execute();
      expect(finished.map((c) => c.seq)).toEqual(edges);
      expect((await findCampaign(database.db, ACME_APP, id))!.finished_callee_count).toBe(edges.length);
    });

    it('deletes every callee, giving the event loop turns meanwhile', async () => {
      const turns = await database.db.transaction().execute((tx) => turnsDuring(() => deleteCallees(tx, id)));
      expect(turns).toBeGreaterThanOrEqual(2);
      const left = await database.db
        .selectFrom('callees')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('campaign_id', '=', id)
        .executeTakeFirstOrThrow();
      expect(Number(left.n)).toBe(0);
    });
  });

  it('changes a status only from the statuses given, so a racing second request changes nothing', async () => {
    const id = await create();
    const abort = {
      kind: 'status',
      status: CampaignStatus.Terminated,
      statusReason: StatusReason.Aborted,
    } as const;
    const from = [CampaignStatus.Ready, CampaignStatus.Running, CampaignStatus.Paused];
    expect(await applyCampaignCommand(database.db, ACME_APP, id, from, abort, 3)).toBe(true);
    expect(await applyCampaignCommand(database.db, ACME_APP, id, from, abort, 4)).toBe(false);
    expect(
      await applyCampaignCommand(
        database.db,
        ACME_APP + 9,
        id,
        [CampaignStatus.Terminated],
        { kind: 'deleted' },
        5,
      ),
    ).toBe(false);
    const row = (await findCampaign(database.db, ACME_APP, id))!;
    expect({ status: row.status, reason: row.status_reason, updated: row.updated_at }).toEqual({
      status: CampaignStatus.Terminated,
      reason: StatusReason.Aborted,
      updated: 3,
    });
  });

  it('writes nothing of a campaign whose status moved out of the allowed ones', async () => {
    const id = await create();
    const read = settingsOf((await findCampaign(database.db, ACME_APP, id))!);
    await database.db
      .updateTable('campaigns')
      .set({ status: CampaignStatus.Running })
      .where('campaign_id', '=', id)
      .execute();
    const changed = await updateCampaign(database.db, {
      sdkAppId: ACME_APP,
      campaignId: id,
      from: [CampaignStatus.Ready],
      before: read,
      after: read,
      callees: { numbers: ['+8613000000000', '+8613000000001'], attributes: new Map() },
      nowMs: 9,
    });
    expect(changed).toBe(false);
    const callees = await database.db
      .selectFrom('callees')
      .select('number')
      .where('campaign_id', '=', id)
      .execute();
    expect(callees).toEqual([{ number: '+8613012345678' }]);
  });
});

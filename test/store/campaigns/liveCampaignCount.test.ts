import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { CampaignStatus, StatusReason } from '../../../src/domain/campaign/campaignStatus.ts';
import { applyCampaignCommand, createCampaign } from '../../../src/store/campaigns/campaignRepository.ts';
import type { OpenedDatabase } from '../../../src/store/database.ts';
import { provisionApplications } from '../../../src/store/provision.ts';
import { campaignSettings } from '../../support/campaignSettings.ts';
import { openTestDatabase, storeBackends } from '../../support/testDatabase.ts';
import { ACME_APP, OTHER_APP, testApplications } from '../../support/testServer.ts';

let database: OpenedDatabase;

const create = (maxLiveCampaigns: number | null = null) =>
  createCampaign(database.db, {
    sdkAppId: ACME_APP,
    settings: campaignSettings({ name: 'Live count' }),
    callees: { numbers: ['+8613012345678'], attributes: new Map() },
    maxLiveCampaigns,
    nowMs: 1,
  });

/** What the triggers keep, and what counting the rows says. */
async function liveCounts(sdkAppId: number): Promise<{ kept: number; counted: number }> {
  const app = await database.db
    .selectFrom('applications')
    .select('live_campaigns')
    .where('sdk_app_id', '=', sdkAppId)
    .executeTakeFirstOrThrow();
  const rows = await database.db
    .selectFrom('campaigns')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('sdk_app_id', '=', sdkAppId)
    .where('deleted', '=', 0)
    .where('status', 'in', [CampaignStatus.Ready, CampaignStatus.Running, CampaignStatus.Paused])
    .executeTakeFirstOrThrow();
  return { kept: Number(app.live_campaigns), counted: Number(rows.n) };
}

describe.each(storeBackends())('the live-campaign count on %s', (backend) => {
  beforeAll(async () => {
    database = await openTestDatabase(backend, 'live');
    await provisionApplications(
      database,
      loadConfig({}, { applications: testApplications() }, '/nonexistent'),
      0,
    );
  });
  afterAll(() => database.close());

  it('follows creates, status changes by anyone, deletion and deleted rows', async () => {
    const [a, b, c] = [await create(), await create(), await create()];
    expect(await liveCounts(ACME_APP)).toEqual({ kept: 3, counted: 3 });
    // The engine's kind of write: a plain UPDATE of the status, live to live and live to ended.
    await database.db
      .updateTable('campaigns')
      .set({ status: CampaignStatus.Running })
      .where('campaign_id', '=', a)
      .execute();
    await database.db
      .updateTable('campaigns')
      .set({ status: CampaignStatus.Paused })
      .where('campaign_id', '=', a)
      .execute();
    expect(await liveCounts(ACME_APP)).toEqual({ kept: 3, counted: 3 });
    await database.db
      .updateTable('campaigns')
      .set({ status: CampaignStatus.Completed })
      .where('campaign_id', '=', b)
      .execute();
    expect(await liveCounts(ACME_APP)).toEqual({ kept: 2, counted: 2 });
    const abort = {
      kind: 'status',
      status: CampaignStatus.Terminated,
      statusReason: StatusReason.Aborted,
    } as const;
    await applyCampaignCommand(database.db, ACME_APP, c, [CampaignStatus.Ready], abort, 2);
    await applyCampaignCommand(database.db, ACME_APP, c, [CampaignStatus.Terminated], { kind: 'deleted' }, 3);
    expect(await liveCounts(ACME_APP)).toEqual({ kept: 1, counted: 1 });
    await applyCampaignCommand(database.db, ACME_APP, a, [CampaignStatus.Paused], { kind: 'deleted' }, 4);
    await database.db.deleteFrom('campaigns').where('campaign_id', 'in', [a, b, c]).execute();
    expect(await liveCounts(ACME_APP)).toEqual({ kept: 0, counted: 0 });
    expect(await liveCounts(OTHER_APP)).toEqual({ kept: 0, counted: 0 });
  });

  it('refuses a create past the limit by the kept count, and counts the refused one nowhere', async () => {
    await create(2);
    await create(2);
    await expect(create(2)).rejects.toMatchObject({ code: 'LimitExceeded.OutOfCountLimit' });
    expect(await liveCounts(ACME_APP)).toEqual({ kept: 2, counted: 2 });
  });
});

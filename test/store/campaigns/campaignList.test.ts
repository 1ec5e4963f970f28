import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { createCampaign, listCampaigns } from '../../../src/store/campaigns/campaignRepository.ts';
import type { OpenedDatabase } from '../../../src/store/database.ts';
import { pageOf } from '../../../src/store/page.ts';
import { provisionApplications } from '../../../src/store/provision.ts';
import { campaignSettings } from '../../support/campaignSettings.ts';
import { openTestDatabase, storeBackends } from '../../support/testDatabase.ts';
import { ACME_APP, OTHER_APP, testApplications } from '../../support/testServer.ts';

let database: OpenedDatabase;
const CAMPAIGNS = 8;

describe.each(storeBackends())('the campaign list on %s', (backend) => {
  beforeAll(async () => {
    database = await openTestDatabase(backend, 'list');
    await provisionApplications(
      database,
      loadConfig({}, { applications: testApplications() }, '/nonexistent'),
      0,
    );
    for (let i = 0; i < CAMPAIGNS; i++) {
      await createCampaign(database.db, {
        sdkAppId: ACME_APP,
        settings: campaignSettings({ name: `Campaign ${i}` }),
        callees: { numbers: ['+8613012345678'], attributes: new Map() },
        maxLiveCampaigns: null,
        nowMs: i,
      });
    }
  });
  afterAll(() => database.close());

  const page = async (sdkAppId: number, pageNumber: number, pageSize: number) => {
    const { total, rows } = await listCampaigns(database.db, { sdkAppId }, pageOf(pageNumber, pageSize));
    return { total, names: rows.map((row) => row.name) };
  };
  const newestFirst = Array.from({ length: CAMPAIGNS }, (_, i) => `Campaign ${CAMPAIGNS - 1 - i}`);

  it('gives the same total on every page, whether or not it had to count', async () => {
    // 8 campaigns by 3: full pages (more follow), a last partial page, then past the end.
    expect(await page(ACME_APP, 0, 3)).toEqual({ total: 8, names: newestFirst.slice(0, 3) });
    expect(await page(ACME_APP, 1, 3)).toEqual({ total: 8, names: newestFirst.slice(3, 6) });
    expect(await page(ACME_APP, 2, 3)).toEqual({ total: 8, names: newestFirst.slice(6) });
    expect(await page(ACME_APP, 3, 3)).toEqual({ total: 8, names: [] });
    expect(await page(ACME_APP, 1_000_000, 100)).toEqual({ total: 8, names: [] });
    // 8 by 4: the last page is full, and the one after it is past the end.
    expect(await page(ACME_APP, 1, 4)).toEqual({ total: 8, names: newestFirst.slice(4) });
    expect(await page(ACME_APP, 2, 4)).toEqual({ total: 8, names: [] });
    expect(await page(ACME_APP, 0, 8)).toEqual({ total: 8, names: newestFirst });
    expect(await page(ACME_APP, 0, 100)).toEqual({ total: 8, names: newestFirst });
  });

  it('gives 0 for an application without campaigns', async () => {
    expect(await page(OTHER_APP, 0, 20)).toEqual({ total: 0, names: [] });
    expect(await page(OTHER_APP, 5, 20)).toEqual({ total: 0, names: [] });
  });
});

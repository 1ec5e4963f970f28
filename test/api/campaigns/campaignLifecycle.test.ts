import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/api/app.ts';
import { loadConfig } from '../../../src/config.ts';
import { systemClock } from '../../../src/dialer/clock/systemClock.ts';
import type { EngineControl } from '../../../src/dialer/engineControl.ts';
import { provisionApplications } from '../../../src/store/provision.ts';
import { cccClient } from '../../support/sdk.ts';
import { apiBackend, openTestDatabase } from '../../support/testDatabase.ts';
import {
  ACME_APP,
  ACME_KEY,
  startTestServer,
  type TestServer,
  testApplications,
} from '../../support/testServer.ts';
import {
  acmeWithLimits,
  forceStatus,
  nowSeconds,
  rawCall,
  refusalOf,
  seedExample,
} from './campaignSupport.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(acmeWithLimits({ maxLiveCampaigns: 1000 }));
});
afterAll(() => server.close());

const Ready = 0;
const Running = 1;
const Paused = 2;
const Terminated = 3;
const Completed = 4;

async function campaignIn(status: number): Promise<number> {
  const { CampaignId } = await server.sdk().CreatePredictiveDialingCampaign(seedExample(nowSeconds()));
  if (status !== Ready) await forceStatus(server, CampaignId, status);
  return CampaignId;
}

async function statusOf(campaignId: number) {
  const { Status, StatusReason } = await rawCall(server, 'DescribePredictiveDialingCampaign', {
    SdkAppId: ACME_APP,
    CampaignId: campaignId,
  });
  return { Status, StatusReason };
}

const command = (action: string, campaignId: number, language?: 'zh-CN') =>
  server.sdk(language ? { language } : {})[action as 'PausePredictiveDialingCampaign']({
    SdkAppId: ACME_APP,
    CampaignId: campaignId,
  });

describe('legal transitions', () => {
  it('pauses a running campaign and resumes it', async () => {
    const id = await campaignIn(Running);
    await command('PausePredictiveDialingCampaign', id);
    expect(await statusOf(id)).toEqual({ Status: Paused, StatusReason: 0 });
    await command('ResumePredictiveDialingCampaign', id);
    expect(await statusOf(id)).toEqual({ Status: Running, StatusReason: 0 });
  });

  it.each([
    ['ready', Ready],
    ['running', Running],
    ['paused', Paused],
  ])('aborts a %s campaign: terminated, ended by hand', async (_, status) => {
    const id = await campaignIn(status);
    await command('AbortPredictiveDialingCampaign', id);
    expect(await statusOf(id)).toEqual({ Status: Terminated, StatusReason: 1 });
  });

  it.each([
    ['ready', Ready],
    ['paused', Paused],
    ['terminated', Terminated],
    ['completed', Completed],
  ])('deletes a %s campaign, after which its id is unknown', async (_, status) => {
    const id = await campaignIn(status);
    await command('DeletePredictiveDialingCampaign', id);
    for (const action of [
      'DescribePredictiveDialingCampaign',
      'DeletePredictiveDialingCampaign',
      'PausePredictiveDialingCampaign',
      'AbortPredictiveDialingCampaign',
    ]) {
      const refusal = await refusalOf(command(action, id));
      expect(refusal.code).toBe('InvalidParameterValue');
      expect(refusal.message).toContain('`CampaignId`');
      expect(refusal.message).toContain(String(id));
    }
    const listed = await server.sdk().DescribePredictiveDialingCampaigns({
      SdkAppId: ACME_APP,
      PageSize: 10,
      PageNumber: 0,
      CampaignId: id,
    });
    expect(listed.TotalCount).toBe(0);
  });
});

describe('illegal transitions are FailedOperation naming the current status', () => {
  it.each([
    ['PausePredictiveDialingCampaign', Ready, '0 (ready)'],
    ['PausePredictiveDialingCampaign', Paused, '2 (paused)'],
    ['PausePredictiveDialingCampaign', Terminated, '3 (terminated)'],
    ['PausePredictiveDialingCampaign', Completed, '4 (completed)'],
    ['ResumePredictiveDialingCampaign', Ready, '0 (ready)'],
    ['ResumePredictiveDialingCampaign', Running, '1 (running)'],
    ['ResumePredictiveDialingCampaign', Terminated, '3 (terminated)'],
    ['AbortPredictiveDialingCampaign', Terminated, '3 (terminated)'],
    ['AbortPredictiveDialingCampaign', Completed, '4 (completed)'],
    ['DeletePredictiveDialingCampaign', Running, '1 (running)'],
  ])('%s of a campaign in status %i', async (action, status, label) => {
    const id = await campaignIn(status);
    const refusal = await refusalOf(command(action, id));
    expect(refusal.code).toBe('FailedOperation');
    expect(refusal.message).toContain(`its status is ${label}`);
    expect((await statusOf(id)).Status).toBe(status);
  });

  it('says so in Chinese to a zh-CN client', async () => {
    const id = await campaignIn(Running);
    const refusal = await refusalOf(command('DeletePredictiveDialingCampaign', id, 'zh-CN'));
    expect(refusal).toEqual({ code: 'FailedOperation', message: expect.stringContaining('1（进行中）') });
  });
});

describe('racing requests', () => {
  it('lets exactly one of ten simultaneous pauses through', async () => {
    const id = await campaignIn(Running);
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () =>
        command('PausePredictiveDialingCampaign', id).then(
          () => 'paused',
          (error) => error.code as string,
        ),
      ),
    );
    expect(outcomes.filter((o) => o === 'paused')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'FailedOperation')).toHaveLength(9);
  });

  it('lets only one of a racing resume and delete of a paused campaign through, and the row agrees', async () => {
    const id = await campaignIn(Paused);
    const [resume, remove] = await Promise.allSettled([
      command('ResumePredictiveDialingCampaign', id),
      command('DeletePredictiveDialingCampaign', id),
    ]);
    expect([resume.status, remove.status].filter((s) => s === 'fulfilled')).toHaveLength(1);
    const row = await server.runtime.database.db
      .selectFrom('campaigns')
      .select(['status', 'deleted'])
      .where('campaign_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual(
      resume.status === 'fulfilled' ? { status: Running, deleted: 0 } : { status: Paused, deleted: 1 },
    );
  });
});

describe('unknown campaigns', () => {
  it.each([
    'DescribePredictiveDialingCampaign',
    'PausePredictiveDialingCampaign',
    'ResumePredictiveDialingCampaign',
    'AbortPredictiveDialingCampaign',
    'DeletePredictiveDialingCampaign',
    'UpdatePredictiveDialingCampaign',
  ])('%s answers InvalidParameterValue naming the CampaignId', async (action) => {
    const refusal = await refusalOf(command(action, 987_654));
    expect(refusal.code).toBe('InvalidParameterValue');
    expect(refusal.message).toBe('The value of `CampaignId` is invalid: campaign 987654 does not exist.');
  });
});

describe('the engine', () => {
  it('hears of every change at once', async () => {
    const dataDir = '/nonexistent';
    const config = loadConfig({}, { rateLimit: 0, applications: testApplications() }, dataDir);
    const database = await openTestDatabase(apiBackend(), 'lifecycle');
    const clock = systemClock();
    await provisionApplications(database, config, clock.now());
    const changed: number[] = [];
    const engine: EngineControl = {
      campaignChanged: (id) => changed.push(id),
      staffChanged: () => {},
      hangUp: async () => false,
    };
    const app = buildApp({
      services: { db: database.db, dialect: database.dialect, clock, config, engine },
      logger: pino({ level: 'silent' }),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const address = app.server.address();
      const sdk = cccClient(
        `127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
        ACME_KEY,
      );
      const { CampaignId: id } = await sdk.CreatePredictiveDialingCampaign(seedExample(nowSeconds()));
      const ids = { SdkAppId: ACME_APP, CampaignId: id };
      await sdk.UpdatePredictiveDialingCampaign({ ...ids, Priority: 1 });
      await database.db.updateTable('campaigns').set({ status: Running }).execute();
      await sdk.PausePredictiveDialingCampaign(ids);
      await sdk.ResumePredictiveDialingCampaign(ids);
      await sdk.AbortPredictiveDialingCampaign(ids);
      await sdk.DeletePredictiveDialingCampaign(ids);
      expect(changed).toEqual([id, id, id, id, id, id]);
      // A refusal changes nothing, so the engine hears nothing.
      await refusalOf(sdk.DeletePredictiveDialingCampaign(ids));
      await sdk.DescribePredictiveDialingCampaigns({ SdkAppId: ACME_APP, PageSize: 1, PageNumber: 0 });
      expect(changed).toHaveLength(6);
    } finally {
      await app.close();
      await database.close();
    }
  });
});

import { CompiledQuery, type Kysely, type KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { OPTIONAL_DEFAULTS } from '../../../src/domain/campaign/campaignSettings.ts';
import { CampaignStatus } from '../../../src/domain/campaign/campaignStatus.ts';
import { createCampaign } from '../../../src/store/campaigns/campaignRepository.ts';
import { KyselyClusterStore } from '../../../src/store/cluster/kyselyClusterStore.ts';
import type { OpenedDatabase } from '../../../src/store/database.ts';
import { KyselyCampaigns } from '../../../src/store/dialer/kyselyCampaigns.ts';
import { countLiveCampaignsUsing } from '../../../src/store/directory/skillGroupStore.ts';
import { provisionApplications } from '../../../src/store/provision.ts';
import type { Database } from '../../../src/store/schema.ts';
import { openTestDatabase } from '../../support/testDatabase.ts';
import { ACME_APP, testApplications } from '../../support/testServer.ts';

/**
 * Campaigns pile up ended (completed, aborted, deleted) while the live ones stay few; the engine
 * lists the live ones every few seconds, a cluster node on every lease round, and
 * DeleteCCCSkillGroup looks for live ones using the group. None of those may read the ended
 * ones: SQLite's plan for each statement they run must find the campaigns through an index.
 */
describe('the live campaigns among many ended ones, on SQLite', () => {
  let database: OpenedDatabase;
  let live: number[];

  beforeAll(async () => {
    database = await openTestDatabase('sqlite');
    await provisionApplications(
      database,
      loadConfig({}, { applications: testApplications() }, '/nonexistent'),
      0,
    );
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) ids.push(await create(i));
    // The first 36 end: completed, aborted or deleted; the last four stay live.
    await database.db
      .updateTable('campaigns')
      .set({ status: CampaignStatus.Completed })
      .where('campaign_id', 'in', ids.slice(0, 12))
      .execute();
    await database.db
      .updateTable('campaigns')
      .set({ status: CampaignStatus.Terminated, status_reason: 1 })
      .where('campaign_id', 'in', ids.slice(12, 24))
      .execute();
    await database.db
      .updateTable('campaigns')
      .set({ deleted: 1 })
      .where('campaign_id', 'in', ids.slice(24, 36))
      .execute();
    await database.db
      .updateTable('campaigns')
      .set({ status: CampaignStatus.Running })
      .where('campaign_id', 'in', ids.slice(36, 38))
      .execute();
    live = ids.slice(36);
  });
  afterAll(() => database.close());

  const create = (i: number) =>
    createCampaign(database.db, {
      sdkAppId: ACME_APP,
      settings: {
        ...OPTIONAL_DEFAULTS,
        name: `Campaign ${i}`,
        callers: ['0086075586013388'],
        callOrder: 1,
        skillGroupId: 255,
        priority: 3,
        expectedAbandonRate: 10,
        retryTimes: 0,
        retryIntervalS: 60,
        startTimeS: 1_000,
        endTimeS: 2_000_000_000,
      },
      callees: { numbers: ['+8613012345678'], attributes: new Map() },
      maxLiveCampaigns: null,
      nowMs: 1,
    });

  /** Runs `work` on a database handle that records every statement it compiles. */
  async function statementsOf(work: (db: Kysely<Database>) => Promise<unknown>): Promise<CompiledQuery[]> {
    const compiled: CompiledQuery[] = [];
    const recorder: KyselyPlugin = {
      transformQuery(args) {
        compiled.push(database.db.getExecutor().compileQuery(args.node, args.queryId));
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    await work(database.db.withPlugin(recorder));
    return compiled;
  }

  /** SQLite's plan for a statement, one step a line. */
  async function planOf(query: CompiledQuery): Promise<string[]> {
    const result = await database.db.executeQuery<{ detail: string }>(
      CompiledQuery.raw(`EXPLAIN QUERY PLAN ${query.sql}`, [...query.parameters]),
    );
    return result.rows.map((row) => row.detail);
  }

  async function expectNoCampaignScan(statements: CompiledQuery[]): Promise<void> {
    const onCampaigns = statements.filter((s) => /from "campaigns"/.test(s.sql));
    expect(onCampaigns.length).toBeGreaterThan(0);
    for (const statement of onCampaigns) {
      const plan = await planOf(statement);
      expect(
        plan.filter((step) => /^SCAN campaigns\b/.test(step)),
        statement.sql,
      ).toEqual([]);
    }
  }

  it("the engine's list of live campaigns", async () => {
    let listed: number[] = [];
    const statements = await statementsOf(async (db) => {
      listed = (await new KyselyCampaigns(db).listLiveCampaigns(5_000_000)).map((c) => c.campaignId);
      await new KyselyCampaigns(db).listLiveCampaigns();
    });
    expect(listed).toEqual(live);
    await expectNoCampaignScan(statements);
  });

  it("a cluster node's view of the campaigns to lease", async () => {
    let viewed: number[] = [];
    const statements = await statementsOf(async (db) => {
      viewed = (await new KyselyClusterStore(db, 'sqlite').view()).campaigns.map((c) => c.campaignId);
    });
    expect(viewed).toEqual(live);
    await expectNoCampaignScan(statements);
  });

  it('the live campaigns using a skill group', async () => {
    let count = 0;
    const statements = await statementsOf(async (db) => {
      count = await countLiveCampaignsUsing(db, ACME_APP, 255);
    });
    expect(count).toBe(live.length);
    await expectNoCampaignScan(statements);
  });
});

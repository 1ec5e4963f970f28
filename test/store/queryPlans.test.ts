import type { CompiledQuery, Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { agentDesk, callGoingOn } from '../../src/console/agentDesk.ts';
import { CampaignStatus } from '../../src/domain/campaign/campaignStatus.ts';
import { createCampaign, listCampaigns } from '../../src/store/campaigns/campaignRepository.ts';
import { KyselyClusterStore } from '../../src/store/cluster/kyselyClusterStore.ts';
import type { OpenedDatabase } from '../../src/store/database.ts';
import { KyselyCampaigns } from '../../src/store/dialer/kyselyCampaigns.ts';
import { countLiveCampaignsUsing } from '../../src/store/directory/skillGroupStore.ts';
import { provisionApplications } from '../../src/store/provision.ts';
import type { Database } from '../../src/store/schema.ts';
import { countCallRecords, describeCallRecords } from '../../src/store/sessions/callRecordQuery.ts';
import { countLiveSessions, listLiveSessions } from '../../src/store/sessions/liveSessionQuery.ts';
import { campaignSettings } from '../support/campaignSettings.ts';
import { statementsOf as recordStatements, planOf as statementPlan } from '../support/statementPlans.ts';
import { openTestDatabase } from '../support/testDatabase.ts';
import { ACME_APP, testApplications } from '../support/testServer.ts';

/**
 * Campaigns and call records pile up ended while the live ones stay few, and SQLite answers on the
 * event loop: a statement that walks every ended row holds every call and request still (seconds,
 * at a million call records). SQLite's plan for each statement must find the few it wants through
 * an index. The plans are read off the statements the store and console functions really run.
 */
describe('lookups among many ended campaigns and calls, on SQLite', () => {
  let database: OpenedDatabase;
  let live: number[];
  const NOW = 1_800_000_000_000;
  const CALLER = '0086075586013388';
  const customer = (n: number) => `+861300000000${n}`;
  const WRAPPING = 'wrapping@example.com';
  const TALKING = 'talking@example.com';

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
    // Calls: six ended long ago, one of them just now (its agent wraps up), one going on.
    const call = (n: number, mail: string, startTs: number, endedTs: number | null) => ({
      session_id: `s-${n}`,
      sdk_app_id: ACME_APP,
      campaign_id: ids[36]!,
      callee_seq: n,
      attempt: 1,
      caller: CALLER,
      callee: customer(n),
      direction: 1,
      call_type: 5,
      session_status: endedTs === null ? 'inProgress' : 'finished',
      start_ts: startTs,
      seat_join_ts: startTs + 5_000,
      ended_ts: endedTs,
      seat_mail: mail,
      skill_group_id: 255,
      skill_group_name: 'Sales',
      end_status: endedTs === null ? null : 1,
      uui: '',
      variables: '[]',
    });
    await database.db
      .insertInto('sessions')
      .values([
        ...[1, 2, 3, 4, 5].map((n) => call(n, WRAPPING, n * 100_000, n * 100_000 + 60_000)),
        call(6, WRAPPING, NOW - 120_000, NOW - 10_000),
        call(7, TALKING, NOW - 30_000, null),
      ])
      .execute();
    const agent = (mail: string, status: string) => ({
      sdk_app_id: ACME_APP,
      mail,
      user_id: mail,
      name: mail,
      phone: '',
      nick: '',
      staff_number: mail,
      status,
      status_reason: '',
      status_since: NOW - 10_000,
      modified_at: 0,
    });
    await database.db
      .insertInto('staff')
      .values([agent(WRAPPING, 'afterCallWork'), agent(TALKING, 'busy')])
      .execute();
  });
  afterAll(() => database.close());

  const create = (i: number) =>
    createCampaign(database.db, {
      sdkAppId: ACME_APP,
      settings: campaignSettings({ name: `Campaign ${i}`, endTimeS: 2_000_000_000 }),
      callees: { numbers: ['+8613012345678'], attributes: new Map() },
      maxLiveCampaigns: null,
      nowMs: 1,
    });

  const statementsOf = (work: (db: Kysely<Database>) => Promise<unknown>) => recordStatements(database, work);
  const planOf = (query: CompiledQuery) => statementPlan(database, query);

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

  /** Each statement on sessions reaches them as `how` says (a step of SQLite's plan). */
  async function expectSessionsReached(statements: CompiledQuery[], how: RegExp): Promise<void> {
    const onSessions = statements.filter((s) => /from "sessions"/.test(s.sql));
    expect(onSessions.length).toBeGreaterThan(0);
    for (const statement of onSessions) {
      const steps = (await planOf(statement)).filter((step) => /^(SEARCH|SCAN) (s|p|sessions)\b/.test(step));
      expect(steps.length, statement.sql).toBe(1);
      expect(steps[0], statement.sql).toMatch(how);
    }
  }

  /** Through the calls going on (or ended since), not through every call of the application or agent. */
  const BY_END = /^SEARCH (s|sessions) USING (COVERING )?INDEX \w+ \(ended_ts[=>]/;

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

  it("an application's campaign listing, whatever its filters, reads that application's campaigns only", async () => {
    const filters = [
      {},
      { nameKeyword: 'Campaign 3' },
      { skillGroupId: 255 },
      { nameKeyword: 'Live', skillGroupId: 255 },
    ];
    const totals: number[] = [];
    const statements = await statementsOf(async (db) => {
      for (const filter of filters) {
        // A page past the end, so that the count runs too.
        totals.push(
          (await listCampaigns(db, { sdkAppId: ACME_APP, ...filter }, { offset: 100, limit: 20 })).total,
        );
      }
      await listCampaigns(db, { sdkAppId: ACME_APP, campaignId: live[0]! }, { offset: 0, limit: 20 });
    });
    expect(totals).toEqual([28, 5, 28, 0]);
    const onCampaigns = statements.filter((s) => /from "campaigns"/.test(s.sql));
    expect(onCampaigns.length).toBe(2 * filters.length + 1);
    for (const statement of onCampaigns) {
      const steps = (await planOf(statement)).filter((step) => /^(SEARCH|SCAN) campaigns\b/.test(step));
      expect(steps, statement.sql).toEqual([expect.stringMatching(/\((sdk_app_id=\?|rowid=\?)/)]);
    }
  });

  it('the calls going on (DescribePSTNActiveSessionList)', async () => {
    let total = 0;
    let listed: string[] = [];
    const statements = await statementsOf(async (db) => {
      total = await countLiveSessions(db, ACME_APP);
      listed = (await listLiveSessions(db, ACME_APP, { offset: 0, limit: 25 })).map((r) => r.sessionId);
    });
    expect([total, listed]).toEqual([1, ['s-7']]);
    await expectSessionsReached(statements, BY_END);
  });

  it("an agent's desk: the call going on, or the one just ended while wrapping up", async () => {
    const desks: Array<string | undefined> = [];
    const statements = await statementsOf(async (db) => {
      const ctx = { db, now: NOW, clockSpeed: 1, defaultWrapUpSeconds: 30 };
      for (const mail of [TALKING, WRAPPING]) {
        const desk = await agentDesk(ctx, ACME_APP, mail);
        desks.push(desk?.Call?.SessionId ?? desk?.LastCall?.SessionId);
      }
      desks.push((await callGoingOn(db, ACME_APP, TALKING))?.session_id);
    });
    expect(desks).toEqual(['s-7', 's-6', 's-7']);
    await expectSessionsReached(statements, BY_END);
  });

  it('the count of call records (DescribeTelCdr) reads the index alone', async () => {
    let count = 0;
    const statements = await statementsOf(async (db) => {
      count = await countCallRecords(db, { sdkAppId: ACME_APP, from: 0, to: NOW });
    });
    expect(count).toBe(6);
    await expectSessionsReached(
      statements,
      /^SEARCH p USING COVERING INDEX \w+ \(sdk_app_id=\? AND start_ts>\? AND start_ts<\?\)/,
    );
  });

  it('call records of a number (DescribeTelCdr with Phones) are found through the indexes of numbers', async () => {
    const found: Array<{ total: number; sessions: string[] }> = [];
    const statements = await statementsOf(async (db) => {
      for (const phones of [[customer(3)], [CALLER], [customer(2), customer(7), '+8613999999999']]) {
        const { total, records } = await describeCallRecords(
          db,
          { sdkAppId: ACME_APP, from: 0, to: NOW, phones },
          { offset: 0, limit: 10 },
        );
        found.push({ total, sessions: records.map((r) => r.sessionId) });
      }
    });
    const onSessions = statements.filter((s) => /from "sessions"/.test(s.sql));
    expect(onSessions.length).toBeGreaterThan(0);
    for (const statement of onSessions) {
      const steps = (await planOf(statement)).filter((step) => /^(SEARCH|SCAN) (s|p)\b/.test(step));
      expect(steps.length, statement.sql).toBeGreaterThan(0);
      for (const step of steps)
        expect(step, statement.sql).toMatch(
          /^SEARCH (p USING (COVERING )?INDEX sessions_app_(callee|caller) \(sdk_app_id=\? AND (callee|caller)=\? AND start_ts>\?|s USING INDEX sqlite_autoindex_sessions_1 \(session_id=\?\))/,
        );
    }
    expect(found).toEqual([
      { total: 1, sessions: ['s-3'] },
      { total: 6, sessions: ['s-1', 's-2', 's-3', 's-4', 's-5', 's-6'] },
      { total: 1, sessions: ['s-2'] },
    ]);
  });
});

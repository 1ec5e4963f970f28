/**
 * `npm run bench -- history`: the lookups that run all day (the engine's list of live campaigns, a
 * cluster node's lease view, the calls going on, an agent's desk, call-record counts, the campaign
 * listing) on a SQLite database holding a long history: many ended campaigns, many finished calls.
 * SQLite answers on the event loop, so a lookup that walks the history holds every call and request
 * still meanwhile. Each is timed through the store and console functions the server runs, and
 * printed against a read of one campaign by its id measured in the same run: a lookup that stays a
 * few such reads whatever the history's size does not walk it.
 *
 * BENCH_HISTORY_CAMPAIGNS and BENCH_HISTORY_CALLS set the history's size (50,000 and 500,000).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { loadConfig } from '../../src/config.ts';
import { agentDesk } from '../../src/console/agentDesk.ts';
import { findCampaign, listCampaigns } from '../../src/store/campaigns/campaignRepository.ts';
import { KyselyClusterStore } from '../../src/store/cluster/kyselyClusterStore.ts';
import { openDatabase } from '../../src/store/database.ts';
import { KyselyCampaigns } from '../../src/store/dialer/kyselyCampaigns.ts';
import { provisionApplications } from '../../src/store/provision.ts';
import { describeCallRecords } from '../../src/store/sessions/callRecordQuery.ts';
import { countLiveSessions, listLiveSessions } from '../../src/store/sessions/liveSessionQuery.ts';

const CAMPAIGNS = Number(process.env.BENCH_HISTORY_CAMPAIGNS ?? 50_000);
const CALLS = Number(process.env.BENCH_HISTORY_CALLS ?? 500_000);
const APP = 1400000000;
const AGENTS = 20;
const LIVE_CAMPAIGNS = 10;
const DAY_MS = 86_400_000;
/** The caller number of every call: the demo application's. */
const CALLER = '0086075586013388';
/** The repository, whose config file declares the demo application. */
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The customer called by the i-th call. */
function customer(i: number): string {
  return `+86130${String(i).padStart(8, '0')}`;
}

/** Ended campaigns and finished calls over 90 days, a few live ones, and the calls going on. */
function fillHistory(file: string, nowMs: number): void {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  const campaign = db.prepare(
    `insert into campaigns (sdk_app_id, name, callers, call_order, skill_group_id, priority,
       expected_abandon_rate, retry_times, retry_interval_s, start_time_s, end_time_s, status,
       status_reason, callee_count, finished_callee_count, deleted, created_at, updated_at)
     values (?, ?, '["0086075586013388"]', 1, 255, 3, 5, 0, 60, ?, ?, ?, ?, 100, 100, ?, ?, ?)`,
  );
  const call = db.prepare(
    `insert into sessions (session_id, sdk_app_id, campaign_id, callee_seq, attempt, caller, callee,
       session_status, start_ts, ring_ts, accept_ts, seat_join_ts, ended_ts, seat_mail, seat_user,
       skill_group_id, skill_group_name, end_status)
     values (?, ?, ?, ?, 1, '${CALLER}', ?, ?, ?, ?, ?, ?, ?, ?, ?, 255, 'Sales', ?)`,
  );
  const nowS = Math.floor(nowMs / 1000);
  db.transaction(() => {
    for (let i = 0; i < CAMPAIGNS; i++) {
      const createdAt = nowMs - 90 * DAY_MS + Math.floor((i * 90 * DAY_MS) / CAMPAIGNS);
      const aborted = i % 3 === 0;
      campaign.run(
        APP,
        `Campaign ${i}`,
        nowS - 100 * 86_400,
        nowS - 1,
        aborted ? 3 : 4,
        aborted ? 1 : 0,
        i % 7 === 0 ? 1 : 0,
        createdAt,
        createdAt,
      );
    }
    for (let i = 0; i < LIVE_CAMPAIGNS; i++)
      campaign.run(APP, `Live ${i}`, nowS - 3600, nowS + 86_400, 1, 0, 0, nowMs, nowMs);
    for (let i = 0; i < CALLS; i++) {
      const start = nowMs - 90 * DAY_MS + Math.floor((i * 90 * DAY_MS) / CALLS);
      const agent = `agent${i % AGENTS}@example.com`;
      call.run(
        randomUUID(),
        APP,
        1 + (i % CAMPAIGNS),
        i,
        customer(i),
        'finished',
        start,
        start + 2000,
        start + 9000,
        start + 9500,
        start + 70_000,
        agent,
        agent,
        1,
      );
    }
    // The calls going on: one per live campaign, each with an agent.
    for (let i = 0; i < LIVE_CAMPAIGNS; i++) {
      const agent = `agent${i}@example.com`;
      call.run(
        randomUUID(),
        APP,
        CAMPAIGNS + 1 + i,
        0,
        '+8613900000000',
        'inProgress',
        nowMs - 30_000,
        nowMs - 28_000,
        nowMs - 21_000,
        nowMs - 20_000,
        null,
        agent,
        agent,
        null,
      );
    }
  })();
  db.close();
}

/** Median of `runs` timings of `work`, ms. */
async function timed(work: () => Promise<unknown>, runs = 7): Promise<number> {
  await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

export async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ccc-history-'));
  const file = path.join(dir, 'ccc.db');
  try {
    const nowMs = Date.now();
    const database = await openDatabase({ kind: 'sqlite', file });
    await provisionApplications(database, loadConfig({}, {}, REPO), nowMs);
    const filling = performance.now();
    fillHistory(file, nowMs);
    process.stdout.write(
      `SQLite, ${CAMPAIGNS.toLocaleString('en')} ended campaigns and ${LIVE_CAMPAIGNS} live ones, ` +
        `${CALLS.toLocaleString('en')} finished calls over 90 days and ${LIVE_CAMPAIGNS} going on ` +
        `(filled in ${((performance.now() - filling) / 1000).toFixed(1)} s); median of 7 runs each\n`,
    );
    const { db } = database;
    // An agent between calls: the desk looks for a call going on and finds none.
    const mail = `agent${AGENTS - 1}@example.com`;
    await db
      .insertInto('staff')
      .values({
        sdk_app_id: APP,
        mail,
        user_id: mail,
        name: 'Agent',
        phone: '',
        nick: '',
        staff_number: '19',
        status: 'free',
        status_reason: '',
        status_since: nowMs - 20_000,
        modified_at: nowMs,
      })
      .execute();
    const base = await timed(() => findCampaign(db, APP, Math.floor(CAMPAIGNS / 2)));
    const lookups: Array<[string, () => Promise<unknown>]> = [
      [
        "the engine's live campaigns (every 5 s)",
        () => new KyselyCampaigns(db).listLiveCampaigns(nowMs + 15_000),
      ],
      ["a cluster node's lease view (every lease round)", () => new KyselyClusterStore(db, 'sqlite').view()],
      [
        'DescribePSTNActiveSessionList (count and page)',
        async () => {
          const [total] = await Promise.all([
            countLiveSessions(db, APP),
            listLiveSessions(db, APP, { offset: 0, limit: 25 }),
          ]);
          if (total !== LIVE_CAMPAIGNS) throw new Error(`${total} calls going on, not ${LIVE_CAMPAIGNS}`);
        },
      ],
      [
        "an agent's desk, between calls (on each of the agent's events)",
        async () => {
          const desk = await agentDesk(
            { db, now: nowMs, clockSpeed: 1, defaultWrapUpSeconds: 30 },
            APP,
            mail,
          );
          if (!desk || desk.Call) throw new Error('the desk should show an agent between calls');
        },
      ],
      [
        'DescribeTelCdr, one day (count and page of 100)',
        () => {
          const filter = { sdkAppId: APP, from: nowMs - DAY_MS, to: nowMs };
          return describeCallRecords(db, filter, { offset: 0, limit: 100 });
        },
      ],
      [
        'DescribeTelCdr, 89 days (count and page of 100)',
        () => {
          const filter = { sdkAppId: APP, from: nowMs - 89 * DAY_MS, to: nowMs };
          return describeCallRecords(db, filter, { offset: 0, limit: 100 });
        },
      ],
      [
        'DescribeTelCdr, 89 days, Phones: a customer',
        () => {
          const filter = {
            sdkAppId: APP,
            from: nowMs - 89 * DAY_MS,
            to: nowMs,
            phones: [customer(CALLS - 1)],
          };
          return describeCallRecords(db, filter, { offset: 0, limit: 100 });
        },
      ],
      [
        'DescribeTelCdr, 89 days, Phones: the caller number of every call',
        () => {
          const filter = { sdkAppId: APP, from: nowMs - 89 * DAY_MS, to: nowMs, phones: [CALLER] };
          return describeCallRecords(db, filter, { offset: 0, limit: 100 });
        },
      ],
      [
        'DescribePredictiveDialingCampaigns (TotalCount and page of 20)',
        () => listCampaigns(db, { sdkAppId: APP }, { offset: 0, limit: 20 }),
      ],
    ];
    process.stdout.write(
      `  ${'a campaign read by its id (the baseline)'.padEnd(66)} ${base.toFixed(3).padStart(9)} ms\n`,
    );
    for (const [name, work] of lookups) {
      const ms = await timed(work);
      process.stdout.write(
        `  ${name.padEnd(66)} ${ms.toFixed(3).padStart(9)} ms  ${(ms / base).toFixed(0).padStart(6)} × the baseline\n`,
      );
    }
    await database.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

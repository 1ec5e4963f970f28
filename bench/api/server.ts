/**
 * A server under load for bench/api/throughput.ts, in a process of its own so that it does not
 * share an event loop (or a core) with autocannon:
 * - `server.ts ccc [fresh|dialing]`: our API, as the tests start it (fresh SQLite, silent logs, rate
 *   limit off), with ACME's live-campaign limit lifted so that a Create load never hits it; with
 *   `fresh`, every answer is made afresh (no listing is given again, as on PostgreSQL); with
 *   `dialing`, while the engine dials a campaign (see dialing());
 * - `server.ts bare <bytes>`: a bare Fastify route answering an envelope of that size, what the
 *   framework alone costs;
 * - `server.ts gateway <answers.json>`: our API whose handlers answer the file's outputs at once;
 * - `server.ts floor`: our API whose Create only writes its rows (see floor()).
 * Prints `{"endpoint":"127.0.0.1:<port>"}` on one line once listening; exits when stdin closes
 * (the parent ended) or on SIGTERM, removing its data directory.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Static } from '@sinclair/typebox';
import BetterSqlite3 from 'better-sqlite3';
import Fastify from 'fastify';
import type { ActionContext } from '../../src/api/action.ts';
import { createPredictiveDialingCampaign } from '../../src/api/actions/campaigns/createPredictiveDialingCampaign.ts';
import { allActions } from '../../src/api/actions/index.ts';
import { requireApplication } from '../../src/api/tenancy.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/store/database.ts';
import { provisionApplications } from '../../src/store/provision.ts';
import { GroupCommit } from '../../src/store/sqlite/groupCommit.ts';
import { seedExample } from '../../test/api/campaigns/campaignSupport.ts';
import { ACME_APP, startTestServer, testApplications } from '../../test/support/testServer.ts';

async function ccc(fresh: boolean): Promise<{ endpoint: string; close(): Promise<void> }> {
  const applications = testApplications().map((app) =>
    app.sdkAppId === ACME_APP ? { ...app, limits: { ...app.limits, maxLiveCampaigns: 100_000_000 } } : app,
  );
  // `fresh`: no answer is given again, as on PostgreSQL, where nothing is kept.
  const actions = allActions.map((action) => {
    if (!fresh) return action;
    const { answerKeptUntilChange: _kept, ...answeredAfresh } = action;
    return answeredAfresh;
  });
  return startTestServer({ applications }, { actions });
}

/** Simulated agents and clock speed of `server.ts ccc dialing`. */
const DIALING_AGENTS = 100;
const DIALING_CLOCK_SPEED = 10;

/**
 * Our API while the engine dials a campaign on the simulated network (DIALING_AGENTS agents, the
 * clock DIALING_CLOCK_SPEED× real time): the engine commits callees, sessions and campaign counts
 * all the time, as in production while campaigns run.
 */
async function dialing(): Promise<{ endpoint: string; close(): Promise<void> }> {
  const applications = testApplications().map((app) =>
    app.sdkAppId === ACME_APP
      ? {
          ...app,
          simulatedAgents: { skillGroupId: 255, count: DIALING_AGENTS },
          limits: { ...app.limits, maxLiveCampaigns: 100_000_000, maxCalleesPerCampaign: 1_000_000 },
        }
      : app,
  );
  const server = await startTestServer({ applications, clockSpeed: DIALING_CLOCK_SPEED }, { dialing: true });
  const now = Math.floor(server.runtime.clock.now() / 1000);
  await server.sdk().CreatePredictiveDialingCampaign(
    seedExample(now, {
      Name: 'Dialing now',
      Callees: Array.from({ length: 20_000 }, (_, i) => `+86130${String(i).padStart(8, '0')}`),
      StartTime: now,
      EndTime: now + 30 * 86_400,
    }),
  );
  const startedMs = performance.now();
  return {
    endpoint: server.endpoint,
    async close() {
      // How busy the engine was: each placed call is a session row.
      const { n } = await server.runtime.database.db
        .selectFrom('sessions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const seconds = (performance.now() - startedMs) / 1000;
      process.stderr.write(
        `(the dialing server placed ${n} calls in ${seconds.toFixed(0)} s: ${(Number(n) / seconds).toFixed(1)} a second)\n`,
      );
      await server.close();
    },
  };
}

/**
 * Our API with every action's handler answering a fixed output (the file's, by action name) without
 * any work of its own: what the gateway costs — signature, parsing, validation, the envelope.
 */
async function gateway(answersFile: string): Promise<{ endpoint: string; close(): Promise<void> }> {
  const answers = JSON.parse(readFileSync(answersFile, 'utf8')) as Record<string, Record<string, unknown>>;
  const actions = allActions.map((action) => {
    const answer = answers[action.name];
    return answer ? { ...action, handler: async () => answer } : action;
  });
  return startTestServer({ applications: testApplications() }, { actions });
}

/**
 * The least a durable Create costs in this design: our API (signature, parsing, validation,
 * tenancy, envelope) whose Create handler, instead of its checks and the store's Kysely queries,
 * writes the campaign row and its callee rows with bare prepared statements, through the same group
 * commit (synchronous=FULL), into a SQLite file of its own migrated by the store. The statements
 * are the store's, written out: a row less or a cheaper one would not be the same work.
 */
async function floor(): Promise<{ endpoint: string; close(): Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ccc-floor-'));
  const file = path.join(dir, 'floor.db');
  const migrated = await openDatabase({ kind: 'sqlite', file });
  await provisionApplications(
    migrated,
    loadConfig({}, { applications: testApplications() }, dir),
    Date.now(),
  );
  await migrated.close();
  const writer = new BetterSqlite3(file);
  writer.pragma('journal_mode = WAL');
  writer.pragma('synchronous = FULL');
  const group = new GroupCommit(writer);
  const liveCount = writer.prepare('select live_campaigns from applications where sdk_app_id = ?');
  const campaign = writer.prepare(
    `insert into campaigns (sdk_app_id, name, callers, call_order, skill_group_id, ivr_id, priority,
       expected_abandon_rate, retry_times, retry_interval_s, start_time_s, end_time_s, variables, uui,
       time_zone, available_time, status, status_reason, callee_count, finished_callee_count, deleted,
       created_at, updated_at)
     values (?, ?, ?, ?, ?, null, ?, ?, 0, ?, ?, ?, '[]', '', null, '[]', 0, 0, ?, 0, 0, ?, ?)
     returning campaign_id`,
  );
  const callee = writer.prepare(
    `insert into callees (campaign_id, seq, number, order_key, uui, variables, state, attempts, next_attempt_at)
     values (?, ?, ?, ?, null, null, 'pending', 0, 0)`,
  );
  type CreateInput = Static<typeof createPredictiveDialingCampaign.input>;
  const writeRows = (input: CreateInput): number => {
    liveCount.get(input.SdkAppId);
    const now = Date.now();
    const { campaign_id: id } = campaign.get(
      input.SdkAppId,
      input.Name,
      JSON.stringify(input.Callers),
      input.CallOrder,
      input.SkillGroupId,
      input.Priority ?? 1,
      input.ExpectedAbandonRate,
      input.RetryInterval ?? 60,
      input.StartTime,
      input.EndTime,
      input.Callees.length,
      now,
      now,
    ) as { campaign_id: number };
    for (const [seq, number] of input.Callees.entries()) callee.run(id, seq, number, seq);
    return id;
  };
  const actions = allActions.map((action) =>
    action.name === createPredictiveDialingCampaign.name
      ? {
          ...action,
          async handler(ctx: ActionContext, input: Record<string, unknown>) {
            const create = input as CreateInput;
            await requireApplication(ctx, create.SdkAppId);
            return { CampaignId: await group.transaction(() => writeRows(create)) };
          },
        }
      : action,
  );
  const server = await startTestServer({ applications: testApplications() }, { actions });
  return {
    endpoint: server.endpoint,
    async close() {
      await server.close();
      await group.close();
      writer.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function bare(bodySize: number): Promise<{ endpoint: string; close(): Promise<void> }> {
  const app = Fastify();
  const empty = JSON.stringify({ Response: { Pad: '', RequestId: '' } }).length;
  const body = JSON.stringify({
    Response: { Pad: 'x'.repeat(Math.max(0, bodySize - empty)), RequestId: '' },
  });
  app.post('/', async (_req, reply) => reply.header('content-type', 'application/json').send(body));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return {
    endpoint: `127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    close: () => app.close(),
  };
}

const [kind, argument] = process.argv.slice(2);
const server =
  kind === 'bare'
    ? await bare(Number(argument))
    : kind === 'gateway'
      ? await gateway(String(argument))
      : kind === 'floor'
        ? await floor()
        : argument === 'dialing'
          ? await dialing()
          : await ccc(argument === 'fresh');
let closing = false;
const stop = async () => {
  if (closing) return;
  closing = true;
  await server.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
process.stdout.write(`${JSON.stringify({ endpoint: server.endpoint })}\n`);

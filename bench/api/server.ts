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
 * - `server.ts rows-loop` and `server.ts rows-thread`: our API whose Create only writes its rows
 *   (see rowsOnly()).
 * Prints `{"endpoint":"127.0.0.1:<port>"}` on one line once listening; exits when stdin closes
 * (the parent ended) or on SIGTERM, removing its data directory.
 */
import { readFileSync, rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import Fastify from 'fastify';
import type { ActionContext } from '../../src/api/action.ts';
import { createPredictiveDialingCampaign } from '../../src/api/actions/campaigns/createPredictiveDialingCampaign.ts';
import { allActions } from '../../src/api/actions/index.ts';
import { requireApplication } from '../../src/api/tenancy.ts';
import { GroupCommit } from '../../src/store/sqlite/groupCommit.ts';
import { openSqliteWriter } from '../../src/store/sqlite/openSqlite.ts';
import { seedExample } from '../../test/api/campaigns/campaignSupport.ts';
import { ACME_APP, startTestServer, testApplications } from '../../test/support/testServer.ts';
import { batchedPerTurn, type CreateInput, createRowWriter, rowsOnlyDatabase } from './createRows.ts';

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
 * The least a durable Create costs: our API (signature, parsing, validation, tenancy, envelope)
 * whose Create handler, instead of its checks and the store's Kysely queries, has the same rows
 * written by bare prepared statements (bench/api/createRows.ts) into a SQLite file of its own,
 * through the same group commit (synchronous=FULL), and answers once they are on disk:
 * - `loop`: written on the event loop, as our store writes;
 * - `thread`: written on a thread of their own, the event loop handing each Create over.
 */
async function rowsOnly(where: 'loop' | 'thread'): Promise<{ endpoint: string; close(): Promise<void> }> {
  const { dir, file } = await rowsOnlyDatabase();
  const rows = where === 'loop' ? rowsOnTheLoop(file) : rowsOnAThread(file);
  const actions = allActions.map((action) =>
    action.name === createPredictiveDialingCampaign.name
      ? {
          ...action,
          async handler(ctx: ActionContext, input: Record<string, unknown>) {
            const create = input as CreateInput;
            await requireApplication(ctx, create.SdkAppId);
            return { CampaignId: await rows.write(create) };
          },
        }
      : action,
  );
  const server = await startTestServer({ applications: testApplications() }, { actions });
  return {
    endpoint: server.endpoint,
    async close() {
      await server.close();
      await rows.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface RowsWriter {
  write(input: CreateInput): Promise<number>;
  close(): Promise<void>;
}

function rowsOnTheLoop(file: string): RowsWriter {
  const writer = openSqliteWriter(file);
  const group = new GroupCommit(writer);
  const write = createRowWriter(writer);
  return {
    write: (input) => group.transaction(() => write(input)),
    async close() {
      await group.close();
      writer.close();
    },
  };
}

/** The inputs of one turn of the event loop go over in one message, the ids come back likewise. */
function rowsOnAThread(file: string): RowsWriter {
  const worker = new Worker(new URL('./createRowsThread.mjs', import.meta.url), { workerData: { file } });
  const waiting = new Map<number, (id: number) => void>();
  let requests = 0;
  const handOver = batchedPerTurn<[number, CreateInput]>((inputs) => worker.postMessage(inputs));
  worker.on('message', (answers: Array<[number, number]>) => {
    for (const [request, id] of answers) {
      waiting.get(request)!(id);
      waiting.delete(request);
    }
  });
  return {
    write(input) {
      const request = requests++;
      handOver([request, input]);
      return new Promise((resolve) => waiting.set(request, resolve));
    },
    async close() {
      await worker.terminate();
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
      : kind === 'rows-loop' || kind === 'rows-thread'
        ? await rowsOnly(kind === 'rows-loop' ? 'loop' : 'thread')
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

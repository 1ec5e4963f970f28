/**
 * A server under load for bench/api/throughput.ts, in a process of its own so that it does not
 * share an event loop (or a core) with autocannon:
 * - `server.ts ccc [fresh]`: our API, as the tests start it (fresh SQLite, silent logs, rate limit
 *   off), with ACME's live-campaign limit lifted so that a Create load never hits it; with `fresh`,
 *   every answer is made afresh (no listing is given again until the database changes);
 * - `server.ts bare <bytes>`: a bare Fastify route answering an envelope of that size, what the
 *   framework alone costs;
 * - `server.ts gateway <answers.json>`: our API whose handlers answer the file's outputs at once.
 * Prints `{"endpoint":"127.0.0.1:<port>"}` on one line once listening; exits when stdin closes
 * (the parent ended) or on SIGTERM, removing its data directory.
 */
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { allActions } from '../../src/api/actions/index.ts';
import { ACME_APP, startTestServer, testApplications } from '../../test/support/testServer.ts';

async function ccc(fresh: boolean): Promise<{ endpoint: string; close(): Promise<void> }> {
  const applications = testApplications().map((app) =>
    app.sdkAppId === ACME_APP ? { ...app, limits: { ...app.limits, maxLiveCampaigns: 100_000_000 } } : app,
  );
  // `fresh`: no answer is given again, as while campaigns dial and the engine commits all the time.
  const actions = allActions.map((action) => (fresh ? { ...action, answerKeptUntilChange: false } : action));
  return startTestServer({ applications }, { actions });
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

/**
 * A server under load for bench/api/throughput.ts, in a process of its own so that it does not
 * share an event loop (or a core) with autocannon:
 * - `server.ts ccc`: our API, as the tests start it (fresh SQLite, silent logs, rate limit off),
 *   with ACME's live-campaign limit lifted so that a Create load never hits it;
 * - `server.ts bare <bytes>`: a bare Fastify route answering an envelope of that size, what the
 *   framework alone costs.
 * Prints `{"endpoint":"127.0.0.1:<port>"}` on one line once listening; exits when stdin closes
 * (the parent ended) or on SIGTERM, removing its data directory.
 */
import Fastify from 'fastify';
import { ACME_APP, startTestServer, testApplications } from '../../test/support/testServer.ts';

async function ccc(): Promise<{ endpoint: string; close(): Promise<void> }> {
  const applications = testApplications().map((app) =>
    app.sdkAppId === ACME_APP ? { ...app, limits: { ...app.limits, maxLiveCampaigns: 100_000_000 } } : app,
  );
  return startTestServer({ applications });
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

const [kind, size] = process.argv.slice(2);
const server = kind === 'bare' ? await bare(Number(size)) : await ccc();
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

import { createRequire } from 'node:module';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { ACME_APP, ACME_KEY, startTestServer } from '../../test/support/testServer.ts';

const require = createRequire(import.meta.url);
const Sign = require('tencentcloud-sdk-nodejs-intl-en/tencentcloud/common/sign.js');

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

/** A request signed once with the official SDK's TC3 signer; valid for the 300 s skew window. */
function signed(endpoint: string, action: string, payload: Record<string, unknown>) {
  const timestamp = Math.floor(Date.now() / 1000);
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  const authorization = Sign.sign3({
    method: 'POST',
    url: `http://${endpoint}/`,
    payload,
    timestamp,
    service: endpoint.split('.')[0],
    secretId: ACME_KEY.secretId,
    secretKey: ACME_KEY.secretKey,
    headers,
  });
  return {
    method: 'POST' as const,
    body,
    headers: {
      ...headers,
      Authorization: authorization,
      'X-TC-Action': action,
      'X-TC-Version': '2020-02-10',
      'X-TC-Timestamp': String(timestamp),
    },
  };
}

async function load(url: string, request: { method: 'POST'; body: string; headers: Record<string, string> }) {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    method: request.method,
    body: request.body,
    headers: request.headers,
  });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

/** A bare Fastify route answering a body of the given size: what the framework alone costs. */
async function bareServer(bodySize: number) {
  const app = Fastify();
  const body = JSON.stringify({ Response: { Pad: 'x'.repeat(Math.max(0, bodySize - 26)), RequestId: '' } });
  app.post('/', async (_req, reply) => reply.header('content-type', 'application/json').send(body));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return { app, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/` };
}

export async function main(): Promise<void> {
  const bench = await startTestServer();
  try {
    await bench.runtime.database.db
      .updateTable('applications')
      .set({ max_live_campaigns: 100_000_000 })
      .where('sdk_app_id', '=', ACME_APP)
      .execute();
    const now = Math.floor(bench.runtime.clock.now() / 1000);
    const createPayload = {
      SdkAppId: ACME_APP,
      Name: 'Bench campaign',
      Callees: ['+8613012345678', '+8613012345679', '+8613012345670'],
      Callers: ['0086075586013388'],
      CallOrder: 1,
      SkillGroupId: 255,
      Priority: 3,
      ExpectedAbandonRate: 10,
      RetryInterval: 1800,
      StartTime: now + 86_400,
      EndTime: now + 2 * 86_400,
    };
    const sdk = bench.sdk();
    for (let i = 0; i < 20; i++)
      await sdk.CreatePredictiveDialingCampaign({ ...createPayload, Name: `Seed ${i}` });
    const url = `http://${bench.endpoint}/`;
    const describe = signed(bench.endpoint, 'DescribePredictiveDialingCampaigns', {
      SdkAppId: ACME_APP,
      PageSize: 20,
      PageNumber: 0,
    });
    const create = signed(bench.endpoint, 'CreatePredictiveDialingCampaign', createPayload);
    const describeSize = (
      await (await fetch(url, { method: 'POST', body: describe.body, headers: describe.headers })).text()
    ).length;
    const createSize = (
      await (await fetch(url, { method: 'POST', body: create.body, headers: create.headers })).text()
    ).length;

    const bareDescribe = await bareServer(describeSize);
    const bareCreate = await bareServer(createSize);
    const baseD = await load(bareDescribe.url, describe);
    const d = await load(url, describe);
    const baseC = await load(bareCreate.url, create);
    const c = await load(url, create);
    await bareDescribe.app.close();
    await bareCreate.app.close();

    const row = (name: string, r: { rps: number; p99: number; errors: number }, base: { rps: number }) =>
      `${name.padEnd(44)} ${r.rps.toFixed(0).padStart(8)} req/s  p99 ${String(r.p99).padStart(4)} ms  errors ${r.errors}  ratio ${(r.rps / base.rps).toFixed(2)}`;
    process.stdout.write(
      [
        `autocannon, ${CONNECTIONS} connections, ${SECONDS} s each, rate limit off, SQLite (WAL, synchronous=FULL)`,
        row('bare Fastify, Describe-sized envelope', baseD, baseD),
        row('signed DescribePredictiveDialingCampaigns', d, baseD),
        row('bare Fastify, Create-sized envelope', baseC, baseC),
        row('signed CreatePredictiveDialingCampaign (3)', c, baseC),
        `targets: Describe ≥ 0.50 (${(d.rps / baseD.rps).toFixed(2)}), Create ≥ 0.30 (${(c.rps / baseC.rps).toFixed(2)})`,
        '',
      ].join('\n'),
    );
  } finally {
    await bench.close();
  }
}

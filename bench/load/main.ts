/**
 * `npm run bench -- load`: the real server (`serve`, SQLite, sim telephony on the real clock) in a
 * child process, 10 campaigns dialing in real time, and autocannon sending a mix of signed API
 * requests — Describe campaigns, sessions, CDR, live calls, and Create — as fast as the server
 * answers them (rate limit off), for BENCH_SECONDS (120). Reports requests/s, p50/p99 latency,
 * errors (HTTP or API: must be 0), the engine's pacing-tick lateness (from the
 * `ccc_engine_tick_lateness_seconds` histogram on /metrics: p99 must stay ≤ 50 ms) and the
 * server's RSS after warm-up and at the end (growth ≤ 10%).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { signedTc3 } from '../../test/support/rawHttp.ts';
import { cccClient } from '../../test/support/sdk.ts';
import { ServerProcess } from '../../test/support/serverProcess.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 120);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const CAMPAIGNS = 10;
const CALLEES = 20_000;
const AGENTS = 50;
const APP = 1400000000;
const KEY = { secretId: 'AKIDloadloadloadloadloadload0001', secretKey: 'loadsecretloadsecretloadsecret01' };
const CALLER = '0086075586013388';
const GROUP = 255;
/** Requests are signed again when their signature is this old: it is good for 300 s. */
const RESIGN_AFTER_MS = 120_000;

export async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ccc-load-'));
  const configFile = path.join(dataDir, 'config.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      applications: [
        {
          sdkAppId: APP,
          name: 'Load',
          account: 'load',
          numbers: [{ number: CALLER, state: 1, callOutSkillGroupIds: [GROUP] }],
          skillGroups: [{ skillGroupId: GROUP, name: 'Outbound', type: 0 }],
          simulatedAgents: { skillGroupId: GROUP, count: AGENTS },
          limits: { maxCalleesPerCampaign: 1_000_000, maxLiveCampaigns: 1_000_000, wrapUpSeconds: 5 },
        },
      ],
    }),
  );
  const server = new ServerProcess({
    CCC_CONFIG: configFile,
    CCC_DATA_DIR: dataDir,
    CCC_CLOCK_SPEED: '1',
    CCC_SECRET_ID: KEY.secretId,
    CCC_SECRET_KEY: KEY.secretKey,
    CCC_RATE_LIMIT: '0',
    CCC_LOG_LEVEL: 'warn',
  });
  try {
    const endpoint = await server.ready();
    const sdk = cccClient(endpoint, KEY);
    const now = () => Math.floor(Date.now() / 1000);
    const campaignIds: number[] = [];
    for (let c = 0; c < CAMPAIGNS; c++) {
      const { CampaignId } = await sdk.CreatePredictiveDialingCampaign({
        SdkAppId: APP,
        Name: `Dialing ${c}`,
        Callees: Array.from(
          { length: CALLEES },
          (_, i) => `+86131${String(c * CALLEES + i).padStart(8, '0')}`,
        ),
        Callers: [CALLER],
        CallOrder: 1,
        SkillGroupId: GROUP,
        Priority: 1 + (c % 5),
        ExpectedAbandonRate: 5,
        RetryTimes: 1,
        RetryInterval: 60,
        StartTime: now() - 60,
        EndTime: now() + 6 * 3600,
      });
      campaignIds.push(CampaignId);
    }
    const mix = requestMix(endpoint, campaignIds);
    process.stdout.write(
      `server: serve in a child process, SQLite (WAL, synchronous=FULL), sim telephony on the real clock, ${AGENTS} agents\n` +
        `dialing: ${CAMPAIGNS} campaigns of ${CALLEES} callees; load: autocannon, ${CONNECTIONS} connections, ` +
        `${mix.length} requests in turn (${mix.map((r) => r.action).join(', ')})\n`,
    );

    // The machine's own noise: the engine's ticks with the campaigns dialing and no API load.
    const quietSeconds = Math.min(20, Math.max(5, Math.round(SECONDS / 6)));
    const quietStart = await scrape(endpoint);
    await new Promise((resolve) => setTimeout(resolve, quietSeconds * 1000));
    const quiet = histogramDelta(quietStart, await scrape(endpoint), 'ccc_engine_tick_lateness_seconds');
    const warmUp = Math.min(10, Math.max(2, Math.round(SECONDS / 10)));
    await run(endpoint, mix, warmUp);
    const before = await scrape(endpoint);
    const result = await run(endpoint, mix, SECONDS);
    const after = await scrape(endpoint);

    const lateness = histogramDelta(before, after, 'ccc_engine_tick_lateness_seconds');
    const apiErrors = [...after.requests].filter(([code]) => code !== 'Success');
    const errorCount =
      result.errors +
      result.timeouts +
      result.non2xx +
      result.envelopeErrors +
      apiErrors.reduce((n, [code, count]) => n + count - (before.requests.get(code) ?? 0), 0);
    const calls = await sdk.DescribeTelCdr({
      SdkAppId: APP,
      StartTimeStamp: now() - 3600,
      EndTimeStamp: now() + 60,
      PageSize: 1,
      PageNumber: 0,
    });
    const rssGrowth = (after.rss - before.rss) / before.rss;
    const p99Lateness = lateness.quantile(0.99);
    const lines = [
      `${SECONDS} s: ${result.requests.total} requests, ${result.requests.average.toFixed(0)} req/s; latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`,
      `errors: ${errorCount} (HTTP errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}, API error answers ${result.envelopeErrors}${apiErrors.length > 0 ? `: ${JSON.stringify(apiErrors)}` : ''})`,
      `engine ticks under load: ${lateness.count}; lateness p50 ≤ ${ms(lateness.quantile(0.5))}, p99 ≤ ${ms(p99Lateness)}, ${(100 * lateness.fractionAtMost(0.05)).toFixed(2)}% within 50 ms, worst ≤ ${ms(lateness.quantile(1))}`,
      `engine ticks without API load (${quietSeconds} s before): ${quiet.count}; lateness p50 ≤ ${ms(quiet.quantile(0.5))}, p99 ≤ ${ms(quiet.quantile(0.99))}, worst ≤ ${ms(quiet.quantile(1))}`,
      `machine: ${os.cpus().length} CPUs, load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (other processes compete for the CPUs)`,
      `dialing during the run: ${calls.TotalCount} calls ended in the last hour`,
      `server RSS: ${mb(before.rss)} after warm-up, ${mb(after.rss)} at the end (${(100 * rssGrowth).toFixed(1)}%); JS heap used ${mb(before.heap)} → ${mb(after.heap)}`,
      `verdict: errors ${errorCount === 0 ? 'OK' : 'FAIL'}, tick lateness p99 ≤ 50 ms ${p99Lateness <= 0.05 ? 'OK' : 'FAIL'}, RSS growth ≤ 10% ${rssGrowth <= 0.1 ? 'OK' : 'FAIL'}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await server.stop().catch(() => server.kill());
    rmSync(dataDir, { recursive: true, force: true });
  }
}

interface MixedRequest {
  readonly action: string;
  readonly params: Record<string, unknown>;
}

function requestMix(endpoint: string, campaignIds: readonly number[]): MixedRequest[] {
  const now = Math.floor(Date.now() / 1000);
  const describes: MixedRequest[] = [
    { action: 'DescribePredictiveDialingCampaigns', params: { SdkAppId: APP, PageSize: 20, PageNumber: 0 } },
    { action: 'DescribePredictiveDialingCampaign', params: { SdkAppId: APP, CampaignId: campaignIds[0] } },
    {
      action: 'DescribePredictiveDialingSessions',
      params: { SdkAppId: APP, CampaignId: campaignIds[1], PageSize: 100, PageNumber: 0 },
    },
    {
      action: 'DescribeTelCdr',
      params: {
        SdkAppId: APP,
        StartTimeStamp: now - 3600,
        EndTimeStamp: now + 3 * 3600,
        PageSize: 100,
        PageNumber: 0,
      },
    },
    { action: 'DescribePSTNActiveSessionList', params: { SdkAppId: APP, Offset: 0, Limit: 25 } },
    { action: 'DescribeStaffStatusMetrics', params: { SdkAppId: APP } },
  ];
  // One Create in eight: 10 callees, starting tomorrow, so that the created campaigns do not dial.
  const create: MixedRequest = {
    action: 'CreatePredictiveDialingCampaign',
    params: {
      SdkAppId: APP,
      Name: 'Load create',
      Callees: Array.from({ length: 10 }, (_, i) => `+86132${String(i).padStart(8, '0')}`),
      Callers: [CALLER],
      CallOrder: 0,
      SkillGroupId: GROUP,
      Priority: 3,
      ExpectedAbandonRate: 10,
      RetryInterval: 600,
      StartTime: now + 86_400,
      EndTime: now + 2 * 86_400,
    },
  };
  void endpoint;
  return [...describes, describes[0]!, create];
}

interface RunResult extends autocannon.Result {
  envelopeErrors: number;
}

async function run(endpoint: string, mix: readonly MixedRequest[], seconds: number): Promise<RunResult> {
  const signedAt = new Map<number, number>();
  const sign = (index: number) => {
    const { action, params } = mix[index]!;
    const request = signedTc3({ host: endpoint, key: KEY, action, body: JSON.stringify(params) });
    signedAt.set(index, Date.now());
    return {
      method: 'POST' as const,
      path: '/',
      headers: Object.fromEntries(request.headers.filter(([name]) => name !== 'host')),
      body: request.body.toString('utf8'),
    };
  };
  let signed = mix.map((_, i) => sign(i));
  let envelopeErrors = 0;
  const result = await autocannon({
    url: `http://${endpoint}/`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: mix.map((_, index) => ({
      setupRequest: (request: autocannon.Request): autocannon.Request => {
        if (Date.now() - (signedAt.get(index) ?? 0) > RESIGN_AFTER_MS)
          signed = signed.map((s, i) => (i === index ? sign(i) : s));
        return { ...request, ...signed[index] };
      },
      onResponse: (_status: number, body: string) => {
        if (body.includes('"Error":')) envelopeErrors++;
      },
    })),
  });
  return Object.assign(result, { envelopeErrors });
}

interface Scrape {
  readonly rss: number;
  readonly heap: number;
  readonly requests: ReadonlyMap<string, number>;
  readonly text: string;
}

async function scrape(endpoint: string): Promise<Scrape> {
  const text = await (await fetch(`http://${endpoint}/metrics`)).text();
  const rss = Number(/^process_resident_memory_bytes (\S+)$/m.exec(text)?.[1] ?? Number.NaN);
  const heap = Number(/^nodejs_heap_size_used_bytes (\S+)$/m.exec(text)?.[1] ?? Number.NaN);
  const requests = new Map<string, number>();
  for (const match of text.matchAll(/^ccc_api_requests_total\{[^}]*code="([^"]+)"[^}]*\} (\S+)$/gm)) {
    requests.set(match[1]!, (requests.get(match[1]!) ?? 0) + Number(match[2]));
  }
  return { rss, heap, requests, text };
}

/** The change of a Prometheus histogram between two scrapes, with quantiles at bucket resolution. */
function histogramDelta(before: Scrape, after: Scrape, name: string) {
  const buckets = (text: string) =>
    new Map(
      [...text.matchAll(new RegExp(`^${name}_bucket\\{le="([^"]+)"\\} (\\S+)$`, 'gm'))].map((m) => [
        m[1] === '+Inf' ? Number.POSITIVE_INFINITY : Number(m[1]),
        Number(m[2]),
      ]),
    );
  const start = buckets(before.text);
  const end = buckets(after.text);
  const delta = [...end]
    .map(([le, count]) => [le, count - (start.get(le) ?? 0)] as const)
    .sort((a, b) => a[0] - b[0]);
  const count = delta.at(-1)?.[1] ?? 0;
  return {
    count,
    /** The upper bound of the bucket the q-quantile falls in. */
    quantile(q: number): number {
      const wanted = q * count;
      return delta.find(([, cumulative]) => cumulative >= wanted)?.[0] ?? Number.POSITIVE_INFINITY;
    },
    fractionAtMost(le: number): number {
      return count === 0 ? 1 : (delta.find(([bound]) => bound === le)?.[1] ?? 0) / count;
    },
  };
}

const ms = (seconds: number) => (Number.isFinite(seconds) ? `${(seconds * 1000).toFixed(1)} ms` : '∞');
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { cccClient } from '../../test/support/sdk.ts';
import { ACME_APP, ACME_KEY } from '../../test/support/testServer.ts';
import { type SignedRequest, signedRequest } from '../support/signedRequest.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/**
 * Unmeasured load first, for each server and request: V8 compiles the hot code meanwhile (on
 * threads of the server's own, whose CPU counts), which made the first measured load look ~2×
 * dearer per request than the same load later.
 */
const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP_SECONDS ?? 3);
/** One or more connection counts, comma-separated: each is a full round of the four loads. */
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '10,100').split(',').map(Number);
/** Linux's USER_HZ: /proc counts CPU time in 1/100 s. */
const CLOCK_TICKS = 100;
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

type Request = Pick<SignedRequest, 'method' | 'body' | 'headers'>;
type Load = { rps: number; p99: number; errors: number; cpuUs: number | undefined };
type Server = { url: string; endpoint: string; cpuUs(): number | undefined; stop(): Promise<void> };

/**
 * A server under test in a child process (bench/api/server.ts), so that autocannon and the server
 * each have a core, as a client and a server would in production.
 */
async function startServer(...args: string[]): Promise<Server> {
  // Node flags for the servers, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to see where a request's time goes.
  const flags = process.env.BENCH_SERVER_FLAGS?.split(' ').filter(Boolean) ?? [];
  const child: ChildProcess = spawn(
    process.execPath,
    [...flags, '--import', 'tsx', 'bench/api/server.ts', ...args],
    {
      cwd: REPO,
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`bench server ${args.join(' ')} exited (${code})`)));
  });
  const { endpoint } = JSON.parse(line) as { endpoint: string };
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: `http://${endpoint}/`,
    endpoint,
    cpuUs: () => processCpuUs(child.pid),
    stop: () => {
      child.stdin!.end();
      return exited;
    },
  };
}

/**
 * CPU time a process has used (user + system, µs), from /proc: the server's cost per request,
 * which, unlike its throughput, hardly depends on what else the machine runs. Undefined off Linux.
 */
function processCpuUs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

async function load(server: Server, request: Request, connections: number, seconds = SECONDS): Promise<Load> {
  const cpuBefore = server.cpuUs();
  const result = await autocannon({
    url: server.url,
    connections,
    duration: seconds,
    method: request.method,
    body: request.body,
    headers: request.headers,
  });
  const cpuAfter = server.cpuUs();
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    cpuUs:
      cpuBefore === undefined || cpuAfter === undefined
        ? undefined
        : (cpuAfter - cpuBefore) / result.requests.total,
  };
}

async function answerText(url: string, request: Request): Promise<string> {
  const response = await fetch(url, { method: 'POST', body: request.body, headers: request.headers });
  return response.text();
}

/** The output an answer carries, without its RequestId: what a handler returned. */
function outputOf(answer: string): Record<string, unknown> {
  const { RequestId: _, ...output } = (JSON.parse(answer) as { Response: Record<string, unknown> }).Response;
  return output;
}

export async function main(): Promise<void> {
  const ours = await startServer('ccc');
  const oursFresh = await startServer('ccc', 'fresh');
  const oursDialing = await startServer('ccc', 'dialing');
  const servers = [ours, oursFresh, oursDialing];
  let answersDir: string | undefined;
  try {
    const now = Math.floor(Date.now() / 1000);
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
    for (const server of [ours, oursFresh, oursDialing]) {
      const sdk = cccClient(server.endpoint, ACME_KEY);
      for (let i = 0; i < 20; i++)
        await sdk.CreatePredictiveDialingCampaign({ ...createPayload, Name: `Seed ${i}` });
    }
    const describe = signedRequest(ours.endpoint, ACME_KEY, 'DescribePredictiveDialingCampaigns', {
      SdkAppId: ACME_APP,
      PageSize: 20,
      PageNumber: 0,
    });
    const create = signedRequest(ours.endpoint, ACME_KEY, 'CreatePredictiveDialingCampaign', createPayload);
    const describeAnswer = await answerText(ours.url, describe);
    const createAnswer = await answerText(ours.url, create);
    const bareDescribe = await startServer('bare', String(describeAnswer.length));
    servers.push(bareDescribe);
    const bareCreate = await startServer('bare', String(createAnswer.length));
    servers.push(bareCreate);
    // The same requests (their signatures do not cover the port) to our API answering at once.
    answersDir = mkdtempSync(path.join(os.tmpdir(), 'ccc-bench-'));
    const answersFile = path.join(answersDir, 'answers.json');
    writeFileSync(
      answersFile,
      JSON.stringify({
        DescribePredictiveDialingCampaigns: outputOf(describeAnswer),
        CreatePredictiveDialingCampaign: outputOf(createAnswer),
      }),
    );
    const gateway = await startServer('gateway', answersFile);
    servers.push(gateway);
    const rowsOnTheLoop = await startServer('rows-loop');
    servers.push(rowsOnTheLoop);
    const rowsOnAThread = await startServer('rows-thread');
    servers.push(rowsOnAThread);

    const row = (name: string, r: Load, base: Load) =>
      `${name.padEnd(52)} ${r.rps.toFixed(0).padStart(8)} req/s  p99 ${String(r.p99).padStart(4)} ms  errors ${r.errors}  ratio ${(r.rps / base.rps).toFixed(2)}` +
      (r.cpuUs === undefined ? '' : `  server CPU ${r.cpuUs.toFixed(0).padStart(4)} µs/req`);
    const lines = [
      `autocannon in this process, each server in a child process of its own; ${SECONDS} s a load after ${WARM_UP_SECONDS} s of warm-up;`,
      'rate limit off; SQLite (WAL, synchronous=FULL); Describe lists 20 campaigns, Create has 3 callees;',
      '"answer made in advance": our API whose handler returns that answer at once, what the gateway alone',
      "costs (signature, parsing, validation, envelope) without the action's own work (its reads and writes);",
      '"no answer kept": a listing read afresh every time, as on PostgreSQL (where nothing is kept);',
      '"while a campaign dials": the engine dialing a campaign meanwhile (100 simulated agents, clock ×10),',
      'committing callees, sessions and campaign counts all the time;',
      '"rows only": our API whose Create, instead of its checks and the store\'s queries, writes the same rows',
      'by bare prepared statements through the same group commit: the least a durable Create costs, with the',
      'rows written on the event loop (as our store writes) or handed over to a writer thread',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    // Every Describe load runs before any Create load, so that each lists the same 20 campaigns.
    const actions = [
      {
        name: 'DescribePredictiveDialingCampaigns (20 listed)',
        target: 0.5,
        request: describe,
        bare: bareDescribe,
        fresh: oursFresh,
        dialing: oursDialing,
      },
      {
        name: 'CreatePredictiveDialingCampaign (3 callees)',
        target: 0.3,
        request: create,
        bare: bareCreate,
        rowsOnly: [rowsOnTheLoop, rowsOnAThread],
      },
    ];
    for (const action of actions) {
      await load(action.bare, action.request, Math.max(...CONNECTIONS), WARM_UP_SECONDS);
      await load(ours, action.request, Math.max(...CONNECTIONS), WARM_UP_SECONDS);
      await load(gateway, action.request, Math.max(...CONNECTIONS), WARM_UP_SECONDS);
      if (action.fresh) await load(action.fresh, action.request, Math.max(...CONNECTIONS), WARM_UP_SECONDS);
      if (action.dialing)
        await load(action.dialing, action.request, Math.max(...CONNECTIONS), WARM_UP_SECONDS);
      for (const server of action.rowsOnly ?? [])
        await load(server, action.request, Math.max(...CONNECTIONS), WARM_UP_SECONDS);
      process.stdout.write(`${action.name}: target ratio ≥ ${action.target.toFixed(2)}\n`);
      for (const connections of CONNECTIONS) {
        const base = await load(action.bare, action.request, connections);
        const signedLoad = await load(ours, action.request, connections);
        const gatewayLoad = await load(gateway, action.request, connections);
        const freshLoad = action.fresh ? await load(action.fresh, action.request, connections) : undefined;
        const dialingLoad = action.dialing
          ? await load(action.dialing, action.request, connections)
          : undefined;
        const rowsOnlyLoads: Load[] = [];
        for (const server of action.rowsOnly ?? [])
          rowsOnlyLoads.push(await load(server, action.request, connections));
        const byCpu =
          base.cpuUs && signedLoad.cpuUs
            ? `, by server CPU per request ${(base.cpuUs / signedLoad.cpuUs).toFixed(2)}`
            : '';
        process.stdout.write(
          [
            `  ${connections} connections: ratio ${(signedLoad.rps / base.rps).toFixed(2)}${byCpu}`,
            row('    bare Fastify, same-size envelope', base, base),
            row('    signed, ours', signedLoad, base),
            row('    signed, ours, answer made in advance', gatewayLoad, base),
            ...(freshLoad
              ? [row('    signed, ours, no answer kept (as on PostgreSQL)', freshLoad, base)]
              : []),
            ...(dialingLoad ? [row('    signed, ours, while a campaign dials', dialingLoad, base)] : []),
            ...(rowsOnlyLoads.length === 2
              ? [
                  row('    signed, rows only, on the event loop', rowsOnlyLoads[0]!, base),
                  row('    signed, rows only, on a writer thread', rowsOnlyLoads[1]!, base),
                ]
              : []),
            '',
          ].join('\n'),
        );
      }
      // The engine's commits (fsyncs on the same disk) and CPU would weigh on the loads to come,
      // and not on the bare route's alike.
      if (action.dialing) await action.dialing.stop();
    }
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    if (answersDir) rmSync(answersDir, { recursive: true, force: true });
  }
}

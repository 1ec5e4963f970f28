/**
 * `npm run bench -- scale`: what scaling out costs and buys.
 * 1. A 1,000,000-callee campaign created through the API: time and the server's memory, on SQLite
 *    and on PostgreSQL.
 * 2. One node against a cluster of three on one PostgreSQL, 60 campaigns dialing on `sim`: pacing
 *    decisions per second, calls placed per second, API throughput, and the ratios.
 * BENCH_SECONDS (default 10) sets each measuring window; CCC_TEST_DATABASE_URL the PostgreSQL.
 */

import os from 'node:os';
import { DEFAULT_TEST_POSTGRES_URL, postgresAnswers } from '../../test/support/postgresProbe.ts';
import { type ApiFigures, type ClusterFigures, measureCluster } from './clusterThroughput.ts';
import { CALLEES, type LargeCreate, measureLargeCreate } from './largeCampaign.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CAMPAIGNS = 60;
const SKILL_GROUPS = 30;
const CLOCK_SPEED = Number(process.env.BENCH_CLOCK_SPEED ?? 100);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 30);

const line = (text: string) => process.stdout.write(`${text}\n`);
const mb = (n: number) => `${n.toFixed(0)} MB`;

export async function main(): Promise<void> {
  const url = process.env.CCC_TEST_DATABASE_URL || DEFAULT_TEST_POSTGRES_URL;
  const postgres = await postgresAnswers(url);

  line(
    `1. CreatePredictiveDialingCampaign with ${CALLEES.toLocaleString('en')} callees (serve in a child process)`,
  );
  const creates: LargeCreate[] = [await measureLargeCreate()];
  if (postgres) creates.push(await measureLargeCreate(url));
  else line(`   PostgreSQL does not answer at ${url}: skipped`);
  for (const c of creates) {
    line(
      `   ${c.backend.padEnd(10)} ${c.seconds.toFixed(1).padStart(6)} s   body ${mb(c.bodyMb)}   ` +
        `server RSS idle ${mb(c.rssIdleMb)}, peak ${mb(c.rssPeakMb)}, after ${mb(c.rssAfterMb)}`,
    );
  }
  if (!postgres) return;

  line('');
  line(
    `2. ${CAMPAIGNS} campaigns over ${SKILL_GROUPS} skill groups (5 agents each) on sim, clock x${CLOCK_SPEED}, ` +
      `PostgreSQL; ${SECONDS} s windows; API: signed DescribePredictiveDialingCampaign, ${CONNECTIONS} connections spread over the nodes`,
  );
  const options = {
    url,
    campaigns: CAMPAIGNS,
    skillGroups: SKILL_GROUPS,
    clockSpeed: CLOCK_SPEED,
    seconds: SECONDS,
    connections: CONNECTIONS,
  };
  const one = await measureCluster(1, options);
  const three = await measureCluster(3, options);
  const api = (a: ApiFigures) =>
    `${a.requestsPerSecond.toFixed(0).padStart(6)} req/s (p99 ${a.p99Ms} ms, errors ${a.errors})`;
  const row = (f: ClusterFigures) =>
    `   ${f.nodes} node${f.nodes > 1 ? 's' : ' '}  decisions ${f.decisionsPerSecond.toFixed(0).padStart(6)}/s  ` +
    `calls ${f.callsPerSecond.toFixed(1).padStart(6)}/s  API dialing ${api(f.api)} [decisions meanwhile ` +
    `${f.decisionsUnderApiLoad.toFixed(0)}/s]  API paused ${api(f.apiPaused)}  campaigns per node ${f.campaignsPerNode.join('/')}`;
  line(row(one));
  line(row(three));
  const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : 'n/a');
  line(
    `   ratio 3 nodes / 1 node: decisions ${ratio(three.decisionsPerSecond, one.decisionsPerSecond)}, ` +
      `calls ${ratio(three.callsPerSecond, one.callsPerSecond)}, ` +
      `API while dialing ${ratio(three.api.requestsPerSecond, one.api.requestsPerSecond)}, ` +
      `API paused ${ratio(three.apiPaused.requestsPerSecond, one.apiPaused.requestsPerSecond)}`,
  );
  line(
    `   (${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(1)}: nodes, PostgreSQL and autocannon share them)`,
  );
}

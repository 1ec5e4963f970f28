/**
 * One node against three, on one PostgreSQL, each dialing 60 campaigns on `sim` at a clock speed
 * that keeps every engine busy: the pacing decisions taken per second (from each node's
 * `ccc_engine_pacing_decisions_total`), the calls placed per second, and the API throughput of
 * signed DescribePredictiveDialingCampaign requests spread over the nodes (autocannon, in this
 * process), while they dial and once every campaign is paused. The ratios cluster / one node are
 * what scaling out buys on this machine.
 */
import autocannon from 'autocannon';
import {
  CLUSTER_APP,
  CLUSTER_CALLERS,
  CLUSTER_KEY,
  Cluster,
  skillGroupIds,
} from '../../test/cluster/clusterRun.ts';
import { signedRequest } from '../support/signedRequest.ts';

export interface ClusterFigures {
  readonly nodes: number;
  readonly decisionsPerSecond: number;
  readonly callsPerSecond: number;
  /** Decisions per second while the API is under load too. */
  readonly decisionsUnderApiLoad: number;
  /** The API while every node dials. */
  readonly api: ApiFigures;
  /** The API once every campaign is paused: what the nodes serve when pacing costs nothing. */
  readonly apiPaused: ApiFigures;
  /** Campaigns each node held, at the end. */
  readonly campaignsPerNode: number[];
}

export interface ApiFigures {
  readonly requestsPerSecond: number;
  readonly p99Ms: number;
  readonly errors: number;
}

export interface ClusterBenchOptions {
  readonly url: string;
  readonly campaigns: number;
  readonly skillGroups: number;
  readonly clockSpeed: number;
  readonly seconds: number;
  readonly connections: number;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function decisionsOf(cluster: Cluster): Promise<number> {
  let total = 0;
  for (const i of cluster.up) {
    const text = await (await fetch(`http://${cluster.endpoint(i)}/metrics`)).text();
    total += Number(/^ccc_engine_pacing_decisions_total (\d+(?:\.\d+)?)/m.exec(text)?.[1] ?? 0);
  }
  return total;
}

async function sessionCount(cluster: Cluster): Promise<number> {
  const row = await cluster.db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function measureCluster(nodes: number, options: ClusterBenchOptions): Promise<ClusterFigures> {
  const cluster = new Cluster({
    url: options.url,
    nodes,
    skillGroups: options.skillGroups,
    agentsPerGroup: 5,
    leaseSeconds: 10,
    clockSpeed: options.clockSpeed,
    seed: 7,
    sim: { talkMeanSeconds: 60 },
  });
  try {
    await cluster.startAll();
    const groups = skillGroupIds(options.skillGroups);
    const nowS = Math.floor(Date.now() / 1000);
    const campaignIds: number[] = [];
    for (let i = 0; i < options.campaigns; i++) {
      // Enough callees that none completes during the measure.
      const { CampaignId } = await cluster.sdk(i % nodes).CreatePredictiveDialingCampaign({
        SdkAppId: CLUSTER_APP,
        Name: `scale-${i}`,
        Callees: Array.from({ length: 5000 }, (_, k) => `+86137${String(i * 10_000 + k).padStart(8, '0')}`),
        Callers: CLUSTER_CALLERS,
        CallOrder: 1,
        SkillGroupId: groups[i % groups.length],
        Priority: 1 + (i % 5),
        ExpectedAbandonRate: 10,
        RetryTimes: 1,
        RetryInterval: 600,
        StartTime: nowS - 3600,
        EndTime: nowS + 30 * 86_400,
      });
      campaignIds.push(CampaignId);
    }
    const someCampaign = campaignIds[0]!;
    await pause(3000);

    const window = async (ms: number) => {
      const d0 = await decisionsOf(cluster);
      const s0 = await sessionCount(cluster);
      const t0 = performance.now();
      await pause(ms);
      const seconds = (performance.now() - t0) / 1000;
      return {
        decisions: ((await decisionsOf(cluster)) - d0) / seconds,
        calls: ((await sessionCount(cluster)) - s0) / seconds,
      };
    };
    const quiet = await window(options.seconds * 1000);

    // The API under load on every node at once (connections spread evenly).
    const apiLoad = async (): Promise<ApiFigures> => {
      const results = await Promise.all(
        cluster.up.map((i) => {
          const request = signedRequest(
            cluster.endpoint(i),
            CLUSTER_KEY,
            'DescribePredictiveDialingCampaign',
            {
              SdkAppId: CLUSTER_APP,
              CampaignId: someCampaign,
            },
          );
          return autocannon({
            url: request.url,
            method: 'POST',
            body: request.body,
            headers: request.headers,
            connections: Math.max(1, Math.round(options.connections / nodes)),
            duration: options.seconds,
          });
        }),
      );
      return {
        requestsPerSecond: results.reduce((sum, r) => sum + r.requests.average, 0),
        p99Ms: Math.max(...results.map((r) => r.latency.p99)),
        errors: results.reduce((sum, r) => sum + r.errors + r.non2xx, 0),
      };
    };
    const [busy, api] = await Promise.all([window(options.seconds * 1000), apiLoad()]);
    const holders = await cluster.holders();
    const campaignsPerNode = cluster.up.map(
      (i) => [...holders.values()].filter((n) => n === cluster.nodeId(i)).length,
    );
    for (const [k, id] of campaignIds.entries()) {
      await cluster.sdk(k % nodes).PausePredictiveDialingCampaign({ SdkAppId: CLUSTER_APP, CampaignId: id });
    }
    await pause(2000);
    const apiPaused = await apiLoad();
    return {
      nodes,
      decisionsPerSecond: quiet.decisions,
      callsPerSecond: quiet.calls,
      decisionsUnderApiLoad: busy.decisions,
      api,
      apiPaused,
      campaignsPerNode,
    };
  } catch (error) {
    (error as Error).message += `\n${cluster.logs()}`;
    throw error;
  } finally {
    await cluster.close();
  }
}

/**
 * Several real nodes (`serve` as child processes) on one PostgreSQL schema, for the multi-node
 * test and the scale benchmark: start them, talk to any of them through the official SDK, kill one
 * with -9 and start it again under the same node id, and read the shared records.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { ApplicationConfig } from '../../src/config.ts';
import { dbNowMs } from '../../src/store/cluster/dbNow.ts';
import type { Database } from '../../src/store/schema.ts';
import { type CccSdk, cccClient } from '../support/sdk.ts';
import { ServerProcess } from '../support/serverProcess.ts';
import { dropSchema, freshSchemaName } from '../support/testDatabase.ts';

export const CLUSTER_APP = 1400000000;
export const CLUSTER_KEY = {
  secretId: 'AKIDclusterclusterclusterclus001',
  secretKey: 'clustersecretclustersecretclust1',
};
export const CLUSTER_CALLERS = ['0086075586013388', '0086075586013389'];

export interface ClusterOptions {
  readonly url: string;
  readonly nodes: number;
  /** Skill groups of the application, each with `agentsPerGroup` simulated agents logged in. */
  readonly skillGroups: number;
  readonly agentsPerGroup: number;
  readonly leaseSeconds: number;
  readonly clockSpeed: number;
  readonly seed: number;
  /** 0 = off. */
  readonly rateLimit?: number;
  readonly logLevel?: string;
  readonly sim?: Record<string, number>;
  readonly limits?: ApplicationConfig['limits'];
}

/** Skill group ids of the cluster's application: 301, 302, … */
export function skillGroupIds(count: number): number[] {
  return Array.from({ length: count }, (_, i) => 301 + i);
}

export class Cluster {
  readonly schema = freshSchemaName('cluster');
  readonly db: Kysely<Database>;
  readonly nodes: Array<ServerProcess | undefined>;
  private readonly endpoints: Array<string | undefined>;
  private readonly dir = mkdtempSync(path.join(os.tmpdir(), 'ccc-cluster-'));
  private readonly configFile = path.join(this.dir, 'config.json');

  constructor(readonly options: ClusterOptions) {
    this.nodes = Array.from({ length: options.nodes }, () => undefined);
    this.endpoints = Array.from({ length: options.nodes }, () => undefined);
    writeFileSync(this.configFile, JSON.stringify(clusterConfig(options)));
    this.db = new Kysely<Database>({
      dialect: new PostgresDialect({
        pool: new pg.Pool({
          connectionString: options.url,
          max: 4,
          options: `-c search_path=${this.schema}`,
        }),
      }),
    });
  }

  nodeId(index: number): string {
    return `node${index + 1}`;
  }

  /** Starts node `index` (again) and resolves once it dials. */
  async start(index: number): Promise<string> {
    const node = new ServerProcess({
      CCC_CONFIG: this.configFile,
      CCC_DATA_DIR: this.dir,
      CCC_DATABASE_URL: this.options.url,
      CCC_DATABASE_SCHEMA: this.schema,
      CCC_NODE_ID: this.nodeId(index),
      CCC_CLOCK_SPEED: String(this.options.clockSpeed),
      CCC_LEASE_SECONDS: String(this.options.leaseSeconds),
      CCC_RATE_LIMIT: String(this.options.rateLimit ?? 0),
      CCC_SECRET_ID: CLUSTER_KEY.secretId,
      CCC_SECRET_KEY: CLUSTER_KEY.secretKey,
      CCC_LOG_LEVEL: this.options.logLevel ?? 'warn',
    });
    this.nodes[index] = node;
    this.endpoints[index] = undefined;
    const endpoint = await node.ready(45_000);
    this.endpoints[index] = endpoint;
    return endpoint;
  }

  async startAll(): Promise<void> {
    await Promise.all(this.nodes.map((_, i) => this.start(i)));
  }

  /** kill -9. */
  async kill(index: number): Promise<void> {
    await this.nodes[index]?.kill();
    this.endpoints[index] = undefined;
  }

  /** Indices of the nodes up. */
  get up(): number[] {
    return this.endpoints.flatMap((e, i) => (e === undefined ? [] : [i]));
  }

  endpoint(index: number): string {
    const endpoint = this.endpoints[index];
    if (!endpoint) throw new Error(`node ${index} is down`);
    return endpoint;
  }

  sdk(index: number): CccSdk {
    return cccClient(this.endpoint(index), CLUSTER_KEY);
  }

  /** Lease holders now (unexpired, on the database's clock): campaign → node id. */
  async holders(): Promise<Map<number, string>> {
    const rows = await this.db
      .selectFrom('leases')
      .select(['campaign_id', 'owner_node'])
      .where('expires_at', '>', dbNowMs('postgres'))
      .execute();
    return new Map(rows.map((r) => [Number(r.campaign_id), r.owner_node]));
  }

  /** What the nodes printed, for a failure report. */
  logs(): string {
    return this.nodes.map((n, i) => `--- ${this.nodeId(i)} ---\n${n?.log ?? '(not started)'}`).join('\n');
  }

  /** Stops every node (SIGTERM), or kills it if asked. */
  async stopAll(kill = false): Promise<void> {
    await Promise.all(
      this.nodes.map(async (node, i) => {
        if (!node) return;
        if (kill) await node.kill();
        else await node.stop();
        this.endpoints[i] = undefined;
      }),
    );
  }

  async close(): Promise<void> {
    await this.stopAll(true);
    await this.db.destroy();
    await dropSchema(this.options.url, this.schema).catch(() => {});
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function clusterConfig(options: ClusterOptions) {
  const groups = skillGroupIds(options.skillGroups);
  return {
    connectDeadlineSeconds: 2,
    sim: {
      answerRate: 0.5,
      busyRate: 0.2,
      ringMeanSeconds: 8,
      ringTimeoutSeconds: 25,
      talkMeanSeconds: 30,
      seed: options.seed,
      ...options.sim,
    },
    applications: [
      {
        sdkAppId: CLUSTER_APP,
        name: 'Cluster test',
        account: 'cluster',
        numbers: CLUSTER_CALLERS.map((number) => ({ number, state: 1, callOutSkillGroupIds: groups })),
        ivrs: [{ ivrId: 4600, name: 'Sorry, all agents are busy', target: 'ivr:4600' }],
        skillGroups: groups.map((id) => ({
          skillGroupId: id,
          name: `Group ${id}`,
          type: 0,
          maxConcurrency: 1,
        })),
        staff: groups.flatMap((group) =>
          Array.from({ length: options.agentsPerGroup }, (_, i) => ({
            mail: `agent${i + 1}.g${group}@cluster.sim`,
            name: `Agent ${i + 1} of ${group}`,
            staffNumber: `${group}${String(i + 1).padStart(3, '0')}`,
            skillGroupIds: [group],
            startFree: true,
          })),
        ),
        limits: {
          maxCalleesPerCampaign: 1_000_000,
          maxLiveCampaigns: 10_000,
          wrapUpSeconds: 5,
          ...options.limits,
        },
      },
    ],
  };
}

/**
 * Lease keepers of several nodes on one database (SQLite in memory: the store's SQL is the same as
 * on PostgreSQL, held to one contract in test/store/cluster). Rounds run on real timers with a
 * short lease; every wait is for a condition, bounded.
 */
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { ClockSkewError } from '../../../src/dialer/leases/clockSkew.ts';
import { LeaseKeeper, type LeaseKeeperOptions } from '../../../src/dialer/leases/leaseKeeper.ts';
import type { ClusterStore } from '../../../src/dialer/ports/clusterStore.ts';
import { createCampaign } from '../../../src/store/campaigns/campaignRepository.ts';
import { KyselyClusterStore } from '../../../src/store/cluster/kyselyClusterStore.ts';
import { type OpenedDatabase, openDatabase } from '../../../src/store/database.ts';
import { provisionApplications } from '../../../src/store/provision.ts';
import { ACME_APP, testApplications } from '../../support/testServer.ts';

const LEASE_MS = 600;

/** A store whose calls fail (the node lost the database) while `cut` is set. */
function cuttable(store: ClusterStore): { store: ClusterStore; cut: boolean } {
  const handle = { cut: false, store: undefined as unknown as ClusterStore };
  handle.store = new Proxy(store, {
    get(target, key) {
      const value = Reflect.get(target, key) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (handle.cut) return Promise.reject(new Error('connection lost'));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return handle;
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('lease keepers', () => {
  let database: OpenedDatabase;
  let shared: KyselyClusterStore;
  const keepers: LeaseKeeper[] = [];
  const campaigns: number[] = [];

  beforeEach(async () => {
    database = await openDatabase({ kind: 'sqlite', file: ':memory:' });
    shared = new KyselyClusterStore(database.db, database.dialect);
    await provisionApplications(database, loadConfig({}, { applications: testApplications() }, '/none'), 0);
    await database.db
      .insertInto('skill_groups')
      .values({
        skill_group_id: 256,
        sdk_app_id: ACME_APP,
        name: 'Second',
        type: 0,
        max_concurrency: 1,
        modified_at: 0,
        deleted: 0,
      })
      .execute();
    campaigns.length = 0;
    for (const group of [255, 255, 256, 256]) campaigns.push(await campaign(group));
  });
  afterEach(async () => {
    for (const keeper of keepers.splice(0)) await keeper.stop();
    await database.close();
  });

  const campaign = (skillGroupId: number) =>
    createCampaign(database.db, {
      sdkAppId: ACME_APP,
      nowMs: 0,
      maxLiveCampaigns: null,
      settings: {
        name: `c${skillGroupId}`,
        callers: ['0086075586013388'],
        callOrder: 1,
        skillGroupId,
        ivrId: null,
        priority: 1,
        expectedAbandonRate: 5,
        retryTimes: 0,
        retryIntervalS: 60,
        startTimeS: 0,
        endTimeS: 4_000_000_000,
        variables: [],
        uui: '',
        timeZone: null,
        availableTime: [],
      },
      callees: { numbers: ['+8613000000001'], attributes: new Map() },
    });

  const keeper = (nodeId: string, extra: Partial<LeaseKeeperOptions> = {}) => {
    const k = new LeaseKeeper({
      store: shared,
      nodeId,
      leaseMs: LEASE_MS,
      maxSkewMs: 1000,
      recoverNode: async () => 0,
      campaignChanged: () => {},
      hangUp: async () => false,
      logger: pino({ level: 'silent' }),
      ...extra,
    });
    keepers.push(k);
    return k;
  };

  it('gives every campaign to the one node, then half to a second one, a skill group each', async () => {
    const a = keeper('a');
    await a.join('a:1');
    a.start();
    await until(() => a.campaigns.length === 4);
    const b = keeper('b');
    await b.join('b:1');
    b.start();
    await until(() => a.campaigns.length === 2 && b.campaigns.length === 2);
    expect([...a.campaigns, ...b.campaigns].sort()).toEqual([...campaigns].sort());
    // Each holds one skill group whole.
    expect([a.campaigns, b.campaigns].map((ids) => ids.map((id) => campaigns.indexOf(id) >> 1))).toEqual(
      expect.arrayContaining([
        [0, 0],
        [1, 1],
      ]),
    );
  });

  it('takes the campaigns of a node that lost the database, only after that node stopped dialing', async () => {
    const link = cuttable(shared);
    const a = keeper('a', { store: link.store });
    await a.join('a:1');
    a.start();
    await until(() => a.campaigns.length === 4);
    const overlaps: number[] = [];
    const reaped: string[] = [];
    const b = keeper('b', {
      campaignChanged: (id) => {
        if (a.owns(id)) overlaps.push(id);
      },
      recoverNode: async (node) => {
        reaped.push(node);
        return 0;
      },
    });
    await b.join('b:1');
    b.start();
    link.cut = true;
    const cutAt = Date.now();
    await until(() => b.campaigns.length === 4);
    expect(Date.now() - cutAt).toBeLessThan(LEASE_MS * 3);
    expect(overlaps).toEqual([]);
    expect(a.campaigns).toEqual([]);
    await until(() => reaped.length > 0);
    expect(reaped).toEqual(['a']);
  });

  it('comes back after it stalled past its lease and was taken for dead', async () => {
    const link = cuttable(shared);
    const a = keeper('a', { store: link.store });
    await a.join('a:1');
    a.start();
    const b = keeper('b');
    await b.join('b:1');
    b.start();
    await until(() => a.campaigns.length === 2 && b.campaigns.length === 2);
    link.cut = true;
    await until(() => b.campaigns.length === 4);
    await until(async () => !(await shared.view()).nodes.some((n) => n.nodeId === 'a'));
    link.cut = false;
    await until(() => a.campaigns.length === 2 && b.campaigns.length === 2);
  });

  it('stops dialing for good when another process takes its node id', async () => {
    const first = keeper('same');
    await first.join('h:1');
    first.start();
    await until(() => first.campaigns.length === 4);
    const second = keeper('same');
    await second.join('h:2');
    second.start();
    await until(() => first.campaigns.length === 0 && second.campaigns.length === 4);
  });

  it("refuses to join with a clock further than the bound from the database's", async () => {
    const skewed = keeper('skewed', { wallNow: () => Date.now() + 5000 });
    await expect(skewed.join('h:1')).rejects.toBeInstanceOf(ClockSkewError);
    expect((await shared.view()).nodes).toEqual([]);
  });
});

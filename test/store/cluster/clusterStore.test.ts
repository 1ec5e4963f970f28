/**
 * The cluster's shared state (nodes, leases, forwarded hang-ups) and the lease fence on claims, on
 * every backend with a fresh schema per test. Expiry is tested by backdating rows, never by waiting.
 */
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import type { NewSession } from '../../../src/dialer/ports/dialerStore.ts';
import { createCampaign } from '../../../src/store/campaigns/campaignRepository.ts';
import { KyselyClusterStore } from '../../../src/store/cluster/kyselyClusterStore.ts';
import type { OpenedDatabase } from '../../../src/store/database.ts';
import { KyselyDialerStore } from '../../../src/store/dialer/kyselyDialerStore.ts';
import { backfillHeldByNode } from '../../../src/store/migrations/008_staff_held_by_node.ts';
import { provisionApplications } from '../../../src/store/provision.ts';
import { openTestDatabase, storeBackends } from '../../support/testDatabase.ts';
import { ACME_APP, testApplications } from '../../support/testServer.ts';

const TTL = 10_000;

describe.each(storeBackends())('the cluster store on %s', (backend) => {
  let database: OpenedDatabase;
  let store: KyselyClusterStore;
  beforeEach(async () => {
    database = await openTestDatabase(backend, 'cluster');
    store = new KyselyClusterStore(database.db, database.dialect);
  });
  afterEach(() => database.close());

  const backdateNode = (nodeId: string) =>
    database.db.updateTable('cluster_nodes').set({ expires_at: 1 }).where('node_id', '=', nodeId).execute();
  const backdateLease = (campaignId: number) =>
    database.db.updateTable('leases').set({ expires_at: 1 }).where('campaign_id', '=', campaignId).execute();
  const node = (nodeId: string, incarnation: string) => ({ nodeId, incarnation, address: 'h:1', ttlMs: TTL });

  it('reads the database clock', async () => {
    expect(Math.abs((await store.dbNow()) - Date.now())).toBeLessThan(1000);
  });

  it('lets a new incarnation take a node id over, and fences the old one', async () => {
    expect(await store.registerNode(node('n1', 'first'))).toBe(true);
    expect((await store.heartbeat('n1', 'first', TTL)).alive).toBe(true);
    expect(await store.registerNode(node('n1', 'second'))).toBe(true);
    expect((await store.heartbeat('n1', 'first', TTL)).alive).toBe(false);
    expect((await store.heartbeat('n1', 'second', TTL)).alive).toBe(true);
    expect(await store.isNodeAlive('n1')).toBe(true);
  });

  it('lets one node reap a dead one, and keeps its id from being registered meanwhile', async () => {
    await store.registerNode(node('dead', 'x'));
    expect(await store.claimDeadNode('dead', 'r1', TTL)).toBe(false);
    await backdateNode('dead');
    expect(await store.isNodeAlive('dead')).toBe(false);
    expect(await store.claimDeadNode('dead', 'r1', TTL)).toBe(true);
    expect(await store.claimDeadNode('dead', 'r2', TTL)).toBe(false);
    expect(await store.registerNode(node('dead', 'y'))).toBe(false);
    expect((await store.heartbeat('dead', 'x', TTL)).alive).toBe(false);
    await store.forgetNode('dead', 'r1');
    expect(await store.registerNode(node('dead', 'y'))).toBe(true);
  });

  it('lets another reaper take over from a reaper that died', async () => {
    await store.registerNode(node('dead', 'x'));
    await backdateNode('dead');
    expect(await store.claimDeadNode('dead', 'r1', TTL)).toBe(true);
    await backdateNode('dead');
    expect(await store.claimDeadNode('dead', 'r2', TTL)).toBe(true);
    await store.forgetNode('dead', 'r1');
    expect((await store.view()).nodes.map((n) => n.nodeId)).toEqual(['dead']);
    await store.forgetNode('dead', 'r2');
    expect((await store.view()).nodes).toEqual([]);
  });

  it('expires a node that stops in order at once', async () => {
    await store.registerNode(node('n1', 'x'));
    await store.expireNode('n1', 'x');
    expect(await store.isNodeAlive('n1')).toBe(false);
  });

  it('gives each campaign lease to one node until it expires or is released', async () => {
    expect(await store.acquireLeases('a', [1, 2], TTL)).toEqual([1, 2]);
    expect(await store.acquireLeases('b', [1, 2, 3], TTL)).toEqual([3]);
    expect((await store.acquireLeases('a', [1], TTL)).length).toBe(1);
    expect((await store.renewLeases('a', TTL)).sort()).toEqual([1, 2]);
    await backdateLease(2);
    expect(await store.acquireLeases('b', [2], TTL)).toEqual([2]);
    expect(await store.renewLeases('a', TTL)).toEqual([1]);
    await store.releaseLeases('a', [1]);
    expect(await store.acquireLeases('b', [1], TTL)).toEqual([1]);
    const view = await store.view();
    expect(view.leases.map((l) => [l.campaignId, l.ownerNode])).toEqual([
      [1, 'b'],
      [2, 'b'],
      [3, 'b'],
    ]);
    for (const lease of view.leases) expect(lease.expiresAt).toBeGreaterThan(view.dbNow);
  });

  it('carries a forwarded hang-up to its owner and its answer back', async () => {
    const id = await store.requestHangup('s-1', 'owner');
    expect(await store.pendingHangups('other')).toEqual([]);
    expect(await store.pendingHangups('owner')).toEqual([{ requestId: id, sessionId: 's-1' }]);
    expect(await store.takeHangupAnswer(id)).toBeUndefined();
    await store.answerHangup(id, true);
    expect(await store.pendingHangups('owner')).toEqual([]);
    expect(await store.takeHangupAnswer(id)).toBe(true);
    expect(await store.takeHangupAnswer(id)).toBeUndefined();
    const stale = await store.requestHangup('s-2', 'owner');
    await database.db.updateTable('hangup_requests').set({ requested_at: 1 }).execute();
    await store.pruneHangups(60_000);
    expect(await store.pendingHangups('owner')).toEqual([]);
    await store.dropHangup(stale);
  });

  it('claims callees for a node only while it holds the lease (the fence)', async () => {
    const config = loadConfig({}, { applications: testApplications() }, '/nonexistent');
    await provisionApplications(database, config, 0);
    const campaignId = await createCampaign(database.db, {
      sdkAppId: ACME_APP,
      nowMs: 0,
      maxLiveCampaigns: null,
      settings: {
        name: 'Fenced',
        callers: ['0086075586013388'],
        callOrder: 1,
        skillGroupId: 255,
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
      callees: { numbers: ['+8613000000001', '+8613000000002', '+8613000000003'], attributes: new Map() },
    });
    const dialer = new KyselyDialerStore(database.db, database.dialect);
    let n = 0;
    const claim = (leaseOwner: string) =>
      dialer.claimCallees({
        campaignId,
        sdkAppId: ACME_APP,
        skillGroupId: 255,
        now: 1000,
        limit: 1,
        leaseOwner,
        session: (): NewSession => ({
          sessionId: `s-${++n}`,
          caller: '0086075586013388',
          skillGroupName: 'g',
          ivrId: null,
          uui: '',
          variables: [],
          ownerNode: leaseOwner,
        }),
      });
    expect(await claim('a')).toEqual([]);
    await store.acquireLeases('a', [campaignId], TTL);
    expect(await claim('b')).toEqual([]);
    expect(await claim('a')).toHaveLength(1);
    await backdateLease(campaignId);
    expect(await claim('a')).toEqual([]);
    expect(await store.acquireLeases('b', [campaignId], TTL)).toEqual([campaignId]);
    expect(await claim('b')).toHaveLength(1);
    const owners = await database.db
      .selectFrom('sessions')
      .select('owner_node')
      .orderBy('start_ts')
      .execute();
    expect(owners.map((o) => o.owner_node).sort()).toEqual(['a', 'b']);
  });

  it('finds the agents a node left busy or in wrap-up: those whose status that node set last', async () => {
    const config = loadConfig({}, { applications: testApplications() }, '/nonexistent');
    await provisionApplications(database, config, 0);
    const dialer = new KyselyDialerStore(database.db, database.dialect);
    const agents = (await dialer.loadAgents(ACME_APP)).map((a) => a.mail);
    const [one, two, three] = agents as [string, string, string];
    const set = (mail: string, status: 'busy' | 'afterCallWork' | 'free' | 'rest', node: string | null) =>
      dialer.setAgentStatus({ sdkAppId: ACME_APP, mail, status, reason: '', at: 30, heldByNode: node });
    // One: busy on a call of 'dead' that died before the session named the agent (no session row).
    await set(one, 'busy', 'dead');
    // Two: wrapping up after a call of 'dead', then put on a call by 'alive'.
    await set(two, 'busy', 'dead');
    await set(two, 'afterCallWork', 'dead');
    await set(two, 'free', 'dead');
    await set(two, 'busy', 'alive');
    // Three: in wrap-up after a call of 'dead'.
    await set(three, 'busy', 'dead');
    await set(three, 'afterCallWork', 'dead');
    const held = async (node: string) =>
      (await dialer.listAgentsHeldBy(node)).sort((a, b) => a.mail.localeCompare(b.mail));
    expect(await held('dead')).toEqual([one, three].sort().map((mail) => ({ sdkAppId: ACME_APP, mail })));
    expect(await held('alive')).toEqual([{ sdkAppId: ACME_APP, mail: two }]);
    await set(one, 'free', 'dead');
    expect((await held('dead')).map((a) => a.mail)).toEqual([three]);
    const heldBy = async (mail: string) =>
      (
        await database.db
          .selectFrom('staff')
          .select('held_by_node')
          .where('mail', '=', mail)
          .executeTakeFirstOrThrow()
      ).held_by_node;
    // Only a call holds an agent: free and rest hold nobody, whoever set them.
    expect(await heldBy(one)).toBeNull();
    await set(three, 'rest', null);
    expect(await heldBy(three)).toBeNull();
    expect(await held('dead')).toEqual([]);
  });

  it("frees a reaped node's agent only while that node still holds it", async () => {
    const config = loadConfig({}, { applications: testApplications() }, '/nonexistent');
    await provisionApplications(database, config, 0);
    const dialer = new KyselyDialerStore(database.db, database.dialect);
    const [mail] = (await dialer.loadAgents(ACME_APP)).map((a) => a.mail) as [string];
    const base = { sdkAppId: ACME_APP, mail, reason: '', at: 30 } as const;
    await dialer.setAgentStatus({ ...base, status: 'busy', heldByNode: 'alive', onlyFrom: ['free'] });
    // The reaper of 'dead' (or 'dead' itself, merely stalled) leaving a call: refused, the agent is 'alive''s.
    const refused = await dialer.setAgentStatus({
      ...base,
      status: 'free',
      onlyFrom: ['busy', 'afterCallWork'],
      onlyIfHeldBy: 'dead',
    });
    expect(refused).toEqual({ applied: false, previous: 'busy' });
    const freed = await dialer.setAgentStatus({
      ...base,
      status: 'free',
      onlyFrom: ['busy', 'afterCallWork'],
      onlyIfHeldBy: 'alive',
    });
    expect(freed).toEqual({ applied: true, previous: 'busy' });
  });

  it('an upgraded database holds the agents on a call by the node of their latest call', async () => {
    const config = loadConfig({}, { applications: testApplications() }, '/nonexistent');
    await provisionApplications(database, config, 0);
    const dialer = new KyselyDialerStore(database.db, database.dialect);
    const [one, two, three] = (await dialer.loadAgents(ACME_APP)).map((a) => a.mail) as [
      string,
      string,
      string,
    ];
    let seq = 0;
    const call = (mail: string, owner: string, at: number) =>
      sql`insert into sessions (session_id, sdk_app_id, campaign_id, callee_seq, attempt, caller, callee, session_status, start_ts, seat_join_ts, seat_mail, skill_group_id, skill_group_name, owner_node)
          values (${`s${++seq}`}, ${ACME_APP}, 1, ${seq}, 1, 'c', 'x', 'inProgress', ${at}, ${at}, ${mail}, 255, 'g', ${owner})`.execute(
        database.db,
      );
    await call(one, 'a', 10);
    await call(one, 'b', 20);
    await call(two, 'a', 10);
    await call(three, 'a', 10);
    // As rows were before migration 008: statuses set, no holder.
    await database.db
      .updateTable('staff')
      .set({ status: 'busy', held_by_node: null })
      .where('mail', 'in', [one, two])
      .execute();
    await backfillHeldByNode(database.db);
    expect(await dialer.listAgentsHeldBy('b')).toEqual([{ sdkAppId: ACME_APP, mail: one }]);
    // Three is free: held by nobody.
    expect(await dialer.listAgentsHeldBy('a')).toEqual([{ sdkAppId: ACME_APP, mail: two }]);
  });
});

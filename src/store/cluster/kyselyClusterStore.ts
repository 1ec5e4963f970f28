import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type {
  ClusterStore,
  ClusterView,
  NodeRegistration,
  PendingHangup,
} from '../../dialer/ports/clusterStore.ts';
import type { Dialect } from '../dialect.ts';
import type { Database } from '../schema.ts';
import { dbNowMs } from './dbNow.ts';

const LIVE_STATUSES = [0, 1, 2];

/**
 * The cluster's shared state on SQL. Each method is one statement (a compare-and-set where it
 * changes something), timed by the database's clock.
 */
export class KyselyClusterStore implements ClusterStore {
  private readonly now: ReturnType<typeof dbNowMs>;

  constructor(
    private readonly db: Kysely<Database>,
    dialect: Dialect,
  ) {
    this.now = dbNowMs(dialect);
  }

  async dbNow(): Promise<number> {
    const { rows } = await sql<{ now: number }>`select ${this.now} as now`.execute(this.db);
    return Number(rows[0]!.now);
  }

  async registerNode(r: NodeRegistration): Promise<boolean> {
    const now = this.now;
    const row = await this.db
      .insertInto('cluster_nodes')
      .values({
        node_id: r.nodeId,
        incarnation: r.incarnation,
        state: 'alive',
        reaper: null,
        address: r.address,
        started_at: now,
        expires_at: sql<number>`${now} + ${r.ttlMs}`,
      })
      .onConflict((oc) =>
        oc
          .column('node_id')
          .doUpdateSet((eb) => ({
            incarnation: eb.ref('excluded.incarnation'),
            state: 'alive',
            reaper: null,
            address: eb.ref('excluded.address'),
            started_at: eb.ref('excluded.started_at'),
            expires_at: eb.ref('excluded.expires_at'),
          }))
          // A reaper holding the row (its own `expires_at` not passed) is closing what the dead
          // incarnation left: registering now would let it close this incarnation's new calls.
          .where((eb) =>
            eb.or([eb('cluster_nodes.state', '=', 'alive'), eb('cluster_nodes.expires_at', '<=', now)]),
          ),
      )
      .returning('node_id')
      .executeTakeFirst();
    return row !== undefined;
  }

  async heartbeat(
    nodeId: string,
    incarnation: string,
    ttlMs: number,
  ): Promise<{ alive: boolean; dbNow: number }> {
    const row = await this.db
      .updateTable('cluster_nodes')
      .set({ expires_at: sql<number>`${this.now} + ${ttlMs}` })
      .where('node_id', '=', nodeId)
      .where('incarnation', '=', incarnation)
      .where('state', '=', 'alive')
      .returning(this.now.as('db_now'))
      .executeTakeFirst();
    if (row) return { alive: true, dbNow: Number(row.db_now) };
    return { alive: false, dbNow: await this.dbNow() };
  }

  async expireNode(nodeId: string, incarnation: string): Promise<void> {
    await this.db
      .updateTable('cluster_nodes')
      .set({ expires_at: sql<number>`${this.now} - 1` })
      .where('node_id', '=', nodeId)
      .where('incarnation', '=', incarnation)
      .where('state', '=', 'alive')
      .execute();
  }

  async claimDeadNode(nodeId: string, reaper: string, ttlMs: number): Promise<boolean> {
    const row = await this.db
      .updateTable('cluster_nodes')
      .set({ state: 'reaping', reaper, expires_at: sql<number>`${this.now} + ${ttlMs}` })
      .where('node_id', '=', nodeId)
      .where('expires_at', '<=', this.now)
      .returning('node_id')
      .executeTakeFirst();
    return row !== undefined;
  }

  async forgetNode(nodeId: string, reaper: string): Promise<void> {
    await this.db
      .deleteFrom('cluster_nodes')
      .where('node_id', '=', nodeId)
      .where('state', '=', 'reaping')
      .where('reaper', '=', reaper)
      .execute();
  }

  async view(): Promise<ClusterView> {
    const [dbNow, nodes, campaigns, leases] = await Promise.all([
      this.dbNow(),
      this.db.selectFrom('cluster_nodes').selectAll().orderBy('node_id').execute(),
      this.db
        .selectFrom('campaigns')
        .select(['campaign_id', 'skill_group_id'])
        .where('deleted', '=', 0)
        .where('status', 'in', LIVE_STATUSES)
        .orderBy('campaign_id')
        .execute(),
      this.db.selectFrom('leases').selectAll().orderBy('campaign_id').execute(),
    ]);
    return {
      dbNow,
      nodes: nodes.map((n) => ({
        nodeId: n.node_id,
        incarnation: n.incarnation,
        state: n.state,
        address: n.address,
        expiresAt: Number(n.expires_at),
      })),
      campaigns: campaigns.map((c) => ({
        campaignId: Number(c.campaign_id),
        skillGroupId: Number(c.skill_group_id),
      })),
      leases: leases.map((l) => ({
        campaignId: Number(l.campaign_id),
        ownerNode: l.owner_node,
        expiresAt: Number(l.expires_at),
      })),
    };
  }

  async renewLeases(nodeId: string, ttlMs: number): Promise<number[]> {
    const rows = await this.db
      .updateTable('leases')
      .set({ expires_at: sql<number>`${this.now} + ${ttlMs}` })
      .where('owner_node', '=', nodeId)
      .returning('campaign_id')
      .execute();
    return rows.map((r) => Number(r.campaign_id));
  }

  async acquireLeases(nodeId: string, campaignIds: readonly number[], ttlMs: number): Promise<number[]> {
    if (campaignIds.length === 0) return [];
    const now = this.now;
    const rows = await this.db
      .insertInto('leases')
      .values(
        campaignIds.map((campaignId) => ({
          campaign_id: campaignId,
          owner_node: nodeId,
          expires_at: sql<number>`${now} + ${ttlMs}`,
        })),
      )
      .onConflict((oc) =>
        oc
          .column('campaign_id')
          .doUpdateSet((eb) => ({
            owner_node: eb.ref('excluded.owner_node'),
            expires_at: eb.ref('excluded.expires_at'),
          }))
          .where((eb) =>
            eb.or([
              eb('leases.expires_at', '<=', now),
              eb('leases.owner_node', '=', eb.ref('excluded.owner_node')),
            ]),
          ),
      )
      .returning('campaign_id')
      .execute();
    return rows.map((r) => Number(r.campaign_id));
  }

  async releaseLeases(nodeId: string, campaignIds: readonly number[]): Promise<void> {
    if (campaignIds.length === 0) return;
    await this.db
      .deleteFrom('leases')
      .where('owner_node', '=', nodeId)
      .where('campaign_id', 'in', [...campaignIds])
      .execute();
  }

  async isNodeAlive(nodeId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('cluster_nodes')
      .select('node_id')
      .where('node_id', '=', nodeId)
      .where('state', '=', 'alive')
      .where('expires_at', '>', this.now)
      .executeTakeFirst();
    return row !== undefined;
  }

  async sessionOwner(sessionId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('sessions')
      .select('owner_node')
      .where('session_id', '=', sessionId)
      .executeTakeFirst();
    return row?.owner_node ?? null;
  }

  async requestHangup(sessionId: string, ownerNode: string): Promise<string> {
    const requestId = randomUUID();
    await this.db
      .insertInto('hangup_requests')
      .values({
        request_id: requestId,
        session_id: sessionId,
        owner_node: ownerNode,
        requested_at: this.now,
        answered_at: null,
        held: null,
      })
      .execute();
    return requestId;
  }

  async takeHangupAnswer(requestId: string): Promise<boolean | undefined> {
    const row = await this.db
      .selectFrom('hangup_requests')
      .select(['answered_at', 'held'])
      .where('request_id', '=', requestId)
      .executeTakeFirst();
    if (!row || row.answered_at === null) return undefined;
    await this.dropHangup(requestId);
    return row.held === 1;
  }

  async dropHangup(requestId: string): Promise<void> {
    await this.db.deleteFrom('hangup_requests').where('request_id', '=', requestId).execute();
  }

  async pendingHangups(nodeId: string): Promise<PendingHangup[]> {
    const rows = await this.db
      .selectFrom('hangup_requests')
      .select(['request_id', 'session_id'])
      .where('owner_node', '=', nodeId)
      .where('answered_at', 'is', null)
      .orderBy('requested_at')
      .execute();
    return rows.map((r) => ({ requestId: r.request_id, sessionId: r.session_id }));
  }

  async answerHangup(requestId: string, held: boolean): Promise<void> {
    await this.db
      .updateTable('hangup_requests')
      .set({ answered_at: this.now, held: held ? 1 : 0 })
      .where('request_id', '=', requestId)
      .where('answered_at', 'is', null)
      .execute();
  }

  async pruneHangups(olderThanMs: number): Promise<void> {
    await this.db
      .deleteFrom('hangup_requests')
      .where('requested_at', '<', sql<number>`${this.now} - ${olderThanMs}`)
      .execute();
  }
}

/**
 * Keeps this node's share of the campaigns: each campaign is dialed by exactly one node at a time,
 * the holder of its lease (a `leases` row with an expiry on the database's clock).
 *
 * Every round (a third of the lease time, so a lease survives two missed rounds) the keeper
 * extends the node's heartbeat and its leases, reads the cluster, gives up and takes leases as
 * planLeases deals them, closes what dead nodes left, and serves HangUpCall requests forwarded to
 * it. A node that dies stops renewing: its heartbeat and leases expire after the lease time, and
 * the next round of the others — timed for that expiry — takes its campaigns over and closes its
 * calls (HungUpSide system, by recovery's rules).
 *
 * The node trusts a lease only until the local monotonic time at which the renewal was sent plus
 * the lease time (minus a margin for clock-rate differences): the database set the expiry later
 * than that, so the node stops before any other node may start. The claim of callees is fenced by
 * the lease in the database as well (CalleeClaim.leaseOwner), for a node paused past that moment.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { ClusterStore, ClusterView } from '../ports/clusterStore.ts';
import type { CampaignOwnership } from './campaignOwnership.ts';
import { ClockSkewError, measureSkew, type SkewSample, skewExceeds, skewFrom } from './clockSkew.ts';
import { planLeases } from './leasePlan.ts';

export interface LeaseKeeperOptions {
  readonly store: ClusterStore;
  readonly nodeId: string;
  readonly leaseMs: number;
  /** Refuse to start beyond this distance from the database's clock; warn beyond it later. */
  readonly maxSkewMs: number;
  /** Closes what a dead node left (open sessions, its agents); resolves to the sessions closed. */
  readonly recoverNode: (nodeId: string) => Promise<number>;
  /** The node took or gave up a campaign: the engine reads it again. */
  readonly campaignChanged: (campaignId: number) => void;
  /** The node gave campaigns up (to rebalance): the others may take them at once. */
  readonly released?: (campaignIds: readonly number[]) => void;
  /** Carries out a HangUpCall another node received for a call of this one. */
  readonly hangUp: (sessionId: string) => Promise<boolean>;
  readonly logger: Logger;
  /** Monotonic ms (tests). */
  readonly localNow?: () => number;
  /** Wall-clock ms, for the skew (tests). */
  readonly wallNow?: () => number;
}

/** Forwarded HangUpCall requests nobody answered are dropped after this long. */
const HANGUP_REQUEST_TTL_MS = 60_000;
/** A round that failed is tried again this soon. */
const RETRY_MS = 250;
/** A node taken for dead tries to register again this often while the others close what it left. */
const REJOIN_RETRY_MS = 200;
/** Rounds asked for by a nudge (a campaign created, changed) come at most this often. */
const POKE_GAP_MS = 100;
/** Skew warnings at most this often. */
const WARN_EVERY_MS = 60_000;

export class LeaseKeeper implements CampaignOwnership {
  readonly incarnation = randomUUID();
  private readonly store: ClusterStore;
  private readonly nodeId: string;
  private readonly leaseMs: number;
  private readonly marginMs: number;
  private readonly log: Logger;
  private readonly localNow: () => number;
  private readonly wallNow: () => number;
  /** Campaign → local monotonic time until which this node may dial it. */
  private readonly held = new Map<number, number>();
  private readonly serving = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private running = false;
  private lost = false;
  private poked = false;
  private lastRoundAt = Number.NEGATIVE_INFINITY;
  private lastWarnAt = Number.NEGATIVE_INFINITY;
  private lastSkew: SkewSample | undefined;
  private address = '';

  constructor(private readonly options: LeaseKeeperOptions) {
    this.store = options.store;
    this.nodeId = options.nodeId;
    this.leaseMs = options.leaseMs;
    this.marginMs = Math.min(500, options.leaseMs * 0.05);
    this.log = options.logger;
    this.localNow = options.localNow ?? (() => performance.now());
    this.wallNow = options.wallNow ?? Date.now;
  }

  owns(campaignId: number): boolean {
    const until = this.held.get(campaignId);
    return until !== undefined && this.localNow() < until;
  }

  /** The campaigns held now. */
  get campaigns(): number[] {
    return [...this.held.keys()].filter((id) => this.owns(id)).sort((a, b) => a - b);
  }

  /** The latest measure of the database's clock minus ours. */
  get skew(): SkewSample | undefined {
    return this.lastSkew;
  }

  /**
   * Measures the clock skew (throws ClockSkewError beyond the bound) and registers the node,
   * waiting while another node closes what a dead incarnation of this id left (at most a few lease
   * times). Call before the engine starts: its recovery closes this node's own leftovers.
   * `address`: host:port of this node's API, shown to operators.
   */
  async join(address: string): Promise<void> {
    this.address = address;
    const skew = await measureSkew(() => this.store.dbNow(), this.wallNow);
    this.lastSkew = skew;
    if (skewExceeds(skew, this.options.maxSkewMs)) {
      throw new ClockSkewError(
        `this node's clock is ${Math.round(skew.skewMs)} ms off the database's (±${Math.round(skew.uncertaintyMs)} ms), beyond ${this.options.maxSkewMs} ms: fix its time sync (or raise CCC_MAX_CLOCK_SKEW_MS)`,
      );
    }
    const giveUpAt = this.localNow() + 3 * this.leaseMs + 5000;
    for (;;) {
      const registered = await this.store.registerNode({
        nodeId: this.nodeId,
        incarnation: this.incarnation,
        address,
        ttlMs: this.leaseMs,
      });
      if (registered) break;
      if (this.localNow() > giveUpAt) {
        throw new Error(`node id ${this.nodeId} is still being reaped by another node; try again later`);
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(200, this.leaseMs / 4)));
    }
    this.log.info(
      { nodeId: this.nodeId, skewMs: Math.round(skew.skewMs), leaseSeconds: this.leaseMs / 1000 },
      'joined the cluster',
    );
  }

  /** Starts the rounds (the first one at once). */
  start(): void {
    if (this.running || this.lost) return;
    this.running = true;
    this.schedule(0);
  }

  /** Stops the rounds, gives up every lease and expires the node, so others take over at once. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.round;
    const held = [...this.held.keys()];
    this.held.clear();
    try {
      if (!this.lost) {
        await this.store.releaseLeases(this.nodeId, held);
        await this.store.expireNode(this.nodeId, this.incarnation);
      }
    } catch (error) {
      this.log.warn({ err: error }, 'could not give up the leases; they expire on their own');
    }
  }

  /**
   * A campaign appeared or changed somewhere: run a round soon rather than at the next renewal, so
   * a new campaign is dialed within milliseconds, not a third of the lease time.
   */
  poke(): void {
    if (!this.running) return;
    if (!this.timer) {
      this.poked = true; // a round is running: another right after it
      return;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    this.schedule(Math.max(0, this.lastRoundAt + POKE_GAP_MS - this.localNow()));
  }

  /** Serves the HangUpCall requests waiting for this node (on a signal, or every round). */
  async serveHangups(): Promise<void> {
    if (this.lost) return;
    for (const request of await this.store.pendingHangups(this.nodeId)) {
      if (this.serving.has(request.requestId)) continue;
      this.serving.add(request.requestId);
      try {
        const held = await this.options.hangUp(request.sessionId).catch((error) => {
          this.log.warn({ err: error, sessionId: request.sessionId }, 'a forwarded hang-up failed');
          return false;
        });
        await this.store.answerHangup(request.requestId, held);
      } finally {
        this.serving.delete(request.requestId);
      }
    }
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.poked = false;
      this.lastRoundAt = this.localNow();
      this.round = this.runRound().then(
        (next) => this.schedule(this.poked ? Math.min(next, POKE_GAP_MS) : next),
        (error) => {
          this.log.warn({ err: error }, 'lease round failed');
          this.dropExpired();
          this.schedule(RETRY_MS);
        },
      );
    }, delayMs);
  }

  /** One round; resolves to the delay until the next. */
  private async runRound(): Promise<number> {
    this.dropExpired();
    const sentAt = this.localNow();
    const wallSent = this.wallNow();
    const beat = await this.store.heartbeat(this.nodeId, this.incarnation, this.leaseMs);
    this.checkSkew(skewFrom(wallSent, beat.dbNow, this.wallNow()));
    if (!beat.alive && !(await this.rejoin())) return REJOIN_RETRY_MS;
    const renewed = new Set(await this.store.renewLeases(this.nodeId, this.leaseMs));
    const until = sentAt + this.leaseMs - this.marginMs;
    for (const id of renewed) this.hold(id, until);
    for (const id of [...this.held.keys()]) if (!renewed.has(id)) this.drop(id);

    const view = await this.store.view();
    const liveNodes = view.nodes
      .filter((n) => n.state === 'alive' && n.expiresAt > view.dbNow)
      .map((n) => n.nodeId);
    const holders = new Map<number, string>();
    for (const lease of view.leases) {
      if (lease.expiresAt > view.dbNow || renewed.has(lease.campaignId)) {
        holders.set(lease.campaignId, lease.ownerNode);
      }
    }
    const plan = planLeases({ self: this.nodeId, liveNodes, campaigns: view.campaigns, holders });
    if (plan.release.length > 0) {
      for (const id of plan.release) this.drop(id);
      await this.store.releaseLeases(this.nodeId, plan.release);
      this.options.released?.(plan.release);
    }
    if (plan.acquire.length > 0) {
      const askedAt = this.localNow();
      const got = await this.store.acquireLeases(this.nodeId, plan.acquire, this.leaseMs);
      for (const id of got) this.hold(id, askedAt + this.leaseMs - this.marginMs);
      if (got.length > 0) this.log.info({ campaigns: got }, 'took over campaigns');
    }

    await this.reapDeadNodes(view);
    await this.serveHangups();
    await this.store.pruneHangups(HANGUP_REQUEST_TTL_MS);
    return this.nextDelay(view);
  }

  /** Next round: a third of the lease time, or just after another node's lease or heartbeat expires. */
  private nextDelay(view: ClusterView): number {
    let delay = this.leaseMs / 3;
    const expiries = [
      ...view.leases.filter((l) => l.ownerNode !== this.nodeId).map((l) => l.expiresAt),
      ...view.nodes.filter((n) => n.nodeId !== this.nodeId).map((n) => n.expiresAt),
    ];
    for (const at of expiries) {
      if (at > view.dbNow) delay = Math.min(delay, at - view.dbNow + 20);
    }
    return Math.max(20, delay);
  }

  private async reapDeadNodes(view: ClusterView): Promise<void> {
    for (const node of view.nodes) {
      if (node.nodeId === this.nodeId || node.expiresAt > view.dbNow) continue;
      if (!(await this.store.claimDeadNode(node.nodeId, this.nodeId, this.leaseMs))) continue;
      const sessions = await this.options.recoverNode(node.nodeId);
      await this.store.forgetNode(node.nodeId, this.nodeId);
      this.log.warn({ deadNode: node.nodeId, sessions }, 'closed what a dead node left');
    }
  }

  private hold(campaignId: number, until: number): void {
    const had = this.owns(campaignId);
    this.held.set(campaignId, until);
    if (!had) this.options.campaignChanged(campaignId);
  }

  private drop(campaignId: number): void {
    if (!this.held.delete(campaignId)) return;
    this.options.campaignChanged(campaignId);
  }

  /** Leases whose local time ran out (renewals failing): the engine stops dialing them. */
  private dropExpired(): void {
    const now = this.localNow();
    for (const [id, until] of [...this.held]) if (until <= now) this.drop(id);
  }

  /**
   * The heartbeat found the node's row gone or not ours. Stalled past its lease, this node was
   * taken for dead: the others took its campaigns and close its calls; it gives everything up and
   * registers again once that is done. If another process runs under this node id, this one stops
   * dialing for good. Resolves true when the node is back.
   */
  private async rejoin(): Promise<boolean> {
    for (const id of [...this.held.keys()]) this.drop(id);
    const view = await this.store.view();
    const other = view.nodes.find(
      (n) => n.nodeId === this.nodeId && n.state === 'alive' && n.incarnation !== this.incarnation,
    );
    if (other && other.expiresAt > view.dbNow) {
      this.lost = true;
      this.running = false;
      this.log.error(
        { nodeId: this.nodeId },
        'another process runs under this node id: this one dials nothing more (give each node its own CCC_NODE_ID)',
      );
      return false;
    }
    const back = await this.store.registerNode({
      nodeId: this.nodeId,
      incarnation: this.incarnation,
      address: this.address,
      ttlMs: this.leaseMs,
    });
    if (back)
      this.log.warn(
        { nodeId: this.nodeId },
        'this node stalled past its lease and was taken for dead; it is back',
      );
    return back;
  }

  private checkSkew(sample: SkewSample): void {
    this.lastSkew = sample;
    if (!skewExceeds(sample, this.options.maxSkewMs)) return;
    const now = this.localNow();
    if (now - this.lastWarnAt < WARN_EVERY_MS) return;
    this.lastWarnAt = now;
    this.log.warn(
      { skewMs: Math.round(sample.skewMs), maxSkewMs: this.options.maxSkewMs },
      "this node's clock drifted off the database's",
    );
  }
}

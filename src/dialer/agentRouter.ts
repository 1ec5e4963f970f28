/**
 * The agents' side of the call cycle: free → busy (a call is put through) → afterCallWork (the
 * application's wrap-up time) → free, each step changed in memory at once (the pacers see it) and
 * committed to the store as a compare-and-set, whose refusal means the API moved the agent
 * meanwhile (rest, notReady, offline) — the seat then takes the store's word.
 *
 * The engine owns busy and afterCallWork; the API owns the rest. While the engine is writing a
 * seat's status the store row lags behind the seat, so an API change read in that window is read
 * again once the write is done.
 */
import type { Clock } from '../domain/clock.ts';
import type { StaffStatus } from '../domain/staff/staffStatus.ts';
import type { AgentPool } from './agentPool.ts';
import { AgentSeat, onDuty, seatKey } from './agentSeat.ts';
import type { DialerEvents } from './dialerEvents.ts';
import type { LiveCall } from './liveCall.ts';
import type { AgentRecord, AgentStatusChange, AgentStatusResult, DialerStore } from './ports/dialerStore.ts';

const FROM_FREE: readonly StaffStatus[] = ['free'];
const FROM_BUSY: readonly StaffStatus[] = ['busy'];
const FROM_WRAP_UP: readonly StaffStatus[] = ['afterCallWork'];
const FROM_BUSY_OR_WRAP_UP: readonly StaffStatus[] = ['busy', 'afterCallWork'];

export interface AgentRouterDeps {
  readonly store: DialerStore;
  /** This engine's node in a cluster (null alone): the holder its status writes record. */
  readonly nodeId: string | null;
  readonly clock: Clock;
  readonly events: DialerEvents;
  /** Runs an asynchronous operation under the engine's watch (settling, errors). */
  track(work: Promise<unknown>): void;
  /** Runs a store write again until it is taken (EngineContext.persist). */
  persist<T>(context: string, write: () => Promise<T>): Promise<T>;
  wrapUpSeconds(sdkAppId: number): number;
  pool(skillGroupId: number): AgentPool | undefined;
  /** The seat is free and queued in its pools: give it a waiting call, pace. */
  seatFreed(seat: AgentSeat): void;
  /** The seat left the calling cycle (rest, notReady, offline): pace its pools. */
  seatLeft(seat: AgentSeat): void;
}

export class AgentRouter {
  private readonly seats = new Map<string, AgentSeat>();

  constructor(private readonly deps: AgentRouterDeps) {}

  /** Puts a free seat on a call: busy in memory now, committed before the bridge. */
  async takeForCall(seat: AgentSeat, call: LiveCall, at: number): Promise<boolean> {
    seat.call = call;
    this.setState(seat, 'busy', at);
    let result: AgentStatusResult;
    try {
      result = await this.write(seat, 'busy', at, FROM_FREE);
    } catch (error) {
      // Not retried: the callee is waiting. Whether the write took is unknown, so the seat is set
      // free in the store too (from busy, or found free already) before it is offered calls again.
      seat.call = undefined;
      this.deps.track(this.release(seat, FROM_BUSY_OR_WRAP_UP));
      throw error;
    }
    if (!result.applied) {
      seat.call = undefined;
      this.adopt(seat, result.previous, this.deps.clock.now());
      return false;
    }
    this.emit(seat, result.previous, 'busy', at);
    return true;
  }

  /** The call fell through before talk began (bridge failed, callee gone): the seat is free again. */
  async callFellThrough(seat: AgentSeat): Promise<void> {
    seat.call = undefined;
    await this.release(seat, FROM_BUSY_OR_WRAP_UP);
  }

  /**
   * Talk is over: the seat wraps up (or is free at once without wrap-up time). The memory change
   * is immediate; `commitCallEnd` writes it, after the engine has committed the call's outcome.
   */
  callEnded(seat: AgentSeat, at: number): boolean {
    seat.call = undefined;
    if (seat.state !== 'busy') return false;
    // The store row says busy until commitCallEnd: count the write as begun.
    seat.writes++;
    this.setState(seat, this.deps.wrapUpSeconds(seat.record.sdkAppId) > 0 ? 'afterCallWork' : 'free', at);
    return true;
  }

  async commitCallEnd(seat: AgentSeat, at: number): Promise<void> {
    const target = seat.state;
    let result: AgentStatusResult | undefined;
    try {
      if (target === 'afterCallWork' || target === 'free') {
        result = await this.deps.persist('agent status', () =>
          this.deps.store.setAgentStatus(this.change(seat, target, at, FROM_BUSY)),
        );
      }
    } finally {
      this.endWrite(seat);
    }
    if (!result) return;
    // A retried write whose first try had taken after all finds its own status.
    if (!result.applied && result.previous !== target) {
      // The agent asked for rest/notReady during the call (or went offline): they stay so.
      this.adopt(seat, result.previous, this.deps.clock.now());
      return;
    }
    this.emit(seat, 'busy', target, at);
    if (seat.state !== target) return;
    if (target === 'free') {
      this.deps.seatFreed(seat);
      return;
    }
    seat.wrapTimer = this.deps.clock.setTimer(this.deps.wrapUpSeconds(seat.record.sdkAppId) * 1000, () => {
      seat.wrapTimer = undefined;
      if (seat.state === 'afterCallWork' && !seat.call) this.deps.track(this.release(seat, FROM_WRAP_UP));
    });
  }

  /** Reads an agent again after the API changed it. */
  async refresh(sdkAppId: number, mail: string): Promise<void> {
    const record = await this.deps.store.loadAgent(sdkAppId, mail);
    const seat = this.seats.get(seatKey(sdkAppId, mail));
    if (!record) {
      if (seat) {
        this.adopt(seat, 'offline', this.deps.clock.now());
        for (const pool of [...seat.pools]) pool.leave(seat);
      }
      return;
    }
    this.apply(record);
  }

  /** Brings a seat in line with its store record: skill groups, and status unless on a call. */
  apply(record: AgentRecord): void {
    const key = seatKey(record.sdkAppId, record.mail);
    let seat = this.seats.get(key);
    if (!seat) {
      seat = new AgentSeat(record);
      this.seats.set(key, seat);
    } else {
      seat.record = record;
    }
    for (const pool of [...seat.pools])
      if (!record.skillGroupIds.includes(pool.skillGroupId)) pool.leave(seat);
    for (const groupId of record.skillGroupIds) {
      const pool = this.deps.pool(groupId);
      if (pool && !seat.pools.includes(pool)) pool.join(seat);
    }
    if (seat.writes > 0) {
      seat.recheck = true;
      return;
    }
    if (record.status !== seat.state) this.adopt(seat, record.status, this.deps.clock.now());
  }

  /** Stops the wrap-up timers (engine stopping). */
  stop(): void {
    for (const seat of this.seats.values()) seat.clearWrap(this.deps.clock);
  }

  /** Frees a seat in memory and in the store (compare-and-set), then offers it calls. */
  private async release(seat: AgentSeat, onlyFrom: readonly StaffStatus[]): Promise<void> {
    const at = this.deps.clock.now();
    const before = seat.state;
    this.setState(seat, 'free', at);
    const result = await this.write(seat, 'free', at, onlyFrom, { persist: true });
    if (!result.applied) {
      this.adopt(seat, result.previous, this.deps.clock.now());
      return;
    }
    this.emit(seat, before, 'free', at);
    if (seat.state === 'free') this.deps.seatFreed(seat);
  }

  /** The store says the agent is in `status`: the seat follows, and is offered calls if free. */
  private adopt(seat: AgentSeat, status: StaffStatus, at: number): void {
    if (seat.call) return; // on a call: the engine's `busy` holds until the call ends
    if (status !== 'afterCallWork') seat.clearWrap(this.deps.clock);
    if (seat.state === status) {
      if (status === 'free') this.deps.seatFreed(seat);
      return;
    }
    const before = seat.state;
    this.setState(seat, status, at);
    this.emit(seat, before, status, at);
    if (status === 'free') this.deps.seatFreed(seat);
    else this.deps.seatLeft(seat);
  }

  private setState(seat: AgentSeat, state: StaffStatus, at: number): void {
    const wasOnDuty = seat.onDuty;
    if (state === 'free' && seat.state !== 'free') seat.freeStamp++;
    seat.state = state;
    seat.since = at;
    if (wasOnDuty !== onDuty(state)) for (const pool of seat.pools) pool.updateDuty(seat);
  }

  private async write(
    seat: AgentSeat,
    status: StaffStatus,
    at: number,
    onlyFrom: readonly StaffStatus[],
    { persist = false } = {},
  ): Promise<AgentStatusResult> {
    seat.writes++;
    try {
      const write = () => this.deps.store.setAgentStatus(this.change(seat, status, at, onlyFrom));
      return await (persist ? this.deps.persist('agent status', write) : write());
    } finally {
      this.endWrite(seat);
    }
  }

  /**
   * The engine's status writes carry no reason: busy, wrap-up and free are the call cycle's own.
   * In a cluster they name this node as the agent's holder, and a write out of busy or wrap-up
   * applies only while this node still holds the agent: if it was reaped as dead while merely
   * stalled, the agent may be on another node's call by now.
   */
  private change(
    seat: AgentSeat,
    status: StaffStatus,
    at: number,
    onlyFrom: readonly StaffStatus[],
  ): AgentStatusChange {
    const { sdkAppId, mail } = seat.record;
    const node = this.deps.nodeId;
    const leavesCall = !onlyFrom.includes('free');
    return {
      sdkAppId,
      mail,
      status,
      reason: '',
      at,
      onlyFrom,
      ...(node === null ? {} : { heldByNode: node, ...(leavesCall ? { onlyIfHeldBy: node } : {}) }),
    };
  }

  private endWrite(seat: AgentSeat): void {
    if (--seat.writes === 0 && seat.recheck) {
      seat.recheck = false;
      this.deps.track(this.refresh(seat.record.sdkAppId, seat.record.mail));
    }
  }

  private emit(seat: AgentSeat, previous: StaffStatus, status: StaffStatus, at: number): void {
    if (previous === status || !this.deps.events.has('agent:status')) return;
    this.deps.events.emit('agent:status', {
      at,
      sdkAppId: seat.record.sdkAppId,
      mail: seat.record.mail,
      previous,
      status,
    });
  }
}

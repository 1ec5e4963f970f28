/**
 * The engine's surface: one typed `noun:verb` event map (graphile-worker's WorkerEventMap). The
 * console's live feed and the simulator's records and trace are listeners. Emission goes through a
 * guard (graphile-worker's safeEmit): a listener that throws is reported once per event name and
 * skipped, so it can never stop pacing. Payloads are built only when someone listens.
 */
import type { CampaignStatus, StatusReason } from '../domain/campaign/campaignStatus.ts';
import type { EndStatus } from '../domain/endStatus.ts';
import type { StaffStatus } from '../domain/staff/staffStatus.ts';
import type { HungUpSide } from './ports/dialerStore.ts';

export interface DialerEventMap {
  'engine:started': { readonly at: number; readonly recoveredSessions: number };
  'engine:stopped': { readonly at: number };
  'engine:error': { readonly at: number; readonly context: string; readonly error: unknown };
  /**
   * A pacing tick ran; `lateMs` is how long after its due time (engine ms): the event loop was busy
   * elsewhere that long, and every pacer decision with it.
   */
  'engine:tick': { readonly at: number; readonly lateMs: number };
  'campaign:status': {
    readonly at: number;
    readonly campaignId: number;
    readonly sdkAppId: number;
    readonly previous: CampaignStatus;
    readonly status: CampaignStatus;
    readonly statusReason: StatusReason;
  };
  'call:placed': {
    readonly at: number;
    readonly campaignId: number;
    readonly sessionId: string;
    readonly calleeSeq: number;
    readonly attempt: number;
    readonly caller: string;
    readonly callee: string;
  };
  'call:answered': {
    readonly at: number;
    readonly campaignId: number;
    readonly sessionId: string;
    readonly ringSeconds: number;
  };
  'call:connected': {
    readonly at: number;
    readonly campaignId: number;
    readonly sessionId: string;
    readonly agent: string;
    readonly waitSeconds: number;
  };
  'call:abandoned': {
    readonly at: number;
    readonly campaignId: number;
    readonly sessionId: string;
    /** 107 when handed to the campaign's IVR, else 103. */
    readonly endStatus: EndStatus;
  };
  'call:ended': {
    readonly at: number;
    readonly campaignId: number;
    readonly sessionId: string;
    readonly calleeSeq: number;
    readonly attempt: number;
    readonly endStatus: EndStatus;
    readonly hungUpSide: HungUpSide;
    /** Talk time of a connected call, seconds. */
    readonly talkSeconds?: number;
    readonly calleeFinished: boolean;
  };
  'agent:status': {
    readonly at: number;
    readonly sdkAppId: number;
    readonly mail: string;
    readonly previous: StaffStatus;
    readonly status: StaffStatus;
  };
  'pacer:decision': {
    readonly at: number;
    readonly campaignId: number;
    readonly skillGroupId: number;
    readonly strategy: string;
    readonly freeAgents: number;
    readonly busyAgents: number;
    readonly wrapUpAgents: number;
    /** Calls placed and not yet connected nor ended, all campaigns of the pool. */
    readonly callsInFlight: number;
    readonly waitingCalls: number;
    /** What the pacer asked for. */
    readonly asked: number;
    /** What capacity (concurrent calls, calls per second) let through. */
    readonly placed: number;
    readonly estimates: Readonly<Record<string, number>>;
  };
}

export type DialerEventName = keyof DialerEventMap;
export type DialerListener<K extends DialerEventName> = (payload: DialerEventMap[K]) => void;

export class DialerEvents {
  private readonly listeners = new Map<DialerEventName, Array<DialerListener<DialerEventName>>>();
  private readonly reported = new Set<string>();

  constructor(private readonly onListenerError: (name: string, error: unknown) => void = () => {}) {}

  /** Subscribes; returns the unsubscribe function. */
  on<K extends DialerEventName>(name: K, listener: DialerListener<K>): () => void {
    const list = this.listeners.get(name) ?? [];
    list.push(listener as DialerListener<DialerEventName>);
    this.listeners.set(name, list);
    return () => {
      const current = this.listeners.get(name);
      if (!current) return;
      const next = current.filter((l) => l !== listener);
      if (next.length === 0) this.listeners.delete(name);
      else this.listeners.set(name, next);
    };
  }

  /** Whether anyone listens, so the engine builds a payload only when it will be read. */
  has(name: DialerEventName): boolean {
    return this.listeners.has(name);
  }

  /** Calls every listener; one that throws is reported (once per event name) and the rest go on. */
  emit<K extends DialerEventName>(name: K, payload: DialerEventMap[K]): void {
    const list = this.listeners.get(name);
    if (!list) return;
    for (const listener of list) {
      try {
        listener(payload);
      } catch (error) {
        if (!this.reported.has(name)) {
          this.reported.add(name);
          try {
            this.onListenerError(name, error);
          } catch {}
        }
      }
    }
  }
}

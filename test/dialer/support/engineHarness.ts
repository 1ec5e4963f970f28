import pino from 'pino';
import { VirtualClock } from '../../../src/dialer/clock/virtualClock.ts';
import { DialerEngine, type DialerEngineOptions } from '../../../src/dialer/dialerEngine.ts';
import type { DialerEventMap, DialerEventName } from '../../../src/dialer/dialerEvents.ts';
import type { ApplicationSettings } from '../../../src/dialer/ports/dialerStore.ts';
import { seededRandom } from '../../../src/domain/random.ts';
import {
  type CalleeSeed,
  type CampaignSeed,
  MemoryDialerStore,
} from '../../../src/store/memory/memoryDialerStore.ts';
import type { CalleeParams } from '../../../src/telephony/sim/calleeModel.ts';
import {
  createSimTelephony,
  type SimOutcome,
  type SimTelephony,
} from '../../../src/telephony/sim/simTelephony.ts';
import type { DialRequest } from '../../../src/telephony/telephony.ts';

export const APP = 1400000000;
export const GROUP = 255;
/** 2025-03-03T00:00:00Z, a Monday. */
export const T0 = Date.UTC(2025, 2, 3, 0, 0, 0);

export const CALLERS = ['+861000', '+861001'];

export const DEFAULT_MODEL: CalleeParams = {
  answerRate: 1,
  busyRate: 0,
  ringMeanSeconds: 5,
  ringTimeoutSeconds: 25,
  talkMeanSeconds: 60,
};

/** Outcomes by callee number for scripted tests. */
export const answered = (ringSeconds: number, talkSeconds: number): SimOutcome => ({
  kind: 'answered',
  ringSeconds,
  talkSeconds,
});
export const busy = (afterSeconds = 3): SimOutcome => ({ kind: 'busy', afterSeconds });
export const noAnswer = (afterSeconds = 25): SimOutcome => ({ kind: 'noAnswer', afterSeconds });

export interface HarnessOptions {
  readonly agents?: number;
  readonly app?: Partial<ApplicationSettings>;
  readonly model?: CalleeParams;
  readonly script?: (request: DialRequest) => SimOutcome | undefined;
  readonly engine?: Partial<DialerEngineOptions>;
  readonly seed?: number;
  readonly store?: MemoryDialerStore;
  readonly clock?: VirtualClock;
  readonly seatHangUpShare?: number;
}

export interface Harness {
  readonly store: MemoryDialerStore;
  readonly clock: VirtualClock;
  readonly telephony: SimTelephony;
  readonly engine: DialerEngine;
  /** Every engine event, in order. */
  readonly log: Array<{ name: DialerEventName; payload: unknown }>;
  events<K extends DialerEventName>(name: K): Array<DialerEventMap[K]>;
  addCampaign(seed?: Partial<CampaignSeed>, callees?: readonly CalleeSeed[] | number): number;
  /** Runs the clock to T0 + seconds. */
  runTo(seconds: number): Promise<void>;
  runFor(seconds: number): Promise<void>;
}

const NAMES: DialerEventName[] = [
  'engine:started',
  'engine:stopped',
  'engine:error',
  'campaign:status',
  'call:placed',
  'call:answered',
  'call:connected',
  'call:abandoned',
  'call:ended',
  'agent:status',
  'pacer:decision',
];

export function seedApplication(store: MemoryDialerStore, options: HarnessOptions = {}): void {
  store.addApplication({
    sdkAppId: APP,
    wrapUpSeconds: 10,
    numbers: CALLERS.map((number) => ({
      number,
      state: 1,
      maxConcurrentCalls: null,
      maxCallsPerSecond: null,
    })),
    ivrs: [{ ivrId: 4600, target: 'ivr:4600' }],
    ...options.app,
  });
  store.addSkillGroup({ skillGroupId: GROUP, sdkAppId: APP, name: 'Outbound sales' });
  for (let i = 1; i <= (options.agents ?? 1); i++) {
    store.addAgent({
      sdkAppId: APP,
      mail: `agent${i}@acme.test`,
      staffNumber: String(1000 + i),
      status: 'free',
      statusSince: T0 - 1000 * (100 - i),
      skillGroupIds: [GROUP],
    });
  }
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const store = options.store ?? new MemoryDialerStore();
  if (!options.store) seedApplication(store, options);
  const clock = options.clock ?? new VirtualClock(T0);
  const telephony = createSimTelephony({
    clock,
    random: seededRandom(options.seed ?? 7),
    model: options.model ?? DEFAULT_MODEL,
    ...(options.script ? { script: options.script } : {}),
    ...(options.seatHangUpShare === undefined ? {} : { seatHangUpShare: options.seatHangUpShare }),
  });
  const engine = new DialerEngine({
    store,
    telephony,
    clock,
    logger: pino({ level: 'silent' }),
    strategy: 'progressive',
    ...options.engine,
  });
  clock.settleWith(() => engine.idle());
  const log: Harness['log'] = [];
  for (const name of NAMES) engine.events.on(name, (payload) => log.push({ name, payload }));
  await engine.start();
  return {
    store,
    clock,
    telephony,
    engine,
    log,
    events: <K extends DialerEventName>(name: K) =>
      log.filter((e) => e.name === name).map((e) => e.payload as DialerEventMap[K]),
    addCampaign(seed = {}, callees = 1) {
      const list =
        typeof callees === 'number'
          ? Array.from({ length: callees }, (_, i) => ({
              number: `+8613800000${String(i).padStart(3, '0')}`,
            }))
          : callees;
      const id = store.addCampaign(
        {
          sdkAppId: APP,
          skillGroupId: GROUP,
          callers: CALLERS,
          startAt: T0,
          endAt: T0 + 86_400_000,
          ...seed,
        },
        list,
      );
      engine.campaignChanged(id);
      return id;
    },
    runTo: (seconds) => clock.runUntil(T0 + seconds * 1000),
    runFor: (seconds) => clock.runFor(seconds * 1000),
  };
}

/**
 * Fault injection on the real server: `serve` runs as a child process (sim telephony, a sped-up
 * clock, SQLite) while clients create campaigns and pause, resume and abort them through the
 * official SDK, and the test `kill -9`s it at random moments — while it starts and recovers, while
 * it dials, in the middle of a 10,000-callee insert — and starts it again on the same data
 * directory. At the end the stored records must satisfy every dialing invariant
 * (test/support/invariants.ts) and the API must agree with them.
 *
 * Reproducible in its choices from the seed (the moments of the kills depend on the machine too).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seededRandom } from '../../src/domain/random.ts';
import {
  type AcknowledgedCampaign,
  type AcknowledgedCommand,
  checkDialingInvariants,
  type InvariantReport,
  openSessionIds,
  withDatabase,
} from '../support/invariants.ts';
import { type CccSdk, cccClient, type SdkError } from '../support/sdk.ts';
import { ServerProcess } from '../support/serverProcess.ts';

const SDK_APP_ID = 1400000000;
const KEY = { secretId: 'AKIDcrashcrashcrashcrashcrash001', secretKey: 'crashsecretcrashsecretcrashsec01' };
const CALLERS = ['0086075586013388', '0086075586013389'];
const SKILL_GROUP = 255;
const IVR = 4600;
const CLOCK_SPEED = 60;

export interface FaultInjectionOptions {
  readonly kills: number;
  readonly seed: number;
  readonly log?: (line: string) => void;
}

export interface FaultInjectionResult {
  /** Invariants on the records while the server still ran, before the final drain. */
  readonly live: InvariantReport;
  /** Invariants after every campaign was aborted, every call ended and the server stopped. */
  readonly final: InvariantReport;
  /** Disagreements between the API's answers and the stored records. */
  readonly apiMismatches: string[];
  readonly kills: number;
  readonly killsWhileStarting: number;
  readonly createsSent: number;
  readonly createsAcknowledged: number;
  readonly commandsAcknowledged: number;
  /** Exit of the final orderly stop. */
  readonly stopExit: { code: number | null; signal: string | null };
}

interface Attempt {
  readonly calleeCount: number;
  refused: boolean;
}

/** Runs the whole scenario; leaves no process or directory behind. */
export async function runFaultInjection(options: FaultInjectionOptions): Promise<FaultInjectionResult> {
  const random = seededRandom(options.seed);
  const log = options.log ?? (() => {});
  const between = (low: number, high: number) => low + Math.floor(random.next() * (high - low + 1));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ccc-crash-'));
  const dbFile = path.join(dataDir, 'ccc.db');
  const configFile = path.join(dataDir, 'config.json');
  writeFileSync(configFile, JSON.stringify(serverConfig(options.seed)));
  const env = {
    CCC_CONFIG: configFile,
    CCC_DATA_DIR: dataDir,
    CCC_CLOCK_SPEED: String(CLOCK_SPEED),
    CCC_SECRET_ID: KEY.secretId,
    CCC_SECRET_KEY: KEY.secretKey,
    CCC_RATE_LIMIT: '0',
    CCC_LOG_LEVEL: 'warn',
  };

  const attempted = new Map<string, Attempt>();
  const acknowledged: AcknowledgedCampaign[] = [];
  const commands = new Map<number, AcknowledgedCommand>();
  const crashCut = new Set<string>();
  let commandsAcknowledged = 0;
  let killsWhileStarting = 0;
  let server: ServerProcess | undefined;
  let clock: EngineTime | undefined;

  try {
    server = new ServerProcess(env);
    let endpoint = await server.ready();
    clock = await engineTime(dbFile);
    for (let kill = 1; kill <= options.kills; kill++) {
      // A quarter of the kills land while the server starts: during migrations, provisioning, recovery.
      const whileStarting = kill > 1 && random.next() < 0.25;
      if (whileStarting) {
        killsWhileStarting++;
        const delay = between(200, 2500);
        await Promise.race([server.exited, pause(delay)]);
      } else {
        endpoint = await server.ready();
        const sdk = cccClient(endpoint, KEY);
        const workload = new Workload(sdk, clock, random, attempted, acknowledged, commands, `k${kill}`);
        const running = workload.run();
        await pause(between(500, 2500));
        workload.stop();
        // Killed with requests in flight: their answers are lost, which is the point.
        await server.kill();
        await running;
        commandsAcknowledged += workload.commandsAcknowledged;
      }
      await server.kill();
      for (const id of await openSessionIds(dbFile)) crashCut.add(id);
      log(
        `kill ${kill}${whileStarting ? ' (while starting)' : ''}: ${acknowledged.length} campaigns acknowledged, ${crashCut.size} calls cut so far`,
      );
      server = new ServerProcess(env);
    }

    endpoint = await server.ready();
    const sdk = cccClient(endpoint, KEY);
    // Statuses due by now must be applied once the restarted engine has ticked a while after now
    // (a tick is 4 ms of real time at this speed): watch its tick count on /metrics.
    const tickedAt = clock.now();
    const ticksBefore = await tickCount(endpoint);
    await until(async () => (await tickCount(endpoint)) >= ticksBefore + 100, 30_000);
    const live = await checkDialingInvariants(dbFile, {
      acknowledged,
      attempted,
      commands,
      engineTickedAt: tickedAt,
      crashCut,
    });

    // Wind down: abort whatever is live, let the calls in progress end, then compare API and records.
    for (const campaign of await listCampaigns(sdk)) {
      if (campaign.Status > 2) continue;
      try {
        await sdk.AbortPredictiveDialingCampaign({ SdkAppId: SDK_APP_ID, CampaignId: campaign.CampaignId });
        commands.set(campaign.CampaignId, 'abort');
        commandsAcknowledged++;
      } catch (error) {
        // It completed or reached its EndTime since it was listed.
        if ((error as SdkError).code !== 'FailedOperation') throw error;
      }
    }
    await until(async () => {
      const active = await sdk.DescribePSTNActiveSessionList({ SdkAppId: SDK_APP_ID, Offset: 0, Limit: 1 });
      return active.Total === 0;
    }, 30_000);
    const listed = await listCampaigns(sdk);
    const sessionTotals = new Map<number, number>();
    for (const campaign of listed) {
      const answer = await sdk.DescribePredictiveDialingSessions({
        SdkAppId: SDK_APP_ID,
        CampaignId: campaign.CampaignId,
        PageSize: 1,
        PageNumber: 0,
      });
      sessionTotals.set(campaign.CampaignId, answer.TotalCount);
    }
    const stopExit = await server.stop();
    const final = await checkDialingInvariants(dbFile, {
      acknowledged,
      attempted,
      commands,
      crashCut,
      quiescent: true,
    });
    const apiMismatches = await compareWithApi(dbFile, listed, sessionTotals);
    return {
      live,
      final,
      apiMismatches,
      kills: options.kills,
      killsWhileStarting,
      createsSent: attempted.size,
      createsAcknowledged: acknowledged.length,
      commandsAcknowledged,
      stopExit,
    };
  } catch (error) {
    if (server) (error as Error).message += `\n--- server output ---\n${server.log}`;
    throw error;
  } finally {
    await server?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function serverConfig(seed: number) {
  return {
    connectDeadlineSeconds: 2,
    sim: {
      answerRate: 0.5,
      busyRate: 0.2,
      ringMeanSeconds: 8,
      ringTimeoutSeconds: 25,
      talkMeanSeconds: 30,
      seed,
    },
    applications: [
      {
        sdkAppId: SDK_APP_ID,
        name: 'Crash test',
        account: 'crash',
        numbers: CALLERS.map((number) => ({ number, state: 1, callOutSkillGroupIds: [SKILL_GROUP] })),
        ivrs: [{ ivrId: IVR, name: 'Sorry, all agents are busy', target: `ivr:${IVR}` }],
        skillGroups: [{ skillGroupId: SKILL_GROUP, name: 'Outbound', type: 0, maxConcurrency: 1 }],
        simulatedAgents: { skillGroupId: SKILL_GROUP, count: 10 },
        limits: { maxCalleesPerCampaign: 100_000, maxLiveCampaigns: 10_000, wrapUpSeconds: 5 },
      },
    ],
  };
}

/** The server's engine clock, from the origin it keeps in the database (src/store/engineClock.ts). */
interface EngineTime {
  now(): number;
}

async function engineTime(dbFile: string): Promise<EngineTime> {
  const stored = await withDatabase(dbFile, (db) =>
    db.selectFrom('meta').select('value').where('key', '=', 'clock_origin').executeTakeFirstOrThrow(),
  );
  const { origin, speed } = JSON.parse(stored.value) as { origin: string; speed: number };
  const { engineOrigin, realOrigin } = JSON.parse(origin) as { engineOrigin: number; realOrigin: number };
  return { now: () => engineOrigin + (Date.now() - realOrigin) * speed };
}

/**
 * What clients do between two kills: two loops creating campaigns (now and then a big one, whose
 * insert a kill may cut), and one pausing, resuming and aborting them. Each records only what the
 * API acknowledged; a request whose answer was lost proves nothing either way.
 */
class Workload {
  commandsAcknowledged = 0;
  private stopped = false;
  private created = 0;

  constructor(
    private readonly sdk: CccSdk,
    private readonly clock: EngineTime,
    private readonly random: { next(): number },
    private readonly attempted: Map<string, Attempt>,
    private readonly acknowledged: AcknowledgedCampaign[],
    private readonly commands: Map<number, AcknowledgedCommand>,
    private readonly label: string,
  ) {}

  stop(): void {
    this.stopped = true;
  }

  run(): Promise<unknown> {
    return Promise.all([this.createLoop('a'), this.createLoop('b'), this.commandLoop()]);
  }

  private between(low: number, high: number): number {
    return low + Math.floor(this.random.next() * (high - low + 1));
  }

  private async createLoop(loop: string): Promise<void> {
    while (!this.stopped) {
      const draw = this.random.next();
      const calleeCount =
        draw < 0.7 ? this.between(5, 200) : draw < 0.95 ? this.between(200, 2000) : this.between(5000, 15000);
      const name = `${this.label}-${loop}-${this.created++}`;
      const nowS = Math.floor(this.clock.now() / 1000);
      const startS = this.random.next() < 0.2 ? nowS + this.between(30, 300) : nowS - 60;
      const endS = startS + (this.random.next() < 0.4 ? this.between(300, 1200) : 7200);
      const offset = this.between(0, 1_000_000);
      const request = {
        SdkAppId: SDK_APP_ID,
        Name: name,
        Callees: Array.from(
          { length: calleeCount },
          (_, i) => `+86130${String(offset + i).padStart(8, '0')}`,
        ),
        Callers: CALLERS,
        CallOrder: this.between(0, 1),
        SkillGroupId: SKILL_GROUP,
        ...(this.random.next() < 0.5 ? { IVRId: IVR } : {}),
        Priority: this.between(1, 5),
        ExpectedAbandonRate: this.between(5, 20),
        RetryTimes: this.between(0, 2),
        RetryInterval: this.between(60, 180),
        StartTime: startS,
        EndTime: endS,
      };
      const attempt: Attempt = { calleeCount, refused: false };
      this.attempted.set(name, attempt);
      try {
        const { CampaignId } = await this.sdk.CreatePredictiveDialingCampaign(request);
        this.acknowledged.push({ campaignId: CampaignId, sdkAppId: SDK_APP_ID, name, calleeCount });
      } catch (error) {
        // An answer with a code is a refusal: that campaign must not exist. No code: the answer was lost.
        if ((error as SdkError).code) attempt.refused = true;
        else return;
      }
    }
  }

  private async commandLoop(): Promise<void> {
    const actions = [
      ['pause', 'PausePredictiveDialingCampaign'],
      ['resume', 'ResumePredictiveDialingCampaign'],
      ['abort', 'AbortPredictiveDialingCampaign'],
    ] as const;
    while (!this.stopped) {
      await pause(this.between(20, 80));
      if (this.acknowledged.length === 0) continue;
      const target = this.acknowledged[this.between(0, this.acknowledged.length - 1)]!;
      const draw = this.random.next();
      const [command, action] = actions[draw < 0.4 ? 0 : draw < 0.9 ? 1 : 2];
      try {
        await this.sdk[action]({ SdkAppId: SDK_APP_ID, CampaignId: target.campaignId });
        this.commands.set(target.campaignId, command);
        this.commandsAcknowledged++;
      } catch (error) {
        // FailedOperation (illegal in the current status) changed nothing; a lost answer may have.
        if ((error as SdkError).code) continue;
        this.commands.delete(target.campaignId);
        return;
      }
    }
  }
}

interface ListedCampaign {
  CampaignId: number;
  Name: string;
  Status: number;
  StatusReason: number;
  CalleeCount: number;
  FinishedCalleeCount: number;
}

async function listCampaigns(sdk: CccSdk): Promise<ListedCampaign[]> {
  const all: ListedCampaign[] = [];
  for (let page = 0; ; page++) {
    const answer = await sdk.DescribePredictiveDialingCampaigns({
      SdkAppId: SDK_APP_ID,
      PageSize: 100,
      PageNumber: page,
    });
    all.push(...(answer.CampaignList as ListedCampaign[]));
    if (all.length >= answer.TotalCount || answer.CampaignList.length === 0) return all;
  }
}

/** DescribePredictiveDialingCampaigns and …Sessions against the records, once nothing moves. */
async function compareWithApi(
  dbFile: string,
  listed: readonly ListedCampaign[],
  sessionTotals: ReadonlyMap<number, number>,
): Promise<string[]> {
  return withDatabase(dbFile, async (db) => {
    const mismatches: string[] = [];
    const campaigns = await db.selectFrom('campaigns').selectAll().where('deleted', '=', 0).execute();
    const finished = new Map(
      (
        await db
          .selectFrom('callees')
          .select(['campaign_id', (eb) => eb.fn.countAll<number>().as('n')])
          .where('state', '=', 'finished')
          .groupBy('campaign_id')
          .execute()
      ).map((r) => [Number(r.campaign_id), Number(r.n)]),
    );
    const sessions = new Map(
      (
        await db
          .selectFrom('sessions')
          .select(['campaign_id', (eb) => eb.fn.countAll<number>().as('n')])
          .groupBy('campaign_id')
          .execute()
      ).map((r) => [Number(r.campaign_id), Number(r.n)]),
    );
    if (listed.length !== campaigns.length) {
      mismatches.push(`the API lists ${listed.length} campaigns, the database holds ${campaigns.length}`);
    }
    const byId = new Map(campaigns.map((c) => [Number(c.campaign_id), c]));
    for (const item of listed) {
      const row = byId.get(item.CampaignId);
      if (!row) {
        mismatches.push(`the API lists campaign ${item.CampaignId}, which is not stored`);
        continue;
      }
      const want = {
        Status: row.status,
        StatusReason: row.status_reason,
        CalleeCount: row.callee_count,
        FinishedCalleeCount: finished.get(item.CampaignId) ?? 0,
      };
      for (const [field, value] of Object.entries(want)) {
        const got = item[field as keyof typeof want];
        if (got !== value)
          mismatches.push(`campaign ${item.CampaignId}: ${field} ${got} by the API, ${value} stored`);
      }
      const total = sessionTotals.get(item.CampaignId);
      if (total !== (sessions.get(item.CampaignId) ?? 0)) {
        mismatches.push(
          `campaign ${item.CampaignId}: ${total} sessions by the API, ${sessions.get(item.CampaignId) ?? 0} stored`,
        );
      }
    }
    return mismatches;
  });
}

/** How many pacing ticks the engine has run (the count of its tick-lateness histogram). */
async function tickCount(endpoint: string): Promise<number> {
  const metrics = await (await fetch(`http://${endpoint}/metrics`)).text();
  return Number(/^ccc_engine_tick_lateness_seconds_count (\S+)$/m.exec(metrics)?.[1] ?? 0);
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `condition` until it holds; throws after `timeoutMs`. */
async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await pause(50);
  }
}

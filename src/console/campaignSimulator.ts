import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type TObject, Type } from '@sinclair/typebox';
import type { ActionContext } from '../api/action.ts';
import { validateInput } from '../api/inputValidation.ts';
import { requireApplication } from '../api/tenancy.ts';
import { DEFAULT_WRAP_UP_SECONDS } from '../dialer/applicationRun.ts';
import { DEFAULT_MAX_CALLEES_PER_CAMPAIGN } from '../domain/campaign/campaignLimits.ts';
import { ErrorCode } from '../domain/errorCodes.ts';
import { Failure } from '../domain/failure.ts';
import { abandonTarget } from './abandonTarget.ts';
import type { SimulationForecast } from './consoleWire.ts';
import { DEFAULT_SIMULATION_SLOTS, SimulationTurns } from './simulationTurns.ts';
import type { SimulationJob, SimulationOutcome } from './simulationWorker.ts';

/** Runs the what-if simulator with a campaign form's parameters. */
export interface CampaignSimulator {
  simulate(ctx: ActionContext, sdkAppId: number, params: unknown): Promise<SimulationForecast>;
}

/** A campaign running longer is simulated for its first day: the forecast says when it would finish. */
const MAX_HOURS = 24;
/** However long the server lets a request run, a simulation holding a core longer is not worth it. */
const MAX_DEADLINE_MS = 60_000;
/**
 * The simulator gives up this long before the request timeout, so the browser gets its "no result
 * in time" answer rather than a connection the server dropped.
 */
const ANSWER_MARGIN_MS = 2_000;
/**
 * Keeps one simulation from taking the server's memory, yet holds a day of 500 agents and the default
 * 1,000,000 callees (about 330 MB live; 256 MB runs out).
 */
const WORKER_HEAP_MB = 384;
const STRATEGY = 'predictive';

const WORKER = new URL(
  `./simulationWorker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`,
  import.meta.url,
);

/**
 * The simulator behind the create form's "simulate before running": the form's fields are checked
 * against CreatePredictiveDialingCampaign's own schema (so the same field is marked with the same
 * message), the callee list travels as its size, and the skill group's agents are counted. The
 * network model is the demo's (config `sim`). Each simulation runs in a worker thread, as many at
 * once as `slots`, one per application, the others waiting their turn (SimulationTurns).
 */
export function campaignSimulator(
  createInput: TObject | undefined,
  {
    workerHeapMb = WORKER_HEAP_MB,
    slots = DEFAULT_SIMULATION_SLOTS,
  }: { workerHeapMb?: number; slots?: number } = {},
): CampaignSimulator {
  const input = simulateInput(createInput);
  const turns = new SimulationTurns(slots);
  return {
    async simulate(ctx, sdkAppId, params) {
      validateInput(input, params);
      const p = params as SimulateParams;
      const app = await requireApplication(ctx, sdkAppId);
      if (p.SdkAppId !== sdkAppId) {
        throw new Failure(ErrorCode.InvalidParameterValue, {
          en: `The value of \`SdkAppId\` is invalid: ${p.SdkAppId} is not the application ${sdkAppId}.`,
          zh: `参数 \`SdkAppId\` 的取值无效：${p.SdkAppId} 不是应用 ${sdkAppId}。`,
        });
      }
      requireCalleeCountAllowed(p.CalleeCount, app.max_callees_per_campaign);
      const { db, config } = ctx.services;
      const group = await db
        .selectFrom('skill_groups')
        .select('skill_group_id')
        .where('skill_group_id', '=', p.SkillGroupId)
        .where('sdk_app_id', '=', sdkAppId)
        .where('deleted', '=', 0)
        .executeTakeFirst();
      if (!group) {
        throw new Failure(ErrorCode.InvalidParameterValue, {
          en: `The skill group \`SkillGroupId\` ${p.SkillGroupId} does not exist.`,
          zh: `技能组 \`SkillGroupId\` ${p.SkillGroupId} 不存在。`,
        });
      }
      const members = await db
        .selectFrom('staff_skill_groups')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('skill_group_id', '=', p.SkillGroupId)
        .executeTakeFirstOrThrow();
      const agents = Number(members.n);
      if (agents === 0) {
        throw new Failure(ErrorCode.FailedOperation, {
          en: `The skill group \`SkillGroupId\` ${p.SkillGroupId} has no agents to simulate.`,
          zh: `技能组 \`SkillGroupId\` ${p.SkillGroupId} 没有可模拟的坐席。`,
        });
      }
      if (p.EndTime <= p.StartTime) {
        throw new Failure(ErrorCode.InvalidParameterValue, {
          en: 'The value of `EndTime` is invalid: it must be later than `StartTime`.',
          zh: '参数 `EndTime` 的取值无效：必须晚于 `StartTime`。',
        });
      }
      const hours = Math.min(MAX_HOURS, (p.EndTime - p.StartTime) / 3600);
      const target = abandonTarget(p.ExpectedAbandonRate, app.abandon_rate_ceiling);
      const job: SimulationJob = {
        options: {
          agents,
          callees: p.CalleeCount,
          hours,
          answerRate: config.sim.answerRate,
          busyRate: config.sim.busyRate,
          ringMeanSeconds: config.sim.ringMeanSeconds,
          ringTimeoutSeconds: config.sim.ringTimeoutSeconds,
          talkMeanSeconds: config.sim.talkMeanSeconds,
          wrapSeconds: app.wrap_up_seconds ?? DEFAULT_WRAP_UP_SECONDS,
          targetPercent: target,
          strategy: STRATEGY,
          seed: config.sim.seed,
          connectDeadlineSeconds: config.connectDeadlineSeconds,
          retryTimes: p.RetryTimes ?? 0,
          retryIntervalSeconds: p.RetryInterval,
          seriesStepSeconds: hours <= 2 ? 60 : 300,
        },
      };
      const budgetMs = simulationDeadlineMs(config.requestTimeoutMs);
      // Waiting for a turn may take up to half the time the request has; the run gets the rest.
      const outcome = await turns.run(sdkAppId, budgetMs, budgetMs / 2, (remainingMs) =>
        runInWorker(job, remainingMs, workerHeapMb),
      );
      if (!outcome.result) {
        throw new Failure(ErrorCode.FailedOperation, {
          en: `The simulation failed: ${outcome.error ?? 'no result'}.`,
          zh: `模拟失败：${outcome.error ?? '无结果'}。`,
        });
      }
      const r = outcome.result;
      const startMs = p.StartTime * 1000;
      return {
        Agents: agents,
        Callees: p.CalleeCount,
        Strategy: r.strategy,
        TargetAbandonRate: target,
        AbandonRate: 100 * r.abandonRate,
        MaxRollingHourAbandonRate: 100 * r.maxRollingHourAbandonRate,
        Occupancy: 100 * r.occupancy,
        TalkMinutesPerAgentHour: r.talkMinutesPerAgentHour,
        Attempts: r.attempts,
        Connected: r.connected,
        Abandoned: r.abandoned,
        FinishedCallees: outcome.finishedCallees ?? 0,
        FinishTime: r.completed ? startMs + r.simulatedSeconds * 1000 : null,
        StartTime: startMs,
        SimulatedSeconds: r.simulatedSeconds,
        Series: {
          Times: r.series.map((point) => startMs + point.t * 1000),
          AbandonRate: r.series.map((point) => 100 * point.abandonRate),
          Occupancy: r.series.map((point) => 100 * point.occupancy),
        },
      };
    },
  };
}

interface SimulateParams {
  SdkAppId: number;
  SkillGroupId: number;
  ExpectedAbandonRate: number;
  StartTime: number;
  EndTime: number;
  RetryInterval: number;
  RetryTimes?: number;
  CalleeCount: number;
}

/**
 * The create action's own limit, so the simulator costs no more than the campaign it previews could;
 * the message names `CalleeCount`, the field the simulator was given, rather than create's list.
 */
function requireCalleeCountAllowed(count: number, max: number | null): void {
  const limit = max ?? DEFAULT_MAX_CALLEES_PER_CAMPAIGN;
  if (count > limit) {
    throw new Failure(ErrorCode.LimitExceededOutOfCountLimit, {
      en: `\`CalleeCount\` is ${count}; this application allows at most ${limit} callees per campaign.`,
      zh: `\`CalleeCount\` 为 ${count}，本应用每个任务最多 ${limit} 个被叫。`,
    });
  }
}

/** How long to wait for a result: comfortably inside the request timeout, and never over a minute. */
export function simulationDeadlineMs(requestTimeoutMs: number): number {
  const margin = Math.min(ANSWER_MARGIN_MS, requestTimeoutMs / 5);
  return Math.min(MAX_DEADLINE_MS, requestTimeoutMs - margin);
}

/** Create's fields but the list itself, whose size stands in for it. */
function simulateInput(createInput: TObject | undefined): TObject {
  const { Callees: _callees, CalleeAttributes: _attributes, ...fields } = createInput?.properties ?? {};
  return Type.Object(
    { ...fields, CalleeCount: Type.Integer({ minimum: 1 }) },
    { additionalProperties: false },
  );
}

/**
 * The worker's entry. Built, it is the compiled module itself. From source (development, tests) it
 * is TypeScript: a one-line module registers tsx's loader in the worker, then imports it (Node 20
 * does not apply `--import tsx` in a worker's execArgv to the worker's own entry).
 */
function workerEntry(): URL {
  if (!WORKER.pathname.endsWith('.ts')) return WORKER;
  const tsx = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const register = pathToFileURL(path.join(tsx, 'dist/esm/api/index.mjs')).href;
  const code = `import { register } from ${JSON.stringify(register)}; register(); await import(${JSON.stringify(WORKER.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

/**
 * Settles only once the worker has exited, whatever ended it (a result, the deadline, running out of
 * memory): the next turn (SimulationTurns) must not start while a stopped simulation still holds a core.
 */
function runInWorker(job: SimulationJob, deadlineMs: number, heapMb: number): Promise<SimulationOutcome> {
  return new Promise((resolve) => {
    const worker = new Worker(workerEntry(), {
      workerData: job,
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
    let outcome: SimulationOutcome | undefined;
    const stop = (ending: SimulationOutcome) => {
      outcome ??= ending;
      clearTimeout(timer);
      void worker.terminate();
    };
    const timer = setTimeout(
      () => stop({ error: `no result within ${Math.round(deadlineMs / 100) / 10} s` }),
      deadlineMs,
    );
    worker.once('message', (result: SimulationOutcome) => stop(result));
    worker.once('error', (error: Error & { code?: string }) => stop({ error: workerFailure(error, heapMb) }));
    worker.once('exit', (code) => {
      clearTimeout(timer);
      resolve(outcome ?? { error: `the simulator stopped (exit code ${code})` });
    });
  });
}

function workerFailure(error: Error & { code?: string }, heapMb: number): string {
  if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return `it needed more than ${heapMb} MB of memory; simulate fewer callees or a shorter span`;
  }
  return error.message;
}

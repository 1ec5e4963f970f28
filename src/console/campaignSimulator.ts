import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type TObject, Type } from '@sinclair/typebox';
import type { ActionContext } from '../api/action.ts';
import { validateInput } from '../api/inputValidation.ts';
import { requireApplication } from '../api/tenancy.ts';
import { DEFAULT_WRAP_UP_SECONDS } from '../dialer/applicationRun.ts';
import { ErrorCode } from '../domain/errorCodes.ts';
import { Failure } from '../domain/failure.ts';
import { abandonTarget } from './abandonTarget.ts';
import type { SimulationForecast } from './consoleWire.ts';
import type { SimulationJob, SimulationOutcome } from './simulationWorker.ts';

/** Runs the what-if simulator with a campaign form's parameters. */
export interface CampaignSimulator {
  simulate(ctx: ActionContext, sdkAppId: number, params: unknown): Promise<SimulationForecast>;
}

/** A campaign running longer is simulated for its first day: the forecast says when it would finish. */
const MAX_HOURS = 24;
const TIMEOUT_MS = 60_000;
const STRATEGY = 'predictive';

const WORKER = new URL(
  `./simulationWorker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`,
  import.meta.url,
);

/**
 * The simulator behind the create form's "simulate before running": the form's fields are checked
 * against CreatePredictiveDialingCampaign's own schema (so the same field is marked with the same
 * message), the callee list travels as its size, and the skill group's agents are counted. The
 * network model is the demo's (config `sim`). One simulation runs at a time, in a worker thread.
 */
export function campaignSimulator(createInput: TObject | undefined): CampaignSimulator {
  const input = simulateInput(createInput);
  let running = false;
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
      if (running) {
        throw new Failure(ErrorCode.RequestLimitExceeded, {
          en: 'Another simulation is running; try again in a moment.',
          zh: '另一个模拟正在运行，请稍后再试。',
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
      running = true;
      let outcome: SimulationOutcome;
      try {
        outcome = await runInWorker(job);
      } finally {
        running = false;
      }
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

function runInWorker(job: SimulationJob): Promise<SimulationOutcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerEntry(), { workerData: job });
    const timer = setTimeout(() => {
      void worker.terminate();
      resolve({ error: `no result within ${TIMEOUT_MS / 1000} s` });
    }, TIMEOUT_MS);
    worker.once('message', (outcome: SimulationOutcome) => {
      clearTimeout(timer);
      resolve(outcome);
      void worker.terminate();
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    worker.once('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) resolve({ error: `the simulator stopped (exit code ${code})` });
    });
  });
}

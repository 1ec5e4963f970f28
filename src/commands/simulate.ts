import { accessSync, constants, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError, Option } from 'commander';
import { createPacer } from '../dialer/pacing/createPacer.ts';
import { runSimulation, type SimulationOptions, type SimulationResult } from '../simulation/runSimulation.ts';
import { CommandError } from './commandError.ts';

/** The flags as commander parses them. */
export interface SimulateFlags {
  readonly agents: number;
  readonly callees?: number;
  readonly hours: number;
  readonly answerRate: number;
  readonly busyRate: number;
  readonly ringMean: number;
  readonly ringTimeout: number;
  readonly talkMean: number;
  readonly wrap: number;
  readonly target: number;
  readonly strategy: string;
  readonly seed: number;
  readonly deadline: number;
  readonly json?: boolean;
  readonly chart?: string;
  readonly trace?: string;
}

export interface SimulateIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** Show the progress bar (default: when stderr is a terminal). */
  readonly progress?: boolean;
}

/** `ccc-dialer simulate`: the real engine on a simulated network, a virtual clock and memory. */
export function simulateCommand(
  io: SimulateIo = { stdout: process.stdout, stderr: process.stderr },
): Command {
  return new Command('simulate')
    .description(
      'what-if: run the dialing engine on a simulated network for a simulated day and print what it achieved',
    )
    .addOption(
      new Option('--agents <n>', 'agents in the skill group, all logged in free')
        .argParser(wholeNumber(1))
        .default(20),
    )
    .addOption(
      new Option('--callees <n>', 'callees in the list (default: never run dry)').argParser(wholeNumber(1)),
    )
    .addOption(new Option('--hours <h>', 'simulated hours').argParser(positiveNumber).default(8))
    .addOption(
      new Option('--answer-rate <p>', 'answered share of all attempts (0.35 or 35%)')
        .argParser(share)
        .default(0.35),
    )
    .addOption(
      new Option('--busy-rate <p>', 'busy share of all attempts (0.1 or 10%)').argParser(share).default(0.1),
    )
    .addOption(
      new Option('--ring-mean <s>', 'mean ring time of answered calls, seconds')
        .argParser(positiveNumber)
        .default(8),
    )
    .addOption(
      new Option('--ring-timeout <s>', 'unanswered calls give up after this, seconds')
        .argParser(positiveNumber)
        .default(25),
    )
    .addOption(
      new Option('--talk-mean <s>', 'mean talk time (exponential), seconds')
        .argParser(positiveNumber)
        .default(60),
    )
    .addOption(
      new Option('--wrap <s>', 'wrap-up after every call, seconds').argParser(nonNegativeNumber).default(10),
    )
    .addOption(
      new Option('--target <pct>', 'abandon-rate target, percent (may go below 5 for planning)')
        .argParser(percent)
        .default(3),
    )
    .addOption(
      new Option('--strategy <name>', 'predictive | progressive | ratio:R')
        .argParser(strategy)
        .default('predictive'),
    )
    .addOption(new Option('--seed <n>', 'random seed').argParser(integer).default(1))
    .addOption(
      new Option('--deadline <s>', 'how long an answered call waits for an agent, seconds')
        .argParser(positiveNumber)
        .default(2),
    )
    .option('--json', 'print one JSON object instead of the table')
    .option('--chart <file.svg>', 'write a chart of occupancy and abandon rate over time (SVG)')
    .option('--trace <file.csv>', 'write one row per pacing decision (CSV)')
    .action(async (flags: SimulateFlags) => {
      await runSimulateCommand(flags, io);
    });
}

/** The command's work, callable without commander (tests). */
export async function runSimulateCommand(flags: SimulateFlags, io: SimulateIo): Promise<SimulationResult> {
  // Found out before the run, not after minutes of it.
  for (const file of [flags.chart, flags.trace]) if (file !== undefined) requireWritable(file);
  const showProgress = io.progress ?? Boolean(io.stderr.isTTY);
  const bar = new SingleBar(
    {
      stream: io.stderr,
      format: 'simulating [{bar}] {percentage}% | {value}/{total} simulated min | {duration_formatted}',
      hideCursor: true,
      clearOnComplete: true,
      noTTYOutput: io.progress === true,
      notTTYSchedule: 1000,
    },
    undefined,
  );
  const totalMinutes = Math.round(flags.hours * 60);
  const startedAt = performance.now();
  let barShown = false;
  const options: SimulationOptions = {
    agents: flags.agents,
    ...(flags.callees === undefined ? {} : { callees: flags.callees }),
    hours: flags.hours,
    answerRate: flags.answerRate,
    busyRate: flags.busyRate,
    ringMeanSeconds: flags.ringMean,
    ringTimeoutSeconds: flags.ringTimeout,
    talkMeanSeconds: flags.talkMean,
    wrapSeconds: flags.wrap,
    targetPercent: flags.target,
    strategy: flags.strategy,
    seed: flags.seed,
    connectDeadlineSeconds: flags.deadline,
    trace: flags.trace !== undefined,
    onProgress: (fraction) => {
      if (!showProgress) return;
      // Only runs longer than a second get a bar.
      if (!barShown && performance.now() - startedAt > 1000) {
        bar.start(totalMinutes, 0);
        barShown = true;
      }
      if (barShown) bar.update(Math.round(fraction * totalMinutes));
    },
  };
  let result: SimulationResult;
  try {
    result = await runSimulation(options);
  } catch (error) {
    // The model refuses a combination of options no single option's check sees (answer + busy > 1).
    if (error instanceof RangeError) throw new CommandError(error.message);
    throw error;
  } finally {
    if (barShown) bar.stop();
  }
  if (flags.chart) {
    // ECharts is a large module: loaded only when a chart is asked for.
    const { simulationChartSvg } = await import('../simulation/simulationChart.ts');
    writeFileSync(
      flags.chart,
      simulationChartSvg({
        title: `${flags.agents} agents, ${flags.strategy}, target ${flags.target}%, answer ${pct(flags.answerRate)}, talk ${flags.talkMean} s`,
        series: result.series,
        targetAbandonRate: result.targetAbandonRate,
      }),
    );
  }
  if (flags.trace && result.trace) writeFileSync(flags.trace, result.trace.toCsv());
  io.stdout.write(flags.json ? `${JSON.stringify(jsonOf(result, flags))}\n` : summaryTable(result, flags));
  return result;
}

/** The JSON form: the figures DESIGN.md defines (rates as fractions), then the run's parameters. */
export function jsonOf(result: SimulationResult, flags: SimulateFlags) {
  return {
    attempts: result.attempts,
    answered: result.answered,
    connected: result.connected,
    abandoned: result.abandoned,
    abandonRate: result.abandonRate,
    maxRollingHourAbandonRate: result.maxRollingHourAbandonRate,
    occupancy: result.occupancy,
    talkMinutesPerAgentHour: result.talkMinutesPerAgentHour,
    talkMinutesCeiling: result.talkMinutesCeiling,
    simulatedSeconds: result.simulatedSeconds,
    wallSeconds: result.wallSeconds,
    completed: result.completed,
    strategy: result.strategy,
    targetAbandonRate: result.targetAbandonRate,
    agents: flags.agents,
    callees: flags.callees ?? null,
    hours: flags.hours,
    answerRate: flags.answerRate,
    busyRate: flags.busyRate,
    ringMeanSeconds: flags.ringMean,
    ringTimeoutSeconds: flags.ringTimeout,
    talkMeanSeconds: flags.talkMean,
    wrapSeconds: flags.wrap,
    connectDeadlineSeconds: flags.deadline,
    seed: flags.seed,
  };
}

export function summaryTable(r: SimulationResult, flags: SimulateFlags): string {
  const n = (v: number) => v.toLocaleString('en-US');
  const rows: Array<[string, string, string?]> = [
    ['attempts', n(r.attempts)],
    ['answered', n(r.answered), r.attempts > 0 ? `${pct(r.answered / r.attempts)} of attempts` : undefined],
    ['connected', n(r.connected)],
    ['abandoned', n(r.abandoned)],
    ['abandon rate', pct(r.abandonRate, 2), `target ${flags.target}%`],
    ['max rolling-hour abandon rate', pct(r.maxRollingHourAbandonRate, 2)],
    ['occupancy', pct(r.occupancy)],
    [
      'talk min per agent-hour',
      r.talkMinutesPerAgentHour.toFixed(2),
      `ceiling ${r.talkMinutesCeiling.toFixed(2)}`,
    ],
  ];
  const head =
    `Simulated ${(r.simulatedSeconds / 3600).toFixed(2)} h${r.completed ? ' (the callee list ran out)' : ''}: ` +
    `${flags.agents} agents, ${r.strategy}, answer ${pct(flags.answerRate)}, busy ${pct(flags.busyRate)}, ` +
    `talk ${flags.talkMean} s, wrap ${flags.wrap} s, seed ${flags.seed} — ${r.wallSeconds.toFixed(2)} s wall`;
  const width = Math.max(...rows.map(([k]) => k.length));
  const valueWidth = Math.max(...rows.map(([, v]) => v.length));
  const lines = rows.map(
    ([k, v, note]) => `  ${k.padEnd(width)}  ${v.padStart(valueWidth)}${note ? `   (${note})` : ''}`,
  );
  return `${head}\n${lines.join('\n')}\n`;
}

function pct(fraction: number, digits = 1): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}

function number(text: string): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v)) throw new InvalidArgumentError('not a number.');
  return v;
}

function wholeNumber(min: number) {
  return (text: string): number => {
    const v = number(text);
    if (!Number.isInteger(v) || v < min) throw new InvalidArgumentError(`must be a whole number ≥ ${min}.`);
    return v;
  };
}

function integer(text: string): number {
  const v = number(text);
  if (!Number.isInteger(v)) throw new InvalidArgumentError('must be a whole number.');
  return v;
}

function positiveNumber(text: string): number {
  const v = number(text);
  if (!(v > 0)) throw new InvalidArgumentError('must be > 0.');
  return v;
}

function nonNegativeNumber(text: string): number {
  const v = number(text);
  if (!(v >= 0)) throw new InvalidArgumentError('must be ≥ 0.');
  return v;
}

/** A share of attempts: a fraction (0.35) or a percentage with its sign (35%). */
function share(text: string): number {
  const trimmed = text.trim();
  const v = trimmed.endsWith('%') ? number(trimmed.slice(0, -1)) / 100 : number(trimmed);
  if (!(v >= 0 && v <= 1))
    throw new InvalidArgumentError('must be a fraction from 0 to 1 (or a percentage such as 35%).');
  return v;
}

function percent(text: string): number {
  const v = number(text.trim().replace(/%$/, ''));
  if (!(v >= 0 && v <= 100)) throw new InvalidArgumentError('must be a percentage from 0 to 100.');
  return v;
}

function strategy(text: string): string {
  try {
    createPacer(text);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
  return text.trim();
}

/** Refuses an output file whose directory is missing or not writable. */
function requireWritable(file: string): void {
  try {
    accessSync(path.dirname(path.resolve(file)), constants.W_OK);
  } catch (error) {
    throw new CommandError(`cannot write ${file}: ${(error as Error).message}`);
  }
}

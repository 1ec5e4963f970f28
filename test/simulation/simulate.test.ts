import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSimulateCommand, type SimulateFlags, simulateCommand } from '../../src/commands/simulate.ts';
import { runSimulation } from '../../src/simulation/runSimulation.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ccc-simulate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base: SimulateFlags = {
  agents: 5,
  hours: 0.5,
  answerRate: 0.35,
  busyRate: 0.1,
  ringMean: 8,
  ringTimeout: 25,
  talkMean: 60,
  wrap: 10,
  target: 3,
  strategy: 'progressive',
  seed: 1,
  deadline: 2,
};

function capture() {
  let out = '';
  return {
    io: { stdout: { write: (t: string) => (out += t) }, stderr: process.stderr, progress: false },
    text: () => out,
  };
}

describe('ccc-dialer simulate', () => {
  it('prints one JSON object with the figures DESIGN.md defines', async () => {
    const c = capture();
    await runSimulateCommand({ ...base, json: true }, c.io);
    const json = JSON.parse(c.text());
    for (const key of [
      'attempts',
      'answered',
      'connected',
      'abandoned',
      'abandonRate',
      'maxRollingHourAbandonRate',
      'occupancy',
      'talkMinutesPerAgentHour',
      'simulatedSeconds',
      'wallSeconds',
    ]) {
      expect(typeof json[key], key).toBe('number');
    }
    expect(json.simulatedSeconds).toBe(1800);
    expect(json.answered).toBe(json.connected + json.abandoned);
    // Progressive never over-dials: nothing abandoned.
    expect(json.abandoned).toBe(0);
    expect(json.attempts).toBeGreaterThan(50);
    expect(json.occupancy).toBeGreaterThan(0.2);
    expect(json.occupancy).toBeLessThanOrEqual(1);
    expect(json.talkMinutesCeiling).toBeCloseTo((60 * 60) / 70);
  });

  it('is reproducible from its seed', async () => {
    const a = capture();
    const b = capture();
    await runSimulateCommand({ ...base, strategy: 'ratio:2.5', json: true }, a.io);
    await runSimulateCommand({ ...base, strategy: 'ratio:2.5', json: true }, b.io);
    const strip = (t: string) => ({ ...JSON.parse(t), wallSeconds: 0 });
    expect(strip(a.text())).toEqual(strip(b.text()));
  });

  it('prints a table, and writes the chart and the trace', async () => {
    const c = capture();
    const chart = path.join(dir, 'run.svg');
    const trace = path.join(dir, 'run.csv');
    await runSimulateCommand({ ...base, strategy: 'predictive', chart, trace }, c.io);
    expect(c.text()).toMatch(/abandon rate\s+\d+\.\d\d%/);
    expect(c.text()).toMatch(/talk min per agent-hour/);
    expect(readFileSync(chart, 'utf8')).toMatch(/^<svg[^>]+width="960"/);
    const lines = readFileSync(trace, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(
      /^time,campaign,free_agents,busy_agents,wrap_up_agents,calls_in_flight,waiting_calls,asked,calls_placed/,
    );
    expect(lines.length).toBeGreaterThan(7200); // a decision per 250 ms tick at least
    const first = lines[1]!.split(',');
    expect(first.slice(0, 3)).toEqual(['0', '1', '5']);
  });

  it('finishes early when a finite callee list runs out', async () => {
    const c = capture();
    await runSimulateCommand({ ...base, callees: 20, hours: 8, json: true }, c.io);
    const json = JSON.parse(c.text());
    expect(json.completed).toBe(true);
    expect(json.attempts).toBe(20);
    expect(json.simulatedSeconds).toBeLessThan(3600);
  });

  it('refuses bad flags with a message naming them', async () => {
    const command = simulateCommand()
      .exitOverride()
      .configureOutput({ writeErr: () => {} });
    await expect(command.parseAsync(['--answer-rate', '1.5'], { from: 'user' })).rejects.toThrow(
      /answer-rate/,
    );
    await expect(
      simulateCommand()
        .exitOverride()
        .configureOutput({ writeErr: () => {} })
        .parseAsync(['--strategy', 'fast'], { from: 'user' }),
    ).rejects.toThrow(/strategy/);
  });
});

describe('the simulator on the real engine', () => {
  it('answers the share of attempts the model says', async () => {
    const r = await runSimulation({
      ...{
        agents: 20,
        hours: 2,
        busyRate: 0.1,
        ringMeanSeconds: 8,
        ringTimeoutSeconds: 25,
        talkMeanSeconds: 60,
      },
      answerRate: 0.35,
      wrapSeconds: 10,
      targetPercent: 3,
      strategy: 'progressive',
      seed: 3,
    });
    expect(r.answered / r.attempts).toBeGreaterThan(0.33);
    expect(r.answered / r.attempts).toBeLessThan(0.37);
  });

  it('holds the abandon rate under the target in a small predictive run', async () => {
    const r = await runSimulation({
      agents: 10,
      hours: 2,
      answerRate: 0.35,
      busyRate: 0.1,
      ringMeanSeconds: 8,
      ringTimeoutSeconds: 25,
      talkMeanSeconds: 60,
      wrapSeconds: 10,
      targetPercent: 5,
      strategy: 'predictive',
      seed: 2,
    });
    expect(r.answered).toBeGreaterThan(300);
    expect(r.abandonRate).toBeLessThanOrEqual(0.05);
    expect(r.maxRollingHourAbandonRate).toBeLessThanOrEqual(0.07);
    // And it does better than one call per free agent.
    const progressive = await runSimulation({
      agents: 10,
      hours: 2,
      answerRate: 0.35,
      busyRate: 0.1,
      ringMeanSeconds: 8,
      ringTimeoutSeconds: 25,
      talkMeanSeconds: 60,
      wrapSeconds: 10,
      targetPercent: 5,
      strategy: 'progressive',
      seed: 2,
    });
    expect(r.talkMinutesPerAgentHour).toBeGreaterThan(progressive.talkMinutesPerAgentHour);
  });
});

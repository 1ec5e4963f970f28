import { describe, expect, it } from 'vitest';
import { SimulationTurns } from '../../src/console/simulationTurns.ts';

/** A simulation that runs until the test ends it. */
function held() {
  let end!: (value: string) => void;
  const done = new Promise<string>((resolve) => {
    end = resolve;
  });
  return { done, end };
}

describe('simulation turns', () => {
  it('lets another application wait for the busy slot instead of refusing it, then run with the time left', async () => {
    const turns = new SimulationTurns(1);
    const first = held();
    const a = turns.run(1, 10_000, 5_000, () => first.done);
    let budgetOfB = 0;
    const b = turns.run(2, 10_000, 5_000, async (remainingMs) => {
      budgetOfB = remainingMs;
      return 'b';
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(budgetOfB).toBe(0);
    first.end('a');
    expect(await a).toBe('a');
    expect(await b).toBe('b');
    expect(budgetOfB).toBeLessThanOrEqual(10_000 - 25);
    expect(budgetOfB).toBeGreaterThan(5_000);
  });

  it('refuses an application’s second simulation while its first runs, and takes it once that ended', async () => {
    const turns = new SimulationTurns(2);
    const first = held();
    const a = turns.run(1, 10_000, 5_000, () => first.done);
    await expect(turns.run(1, 10_000, 5_000, async () => 'again')).rejects.toMatchObject({
      code: 'RequestLimitExceeded',
      message: expect.stringMatching(/already running/),
    });
    first.end('a');
    await a;
    expect(await turns.run(1, 10_000, 5_000, async () => 'again')).toBe('again');
  });

  it('refuses one that waited too long, saying the simulator was busy, and keeps the slot count right', async () => {
    const turns = new SimulationTurns(1);
    const first = held();
    const a = turns.run(1, 10_000, 5_000, () => first.done);
    await expect(turns.run(2, 1_000, 40, async () => 'late')).rejects.toMatchObject({
      code: 'RequestLimitExceeded',
      message: expect.stringMatching(/busy with other applications/),
    });
    first.end('a');
    await a;
    // The slot is free again: two in a row run at once, not after a wait.
    const started = performance.now();
    expect(await turns.run(2, 1_000, 40, async () => 'c')).toBe('c');
    expect(await turns.run(3, 1_000, 40, async () => 'd')).toBe('d');
    expect(performance.now() - started).toBeLessThan(40);
  });

  it('frees the slot when a simulation fails', async () => {
    const turns = new SimulationTurns(1);
    await expect(
      turns.run(1, 1_000, 40, async () => {
        throw new Error('worker died');
      }),
    ).rejects.toThrow('worker died');
    expect(await turns.run(1, 1_000, 40, async () => 'next')).toBe('next');
  });
});

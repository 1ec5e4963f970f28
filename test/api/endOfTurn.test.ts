import { describe, expect, it, vi } from 'vitest';
import { atEndOfTurn, currentTurn } from '../../src/api/endOfTurn.ts';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('atEndOfTurn', () => {
  it('runs what a turn deferred after the turn’s own work, together and in order', async () => {
    const ran: string[] = [];
    atEndOfTurn(() => ran.push('first'));
    atEndOfTurn(() => ran.push('second'));
    ran.push('turn');
    await Promise.resolve();
    expect(ran).toEqual(['turn']);
    await nextTurn();
    expect(ran).toEqual(['turn', 'first', 'second']);
  });

  it('leaves what is deferred while deferred work runs to the next turn, so every turn ends', async () => {
    const ran: string[] = [];
    atEndOfTurn(() => {
      ran.push('outer');
      atEndOfTurn(() => ran.push('inner'));
    });
    await nextTurn();
    expect(ran).toEqual(['outer']);
    await nextTurn();
    expect(ran).toEqual(['outer', 'inner']);
  });
});

describe('currentTurn', () => {
  it('stays the same within a turn and grows once the turn has ended', async () => {
    const arrival = currentTurn();
    await Promise.resolve();
    expect(currentTurn()).toBe(arrival);
    await nextTurn();
    expect(currentTurn()).toBeGreaterThan(arrival);
  });
});

describe('atEndOfTurn, when deferred work fails', () => {
  it('still runs the rest of the turn’s work, then raises the fault', async () => {
    await nextTurn();
    vi.useFakeTimers({ toFake: ['setImmediate'] });
    try {
      const ran: string[] = [];
      atEndOfTurn(() => {
        throw new Error('broken');
      });
      atEndOfTurn(() => ran.push('after'));
      expect(() => vi.runOnlyPendingTimers()).toThrow('broken');
      expect(ran).toEqual(['after']);
    } finally {
      vi.useRealTimers();
    }
  });
});

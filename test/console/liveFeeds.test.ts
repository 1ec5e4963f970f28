import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveFeeds } from '../../src/console/liveFeeds.ts';
import { attachNotifier } from '../../src/console/notifier.ts';
import { DialerEvents } from '../../src/dialer/dialerEvents.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A feed whose subject is a counter: each read returns the next number, or nothing once gone. */
function counterFeeds(historySize = 3) {
  const reads: string[] = [];
  let gone = false;
  let n = 0;
  const feeds = new LiveFeeds<number, string>({
    load: async (key) => {
      reads.push(key);
      return gone ? undefined : ++n;
    },
    intervalMs: 1000,
    point: (frame) => `p${frame}`,
    historySize,
    log: pino({ level: 'silent' }),
  });
  return { feeds, reads, goAway: () => (gone = true) };
}

describe('live feeds', () => {
  it('reads a watched subject at once and then every interval, once for all its viewers', async () => {
    const { feeds, reads } = counterFeeds();
    const a: unknown[] = [];
    const b: unknown[] = [];
    feeds.subscribe('c1', (m) => a.push(m));
    await vi.advanceTimersByTimeAsync(0);
    feeds.subscribe('c1', (m) => b.push(m));
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(reads).toEqual(['c1', 'c1', 'c1']);
    expect(a).toEqual([
      { type: 'snapshot', data: 1 },
      { type: 'snapshot', data: 2 },
      { type: 'snapshot', data: 3 },
    ]);
    // The second viewer got the history first, then the frames from then on.
    expect(b).toEqual([
      { type: 'history', data: ['p1'] },
      { type: 'snapshot', data: 2 },
      { type: 'snapshot', data: 3 },
    ]);
    feeds.close();
  });

  it('keeps only the last points of history', async () => {
    const { feeds } = counterFeeds(2);
    const stop = feeds.subscribe('c1', () => {});
    await vi.advanceTimersByTimeAsync(3000);
    const late: unknown[] = [];
    feeds.subscribe('c1', (m) => late.push(m));
    expect(late[0]).toEqual({ type: 'history', data: ['p3', 'p4'] });
    stop();
    feeds.close();
  });

  it('re-reads soon after a poke, and stops reading when nobody watches', async () => {
    const { feeds, reads } = counterFeeds();
    const stop = feeds.subscribe('c1', () => {});
    await vi.advanceTimersByTimeAsync(0);
    feeds.poke('c1');
    feeds.poke('c1');
    await vi.advanceTimersByTimeAsync(150);
    expect(reads).toHaveLength(2);
    stop();
    feeds.poke('c1');
    await vi.advanceTimersByTimeAsync(5000);
    expect(reads).toHaveLength(2);
    expect(feeds.keys()).toEqual([]);
  });

  it('tells viewers when the subject is gone', async () => {
    const { feeds, goAway } = counterFeeds();
    const seen: unknown[] = [];
    feeds.subscribe('c1', (m) => seen.push(m));
    await vi.advanceTimersByTimeAsync(0);
    goAway();
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen.at(-1)).toEqual({ type: 'gone' });
    feeds.close();
  });
});

describe('the notifier', () => {
  it('turns call and agent events into prompt re-reads of the views they concern', async () => {
    const campaigns = counterFeeds();
    const desks = counterFeeds();
    const events = new DialerEvents();
    const detach = attachNotifier(events, {
      campaignFeeds: campaigns.feeds as never,
      deskFeeds: desks.feeds as never,
    });
    campaigns.feeds.subscribe('7', () => {});
    desks.feeds.subscribe('1400000000:agent1@x', () => {});
    await vi.advanceTimersByTimeAsync(0);
    events.emit('call:connected', {
      at: 0,
      campaignId: 7,
      sessionId: 's',
      agent: 'agent1@x',
      waitSeconds: 0,
    });
    await vi.advanceTimersByTimeAsync(150);
    expect(campaigns.reads).toEqual(['7', '7']);
    events.emit('agent:status', {
      at: 0,
      sdkAppId: 1400000000,
      mail: 'agent1@x',
      previous: 'free',
      status: 'busy',
    });
    await vi.advanceTimersByTimeAsync(150);
    expect(desks.reads).toEqual(['1400000000:agent1@x', '1400000000:agent1@x']);
    expect(campaigns.reads).toHaveLength(3);
    detach();
    events.emit('call:ended', {
      at: 0,
      campaignId: 7,
      sessionId: 's',
      calleeSeq: 0,
      attempt: 1,
      endStatus: 1,
      hungUpSide: 'user',
      calleeFinished: true,
    });
    await vi.advanceTimersByTimeAsync(150);
    expect(campaigns.reads).toHaveLength(3);
    campaigns.feeds.close();
    desks.feeds.close();
  });
});

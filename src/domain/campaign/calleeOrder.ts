import { seededRandom, shuffle } from '../random.ts';

export const CallOrder = { Random: 0, InOrder: 1 } as const;

/**
 * The dialing rank of each callee, by position in the list: the position itself for CallOrder 1,
 * a seeded shuffle of the positions for CallOrder 0, so a campaign's order can be reproduced.
 */
export function calleeOrderKeys(count: number, callOrder: number, seed: number): number[] {
  const keys = Array.from({ length: count }, (_, seq) => seq);
  return callOrder === CallOrder.InOrder ? keys : shuffle(seededRandom(seed), keys);
}

/** The shuffle's seed: fixed by the campaign's id and creation time, both stored with it. */
export function shuffleSeed(campaignId: number, createdAtMs: number): number {
  return (Math.imul(campaignId, 0x9e3779b1) ^ (createdAtMs % 0x100000000)) >>> 0;
}

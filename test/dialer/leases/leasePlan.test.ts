import { describe, expect, it } from 'vitest';
import { type LeasePlanInput, planLeases } from '../../../src/dialer/leases/leasePlan.ts';

const campaigns = (groups: Record<number, number[]>) =>
  Object.entries(groups).flatMap(([g, ids]) =>
    ids.map((campaignId) => ({ campaignId, skillGroupId: Number(g) })),
  );

/** Runs the plan on every node against one view, applying it as the store would (first come wins). */
function settle(input: Omit<LeasePlanInput, 'self'>, rounds = 10): Map<number, string> {
  const holders = new Map(input.holders);
  for (let r = 0; r < rounds; r++) {
    for (const self of input.liveNodes) {
      const plan = planLeases({ ...input, self, holders });
      for (const id of plan.release) if (holders.get(id) === self) holders.delete(id);
      for (const id of plan.acquire) if (!holders.has(id)) holders.set(id, self);
    }
  }
  return holders;
}

const byNode = (holders: Map<number, string>) => {
  const out: Record<string, number[]> = {};
  for (const [id, node] of [...holders].sort((a, b) => a[0] - b[0])) {
    out[node] = [...(out[node] ?? []), id];
  }
  return out;
};

describe('planning leases', () => {
  it('deals the campaigns of new skill groups out fairly, keeping each group on one node', () => {
    const view = {
      liveNodes: ['a', 'b', 'c'],
      campaigns: campaigns({ 1: [1, 2], 2: [3, 4], 3: [5], 4: [6], 5: [7, 8], 6: [9] }),
      holders: new Map<number, string>(),
    };
    // Every node computes the same deal from the same view: no campaign is asked for twice.
    const asked = ['a', 'b', 'c'].flatMap((self) => planLeases({ ...view, self }).acquire);
    expect(asked.sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const held = settle(view);
    const groupsOf = (node: string) =>
      new Set(view.campaigns.filter((c) => held.get(c.campaignId) === node).map((c) => c.skillGroupId));
    for (const node of view.liveNodes) expect(groupsOf(node).size).toBe(2);
    for (const g of [1, 2, 5]) {
      const owners = new Set(
        view.campaigns.filter((c) => c.skillGroupId === g).map((c) => held.get(c.campaignId)),
      );
      expect(owners.size).toBe(1);
    }
  });

  it('gives a new campaign to the node that holds the rest of its group', () => {
    const plan = planLeases({
      self: 'b',
      liveNodes: ['a', 'b'],
      campaigns: campaigns({ 1: [1, 2, 3], 2: [4] }),
      holders: new Map([
        [1, 'b'],
        [2, 'b'],
        [4, 'a'],
      ]),
    });
    expect(plan).toEqual({ acquire: [3], release: [] });
    expect(
      planLeases({
        self: 'a',
        liveNodes: ['a', 'b'],
        campaigns: campaigns({ 1: [1, 2, 3], 2: [4] }),
        holders: new Map([
          [1, 'b'],
          [2, 'b'],
          [4, 'a'],
        ]),
      }).acquire,
    ).toEqual([]);
  });

  it("takes a dead node's campaigns over once its leases are gone", () => {
    const before = new Map([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
      [4, 'c'],
    ]);
    const view = { campaigns: campaigns({ 1: [1], 2: [2], 3: [3, 4] }) };
    const after = settle({
      ...view,
      liveNodes: ['a', 'b'],
      holders: new Map([...before].filter(([, n]) => n !== 'c')),
    });
    expect(after.get(3)).toBe(after.get(4));
    expect(['a', 'b']).toContain(after.get(3));
    expect(after.size).toBe(4);
  });

  it('hands groups to a node that comes back, one per round, until no node is over its share', () => {
    const view = {
      liveNodes: ['a', 'b', 'c'],
      campaigns: campaigns({ 1: [1], 2: [2], 3: [3], 4: [4], 5: [5], 6: [6] }),
      holders: new Map([
        [1, 'a'],
        [2, 'a'],
        [3, 'a'],
        [4, 'b'],
        [5, 'b'],
        [6, 'b'],
      ]),
    };
    const first = planLeases({ ...view, self: 'a' });
    expect(first.release).toHaveLength(1);
    expect(first.acquire).toEqual([]);
    const settled = byNode(settle(view));
    expect(Object.values(settled).map((ids) => ids.length)).toEqual([2, 2, 2]);
  });

  it('gives up the leases of campaigns that ended, and splits no group for long', () => {
    const plan = planLeases({
      self: 'a',
      liveNodes: ['a', 'b'],
      campaigns: campaigns({ 1: [1, 2, 3] }),
      holders: new Map([
        [1, 'a'],
        [2, 'b'],
        [3, 'b'],
        [9, 'a'],
      ]),
    });
    expect(plan.release.sort()).toEqual([1, 9]);
    expect(plan.acquire).toEqual([]);
  });

  it('never leaves a live campaign without a node, however the nodes see each other', () => {
    for (let seed = 0; seed < 50; seed++) {
      const nodes = ['n1', 'n2', 'n3', 'n4'].slice(0, 1 + (seed % 4));
      const list = Array.from({ length: 1 + ((seed * 7) % 13) }, (_, i) => ({
        campaignId: i + 1,
        skillGroupId: 1 + ((i * seed) % 5),
      }));
      const held = settle({ liveNodes: nodes, campaigns: list, holders: new Map() }, 4);
      for (const c of list) expect(nodes).toContain(held.get(c.campaignId));
    }
  });
});

/**
 * Which campaign leases a node should take and give up, from one view of the cluster. Pure, and the
 * same on every node: nodes that see the same view make complementary choices instead of racing
 * for the same campaigns (the compare-and-set in the store settles the rare race all the same).
 *
 * Campaigns are placed by skill group: the campaigns of one group share its agents, and two nodes
 * pacing for the same agents would each count them free and overdial. So a group's campaigns go to
 * the node that already holds most of them; a group nobody holds goes to a node with fewer groups
 * than its fair share (⌈groups / live nodes⌉), chosen by rendezvous hashing so that every node
 * picks the same one; and a node holding more than its share while another holds less gives up
 * one group per round, which moves work to a node that joins or comes back.
 */
import type { LiveCampaignRef } from '../ports/clusterStore.ts';

export interface LeasePlanInput {
  readonly self: string;
  /** Nodes whose heartbeat has not expired, self included. */
  readonly liveNodes: readonly string[];
  /** Campaigns that may be dialed (ready, running, paused). */
  readonly campaigns: readonly LiveCampaignRef[];
  /** Leases not expired: campaign → holder. */
  readonly holders: ReadonlyMap<number, string>;
}

export interface LeasePlan {
  readonly acquire: number[];
  readonly release: number[];
}

export function planLeases(input: LeasePlanInput): LeasePlan {
  const { self, holders } = input;
  const nodes = [...new Set([...input.liveNodes, self])].sort();
  const live = new Set(input.campaigns.map((c) => c.campaignId));
  const acquire: number[] = [];
  const release: number[] = [];

  for (const [campaignId, holder] of holders) {
    if (holder === self && !live.has(campaignId)) release.push(campaignId);
  }

  const groups = new Map<number, number[]>();
  for (const c of input.campaigns) {
    const list = groups.get(c.skillGroupId) ?? [];
    list.push(c.campaignId);
    groups.set(c.skillGroupId, list);
  }
  const groupIds = [...groups.keys()].sort((a, b) => a - b);

  // The holder of most of a group's campaigns owns the group (ties: the smaller node id).
  const ownerOf = new Map<number, string>();
  for (const g of groupIds) {
    const counts = new Map<string, number>();
    for (const c of groups.get(g)!) {
      const holder = holders.get(c);
      if (holder !== undefined) counts.set(holder, (counts.get(holder) ?? 0) + 1);
    }
    let best: string | undefined;
    for (const [node, n] of counts) {
      const bestN = best === undefined ? -1 : counts.get(best)!;
      if (n > bestN || (n === bestN && node < best!)) best = node;
    }
    if (best !== undefined) ownerOf.set(g, best);
  }

  const load = new Map<string, number>(nodes.map((n) => [n, 0]));
  for (const owner of ownerOf.values()) if (load.has(owner)) load.set(owner, load.get(owner)! + 1);
  const fair = Math.ceil(groupIds.length / nodes.length);
  const mine = (g: number) => groups.get(g)!.filter((c) => holders.get(c) === self);

  // A split group goes back to its owner.
  for (const g of groupIds) {
    if (ownerOf.get(g) !== self) release.push(...mine(g));
  }

  // Over the fair share while another node is under it: hand over the smallest group.
  let shed: number | undefined;
  const loads = [...load.values()];
  if (load.get(self)! > fair && Math.min(...loads) < fair) {
    for (const g of groupIds) {
      if (ownerOf.get(g) !== self) continue;
      if (shed === undefined || mine(g).length < mine(shed).length) shed = g;
    }
    if (shed !== undefined) release.push(...mine(shed));
  }

  const unheld = (g: number) => groups.get(g)!.filter((c) => !holders.has(c));
  for (const g of groupIds) {
    if (ownerOf.get(g) === self && g !== shed) acquire.push(...unheld(g));
  }

  // Groups nobody holds, dealt out as every node would deal them.
  for (const g of groupIds) {
    if (ownerOf.has(g)) continue;
    let chosen: string | undefined;
    for (const pass of [true, false]) {
      for (const node of nodes) {
        if (pass && load.get(node)! >= fair) continue;
        if (
          chosen === undefined ||
          (!pass && load.get(node)! < load.get(chosen)!) ||
          ((pass || load.get(node)! === load.get(chosen)!) && score(g, node) > score(g, chosen))
        ) {
          chosen = node;
        }
      }
      if (chosen !== undefined) break;
    }
    load.set(chosen!, load.get(chosen!)! + 1);
    if (chosen === self) acquire.push(...unheld(g));
  }
  return { acquire, release };
}

/** Rendezvous hashing weight of a node for a group (FNV-1a). */
function score(group: number, node: string): number {
  let h = 0x811c9dc5;
  const text = `${group}@${node}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

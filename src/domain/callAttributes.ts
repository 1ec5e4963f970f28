/**
 * What a call carries to the agent's desk and the IVR: the campaign's UUI and Variables, overridden
 * and extended by the callee's CalleeAttributes. A callee's empty UUI does not blank the campaign's
 * (the API stores a missing UUI as ''), and a callee's Variable replaces the campaign's of the same
 * Key in place, new Keys following in the callee's order.
 */
import type { Variable } from './campaign/variables.ts';

export function callUui(campaignUui: string, calleeUui: string | null): string {
  return calleeUui ? calleeUui : campaignUui;
}

export function callVariables(
  campaign: readonly Variable[],
  callee: readonly Variable[] | null,
): readonly Variable[] {
  if (!callee || callee.length === 0) return campaign;
  const merged = new Map<string, string>();
  for (const v of campaign) merged.set(v.Key, v.Value);
  for (const v of callee) merged.set(v.Key, v.Value);
  return [...merged].map(([Key, Value]) => ({ Key, Value }));
}

/**
 * The memory store's agents: seeding them, their records as the engine routes calls to them, and
 * their status changes with the status log. Synchronous; MemoryDialerStore wraps it.
 */

import type { AgentRecord, AgentStatusChange, AgentStatusResult } from '../../dialer/ports/dialerStore.ts';
import { isOnline, type StaffStatus } from '../../domain/staff/staffStatus.ts';

export interface MemoryAgent {
  readonly sdkAppId: number;
  readonly mail: string;
  readonly userId: string;
  readonly staffNumber: string;
  readonly sipUri: string | null;
  status: StaffStatus;
  statusReason: string;
  statusSince: number;
  lastOnlineAt: number | null;
  skillGroupIds: number[];
}

export interface StatusLogEntry {
  readonly sdkAppId: number;
  readonly mail: string;
  readonly status: StaffStatus;
  readonly reason: string;
  readonly at: number;
}

/** An agent to seed: mail and skill groups, the rest defaulted (status `free`). */
export type AgentSeed = Partial<Omit<MemoryAgent, 'sdkAppId' | 'mail' | 'skillGroupIds'>> &
  Pick<MemoryAgent, 'sdkAppId' | 'mail'> & { readonly skillGroupIds: readonly number[] };

export class MemoryAgents {
  /** By application, then mail: no key string is built per lookup (the engine looks up ~3 times a call). */
  private readonly agents = new Map<number, Map<string, MemoryAgent>>();
  readonly statusLog: StatusLogEntry[] = [];

  constructor(private readonly keepStatusLog: boolean) {}

  addAgent(agent: AgentSeed): void {
    const status = agent.status ?? 'free';
    let ofApp = this.agents.get(agent.sdkAppId);
    if (!ofApp) {
      ofApp = new Map();
      this.agents.set(agent.sdkAppId, ofApp);
    }
    ofApp.set(agent.mail, {
      userId: agent.mail,
      staffNumber: agent.mail,
      sipUri: null,
      statusReason: '',
      statusSince: 0,
      lastOnlineAt: isOnline(status) ? (agent.statusSince ?? 0) : null,
      ...agent,
      status,
      skillGroupIds: [...agent.skillGroupIds],
    });
  }

  agent(sdkAppId: number, mail: string): MemoryAgent | undefined {
    return this.agents.get(sdkAppId)?.get(mail);
  }

  loadAgents(sdkAppId: number, skillGroupId?: number): AgentRecord[] {
    const records: AgentRecord[] = [];
    for (const a of this.agents.get(sdkAppId)?.values() ?? []) {
      if (skillGroupId !== undefined && !a.skillGroupIds.includes(skillGroupId)) continue;
      records.push(recordOf(a));
    }
    return records.sort((a, b) => (a.mail < b.mail ? -1 : a.mail > b.mail ? 1 : 0));
  }

  loadAgent(sdkAppId: number, mail: string): AgentRecord | undefined {
    const a = this.agents.get(sdkAppId)?.get(mail);
    return a ? recordOf(a) : undefined;
  }

  setStatus(change: AgentStatusChange): AgentStatusResult {
    const a = this.agents.get(change.sdkAppId)?.get(change.mail);
    if (!a) return { applied: false, previous: 'offline' };
    const previous = a.status;
    if (change.onlyFrom && !change.onlyFrom.includes(previous)) return { applied: false, previous };
    if (previous === change.status && a.statusReason === change.reason) return { applied: true, previous };
    if (!isOnline(previous) && isOnline(change.status)) a.lastOnlineAt = change.at;
    a.status = change.status;
    a.statusReason = change.reason;
    a.statusSince = change.at;
    if (this.keepStatusLog) {
      this.statusLog.push({
        sdkAppId: change.sdkAppId,
        mail: change.mail,
        status: change.status,
        reason: change.reason,
        at: change.at,
      });
    }
    return { applied: true, previous };
  }
}

function recordOf(a: MemoryAgent): AgentRecord {
  return {
    sdkAppId: a.sdkAppId,
    mail: a.mail,
    userId: a.userId,
    staffNumber: a.staffNumber,
    sipUri: a.sipUri,
    status: a.status,
    statusSince: a.statusSince,
    skillGroupIds: [...a.skillGroupIds],
  };
}

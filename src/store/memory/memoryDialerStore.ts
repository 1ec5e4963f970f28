/**
 * The DialerStore in memory: for `simulate` and the engine tests. Same contract as the SQL
 * adapter (test/dialer/dialerStoreContract.ts runs on both), without I/O: each method does its
 * work synchronously and returns a settled promise, so the virtual clock settles in microtasks.
 *
 * Seeding (applications, skill groups, agents, campaigns and their callees) and reading back
 * (sessions, callees, the status log) are this adapter's own API, for tests and the simulator.
 * A campaign's callees may come from a generator (the simulator's "never run dry"): they are made
 * when first claimed. With `retainFinished: false` finished sessions and callees are dropped, so a
 * simulated day of 300,000 calls keeps only the live ones.
 *
 * The work is done by its parts, each synchronous: memoryCampaigns.ts (campaigns, their callees,
 * applications, skill groups), memoryAttempts.ts (claims, sessions, outcomes) and memoryAgents.ts
 * (agents and their status). The async methods here only wrap their results, never their promises,
 * so that each settles in as few microtasks as before.
 */

import type {
  AgentRecord,
  AgentStatusChange,
  AgentStatusResult,
  ApplicationSettings,
  AttemptEnd,
  CalleeClaim,
  CampaignTransition,
  ClaimWithdrawal,
  DialerStore,
  DialingCampaign,
  FinishedAttempt,
  OpenSession,
  PlacedAttempt,
  SessionProgress,
  SkillGroupInfo,
} from '../../dialer/ports/dialerStore.ts';
import { type AgentSeed, type MemoryAgent, MemoryAgents, type StatusLogEntry } from './memoryAgents.ts';
import { MemoryAttempts, type MemorySession } from './memoryAttempts.ts';
import {
  type CalleeSeed,
  type CalleeSource,
  type CampaignSeed,
  type MemoryCallee,
  MemoryCampaigns,
} from './memoryCampaigns.ts';

export type { AgentSeed, MemoryAgent, StatusLogEntry } from './memoryAgents.ts';
export type { MemorySession } from './memoryAttempts.ts';
export type { CalleeSeed, CalleeSource, CampaignSeed, MemoryCallee } from './memoryCampaigns.ts';

export interface MemoryStoreOptions {
  /** Keep finished sessions and callees (default true); the simulator turns it off. */
  readonly retainFinished?: boolean;
  /** Keep the agents' status log (default true). */
  readonly keepStatusLog?: boolean;
}

export class MemoryDialerStore implements DialerStore {
  private readonly campaigns = new MemoryCampaigns();
  private readonly attempts: MemoryAttempts;
  private readonly agents: MemoryAgents;
  readonly statusLog: StatusLogEntry[];

  constructor(options: MemoryStoreOptions = {}) {
    this.attempts = new MemoryAttempts(this.campaigns, options.retainFinished ?? true);
    this.agents = new MemoryAgents(options.keepStatusLog ?? true);
    this.statusLog = this.agents.statusLog;
  }

  // --- seeding

  addApplication(settings: Partial<ApplicationSettings> & Pick<ApplicationSettings, 'sdkAppId'>): void {
    this.campaigns.addApplication(settings);
  }

  updateApplication(sdkAppId: number, patch: Partial<ApplicationSettings>): void {
    this.campaigns.updateApplication(sdkAppId, patch);
  }

  addSkillGroup(info: SkillGroupInfo): void {
    this.campaigns.addSkillGroup(info);
  }

  addAgent(agent: AgentSeed): void {
    this.agents.addAgent(agent);
  }

  /** Creates a campaign (status ready unless given) with its callees; returns its id. */
  addCampaign(seed: CampaignSeed, callees: readonly CalleeSeed[] | CalleeSource): number {
    return this.campaigns.addCampaign(seed, callees);
  }

  /** What the API does to a campaign row (Pause, Resume, Abort, Update): the engine is poked after. */
  updateCampaign(campaignId: number, patch: Partial<Omit<DialingCampaign, 'campaignId'>>): void {
    this.campaigns.updateCampaign(campaignId, patch);
  }

  deleteCampaign(campaignId: number): void {
    this.campaigns.deleteCampaign(campaignId);
  }

  // --- reading back

  campaign(campaignId: number): DialingCampaign {
    return this.campaigns.campaign(campaignId);
  }

  callee(campaignId: number, seq: number): MemoryCallee | undefined {
    return this.campaigns.callee(campaignId, seq);
  }

  callees(campaignId: number): MemoryCallee[] {
    return this.campaigns.callees(campaignId);
  }

  session(sessionId: string): MemorySession | undefined {
    return this.attempts.session(sessionId);
  }

  /** Sessions in the order they were placed, optionally of one campaign. */
  sessions(campaignId?: number): MemorySession[] {
    return this.attempts.sessions(campaignId);
  }

  agent(sdkAppId: number, mail: string): MemoryAgent | undefined {
    return this.agents.agent(sdkAppId, mail);
  }

  // --- DialerStore

  async listLiveCampaigns(readyBy?: number): Promise<DialingCampaign[]> {
    return this.campaigns.listLiveCampaigns(readyBy);
  }

  async loadCampaign(campaignId: number): Promise<DialingCampaign | undefined> {
    return this.campaigns.loadCampaign(campaignId);
  }

  async transitionCampaign(t: CampaignTransition): Promise<boolean> {
    return this.campaigns.transitionCampaign(t);
  }

  async loadApplication(sdkAppId: number): Promise<ApplicationSettings | undefined> {
    return this.campaigns.loadApplication(sdkAppId);
  }

  async loadSkillGroup(skillGroupId: number): Promise<SkillGroupInfo | undefined> {
    return this.campaigns.loadSkillGroup(skillGroupId);
  }

  async claimCallees(claim: CalleeClaim): Promise<PlacedAttempt[]> {
    return this.attempts.claimCallees(claim);
  }

  async withdrawClaim(withdrawal: ClaimWithdrawal): Promise<string[]> {
    return this.attempts.withdrawClaim(withdrawal);
  }

  async recordProgress(progress: SessionProgress): Promise<void> {
    this.attempts.recordProgress(progress);
  }

  async finishAttempt(end: AttemptEnd): Promise<FinishedAttempt | undefined> {
    return this.attempts.finishAttempt(end);
  }

  async listOpenSessions(ownerNode?: string | null): Promise<OpenSession[]> {
    return this.attempts.listOpenSessions(ownerNode);
  }

  async loadAgents(sdkAppId: number, skillGroupId?: number): Promise<AgentRecord[]> {
    return this.agents.loadAgents(sdkAppId, skillGroupId);
  }

  async loadAgent(sdkAppId: number, mail: string): Promise<AgentRecord | undefined> {
    return this.agents.loadAgent(sdkAppId, mail);
  }

  async setAgentStatus(change: AgentStatusChange): Promise<AgentStatusResult> {
    return this.setStatus(change);
  }

  /** The same change, synchronously: what the API's SetStaffStatus does (tests poke the engine after). */
  setStatus(change: AgentStatusChange): AgentStatusResult {
    return this.agents.setStatus(change);
  }
}

import type { Kysely } from 'kysely';
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
import type { Dialect } from '../dialect.ts';
import type { Database } from '../schema.ts';
import { KyselyAgents } from './kyselyAgents.ts';
import { KyselyAttempts } from './kyselyAttempts.ts';
import { KyselyCampaigns } from './kyselyCampaigns.ts';

/**
 * The engine's store on SQL (SQLite or PostgreSQL, through Kysely). Each method is one transaction;
 * the engine acts only after it resolves.
 *
 * Its parts: kyselyCampaigns.ts (campaigns, applications, skill groups), kyselyAttempts.ts (claims,
 * sessions, outcomes) and kyselyAgents.ts (agents and their status).
 */
export class KyselyDialerStore implements DialerStore {
  private readonly campaigns: KyselyCampaigns;
  private readonly attempts: KyselyAttempts;
  private readonly agents: KyselyAgents;

  constructor(db: Kysely<Database>, dialect: Dialect = 'sqlite') {
    this.campaigns = new KyselyCampaigns(db);
    this.attempts = new KyselyAttempts(db, dialect);
    this.agents = new KyselyAgents(db);
  }

  listLiveCampaigns(readyBy?: number): Promise<DialingCampaign[]> {
    return this.campaigns.listLiveCampaigns(readyBy);
  }

  loadCampaign(campaignId: number): Promise<DialingCampaign | undefined> {
    return this.campaigns.loadCampaign(campaignId);
  }

  transitionCampaign(t: CampaignTransition): Promise<boolean> {
    return this.campaigns.transitionCampaign(t);
  }

  loadApplication(sdkAppId: number): Promise<ApplicationSettings | undefined> {
    return this.campaigns.loadApplication(sdkAppId);
  }

  loadSkillGroup(skillGroupId: number): Promise<SkillGroupInfo | undefined> {
    return this.campaigns.loadSkillGroup(skillGroupId);
  }

  claimCallees(claim: CalleeClaim): Promise<PlacedAttempt[]> {
    return this.attempts.claimCallees(claim);
  }

  withdrawClaim(withdrawal: ClaimWithdrawal): Promise<string[]> {
    return this.attempts.withdrawClaim(withdrawal);
  }

  recordProgress(progress: SessionProgress): Promise<void> {
    return this.attempts.recordProgress(progress);
  }

  finishAttempt(end: AttemptEnd): Promise<FinishedAttempt | undefined> {
    return this.attempts.finishAttempt(end);
  }

  listOpenSessions(ownerNode?: string | null): Promise<OpenSession[]> {
    return this.attempts.listOpenSessions(ownerNode);
  }

  listAgentsHeldBy(node: string): Promise<Array<{ sdkAppId: number; mail: string }>> {
    return this.agents.listAgentsHeldBy(node);
  }

  loadAgents(sdkAppId: number, skillGroupId?: number): Promise<AgentRecord[]> {
    return this.agents.loadAgents(sdkAppId, skillGroupId);
  }

  loadAgent(sdkAppId: number, mail: string): Promise<AgentRecord | undefined> {
    return this.agents.loadAgent(sdkAppId, mail);
  }

  setAgentStatus(change: AgentStatusChange): Promise<AgentStatusResult> {
    return this.agents.setAgentStatus(change);
  }
}

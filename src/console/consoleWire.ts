/**
 * The shapes the console's endpoints and live feeds send, shared by the server (src/console) and
 * the browser (console/src), so neither can drift from the other. Types only: no imports, no code.
 * Field names are PascalCase like the API's; times are business-clock ms unless named otherwise.
 */

export interface SessionView {
  readonly Kind: 'supervisor' | 'agent';
  /** Supervisor: the key or the operator signed in with, and the applications its account owns. */
  readonly SecretId?: string;
  readonly Operator?: string;
  readonly Apps?: readonly { readonly SdkAppId: number; readonly Name: string }[];
  readonly Agent?: { readonly SdkAppId: number; readonly Mail: string; readonly Name: string };
  /** The business clock now, and how many business ms pass per real ms (sped up in demos). */
  readonly ClockNow: number;
  readonly ClockSpeed: number;
}

export interface ApplicationDirectory {
  readonly SdkAppId: number;
  readonly Name: string;
  readonly SkillGroups: readonly { SkillGroupId: number; SkillGroupName: string; AgentCount: number }[];
  readonly Numbers: readonly { Number: string; State: number; CallOutSkillGroupIds: number[] }[];
  readonly Ivrs: readonly { IvrId: number; Name: string }[];
  /** The compliance ceiling on the abandon rate, percent, when the application has one. */
  readonly AbandonRateCeiling: number | null;
  readonly MaxCalleesPerCampaign: number | null;
}

/** What the supervisor sees of a campaign wherever it is shown: the table and the live view. */
export interface CampaignSummary {
  readonly CampaignId: number;
  readonly Name: string;
  readonly Status: number;
  readonly StatusReason: number;
  readonly Priority: number;
  readonly SkillGroupId: number;
  readonly SkillGroupName: string;
  readonly CalleeCount: number;
  readonly FinishedCalleeCount: number;
  readonly ExpectedAbandonRate: number;
  /** What the pacer holds, percent: ExpectedAbandonRate or the application's ceiling if lower. */
  readonly TargetAbandonRate: number;
  /** Unix seconds. */
  readonly StartTime: number;
  readonly EndTime: number;
}

/** One line of the supervisor's campaigns table. */
export interface CampaignLine extends CampaignSummary {
  /** Percent, so far. */
  readonly AbandonRate: number;
  readonly Answered: number;
  readonly InFlight: number;
}

export interface CampaignPage {
  readonly TotalCount: number;
  readonly Campaigns: readonly CampaignLine[];
}

/** A campaign's calls, counted from its session records. */
export interface CallCounts {
  readonly Placed: number;
  /** Not ended yet: ringing, answered and waiting for an agent, or in talk. */
  readonly InFlight: number;
  readonly Ringing: number;
  /** Answered, waiting for a free agent (abandoned past the connect deadline). */
  readonly Waiting: number;
  readonly Talking: number;
  /** Answered = connected + abandoned, as regulators count it. */
  readonly Answered: number;
  readonly Connected: number;
  /** Ended 103 (hung up) or 107 (handed to the IVR): no agent in time. */
  readonly Abandoned: number;
  /** Abandoned / answered, percent (0 before anything was answered). */
  readonly AbandonRate: number;
}

export interface AgentLine {
  readonly Mail: string;
  readonly Name: string;
  readonly StaffNumber: string;
  readonly Status: string;
  readonly Since: number;
}

export interface SkillGroupAgents {
  readonly Total: number;
  /** Agents not offline. */
  readonly LoggedIn: number;
  /** Agents in talk or wrap-up over agents logged in, percent. */
  readonly Occupancy: number;
  readonly ByState: Readonly<Record<string, number>>;
  /** The first agents by state then mail; a large group is summed in ByState, not listed whole. */
  readonly List: readonly AgentLine[];
}

export interface SessionLine {
  readonly SessionId: string;
  readonly Callee: string;
  readonly Caller: string;
  /** ringing | seatJoining | inProgress | finished */
  readonly SessionStatus: string;
  readonly EndStatus: number | null;
  readonly EndStatusString: string;
  readonly SeatUser: string | null;
  readonly StartTimestamp: number;
  readonly AcceptTimestamp: number | null;
  readonly EndedTimestamp: number | null;
}

/** One frame of the supervisor's live view of a campaign. */
export interface CampaignSnapshot {
  /** The time axis of the charts. */
  readonly At: number;
  readonly Campaign: CampaignSummary & {
    readonly SdkAppId: number;
    readonly Deleted: boolean;
  };
  readonly Calls: CallCounts;
  readonly Agents: SkillGroupAgents;
  readonly Sessions: readonly SessionLine[];
}

/** What a campaign's charts keep of each frame; a viewer who joins gets the last ten minutes. */
export interface CampaignPoint {
  readonly At: number;
  readonly AbandonRate: number;
  readonly TargetAbandonRate: number;
  readonly Occupancy: number;
  readonly InFlight: number;
  readonly Talking: number;
}

/** A call as the agent desk shows it: who is on the line and what the campaign attached to it. */
export interface DeskCall {
  readonly SessionId: string;
  readonly Callee: string;
  readonly Caller: string;
  readonly CampaignId: number;
  readonly CampaignName: string;
  readonly UUI: string;
  readonly Variables: readonly { Key: string; Value: string }[];
  readonly SessionStatus: string;
  readonly ConnectedAt: number | null;
  readonly EndedAt: number | null;
  readonly EndStatus: number | null;
  readonly EndStatusString: string;
}

/** One frame of an agent's desk. */
export interface DeskSnapshot {
  readonly At: number;
  readonly ClockSpeed: number;
  readonly Agent: {
    readonly SdkAppId: number;
    readonly Mail: string;
    readonly UserId: string;
    readonly Name: string;
    readonly Nick: string;
    readonly StaffNumber: string;
    readonly Status: string;
    readonly Reason: string;
    readonly Since: number;
    readonly SkillGroups: readonly { SkillGroupId: number; SkillGroupName: string }[];
  };
  /** The call connected to the agent now. */
  readonly Call: DeskCall | null;
  /** The call that ended last, while the agent wraps it up. */
  readonly LastCall: DeskCall | null;
  /** While in after-call work: when it ends on its own, and how long it lasts in all. */
  readonly WrapUp: { readonly EndsAt: number; readonly Seconds: number } | null;
}

/** The console's error body: the API's code and message, and the field a form should mark. */
export interface ConsoleErrorBody {
  readonly Error: { readonly Code: string; readonly Message: string; readonly Field?: string };
}

/** What the what-if simulator predicts for a campaign form's parameters. */
export interface SimulationForecast {
  /** Agents of the skill group, and callees of the list, that were simulated. */
  readonly Agents: number;
  readonly Callees: number;
  readonly Strategy: string;
  /** Percent. */
  readonly TargetAbandonRate: number;
  readonly AbandonRate: number;
  readonly MaxRollingHourAbandonRate: number;
  readonly Occupancy: number;
  readonly TalkMinutesPerAgentHour: number;
  readonly Attempts: number;
  readonly Connected: number;
  readonly Abandoned: number;
  /** Callees finished (connected or out of retries) by the end of the simulation. */
  readonly FinishedCallees: number;
  /** When the last callee would be finished (business ms); null if not before the campaign's end. */
  readonly FinishTime: number | null;
  /** The simulated span: from the campaign's start (ms) for this many seconds. */
  readonly StartTime: number;
  readonly SimulatedSeconds: number;
  /** One point a simulated minute: cumulative abandon rate and occupancy over that minute, percent. */
  readonly Series: {
    readonly Times: readonly number[];
    readonly AbandonRate: readonly number[];
    readonly Occupancy: readonly number[];
  };
}

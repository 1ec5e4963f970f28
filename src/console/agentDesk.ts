import { type Kysely, type SqlBool, sql } from 'kysely';
import { endStatusString } from '../domain/endStatus.ts';
import type { Database } from '../store/schema.ts';
import type { DeskCall, DeskSnapshot } from './consoleWire.ts';

export interface DeskContext {
  readonly db: Kysely<Database>;
  readonly now: number;
  readonly clockSpeed: number;
  /** The wrap-up time when the application sets none. */
  readonly defaultWrapUpSeconds: number;
}

/** Reads an agent's desk; undefined when the staff account is gone. */
export async function agentDesk(
  ctx: DeskContext,
  sdkAppId: number,
  mail: string,
): Promise<DeskSnapshot | undefined> {
  const { db } = ctx;
  const staff = await db
    .selectFrom('staff')
    .innerJoin('applications', 'applications.sdk_app_id', 'staff.sdk_app_id')
    .selectAll('staff')
    .select('applications.wrap_up_seconds')
    .where('staff.sdk_app_id', '=', sdkAppId)
    .where('staff.mail', '=', mail)
    .executeTakeFirst();
  if (!staff) return undefined;
  const groups = await db
    .selectFrom('staff_skill_groups')
    .innerJoin('skill_groups', 'skill_groups.skill_group_id', 'staff_skill_groups.skill_group_id')
    .select(['skill_groups.skill_group_id', 'skill_groups.name'])
    .where('staff_skill_groups.sdk_app_id', '=', sdkAppId)
    .where('staff_skill_groups.mail', '=', mail)
    .orderBy('skill_groups.skill_group_id')
    .execute();
  const current = await callGoingOn(db, sdkAppId, mail);
  const wrapUpSeconds = staff.wrap_up_seconds ?? ctx.defaultWrapUpSeconds;
  const wrapping = staff.status === 'afterCallWork';
  // The call being wrapped up ended about when the wrap-up began; look only that far back.
  const last =
    !current && wrapping
      ? await agentCalls(db, sdkAppId, mail)
          .where('sessions.ended_ts', '>=', staff.status_since - 60_000)
          .orderBy('sessions.ended_ts', 'desc')
          .executeTakeFirst()
      : undefined;
  return {
    At: ctx.now,
    ClockSpeed: ctx.clockSpeed,
    Agent: {
      SdkAppId: staff.sdk_app_id,
      Mail: staff.mail,
      UserId: staff.user_id,
      Name: staff.name,
      Nick: staff.nick,
      StaffNumber: staff.staff_number,
      Status: staff.status,
      Reason: staff.status_reason,
      Since: staff.status_since,
      SkillGroups: groups.map((g) => ({ SkillGroupId: g.skill_group_id, SkillGroupName: g.name })),
    },
    Call: current ? deskCall(current) : null,
    LastCall: last ? deskCall(last) : null,
    WrapUp: wrapping ? { EndsAt: staff.status_since + wrapUpSeconds * 1000, Seconds: wrapUpSeconds } : null,
  };
}

interface CallRow {
  session_id: string;
  callee: string;
  caller: string;
  campaign_id: number;
  campaign_name: string | null;
  uui: string;
  variables: string;
  session_status: string;
  seat_join_ts: number | null;
  ended_ts: number | null;
  end_status: number | null;
}

function deskCall(row: CallRow): DeskCall {
  return {
    SessionId: row.session_id,
    Callee: row.callee,
    Caller: row.caller,
    CampaignId: row.campaign_id,
    CampaignName: row.campaign_name ?? '',
    UUI: row.uui,
    Variables: parseVariables(row.variables),
    SessionStatus: row.session_status,
    ConnectedAt: row.seat_join_ts,
    EndedAt: row.ended_ts,
    EndStatus: row.end_status,
    EndStatusString: endStatusString(row.end_status),
  };
}

function parseVariables(text: string): { Key: string; Value: string }[] {
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? (parsed as { Key: string; Value: string }[]) : [];
  } catch {
    return [];
  }
}

/** The calls the agent served, going on or ended. */
function agentCalls(db: Kysely<Database>, sdkAppId: number, mail: string) {
  return (
    db
      .selectFrom('sessions')
      .leftJoin('campaigns', 'campaigns.campaign_id', 'sessions.campaign_id')
      .select([
        'sessions.session_id',
        'sessions.callee',
        'sessions.caller',
        'sessions.campaign_id',
        'campaigns.name as campaign_name',
        'sessions.uui',
        'sessions.variables',
        'sessions.session_status',
        'sessions.seat_join_ts',
        'sessions.ended_ts',
        'sessions.end_status',
      ])
      // `+` keeps SQLite's planner off the index of each agent's calls (application, mail), which it
      // would otherwise take and walk: every call the agent ever served, ~0.5 s at 100,000 of them.
      // Through `ended_ts` (sessions_open) it looks at the calls going on, or just ended, only.
      .where(sql<SqlBool>`+sessions.sdk_app_id = ${sdkAppId}`)
      .where('sessions.seat_mail', '=', mail)
  );
}

/** The agent's call going on (the latest joined, should there be several), if any. */
export function callGoingOn(db: Kysely<Database>, sdkAppId: number, mail: string) {
  return agentCalls(db, sdkAppId, mail)
    .where('sessions.ended_ts', 'is', null)
    .orderBy('sessions.seat_join_ts', 'desc')
    .executeTakeFirst();
}

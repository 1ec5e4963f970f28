import type { Kysely, Selectable } from 'kysely';
import type { AgentRecord, AgentStatusChange, AgentStatusResult } from '../../dialer/ports/dialerStore.ts';
import { storedStaffStatus } from '../../domain/staff/staffStatus.ts';
import { setStaffStatus } from '../directory/staffStatusStore.ts';
import type { Database, StaffTable } from '../schema.ts';

/**
 * The engine's agents on SQL: the staff rows with their skill groups, their status (through the
 * directory's setStaffStatus), and the agents a node left holding its calls. KyselyDialerStore's
 * agent part.
 */
export class KyselyAgents {
  constructor(private readonly db: Kysely<Database>) {}

  async listAgentsHeldBy(node: string): Promise<Array<{ sdkAppId: number; mail: string }>> {
    const rows = await this.db
      .selectFrom('staff')
      .select(['staff.sdk_app_id', 'staff.mail'])
      .where('staff.status', 'in', ['busy', 'afterCallWork'])
      .where('staff.held_by_node', '=', node)
      .execute();
    return rows.map((r) => ({ sdkAppId: r.sdk_app_id, mail: r.mail }));
  }

  async loadAgents(sdkAppId: number, skillGroupId?: number): Promise<AgentRecord[]> {
    let staffQuery = this.db.selectFrom('staff').selectAll().where('sdk_app_id', '=', sdkAppId);
    if (skillGroupId !== undefined) {
      staffQuery = staffQuery.where('mail', 'in', (eb) =>
        eb
          .selectFrom('staff_skill_groups')
          .select('mail')
          .where('sdk_app_id', '=', sdkAppId)
          .where('skill_group_id', '=', skillGroupId),
      );
    }
    const [staff, bindings] = await Promise.all([
      staffQuery.orderBy('mail').execute(),
      this.db
        .selectFrom('staff_skill_groups')
        .select(['mail', 'skill_group_id'])
        .where('sdk_app_id', '=', sdkAppId)
        .execute(),
    ]);
    const groupsOf = new Map<string, number[]>();
    for (const b of bindings) groupsOf.set(b.mail, [...(groupsOf.get(b.mail) ?? []), b.skill_group_id]);
    return staff.map((s) => agentOf(s, groupsOf.get(s.mail) ?? []));
  }

  async loadAgent(sdkAppId: number, mail: string): Promise<AgentRecord | undefined> {
    const row = await this.db
      .selectFrom('staff')
      .selectAll()
      .where('sdk_app_id', '=', sdkAppId)
      .where('mail', '=', mail)
      .executeTakeFirst();
    if (!row) return undefined;
    const groups = await this.db
      .selectFrom('staff_skill_groups')
      .select('skill_group_id')
      .where('sdk_app_id', '=', sdkAppId)
      .where('mail', '=', mail)
      .execute();
    return agentOf(
      row,
      groups.map((g) => g.skill_group_id),
    );
  }

  async setAgentStatus(change: AgentStatusChange): Promise<AgentStatusResult> {
    const result = await setStaffStatus(this.db, change);
    if (!result) return { applied: false, previous: 'offline' };
    return { applied: result.applied, previous: result.previousStatus };
  }
}

function agentOf(row: Selectable<StaffTable>, skillGroupIds: number[]): AgentRecord {
  return {
    sdkAppId: row.sdk_app_id,
    mail: row.mail,
    userId: row.user_id,
    staffNumber: row.staff_number,
    sipUri: row.sip_uri,
    status: storedStaffStatus(row.status),
    statusSince: row.status_since,
    skillGroupIds,
  };
}

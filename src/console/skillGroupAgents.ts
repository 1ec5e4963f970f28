import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { SkillGroupAgents } from './consoleWire.ts';

export const AGENT_STATES = ['free', 'busy', 'afterCallWork', 'rest', 'notReady', 'offline'] as const;

const LISTED = 200;
const ORDER = new Map<string, number>(AGENT_STATES.map((s, i) => [s, i]));

/** The agents of a skill group by state, and how occupied they are right now. */
export async function skillGroupAgents(
  db: Kysely<Database>,
  skillGroupId: number,
): Promise<SkillGroupAgents> {
  const rows = await db
    .selectFrom('staff_skill_groups')
    .innerJoin('staff', (join) =>
      join
        .onRef('staff.sdk_app_id', '=', 'staff_skill_groups.sdk_app_id')
        .onRef('staff.mail', '=', 'staff_skill_groups.mail'),
    )
    .select(['staff.mail', 'staff.name', 'staff.staff_number', 'staff.status', 'staff.status_since'])
    .where('staff_skill_groups.skill_group_id', '=', skillGroupId)
    .execute();
  const byState: Record<string, number> = Object.fromEntries(AGENT_STATES.map((s) => [s, 0]));
  for (const r of rows) byState[r.status] = (byState[r.status] ?? 0) + 1;
  const loggedIn = rows.length - (byState.offline ?? 0);
  const working = (byState.busy ?? 0) + (byState.afterCallWork ?? 0);
  const sorted = rows.sort(
    (a, b) => (ORDER.get(a.status) ?? 99) - (ORDER.get(b.status) ?? 99) || a.mail.localeCompare(b.mail),
  );
  return {
    Total: rows.length,
    LoggedIn: loggedIn,
    Occupancy: loggedIn === 0 ? 0 : (100 * working) / loggedIn,
    ByState: byState,
    List: sorted.slice(0, LISTED).map((r) => ({
      Mail: r.mail,
      Name: r.name,
      StaffNumber: r.staff_number,
      Status: r.status,
      Since: r.status_since,
    })),
  };
}

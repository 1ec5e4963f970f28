import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** A skill group an agent belongs to, with the agent's priority in it (1 highest – 5). */
export interface StaffSkillGroup {
  readonly skillGroupId: number;
  readonly name: string;
  readonly type: number;
  readonly priority: number;
}

export const DEFAULT_PRIORITY = 3;

/**
 * Adds the agent to each group at the given priority; a group the agent is already in takes the
 * new priority.
 */
export async function bindSkillGroups(
  db: Kysely<Database>,
  sdkAppId: number,
  mail: string,
  bindings: readonly { skillGroupId: number; priority: number }[],
): Promise<void> {
  for (const b of bindings) {
    await db
      .insertInto('staff_skill_groups')
      .values({ sdk_app_id: sdkAppId, mail, skill_group_id: b.skillGroupId, priority: b.priority })
      .onConflict((oc) =>
        oc.columns(['sdk_app_id', 'mail', 'skill_group_id']).doUpdateSet({ priority: b.priority }),
      )
      .execute();
  }
}

export async function unbindSkillGroups(
  db: Kysely<Database>,
  sdkAppId: number,
  mail: string,
  skillGroupIds: readonly number[],
): Promise<void> {
  if (skillGroupIds.length === 0) return;
  await db
    .deleteFrom('staff_skill_groups')
    .where('sdk_app_id', '=', sdkAppId)
    .where('mail', '=', mail)
    .where('skill_group_id', 'in', [...skillGroupIds])
    .execute();
}

/** Makes the agent's groups exactly these: groups kept keep their priority, new ones get the default. */
export async function replaceSkillGroups(
  db: Kysely<Database>,
  sdkAppId: number,
  mail: string,
  skillGroupIds: readonly number[],
): Promise<void> {
  const current = await db
    .selectFrom('staff_skill_groups')
    .select('skill_group_id')
    .where('sdk_app_id', '=', sdkAppId)
    .where('mail', '=', mail)
    .execute();
  const wanted = new Set(skillGroupIds);
  const have = new Set(current.map((r) => Number(r.skill_group_id)));
  await unbindSkillGroups(
    db,
    sdkAppId,
    mail,
    [...have].filter((id) => !wanted.has(id)),
  );
  await bindSkillGroups(
    db,
    sdkAppId,
    mail,
    [...wanted]
      .filter((id) => !have.has(id))
      .map((skillGroupId) => ({ skillGroupId, priority: DEFAULT_PRIORITY })),
  );
}

/** Removes every agent from a group; returns the agents that were in it. */
export async function unbindSkillGroupFromAll(
  db: Kysely<Database>,
  sdkAppId: number,
  skillGroupId: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('staff_skill_groups')
    .select('mail')
    .where('sdk_app_id', '=', sdkAppId)
    .where('skill_group_id', '=', skillGroupId)
    .execute();
  await db
    .deleteFrom('staff_skill_groups')
    .where('sdk_app_id', '=', sdkAppId)
    .where('skill_group_id', '=', skillGroupId)
    .execute();
  return rows.map((r) => r.mail);
}

/** The (live) skill groups of each of these agents, by group id. */
export async function skillGroupsOfStaff(
  db: Kysely<Database>,
  sdkAppId: number,
  mails: readonly string[],
): Promise<Map<string, StaffSkillGroup[]>> {
  const byMail = new Map<string, StaffSkillGroup[]>(mails.map((m) => [m, []]));
  if (mails.length === 0) return byMail;
  const rows = await db
    .selectFrom('staff_skill_groups as b')
    .innerJoin('skill_groups as g', 'g.skill_group_id', 'b.skill_group_id')
    .select(['b.mail', 'b.skill_group_id', 'b.priority', 'g.name', 'g.type'])
    .where('b.sdk_app_id', '=', sdkAppId)
    .where('g.sdk_app_id', '=', sdkAppId)
    .where('g.deleted', '=', 0)
    .where('b.mail', 'in', [...mails])
    .orderBy('b.skill_group_id')
    .execute();
  for (const r of rows) {
    byMail.get(r.mail)?.push({
      skillGroupId: Number(r.skill_group_id),
      name: r.name,
      type: r.type,
      priority: r.priority,
    });
  }
  return byMail;
}

/** Agents of the application in any of these groups. */
export async function staffMailsInGroups(
  db: Kysely<Database>,
  sdkAppId: number,
  skillGroupIds: readonly number[],
): Promise<Set<string>> {
  if (skillGroupIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('staff_skill_groups')
    .select('mail')
    .distinct()
    .where('sdk_app_id', '=', sdkAppId)
    .where('skill_group_id', 'in', [...skillGroupIds])
    .execute();
  return new Set(rows.map((r) => r.mail));
}

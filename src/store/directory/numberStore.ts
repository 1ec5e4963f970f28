import type { Kysely } from 'kysely';
import type { Page } from '../page.ts';
import type { Database, NumberTable } from '../schema.ts';

/** A caller number of an application, as the operator configured it. */
export interface CallerNumber {
  readonly number: string;
  readonly state: number;
  readonly callOutSkillGroupIds: readonly number[];
}

export async function countNumbers(db: Kysely<Database>, sdkAppId: number): Promise<number> {
  const row = await db
    .selectFrom('numbers')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('sdk_app_id', '=', sdkAppId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The application's numbers in a stable order (by number), one page of them. */
export async function listNumbers(
  db: Kysely<Database>,
  sdkAppId: number,
  page: Page,
): Promise<CallerNumber[]> {
  const rows = await db
    .selectFrom('numbers')
    .select(['number', 'state', 'call_out_skill_group_ids'])
    .where('sdk_app_id', '=', sdkAppId)
    .orderBy('number')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map(toCallerNumber);
}

/**
 * Adds a number to an application, or changes one it has: its state, and whichever of the other
 * settings are given (an absent one keeps its value, or its default on a new number).
 */
export async function upsertNumber(
  db: Kysely<Database>,
  number: {
    sdkAppId: number;
    number: string;
    state: number;
    callOutSkillGroupIds?: readonly number[];
    maxConcurrentCalls?: number | null;
    maxCallsPerSecond?: number | null;
  },
): Promise<'added' | 'updated'> {
  const settings = {
    state: number.state,
    ...(number.callOutSkillGroupIds !== undefined
      ? { call_out_skill_group_ids: JSON.stringify(number.callOutSkillGroupIds) }
      : {}),
    ...(number.maxConcurrentCalls !== undefined ? { max_concurrent_calls: number.maxConcurrentCalls } : {}),
    ...(number.maxCallsPerSecond !== undefined ? { max_calls_per_second: number.maxCallsPerSecond } : {}),
  };
  const existing = await db
    .selectFrom('numbers')
    .select('number')
    .where('sdk_app_id', '=', number.sdkAppId)
    .where('number', '=', number.number)
    .executeTakeFirst();
  if (existing) {
    await db
      .updateTable('numbers')
      .set(settings)
      .where('sdk_app_id', '=', number.sdkAppId)
      .where('number', '=', number.number)
      .execute();
    return 'updated';
  }
  await db
    .insertInto('numbers')
    .values({
      sdk_app_id: number.sdkAppId,
      number: number.number,
      call_out_skill_group_ids: '[]',
      max_concurrent_calls: null,
      max_calls_per_second: null,
      ...settings,
    })
    .execute();
  return 'added';
}

function toCallerNumber(
  row: Pick<NumberTable, 'number' | 'state' | 'call_out_skill_group_ids'>,
): CallerNumber {
  return {
    number: row.number,
    state: row.state,
    callOutSkillGroupIds: parseIdList(row.call_out_skill_group_ids),
  };
}

/** The column is JSON written by provisioning; anything unreadable in it means no group. */
function parseIdList(json: string): number[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is number => Number.isInteger(v)) : [];
  } catch {
    return [];
  }
}

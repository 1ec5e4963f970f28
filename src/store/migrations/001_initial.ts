import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

/** The first schema. Written with the schema builder so one migration serves SQLite and PostgreSQL. */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const serial = dialect === 'postgres' ? 'serial' : 'integer';
  const ms = 'bigint';

  await db.schema
    .createTable('accounts')
    .addColumn('account_id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('access_keys')
    .addColumn('secret_id', 'text', (c) => c.primaryKey())
    .addColumn('secret_key', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id'))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('applications')
    .addColumn('sdk_app_id', 'bigint', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('max_callees_per_campaign', 'integer')
    .addColumn('max_live_campaigns', 'integer')
    .addColumn('abandon_rate_ceiling', 'real')
    .addColumn('abandon_quiet_seconds', 'integer')
    .addColumn('max_concurrent_calls', 'integer')
    .addColumn('max_calls_per_second', 'real')
    .addColumn('wrap_up_seconds', 'integer')
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('numbers')
    .addColumn('sdk_app_id', 'bigint', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('state', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('call_out_skill_group_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('max_concurrent_calls', 'integer')
    .addColumn('max_calls_per_second', 'real')
    .addPrimaryKeyConstraint('numbers_pk', ['sdk_app_id', 'number'])
    .execute();

  await db.schema
    .createTable('ivrs')
    .addColumn('sdk_app_id', 'bigint', (c) => c.notNull())
    .addColumn('ivr_id', 'bigint', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ivrs_pk', ['sdk_app_id', 'ivr_id'])
    .execute();

  await db.schema
    .createTable('skill_groups')
    .addColumn('skill_group_id', serial, (c) =>
      c.primaryKey().$call((b) => (dialect === 'sqlite' ? b.autoIncrement() : b)),
    )
    .addColumn('sdk_app_id', 'bigint', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'integer', (c) => c.notNull())
    .addColumn('max_concurrency', 'integer', (c) => c.notNull())
    .addColumn('modified_at', ms, (c) => c.notNull())
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('skill_groups_app')
    .on('skill_groups')
    .columns(['sdk_app_id', 'name'])
    .execute();

  await db.schema
    .createTable('staff')
    .addColumn('sdk_app_id', 'bigint', (c) => c.notNull())
    .addColumn('mail', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('nick', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('staff_number', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('sip_uri', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('offline'))
    .addColumn('status_reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status_since', ms, (c) => c.notNull())
    .addColumn('last_online_at', ms)
    .addColumn('modified_at', ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('staff_pk', ['sdk_app_id', 'mail'])
    .execute();

  await db.schema
    .createTable('staff_skill_groups')
    .addColumn('sdk_app_id', 'bigint', (c) => c.notNull())
    .addColumn('mail', 'text', (c) => c.notNull())
    .addColumn('skill_group_id', 'bigint', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(3))
    .addPrimaryKeyConstraint('staff_skill_groups_pk', ['sdk_app_id', 'mail', 'skill_group_id'])
    .execute();
  await db.schema
    .createIndex('staff_skill_groups_group')
    .on('staff_skill_groups')
    .columns(['skill_group_id'])
    .execute();

  await db.schema
    .createTable('staff_status_log')
    .addColumn('id', serial, (c) =>
      c.primaryKey().$call((b) => (dialect === 'sqlite' ? b.autoIncrement() : b)),
    )
    .addColumn('sdk_app_id', 'bigint', (c) => c.notNull())
    .addColumn('mail', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('staff_status_log_mail_at')
    .on('staff_status_log')
    .columns(['sdk_app_id', 'mail', 'at'])
    .execute();

  await db.schema
    .createTable('campaigns')
    .addColumn('campaign_id', serial, (c) =>
      c.primaryKey().$call((b) => (dialect === 'sqlite' ? b.autoIncrement() : b)),
    )
    .addColumn('sdk_app_id', 'bigint', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('callers', 'text', (c) => c.notNull())
    .addColumn('call_order', 'integer', (c) => c.notNull())
    .addColumn('skill_group_id', 'bigint', (c) => c.notNull())
    .addColumn('ivr_id', 'bigint')
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('expected_abandon_rate', 'real', (c) => c.notNull())
    .addColumn('retry_times', 'integer', (c) => c.notNull())
    .addColumn('retry_interval_s', 'integer', (c) => c.notNull())
    .addColumn('start_time_s', 'bigint', (c) => c.notNull())
    .addColumn('end_time_s', 'bigint', (c) => c.notNull())
    .addColumn('variables', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('uui', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('time_zone', 'text')
    .addColumn('available_time', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('status_reason', 'integer', (c) => c.notNull())
    .addColumn('callee_count', 'integer', (c) => c.notNull())
    .addColumn('finished_callee_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('updated_at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('campaigns_app_status')
    .on('campaigns')
    .columns(['sdk_app_id', 'deleted', 'status'])
    .execute();

  await db.schema
    .createTable('callees')
    .addColumn('campaign_id', 'bigint', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('order_key', 'bigint', (c) => c.notNull())
    .addColumn('uui', 'text')
    .addColumn('variables', 'text')
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('last_end_status', 'integer')
    .addColumn('current_session_id', 'text')
    .addPrimaryKeyConstraint('callees_pk', ['campaign_id', 'seq'])
    .execute();
  // The dialing queue: the next callees of a campaign are the pending ones due soonest, in order.
  await db.schema
    .createIndex('callees_queue')
    .on('callees')
    .columns(['campaign_id', 'state', 'next_attempt_at', 'order_key'])
    .execute();
  await db.schema.createIndex('callees_number').on('callees').columns(['number']).execute();

  await db.schema
    .createTable('sessions')
    .addColumn('session_id', 'text', (c) => c.primaryKey())
    .addColumn('sdk_app_id', 'bigint', (c) => c.notNull())
    .addColumn('campaign_id', 'bigint', (c) => c.notNull())
    .addColumn('callee_seq', 'integer', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('caller', 'text', (c) => c.notNull())
    .addColumn('callee', 'text', (c) => c.notNull())
    .addColumn('direction', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('call_type', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('session_status', 'text', (c) => c.notNull())
    .addColumn('start_ts', ms, (c) => c.notNull())
    .addColumn('ring_ts', ms)
    .addColumn('accept_ts', ms)
    .addColumn('queued_ts', ms)
    .addColumn('seat_join_ts', ms)
    .addColumn('ended_ts', ms)
    .addColumn('seat_user', 'text')
    .addColumn('seat_mail', 'text')
    .addColumn('staff_number', 'text')
    .addColumn('skill_group_id', 'bigint', (c) => c.notNull())
    .addColumn('skill_group_name', 'text', (c) => c.notNull())
    .addColumn('ivr_id', 'bigint')
    .addColumn('uui', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('variables', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('end_status', 'integer')
    .addColumn('hung_up_side', 'text')
    .addColumn('telephony_ids', 'text')
    .addColumn('owner_node', 'text')
    .execute();
  // One attempt number of one callee is placed at most once: the database refuses a second.
  await db.schema
    .createIndex('sessions_attempt_unique')
    .on('sessions')
    .columns(['campaign_id', 'callee_seq', 'attempt'])
    .unique()
    .execute();
  await db.schema
    .createIndex('sessions_app_start')
    .on('sessions')
    .columns(['sdk_app_id', 'start_ts'])
    .execute();
  await db.schema
    .createIndex('sessions_campaign_start')
    .on('sessions')
    .columns(['campaign_id', 'start_ts'])
    .execute();
  await db.schema.createIndex('sessions_open').on('sessions').columns(['ended_ts']).execute();

  await db.schema
    .createTable('meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('leases')
    .addColumn('campaign_id', 'bigint', (c) => c.primaryKey())
    .addColumn('owner_node', 'text', (c) => c.notNull())
    .addColumn('expires_at', ms, (c) => c.notNull())
    .execute();
}

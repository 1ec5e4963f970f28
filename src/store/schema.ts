import type { ColumnType, Generated } from 'kysely';

/**
 * The relational schema, one interface per table, shared by SQLite and PostgreSQL.
 * Times are unix milliseconds (bigint-safe as JS numbers) unless the column says `_s` (seconds).
 * JSON columns hold text; booleans are 0/1 integers, so both backends read them alike.
 */
export interface Database {
  accounts: AccountTable;
  access_keys: AccessKeyTable;
  applications: ApplicationTable;
  numbers: NumberTable;
  ivrs: IvrTable;
  skill_groups: SkillGroupTable;
  staff: StaffTable;
  staff_skill_groups: StaffSkillGroupTable;
  staff_status_log: StaffStatusLogTable;
  campaigns: CampaignTable;
  callees: CalleeTable;
  sessions: SessionTable;
  meta: MetaTable;
  leases: LeaseTable;
  cluster_nodes: ClusterNodeTable;
  hangup_requests: HangupRequestTable;
  rate_hits: RateHitTable;
  operators: OperatorTable;
  sip_registrations: SipRegistrationTable;
  sip_nonce_uses: SipNonceUseTable;
  console_signouts: ConsoleSignoutTable;
}

/** The owner of keys and applications: what Tencent calls the account (uin). */
export interface AccountTable {
  account_id: string;
  name: string;
  created_at: number;
}

export interface AccessKeyTable {
  secret_id: string;
  secret_key: string;
  account_id: string;
  enabled: number;
  created_at: number;
  /** Where the key came from (migration 012): the configuration, the server itself, or `admin`. */
  origin: ColumnType<AccessKeyOrigin, AccessKeyOrigin | undefined, AccessKeyOrigin>;
}

export type AccessKeyOrigin = 'config' | 'generated' | 'admin';

export interface ApplicationTable {
  sdk_app_id: number;
  account_id: string;
  name: string;
  /** Limits and policies; null = the service default. */
  max_callees_per_campaign: number | null;
  max_live_campaigns: number | null;
  /** Compliance ceiling on the abandon rate, percent (e.g. 3 for the US rule). */
  abandon_rate_ceiling: number | null;
  /** Seconds an abandoned callee may not be called again (UK: 72 h). */
  abandon_quiet_seconds: number | null;
  max_concurrent_calls: number | null;
  max_calls_per_second: number | null;
  /** Seconds of wrap-up (after-call work) after each call. */
  wrap_up_seconds: number | null;
  created_at: number;
  /** Live (ready, running, paused) campaigns, kept by triggers (migration 004). */
  live_campaigns: Generated<number>;
  /** 1 once the configuration has given it its skill groups and staff (migration 013). */
  seeded_from_config: Generated<number>;
}

export interface NumberTable {
  sdk_app_id: number;
  number: string;
  /** 1 normal; 2, 4, 5 disabled (Tencent's DescribeNumbers states). */
  state: number;
  /** JSON array of skill group ids allowed to call out with it. */
  call_out_skill_group_ids: string;
  max_concurrent_calls: number | null;
  max_calls_per_second: number | null;
}

export interface IvrTable {
  sdk_app_id: number;
  ivr_id: number;
  name: string;
  /** Where abandoned calls are handed to (a SIP URI under `sip`, a name under `sim`). */
  target: string;
}

export interface SkillGroupTable {
  skill_group_id: Generated<number>;
  sdk_app_id: number;
  name: string;
  /** 0 phone, 1 online, 3 audio, 4 video. */
  type: number;
  max_concurrency: number;
  modified_at: number;
  deleted: number;
}

export interface StaffTable {
  sdk_app_id: number;
  mail: string;
  user_id: string;
  name: string;
  phone: string;
  nick: string;
  staff_number: string;
  password_hash: string | null;
  /** Digest HA1 of the password for the SIP registrar (domain/agentCredentials.ts). */
  sip_ha1: string | null;
  /** Fixed SIP URI of the agent's phone, when not registering. */
  sip_uri: string | null;
  /** free | busy | rest | notReady | afterCallWork | offline */
  status: string;
  status_reason: string;
  status_since: number;
  last_online_at: number | null;
  modified_at: number;
  /** Cluster: the node whose call holds the agent while busy or in wrap-up; null otherwise. */
  held_by_node: string | null;
}

export interface StaffSkillGroupTable {
  sdk_app_id: number;
  mail: string;
  skill_group_id: number;
  priority: number;
}

/** Every status change of an agent, so durations per status can be summed for any day. */
export interface StaffStatusLogTable {
  id: Generated<number>;
  sdk_app_id: number;
  mail: string;
  status: string;
  reason: string;
  at: number;
}

export interface CampaignTable {
  campaign_id: Generated<number>;
  sdk_app_id: number;
  name: string;
  /** JSON array of caller numbers. */
  callers: string;
  call_order: number;
  skill_group_id: number;
  ivr_id: number | null;
  priority: number;
  expected_abandon_rate: number;
  retry_times: number;
  retry_interval_s: number;
  start_time_s: number;
  end_time_s: number;
  /** JSON array of {Key, Value}. */
  variables: string;
  uui: string;
  time_zone: string | null;
  /** JSON array of {StartTime, EndTime} ("HH:MM:SS"). */
  available_time: string;
  /** 0 ready, 1 running, 2 paused, 3 terminated, 4 completed. */
  status: number;
  /** 0 normal, 1 aborted by hand, 2 EndTime passed. */
  status_reason: number;
  callee_count: number;
  finished_callee_count: number;
  deleted: number;
  created_at: number;
  updated_at: number;
}

export interface CalleeTable {
  campaign_id: number;
  /** Position in the submitted list (0-based); the key of the callee within its campaign. */
  seq: number;
  number: string;
  /** Random rank for CallOrder 0; seq for CallOrder 1. Dialing takes the lowest first. */
  order_key: number;
  uui: string | null;
  /** JSON array of {Key, Value}, or null. */
  variables: string | null;
  /** pending | dialing | finished */
  state: string;
  /** Attempts placed so far (the next attempt's number is attempts + 1). */
  attempts: number;
  /** ms; when the callee may be dialed next. */
  next_attempt_at: number;
  last_end_status: number | null;
  /** The session of the attempt in progress, while dialing. */
  current_session_id: string | null;
}

export interface SessionTable {
  session_id: string;
  sdk_app_id: number;
  campaign_id: number;
  callee_seq: number;
  attempt: number;
  caller: string;
  callee: string;
  direction: number;
  call_type: number;
  /** ringing | seatJoining | inProgress | finished */
  session_status: string;
  start_ts: number;
  ring_ts: number | null;
  accept_ts: number | null;
  queued_ts: number | null;
  seat_join_ts: number | null;
  ended_ts: number | null;
  seat_user: string | null;
  seat_mail: string | null;
  staff_number: string | null;
  skill_group_id: number;
  skill_group_name: string;
  ivr_id: number | null;
  uui: string;
  /** JSON array of {Key, Value} (campaign's then callee's). */
  variables: string;
  end_status: number | null;
  hung_up_side: string | null;
  /** Telephony identifiers (SIP Call-IDs), JSON. */
  telephony_ids: string | null;
  owner_node: string | null;
}

export interface MetaTable {
  key: string;
  value: string;
}

/** Which node dials a campaign, until `expires_at` (ms). */
export interface LeaseTable {
  campaign_id: number;
  owner_node: string;
  expires_at: number;
}

/** A node of the cluster and its heartbeat (ms on the database clock). */
export interface ClusterNodeTable {
  node_id: string;
  incarnation: string;
  state: string;
  reaper: string | null;
  address: string;
  started_at: number;
  expires_at: number;
}

/** A HangUpCall received by one node for a call another node holds. */
export interface HangupRequestTable {
  request_id: string;
  session_id: string;
  owner_node: string;
  requested_at: number;
  answered_at: number | null;
  held: number | null;
}

/** One request counted by the cluster-wide rate limit (ms on the database clock). */
export interface RateHitTable {
  key: string;
  at: number;
}

/** A console operator, as the config declares it (provisioned at every start). */
export interface OperatorTable {
  name: string;
  /** The account whose applications the operator supervises. */
  account_id: string;
  /** scrypt, as domain/password.ts makes it. */
  password_hash: string;
  modified_at: number;
}

/** A contact an agent's phone registered with the SIP registrar of any node (ms, that node's clock). */
export interface SipRegistrationTable {
  /** The agent's mail, lower-cased. */
  username: string;
  contact: string;
  expires_at: number;
  call_id: string;
  cseq: number;
  registered_at: number;
}

/** A digest nonce the SIP registrar accepted, and the highest nonce count taken (migration 014). */
export interface SipNonceUseTable {
  nonce: string;
  /** ms, the issuing node's clock (from the nonce itself). */
  issued_at: number;
  last_nc: number;
}

/** A console session signed out before its cookie expired (migration 011). */
export interface ConsoleSignoutTable {
  session_id: string;
  /** Real time, ms: when the cookie would have expired anyway; the row may go after it. */
  expires_at: number;
}

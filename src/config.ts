import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Value, type ValueError } from '@sinclair/typebox/value';
import { checkApplications } from './applicationsConfig.ts';
import { ConfigError } from './configError.ts';
import { checkOperators, type OperatorConfig, OperatorEntry } from './operatorsConfig.ts';
import { type SipConfig, SipSettings, sipConfig } from './sipConfig.ts';

/** Limits and policies of one application; absent keys take the service defaults. */
const Limits = Type.Object(
  {
    maxCalleesPerCampaign: Type.Optional(Type.Integer({ minimum: 1 })),
    maxLiveCampaigns: Type.Optional(Type.Integer({ minimum: 1 })),
    /** Compliance ceiling on the abandon rate, percent (the US rule is 3). */
    abandonRateCeiling: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    /** An abandoned callee is not called again for this long (the UK rule is 72 h = 259200 s). */
    abandonQuietSeconds: Type.Optional(Type.Integer({ minimum: 0 })),
    maxConcurrentCalls: Type.Optional(Type.Integer({ minimum: 1 })),
    maxCallsPerSecond: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    wrapUpSeconds: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

/** pino's levels: any other name stops the logger at its creation, far from the setting. */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A SecretId or SecretKey, in the file or in CCC_SECRET_ID / CCC_SECRET_KEY. */
const Secret = Type.String({ minLength: 8 });

const StaffEntry = Type.Object(
  {
    mail: Type.String({ minLength: 3 }),
    name: Type.String({ minLength: 1 }),
    staffNumber: Type.String({ minLength: 1 }),
    phone: Type.Optional(Type.String()),
    nick: Type.Optional(Type.String()),
    password: Type.Optional(Type.String({ minLength: 4 })),
    sipUri: Type.Optional(Type.String()),
    skillGroupIds: Type.Optional(Type.Array(Type.Integer())),
    /** Log the agent in as `free` at start (the demo's simulated agents do). */
    startFree: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const ApplicationEntry = Type.Object(
  {
    sdkAppId: Type.Integer({ minimum: 1 }),
    name: Type.String(),
    /** The account (tenant) owning the application and its keys. */
    account: Type.String({ minLength: 1 }),
    keys: Type.Optional(Type.Array(Type.Object({ secretId: Secret, secretKey: Secret }))),
    numbers: Type.Optional(
      Type.Array(
        Type.Object({
          number: Type.String({ minLength: 1 }),
          state: Type.Optional(Type.Integer()),
          callOutSkillGroupIds: Type.Optional(Type.Array(Type.Integer())),
          maxConcurrentCalls: Type.Optional(Type.Integer({ minimum: 1 })),
          maxCallsPerSecond: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
        }),
      ),
    ),
    ivrs: Type.Optional(
      Type.Array(
        Type.Object({ ivrId: Type.Integer(), name: Type.String(), target: Type.Optional(Type.String()) }),
      ),
    ),
    skillGroups: Type.Optional(
      Type.Array(
        Type.Object({
          skillGroupId: Type.Integer({ minimum: 1 }),
          name: Type.String({ minLength: 1 }),
          type: Type.Optional(Type.Integer()),
          maxConcurrency: Type.Optional(Type.Integer({ minimum: 1 })),
        }),
      ),
    ),
    staff: Type.Optional(Type.Array(StaffEntry)),
    /** Shorthand for demos: N simulated agents `agent1@…` … in the given skill group, logged in free. */
    simulatedAgents: Type.Optional(
      Type.Object({ skillGroupId: Type.Integer(), count: Type.Integer({ minimum: 0, maximum: 10000 }) }),
    ),
    limits: Type.Optional(Limits),
  },
  { additionalProperties: false },
);

/** The simulated telephone network's model (DESIGN.md, "The what-if simulator"). */
const SimModel = Type.Object(
  {
    answerRate: Type.Number({ minimum: 0, maximum: 1 }),
    busyRate: Type.Number({ minimum: 0, maximum: 1 }),
    ringMeanSeconds: Type.Number({ exclusiveMinimum: 0 }),
    ringTimeoutSeconds: Type.Number({ exclusiveMinimum: 0 }),
    talkMeanSeconds: Type.Number({ exclusiveMinimum: 0 }),
    seed: Type.Integer(),
  },
  { additionalProperties: false },
);

const FileConfig = Type.Object(
  {
    port: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
    host: Type.Optional(Type.String()),
    dataDir: Type.Optional(Type.String()),
    databaseUrl: Type.Optional(Type.String()),
    /** PostgreSQL schema to use (created if missing); default: the URL's search_path. */
    databaseSchema: Type.Optional(Type.String({ pattern: '^[a-z_][a-z0-9_]*$' })),
    /** This node's name in a cluster (sessions and leases carry it). */
    nodeId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    /** A node whose clock is further than this from the database's refuses to start, ms. */
    maxClockSkewMs: Type.Optional(Type.Integer({ minimum: 1 })),
    telephony: Type.Optional(Type.Union([Type.Literal('sim'), Type.Literal('sip')])),
    clockSpeed: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    rateLimit: Type.Optional(Type.Integer({ minimum: 0 })),
    leaseSeconds: Type.Optional(Type.Integer({ minimum: 1 })),
    logLevel: Type.Optional(Type.Union(LOG_LEVELS.map((level) => Type.Literal(level)))),
    bodyLimitBytes: Type.Optional(Type.Integer({ minimum: 1024 })),
    requestTimeoutMs: Type.Optional(Type.Integer({ minimum: 100 })),
    connectDeadlineSeconds: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    ringTimeoutSeconds: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    sim: Type.Optional(Type.Partial(SimModel)),
    sip: Type.Optional(SipSettings),
    applications: Type.Optional(Type.Array(ApplicationEntry)),
    operators: Type.Optional(Type.Array(OperatorEntry)),
  },
  { additionalProperties: false },
);

export type ApplicationConfig = Static<typeof ApplicationEntry>;
export type SimModelConfig = Static<typeof SimModel>;
export type LimitsConfig = Static<typeof Limits>;

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** PostgreSQL instead of the SQLite file in dataDir. */
  readonly databaseUrl: string | undefined;
  /** PostgreSQL schema (tests and side-by-side deployments on one database). */
  readonly databaseSchema: string | undefined;
  /** This node's name in a cluster on PostgreSQL: `host:port` unless set. */
  readonly nodeId: string;
  /** Largest tolerated distance between this node's clock and the database's, ms. */
  readonly maxClockSkewMs: number;
  readonly telephony: 'sim' | 'sip';
  /** 1 = real time; 60 = a minute per second (demos, tests). */
  readonly clockSpeed: number;
  /** Requests per second per action per account; 0 turns the limit off. */
  readonly rateLimit: number;
  readonly leaseSeconds: number;
  readonly logLevel: string;
  readonly bodyLimitBytes: number;
  /**
   * How long a client may take to send a whole request, and to stay idle on a connection, ms: a
   * client that trickles its request in is cut off after this, whatever it has sent.
   */
  readonly requestTimeoutMs: number;
  readonly connectDeadlineSeconds: number;
  readonly ringTimeoutSeconds: number;
  readonly sim: SimModelConfig;
  /** Present when the file has a `sip` section; required when telephony is `sip`. */
  readonly sip: SipConfig | undefined;
  readonly applications: readonly ApplicationConfig[];
  /** Console sign-ins for supervisors, each bound to an account of `applications`. */
  readonly operators: readonly OperatorConfig[];
  /** Key pair forced for the first application (automation), from CCC_SECRET_ID / CCC_SECRET_KEY. */
  readonly demoKey: { readonly secretId: string; readonly secretKey: string } | undefined;
  /** Where the config was read from, for the start-up banner. */
  readonly source: string;
}

const DEFAULT_FILE_NAMES = ['ccc-dialer.config.json'];

type FileConfigShape = Static<typeof FileConfig>;
type Setting = keyof FileConfigShape;

/** The settings the environment may set, each with its variable and how its text reads. */
const ENV_SETTINGS: readonly (readonly [Setting, string, 'number' | 'text'])[] = [
  ['port', 'PORT', 'number'],
  ['host', 'HOST', 'text'],
  ['dataDir', 'CCC_DATA_DIR', 'text'],
  ['databaseUrl', 'CCC_DATABASE_URL', 'text'],
  ['databaseSchema', 'CCC_DATABASE_SCHEMA', 'text'],
  ['nodeId', 'CCC_NODE_ID', 'text'],
  ['maxClockSkewMs', 'CCC_MAX_CLOCK_SKEW_MS', 'number'],
  ['telephony', 'CCC_TELEPHONY', 'text'],
  ['clockSpeed', 'CCC_CLOCK_SPEED', 'number'],
  ['rateLimit', 'CCC_RATE_LIMIT', 'number'],
  ['leaseSeconds', 'CCC_LEASE_SECONDS', 'number'],
  ['logLevel', 'CCC_LOG_LEVEL', 'text'],
  ['bodyLimitBytes', 'CCC_BODY_LIMIT', 'number'],
  ['requestTimeoutMs', 'CCC_REQUEST_TIMEOUT_MS', 'number'],
  ['connectDeadlineSeconds', 'CCC_CONNECT_DEADLINE', 'number'],
  ['ringTimeoutSeconds', 'CCC_RING_TIMEOUT', 'number'],
];

/** Settings the overrides may replace: the environment's, and the file's lists. */
const OVERRIDABLE: readonly Setting[] = [...ENV_SETTINGS.map(([key]) => key), 'applications', 'operators'];

/** A setting's value and, for an error to point there, who gave it. */
interface Given {
  readonly value: unknown;
  /** The file's values were checked with the whole file; the others are checked one by one. */
  readonly origin: string | undefined;
}

/**
 * Reads the config: defaults < file < environment < explicit overrides (CLI flags), validated once
 * and frozen. Nothing here runs at import time, so tests build as many configs as they like.
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
  overrides: Partial<Record<keyof FileConfigShape, unknown>> = {},
  cwd = process.cwd(),
): Config {
  const file = env.CCC_CONFIG ?? DEFAULT_FILE_NAMES.map((f) => path.join(cwd, f)).find((f) => existsSync(f));
  const fromFile = file ? readConfigFile(file) : {};
  const given = mergeSettings(fromFile, env, overrides);
  for (const [key, { value, origin }] of given) if (origin !== undefined) checkSetting(key, value, origin);
  const settings = Object.fromEntries([...given].map(([key, { value }]) => [key, value])) as FileConfigShape;

  const telephony = settings.telephony ?? 'sim';
  const clockSpeed = settings.clockSpeed ?? 1;
  const sim: SimModelConfig = {
    answerRate: 0.35,
    busyRate: 0.1,
    ringMeanSeconds: 8,
    ringTimeoutSeconds: 25,
    talkMeanSeconds: 60,
    seed: 1,
    ...fromFile.sim,
  };
  checkSim(sim);
  const sip = sipConfig(fromFile.sip);
  if (telephony === 'sip' && !sip) throw new ConfigError('telephony sip needs a "sip" section with a trunk');
  // SIP timers and ring timeouts run on the wall clock; a scaled engine clock would desynchronise them.
  if (telephony === 'sip' && clockSpeed !== 1) throw new ConfigError('telephony sip needs CCC_CLOCK_SPEED 1');
  const port = settings.port ?? 8080;
  const applications = settings.applications ?? [];
  const demoKey = demoKeyFrom(env);
  checkApplications(applications);
  const operators = checkOperators(settings.operators ?? [], applications);
  const config: Config = {
    port,
    host: settings.host ?? '127.0.0.1',
    dataDir: path.resolve(cwd, settings.dataDir ?? './data'),
    databaseUrl: settings.databaseUrl,
    databaseSchema: settings.databaseSchema,
    // Port 0 (tests) picks a port at listen time: a random suffix keeps such nodes apart.
    nodeId: settings.nodeId ?? `${os.hostname()}:${port || randomBytes(4).toString('hex')}`,
    maxClockSkewMs: settings.maxClockSkewMs ?? 1000,
    telephony,
    clockSpeed,
    rateLimit: settings.rateLimit ?? 20,
    leaseSeconds: settings.leaseSeconds ?? 10,
    logLevel: settings.logLevel ?? 'info',
    bodyLimitBytes: settings.bodyLimitBytes ?? 32 * 1024 * 1024,
    requestTimeoutMs: settings.requestTimeoutMs ?? 30_000,
    connectDeadlineSeconds: settings.connectDeadlineSeconds ?? 2,
    ringTimeoutSeconds: settings.ringTimeoutSeconds ?? 25,
    sim,
    sip,
    applications,
    operators,
    demoKey,
    source: file ?? '(defaults)',
  };
  return deepFreeze(config);
}

function readConfigFile(file: string): FileConfigShape {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`cannot read config file ${file}: ${(e as Error).message}`);
  }
  const problem = firstProblem(FileConfig, raw);
  if (problem) throw new ConfigError(`config file ${file}: ${problem.path || '/'} ${problem.text}`);
  return raw as FileConfigShape;
}

/** The file's settings, replaced by the environment's, replaced by the overrides'. */
function mergeSettings(
  fromFile: FileConfigShape,
  env: Readonly<Record<string, string | undefined>>,
  overrides: Partial<Record<Setting, unknown>>,
): Map<Setting, Given> {
  const given = new Map<Setting, Given>();
  for (const [key, value] of Object.entries(fromFile) as [Setting, unknown][]) {
    given.set(key, { value, origin: undefined });
  }
  for (const [key, name, kind] of ENV_SETTINGS) {
    const text = env[name];
    // An empty variable is an unset one, as shells and compose files often leave them.
    if (text === undefined || text === '') continue;
    const value = kind === 'number' ? envNumber(name, text) : text;
    given.set(key, { value, origin: `${name}=${JSON.stringify(text)}` });
  }
  for (const key of OVERRIDABLE) {
    const value = overrides[key];
    if (value !== undefined) given.set(key, { value, origin: `${key} (override)` });
  }
  return given;
}

/** Decimal notation only: Number() would also take " " (0), "0x10" or "Infinity". */
function envNumber(name: string, text: string): number {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) {
    throw new ConfigError(`${name} must be a number, got ${JSON.stringify(text)}`);
  }
  const n = Number(text);
  if (!Number.isFinite(n))
    throw new ConfigError(`${name} must be a finite number, got ${JSON.stringify(text)}`);
  return n;
}

/** Holds a setting from the environment or the overrides to the rules of the file. */
function checkSetting(key: Setting, value: unknown, origin: string): void {
  const problem = firstProblem(FileConfig.properties[key], value);
  if (problem) throw new ConfigError(`${origin}: ${problem.path ? `${problem.path} ` : ''}${problem.text}`);
}

/** Where `value` first breaks `schema`, and how; undefined when it does not. */
function firstProblem(schema: TSchema, value: unknown): { path: string; text: string } | undefined {
  if (Value.Check(schema, value)) return undefined;
  const first = [...Value.Errors(schema, value)][0];
  return { path: first?.path ?? '', text: first ? explain(first) : 'is invalid' };
}

/** TypeBox says only "Expected union value" of a choice between names: list them. */
function explain(error: ValueError): string {
  const choices = (error.schema as { anyOf?: { const?: unknown }[] }).anyOf?.map((s) => s.const);
  if (choices?.every((c) => typeof c === 'string')) return `Expected one of ${choices.join(', ')}`;
  return error.message;
}

/** The key pair of CCC_SECRET_ID and CCC_SECRET_KEY, held to the rules of a declared key. */
function demoKeyFrom(env: Readonly<Record<string, string | undefined>>): Config['demoKey'] {
  const secretId = env.CCC_SECRET_ID || undefined;
  const secretKey = env.CCC_SECRET_KEY || undefined;
  if (secretId === undefined && secretKey === undefined) return undefined;
  if (secretId === undefined || secretKey === undefined) {
    throw new ConfigError('set both CCC_SECRET_ID and CCC_SECRET_KEY, or neither');
  }
  // Not echoed: the error may end up in a log.
  if (!Value.Check(Secret, secretId)) throw new ConfigError('CCC_SECRET_ID must be at least 8 characters');
  if (!Value.Check(Secret, secretKey)) throw new ConfigError('CCC_SECRET_KEY must be at least 8 characters');
  return { secretId, secretKey };
}

/** The simulator draws an answer or a busy signal from one uniform number: they cannot exceed 1. */
function checkSim(sim: SimModelConfig): void {
  if (sim.answerRate + sim.busyRate > 1 + 1e-12) {
    throw new ConfigError(
      `sim.answerRate + sim.busyRate must be at most 1, got ${sim.answerRate} + ${sim.busyRate}`,
    );
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

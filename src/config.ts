import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
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
    keys: Type.Optional(
      Type.Array(
        Type.Object({ secretId: Type.String({ minLength: 8 }), secretKey: Type.String({ minLength: 8 }) }),
      ),
    ),
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
    logLevel: Type.Optional(Type.String()),
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
  let fromFile: FileConfigShape = {};
  if (file) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new ConfigError(`cannot read config file ${file}: ${(e as Error).message}`);
    }
    if (!Value.Check(FileConfig, raw)) {
      const first = [...Value.Errors(FileConfig, raw)][0];
      throw new ConfigError(`config file ${file}: ${first?.path || '/'} ${first?.message ?? 'is invalid'}`);
    }
    fromFile = raw;
  }
  const envNumber = (name: string): number | undefined => {
    const v = env[name];
    if (v === undefined || v === '') return undefined;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new ConfigError(`${name} must be a number, got ${JSON.stringify(v)}`);
    return n;
  };
  const pick = <T>(key: keyof FileConfigShape, envValue: T | undefined, fallback: T): T =>
    (overrides[key] as T | undefined) ?? envValue ?? (fromFile[key] as T | undefined) ?? fallback;

  const telephony = pick<string>('telephony', env.CCC_TELEPHONY, 'sim');
  if (telephony !== 'sim' && telephony !== 'sip') {
    throw new ConfigError(`CCC_TELEPHONY must be sim or sip, got ${JSON.stringify(telephony)}`);
  }
  const clockSpeed = pick('clockSpeed', envNumber('CCC_CLOCK_SPEED'), 1);
  if (!(clockSpeed > 0)) throw new ConfigError('CCC_CLOCK_SPEED must be > 0');
  const secretId = env.CCC_SECRET_ID;
  const secretKey = env.CCC_SECRET_KEY;
  if ((secretId && !secretKey) || (!secretId && secretKey)) {
    throw new ConfigError('set both CCC_SECRET_ID and CCC_SECRET_KEY, or neither');
  }
  const sim: SimModelConfig = {
    answerRate: 0.35,
    busyRate: 0.1,
    ringMeanSeconds: 8,
    ringTimeoutSeconds: 25,
    talkMeanSeconds: 60,
    seed: 1,
    ...fromFile.sim,
  };
  const sip = sipConfig(fromFile.sip);
  if (telephony === 'sip' && !sip) throw new ConfigError('telephony sip needs a "sip" section with a trunk');
  // SIP timers and ring timeouts run on the wall clock; a scaled engine clock would desynchronise them.
  if (telephony === 'sip' && clockSpeed !== 1) throw new ConfigError('telephony sip needs CCC_CLOCK_SPEED 1');
  const port = pick('port', envNumber('PORT'), 8080);
  const databaseSchema = pick<string | undefined>(
    'databaseSchema',
    env.CCC_DATABASE_SCHEMA || undefined,
    undefined,
  );
  if (databaseSchema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(databaseSchema)) {
    throw new ConfigError(
      `CCC_DATABASE_SCHEMA must be a lower-case SQL name, got ${JSON.stringify(databaseSchema)}`,
    );
  }
  const applications =
    (overrides.applications as ApplicationConfig[] | undefined) ?? fromFile.applications ?? [];
  const operators = checkOperators(
    (overrides.operators as OperatorConfig[] | undefined) ?? fromFile.operators ?? [],
    applications,
  );
  const requestTimeoutMs = pick('requestTimeoutMs', envNumber('CCC_REQUEST_TIMEOUT_MS'), 30_000);
  if (!(requestTimeoutMs >= 100)) throw new ConfigError('CCC_REQUEST_TIMEOUT_MS must be at least 100');
  const config: Config = {
    port,
    host: pick('host', env.HOST, '127.0.0.1'),
    dataDir: path.resolve(cwd, pick('dataDir', env.CCC_DATA_DIR, './data')),
    databaseUrl: pick<string | undefined>('databaseUrl', env.CCC_DATABASE_URL || undefined, undefined),
    databaseSchema,
    // Port 0 (tests) picks a port at listen time: a random suffix keeps such nodes apart.
    nodeId: pick(
      'nodeId',
      env.CCC_NODE_ID || undefined,
      `${os.hostname()}:${port || randomBytes(4).toString('hex')}`,
    ),
    maxClockSkewMs: pick('maxClockSkewMs', envNumber('CCC_MAX_CLOCK_SKEW_MS'), 1000),
    telephony,
    clockSpeed,
    rateLimit: pick('rateLimit', envNumber('CCC_RATE_LIMIT'), 20),
    leaseSeconds: pick('leaseSeconds', envNumber('CCC_LEASE_SECONDS'), 10),
    logLevel: pick('logLevel', env.CCC_LOG_LEVEL, 'info'),
    bodyLimitBytes: pick('bodyLimitBytes', envNumber('CCC_BODY_LIMIT'), 32 * 1024 * 1024),
    requestTimeoutMs,
    connectDeadlineSeconds: pick('connectDeadlineSeconds', envNumber('CCC_CONNECT_DEADLINE'), 2),
    ringTimeoutSeconds: pick('ringTimeoutSeconds', envNumber('CCC_RING_TIMEOUT'), 25),
    sim,
    sip,
    applications,
    operators,
    demoKey: secretId && secretKey ? { secretId, secretKey } : undefined,
    source: file ?? '(defaults)',
  };
  return deepFreeze(config);
}

type FileConfigShape = Static<typeof FileConfig>;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

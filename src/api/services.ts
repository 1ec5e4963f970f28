import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { EngineControl } from '../dialer/engineControl.ts';
import type { Clock } from '../domain/clock.ts';
import type { ChangeCache } from '../store/changeCache.ts';
import type { Dialect } from '../store/dialect.ts';
import type { Database } from '../store/schema.ts';

/** What action handlers work with. */
export interface ApiServices {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /** Business time: the engine's clock (scaled in demos). Signatures are checked on real time. */
  readonly clock: Clock;
  readonly config: Config;
  readonly engine: EngineControl;
  /** Access keys and applications as last read, until the database changes; absent: read each time. */
  readonly directory?: ChangeCache;
  /**
   * The answers (as JSON) of actions marked `answerKeptUntilChange`, by action, account and input,
   * until the database changes; absent: every request is answered afresh.
   */
  readonly answers?: ChangeCache;
}

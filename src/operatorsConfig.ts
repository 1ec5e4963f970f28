import { type Static, Type } from '@sinclair/typebox';
import type { ApplicationConfig } from './config.ts';
import { ConfigError } from './configError.ts';
import { isPasswordHash } from './domain/password.ts';

/**
 * A person who signs in to the console as a supervisor of one account, without the account's API
 * keys: exactly one of `passwordHash` (from `ccc-dialer admin operator hash`) or, for demos and
 * tests, a plain `password`.
 */
export const OperatorEntry = Type.Object(
  {
    // No white space at either end: the sign-in form trims what is typed.
    name: Type.String({ minLength: 1, maxLength: 100, pattern: '^\\S(.*\\S)?$' }),
    /** The tenant whose applications the operator sees, as declared by the applications. */
    account: Type.String({ minLength: 1 }),
    passwordHash: Type.Optional(Type.String()),
    // As long as `admin operator hash` asks.
    password: Type.Optional(Type.String({ minLength: 8, maxLength: 1024 })),
  },
  { additionalProperties: false },
);

export type OperatorConfig = Static<typeof OperatorEntry>;

/**
 * What the schema cannot say about operators: each name once, an account some application declares
 * (an operator of no application could only be refused everything), one well-formed password.
 */
export function checkOperators(
  operators: readonly OperatorConfig[],
  applications: readonly ApplicationConfig[],
): OperatorConfig[] {
  const accounts = new Set(applications.map((a) => a.account));
  const seen = new Set<string>();
  for (const operator of operators) {
    const which = `operator ${JSON.stringify(operator.name)}`;
    if (seen.has(operator.name)) throw new ConfigError(`${which} is declared twice in operators`);
    seen.add(operator.name);
    if (!accounts.has(operator.account)) {
      throw new ConfigError(
        `${which}: account ${JSON.stringify(operator.account)} is not the account of any application`,
      );
    }
    if ((operator.password === undefined) === (operator.passwordHash === undefined)) {
      throw new ConfigError(`${which}: set either passwordHash or password, not both and not neither`);
    }
    if (operator.passwordHash !== undefined && !isPasswordHash(operator.passwordHash)) {
      throw new ConfigError(
        `${which}: passwordHash is not a hash made by \`ccc-dialer admin operator hash\``,
      );
    }
  }
  return [...operators];
}

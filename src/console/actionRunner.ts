import { randomUUID } from 'node:crypto';
import type { TObject } from '@sinclair/typebox';
import type { FastifyBaseLogger } from 'fastify';
import {
  type ActionContext,
  type ActionDefinition,
  type ActionOutput,
  type Language,
  unknownAction,
} from '../api/action.ts';
import { validateInput } from '../api/inputValidation.ts';
import { type RateLimiter, requireWithinLimit } from '../api/rateLimiter.ts';
import type { ApiServices } from '../api/services.ts';

/** On whose behalf a console call runs: the tenant, exactly as a signed API request would name it. */
export interface Tenant {
  readonly accountId: string;
  readonly secretId: string;
}

export interface ActionRunner {
  has(name: string): boolean;
  /** The action's input schema, for endpoints that take the same fields (the simulator). */
  inputOf(name: string): TObject | undefined;
  /**
   * Runs an API action as the API would for this tenant: the same rate limit (shared with the
   * API's), the same schema check and messages, then the same handler, so the console can never
   * accept what the API refuses.
   */
  run(
    name: string,
    tenant: Tenant,
    params: unknown,
    log: FastifyBaseLogger,
    language?: Language,
  ): Promise<ActionOutput>;
}

export function actionRunner(
  services: ApiServices,
  actions: readonly ActionDefinition[],
  limit: { readonly limiter: RateLimiter | null; readonly realNow: () => number } = {
    limiter: null,
    realNow: Date.now,
  },
): ActionRunner {
  const byName = new Map(actions.map((a) => [a.name, a]));
  return {
    has: (name) => byName.has(name),
    inputOf: (name) => byName.get(name)?.input,
    async run(name, tenant, params, log, language = 'en-US') {
      const action = byName.get(name);
      if (!action) throw unknownAction(name);
      if (limit.limiter) {
        await requireWithinLimit(
          limit.limiter,
          tenant.accountId,
          name,
          services.config.rateLimit,
          limit.realNow(),
        );
      }
      validateInput(action.input, params);
      return action.handler(consoleContext(services, tenant, log, name, language), params as never);
    },
  };
}

/** The context an API handler would get for a request signed with the tenant's key. */
export function consoleContext(
  services: ApiServices,
  tenant: Tenant,
  log: FastifyBaseLogger,
  action = 'console',
  language: Language = 'en-US',
): ActionContext {
  const requestId = randomUUID();
  return {
    requestId,
    accountId: tenant.accountId,
    secretId: tenant.secretId,
    language,
    region: undefined,
    services,
    log: log.child({ action, requestId, via: 'console' }),
  };
}

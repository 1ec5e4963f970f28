import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode } from '../domain/errorCodes.ts';
import { Failure } from '../domain/failure.ts';
import type { ChangeCache } from '../store/changeCache.ts';
import { type ActionContext, type ActionDefinition, type Language, unknownAction } from './action.ts';
import { directoryRead } from './directoryCache.ts';
import { currentTurn } from './endOfTurn.ts';
import { errorJson, sendEnvelope, successJson } from './envelope.ts';
import { validateInput } from './inputValidation.ts';
import { type ApiMetrics, requestMeter } from './metrics.ts';
import { coerceParams } from './protocol/coerceParams.ts';
import { parseRequest } from './protocol/parseRequest.ts';
import { verifySignature } from './protocol/verifySignature.ts';
import { type RateLimiter, requireWithinLimit } from './rateLimiter.ts';
import { RequestContext } from './requestContext.ts';
import type { ApiServices } from './services.ts';

export const API_VERSION = '2020-02-10';

export interface GatewayOptions {
  readonly services: ApiServices;
  readonly actions: readonly ActionDefinition[];
  /** Null when the limit is off. */
  readonly limiter: RateLimiter | null;
  /** Real wall-clock time in ms: signatures and rate limits never follow the scaled engine clock. */
  readonly realNow: () => number;
  readonly metrics: ApiMetrics;
}

/**
 * The Tencent Cloud API 3.0 endpoint: authenticates, rate-limits, validates and dispatches every
 * action, and turns every outcome — success, refusal, or our own fault — into the envelope.
 */
export function registerGateway(app: FastifyInstance, options: GatewayOptions): void {
  const byName = new Map(options.actions.map((a) => [a.name, a]));
  const { services } = options;
  const meter = requestMeter(options.metrics);

  app.route({
    // Every method, so that a PUT or a DELETE gets the envelope (UnsupportedProtocol), not a 404.
    method: app.supportedMethods,
    url: '/',
    // Not async, and the reply is not returned: Fastify would wait on a returned reply as on a
    // promise, hanging listeners on the response to learn when it is sent (~3 µs a request).
    handler: (request: FastifyRequest, reply: FastifyReply) => {
      answer(request, reply).catch((error: unknown) => {
        // Once the reply is the gateway's own (sendEnvelope), Fastify can no longer send an error.
        if (!reply.sent) return reply.send(error);
        request.log.error({ err: error }, 'answer failed');
        reply.raw.destroy();
      });
    },
  });

  async function answer(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const startedMs = performance.now();
    const arrivalTurn = currentTurn();
    // Fastify's own id for the request (a UUID, see buildApp), so that its logs and the answer agree.
    const requestId = String(request.id);
    const traceId = headerOf(request, 'x-tc-traceid');
    let language: Language = headerOf(request, 'x-tc-language') === 'zh-CN' ? 'zh-CN' : 'en-US';
    let actionName = 'unknown';
    try {
      const incoming = {
        method: request.method,
        url: request.url,
        headers: request.headers as Record<string, string | undefined>,
        body: typeof request.body === 'string' ? request.body : '',
      };
      const parsed = parseRequest(incoming);
      language = parsed.language;
      const key = await accessKey(services, parsed.secretId);
      verifySignature(
        parsed,
        incoming,
        () => (key ? { secretKey: key.secret_key, enabled: key.enabled === 1 } : undefined),
        Math.floor(options.realNow() / 1000),
      );
      const accountId = key!.account_id;
      if (parsed.version !== API_VERSION) {
        throw new Failure(ErrorCode.NoSuchVersion, {
          en: `The API version \`${parsed.version}\` does not exist; use ${API_VERSION}.`,
          zh: `API 版本 \`${parsed.version}\` 不存在，请使用 ${API_VERSION}。`,
        });
      }
      const action = byName.get(parsed.action);
      if (!action) throw unknownAction(parsed.action);
      actionName = action.name;
      if (options.limiter) {
        await requireWithinLimit(
          options.limiter,
          accountId,
          action.name,
          services.config.rateLimit,
          options.realNow(),
        );
      }
      const input = parsed.paramsAreStrings ? coerceParams(action.input, parsed.params) : parsed.params;
      validateInput(action.input, input);
      const ctx = new RequestContext(
        request,
        action.name,
        requestId,
        accountId,
        parsed.secretId,
        language,
        parsed.region,
        services,
      );
      const outputJson = await answerOf(action, ctx, input, services.answers);
      meter(actionName, 'Success', (performance.now() - startedMs) / 1000);
      sendEnvelope(reply, successJson(outputJson, requestId), traceId, arrivalTurn);
    } catch (error) {
      const failure = asFailure(error, request);
      meter(actionName, failure.code, (performance.now() - startedMs) / 1000);
      sendEnvelope(reply, errorJson(failure, language, requestId), traceId, arrivalTurn);
    }
  }
}

/**
 * The action's output as JSON: kept from an earlier request when the action allows it and the
 * database has not changed since (refusals are never kept, so each is found again).
 */
async function answerOf(
  action: ActionDefinition,
  ctx: ActionContext,
  input: unknown,
  answers: ChangeCache | undefined,
): Promise<string> {
  if (!action.answerKeptUntilChange || !answers) return freshAnswer(action, ctx, input);
  // The account is part of the key: an answer is only ever given to the tenant it was made for.
  return answers.get(`${action.name}\n${ctx.accountId}\n${JSON.stringify(input)}`, () =>
    freshAnswer(action, ctx, input),
  );
}

// A function of its own, not a named closure made per request: under tsx, each named closure costs
// a call that names it (esbuild's keepNames), ~1 µs a request on the gateway's path.
async function freshAnswer(action: ActionDefinition, ctx: ActionContext, input: unknown): Promise<string> {
  return JSON.stringify(await action.handler(ctx, input as never));
}

function accessKey(
  services: ApiServices,
  secretId: string,
): Promise<{ secret_key: string; enabled: number; account_id: string } | undefined> {
  // No key has a NUL in its id, and PostgreSQL could not even compare one: not a key, asked no one.
  if (secretId.includes('\u0000')) return Promise.resolve(undefined);
  return directoryRead(services, `key:${secretId}`, () =>
    services.db
      .selectFrom('access_keys')
      .select(['secret_key', 'enabled', 'account_id'])
      .where('secret_id', '=', secretId)
      .executeTakeFirst(),
  );
}

function headerOf(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Our own faults become InternalError (InternalError.DBError for the database), logged at error. */
export function asFailure(error: unknown, request: FastifyRequest): Failure {
  if (error instanceof Failure) {
    request.log.info({ code: error.code, message: error.message }, 'request refused');
    return error;
  }
  request.log.error({ err: error }, 'request failed');
  if (isDatabaseError(error)) {
    return new Failure(ErrorCode.InternalErrorDBError, {
      en: 'Internal database access failure.',
      zh: '内部数据库访问失败。',
    });
  }
  return new Failure(ErrorCode.InternalError, { en: 'An internal error occurred.', zh: '内部错误。' });
}

function isDatabaseError(error: unknown): boolean {
  const name = (error as { name?: string; constructor?: { name?: string } } | null)?.constructor?.name ?? '';
  return name === 'SqliteError' || name === 'DatabaseError';
}

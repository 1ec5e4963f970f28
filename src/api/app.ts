import { randomUUID } from 'node:crypto';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  LogController,
} from 'fastify';
import type { Logger } from 'pino';
import { consolePlugin } from '../console/consolePlugin.ts';
import type { DialerEventSource } from '../console/notifier.ts';
import { ErrorCode } from '../domain/errorCodes.ts';
import { Failure } from '../domain/failure.ts';
import type { ActionDefinition } from './action.ts';
import { allActions } from './actions/index.ts';
import { currentTurn } from './endOfTurn.ts';
import { errorJson, sendEnvelope } from './envelope.ts';
import { asFailure, registerGateway } from './gateway.ts';
import { type ApiMetrics, createApiMetrics } from './metrics.ts';
import { decodeBody } from './protocol/utf8Body.ts';
import { type RateLimiter, slidingWindowLimiter } from './rateLimiter.ts';
import type { ApiServices } from './services.ts';
import { transportErrorHandler } from './transportErrors.ts';

export interface AppOptions {
  readonly services: ApiServices;
  readonly logger: Logger;
  readonly actions?: readonly ActionDefinition[];
  readonly limiter?: RateLimiter | null;
  readonly realNow?: () => number;
  readonly metrics?: ApiMetrics;
  /** The engine's events, when this node runs one: the console's live views follow them. */
  readonly events?: DialerEventSource;
}

/** Builds the HTTP server (not listening): tests drive it with `inject()` or `listen({port: 0})`. */
export function buildApp(options: AppOptions): FastifyInstance {
  const { services } = options;
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: services.config.bodyLimitBytes,
    // A request that trickles in must not hold a connection forever: the whole request, its
    // headers, and any silence on the connection are bounded, and checked often enough to matter.
    requestTimeout: services.config.requestTimeoutMs,
    connectionTimeout: services.config.requestTimeoutMs,
    keepAliveTimeout: Math.min(services.config.requestTimeoutMs, 72_000),
    http: {
      headersTimeout: services.config.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(Math.ceil(services.config.requestTimeoutMs / 4), 30_000),
    },
    clientErrorHandler: transportErrorHandler(
      options.logger as FastifyBaseLogger,
      services.config.requestTimeoutMs,
    ),
    genReqId: () => randomUUID(),
    // The gateway logs refusals (info) and faults (error) with their action and code itself.
    logController: new LogController({ disableRequestLogging: true }),
  });
  const metrics = options.metrics ?? createApiMetrics();

  // Bodies reach the gateway raw: signatures are computed over the exact bytes sent.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      done(null, decodeBody(body as Buffer));
    } catch (error) {
      done(error as Error);
    }
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const code = (error as { code?: string }).code;
    const failure =
      code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? new Failure(ErrorCode.RequestSizeLimitExceeded, {
            en: `The request body is larger than ${services.config.bodyLimitBytes} bytes.`,
            zh: `请求体超过 ${services.config.bodyLimitBytes} 字节。`,
          })
        : code?.startsWith('FST_ERR_CTP')
          ? new Failure(ErrorCode.UnsupportedProtocol, {
              en: `The request body cannot be read: ${error.message}`,
              zh: `无法读取请求体：${error.message}`,
            })
          : asFailure(error, request);
    const language = request.headers['x-tc-language'] === 'zh-CN' ? 'zh-CN' : 'en-US';
    const traceId = request.headers['x-tc-traceid'];
    return sendEnvelope(
      reply,
      errorJson(failure, language, randomUUID()),
      typeof traceId === 'string' ? traceId : undefined,
      currentTurn(),
    );
  });

  // One limit for an account's calls, through the API and the console alike.
  const limiter =
    options.limiter !== undefined
      ? options.limiter
      : services.config.rateLimit > 0
        ? slidingWindowLimiter(services.config.rateLimit)
        : null;
  registerGateway(app, {
    services,
    actions: options.actions ?? allActions,
    limiter,
    realNow: options.realNow ?? Date.now,
    metrics,
  });

  app.register(consolePlugin, {
    prefix: '/console',
    services,
    limiter,
    actions: options.actions ?? allActions,
    realNow: options.realNow ?? Date.now,
    ...(options.events ? { events: options.events } : {}),
  });

  app.get('/healthz', async () => {
    await services.db.selectFrom('meta').select('key').limit(1).execute();
    return { status: 'ok' };
  });
  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
  return app;
}

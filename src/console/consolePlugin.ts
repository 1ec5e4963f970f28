import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ActionDefinition } from '../api/action.ts';
import type { RateLimiter } from '../api/rateLimiter.ts';
import type { ApiServices } from '../api/services.ts';
import { DEFAULT_WRAP_UP_SECONDS } from '../dialer/applicationRun.ts';
import { actionRunner } from './actionRunner.ts';
import { agentDesk } from './agentDesk.ts';
import { registerAgentRoutes } from './agentRoutes.ts';
import { CallTally } from './callTally.ts';
import { campaignSimulator } from './campaignSimulator.ts';
import { campaignPoint, campaignSnapshot } from './campaignSnapshot.ts';
import { registerConsoleAssets } from './consoleAssets.ts';
import type { ConsoleDeps } from './consoleDeps.ts';
import { consoleErrorHandler } from './consoleErrorHandler.ts';
import { NotAllowed } from './consoleErrors.ts';
import type { CampaignPoint, CampaignSnapshot, DeskSnapshot } from './consoleWire.ts';
import { EventStreams } from './eventStream.ts';
import { LiveFeeds } from './liveFeeds.ts';
import { attachNotifier, type DialerEventSource } from './notifier.ts';
import { registerSessionRoutes } from './sessionRoutes.ts';
import { loadSessionSecret } from './sessionSecret.ts';
import { SignInThrottle } from './signInThrottle.ts';
import { registerSupervisorRoutes } from './supervisorRoutes.ts';

export interface ConsolePluginOptions {
  readonly services: ApiServices;
  /** The API's actions: the console runs the same ones, with the same validation. */
  readonly actions: readonly ActionDefinition[];
  /** The API's rate limit, which the console's actions count against too; null when off. */
  readonly limiter?: RateLimiter | null;
  readonly realNow?: () => number;
  /** The built front end (tests may point elsewhere). */
  readonly assetsDir?: string;
  /** The engine's events, when this node runs one: live views then refresh as calls progress. */
  readonly events?: DialerEventSource;
}

/** Live views refresh at least this often (real time). */
const FEED_INTERVAL_MS = 1000;
/** Ten minutes of one-second points: what a supervisor's charts show on arrival. */
const CAMPAIGN_HISTORY = 600;

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/**
 * The web console at /console: the supervisor's campaigns and live view, and the agent desk.
 * Register with `{ prefix: '/console' }`. Its JSON endpoints live under /console/api.
 */
export async function consolePlugin(app: FastifyInstance, options: ConsolePluginOptions): Promise<void> {
  const { services } = options;
  const realNow = options.realNow ?? Date.now;
  const secret = await loadSessionSecret(services.db);
  await app.register(fastifyCookie, { secret });

  // The API reads raw bodies for its signatures; the console speaks plain JSON.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch {
      const error = new Error('the body is not valid JSON') as Error & { statusCode: number };
      error.statusCode = 400;
      done(error, undefined);
    }
  });
  app.setErrorHandler(consoleErrorHandler);

  // The route a request matched, not its raw URL: the router decodes `%61pi` into `api`, and a
  // check on the raw URL let such a request past.
  const isApi = (request: FastifyRequest) => request.routeOptions.url?.startsWith('/console/api/') === true;
  app.addHook('onRequest', async (request) => {
    // A header no cross-site form can send: with SameSite=Strict, a second guard against CSRF.
    const changes = request.method !== 'GET' && request.method !== 'HEAD';
    if (changes && isApi(request) && request.headers['x-ccc-console'] !== '1') {
      throw new NotAllowed('Console requests must carry the X-CCC-Console header.');
    }
  });
  app.addHook('onSend', async (request, reply) => {
    reply.headers(SECURITY_HEADERS);
    if (isApi(request)) reply.header('cache-control', 'no-store');
  });

  const streams = new EventStreams();
  const runner = actionRunner(services, options.actions, { limiter: options.limiter ?? null, realNow });
  const tally = new CallTally(services.db, {
    now: () => services.clock.now(),
    // Commits land within milliseconds; five real seconds of business time is a wide margin.
    settleMs: 5000 * services.config.clockSpeed,
  });
  const deps: ConsoleDeps = {
    services,
    sessionSecret: secret,
    runner,
    realNow,
    tally,
    campaignFeeds: new LiveFeeds<CampaignSnapshot, CampaignPoint>({
      load: (key) => campaignSnapshot(services, tally, Number(key)),
      intervalMs: FEED_INTERVAL_MS,
      point: campaignPoint,
      historySize: CAMPAIGN_HISTORY,
      log: app.log,
    }),
    deskFeeds: new LiveFeeds<DeskSnapshot>({
      load: (key) => {
        const at = key.indexOf(':');
        return agentDesk(
          {
            db: services.db,
            now: services.clock.now(),
            clockSpeed: services.config.clockSpeed,
            defaultWrapUpSeconds: DEFAULT_WRAP_UP_SECONDS,
          },
          Number(key.slice(0, at)),
          key.slice(at + 1),
        );
      },
      intervalMs: FEED_INTERVAL_MS,
      historySize: 0,
      log: app.log,
    }),
    streams,
    signInThrottle: new SignInThrottle(),
    simulator: campaignSimulator(runner.inputOf('CreatePredictiveDialingCampaign')),
  };
  const detach = options.events ? attachNotifier(options.events, deps) : () => {};
  app.addHook('preClose', async () => {
    detach();
    streams.closeAll();
    deps.campaignFeeds.close();
    deps.deskFeeds.close();
  });

  registerSessionRoutes(app, deps);
  registerSupervisorRoutes(app, deps);
  registerAgentRoutes(app, deps);
  await registerConsoleAssets(app, options.assetsDir);
}

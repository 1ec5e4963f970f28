import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { agentOf, signInAgent } from './agentSignIn.ts';
import type { ConsoleDeps } from './consoleDeps.ts';
import { SignInRefused, TooManyAttempts } from './consoleErrors.ts';
import { AgentSignInBody, OperatorSignInBody, SupervisorSignInBody } from './consoleSchemas.ts';
import {
  type ConsoleSession,
  clearSession,
  newSessionTerms,
  readSession,
  type SupervisorIdentity,
  writeSession,
} from './consoleSession.ts';
import type { SessionView } from './consoleWire.ts';
import { signOut } from './sessionSignOut.ts';
import { signInOperator, signInSupervisor, supervisorOf } from './supervisorSignIn.ts';

/** Signing in and out, and who is signed in. */
export function registerSessionRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const { services, realNow } = deps;
  const { db } = services;

  /** Runs a sign-in, counting its failure against the caller's address. */
  const throttled = async <T>(request: FastifyRequest, who: string, signIn: () => Promise<T>): Promise<T> => {
    // Per address and account: a shared office address is not locked out by one person's typos.
    const key = `${request.ip} ${who.toLowerCase()}`;
    const forgive = deps.signInThrottle.begin(key, realNow());
    if (!forgive) throw new TooManyAttempts('Too many failed sign-ins; wait a few minutes and try again.');
    let result: T;
    try {
      result = await signIn();
    } catch (error) {
      // Only a refused password counts against the key; our own fault does not.
      if (!(error instanceof SignInRefused)) forgive();
      throw error;
    }
    forgive();
    return result;
  };

  const view = async (session: ConsoleSession | undefined): Promise<SessionView> => {
    const clock = { ClockNow: services.clock.now(), ClockSpeed: services.config.clockSpeed };
    if (session?.kind === 'agent') {
      const agent = await agentOf(db, session);
      const staff = await db
        .selectFrom('staff')
        .select(['name', 'user_id'])
        .where('sdk_app_id', '=', agent.sdkAppId)
        .where('mail', '=', agent.mail)
        .executeTakeFirstOrThrow();
      return {
        Kind: 'agent',
        Agent: { SdkAppId: agent.sdkAppId, Mail: agent.mail, Name: staff.name },
        ...clock,
      };
    }
    const supervisor = await supervisorOf(db, session, deps.sessionSecret);
    const apps = await db
      .selectFrom('applications')
      .select(['sdk_app_id', 'name'])
      .where('account_id', '=', supervisor.accountId)
      .orderBy('sdk_app_id')
      .execute();
    return {
      Kind: 'supervisor' as const,
      ...(supervisor.operator !== undefined
        ? { Operator: supervisor.operator }
        : { SecretId: supervisor.secretId }),
      Apps: apps.map((a) => ({ SdkAppId: a.sdk_app_id, Name: a.name })),
      ...clock,
    };
  };

  const startSupervisorSession = (
    request: FastifyRequest,
    reply: FastifyReply,
    supervisor: SupervisorIdentity,
  ): Promise<SessionView> => {
    const session: ConsoleSession = { kind: 'supervisor', ...supervisor, ...newSessionTerms(realNow()) };
    writeSession(request, reply, session);
    return view(session);
  };

  app.get('/api/session', async (request) => view(readSession(request, realNow())));

  app.post<{ Body: SupervisorSignInBody }>(
    '/api/session/supervisor',
    { schema: { body: SupervisorSignInBody } },
    async (request, reply) => {
      const supervisor = await throttled(request, request.body.SecretId, () =>
        signInSupervisor(db, request.body.SecretId, request.body.SecretKey, deps.sessionSecret),
      );
      return startSupervisorSession(request, reply, supervisor);
    },
  );

  app.post<{ Body: OperatorSignInBody }>(
    '/api/session/operator',
    { schema: { body: OperatorSignInBody } },
    async (request, reply) => {
      const name = request.body.Name.trim();
      const supervisor = await throttled(request, `operator ${name}`, () =>
        signInOperator(db, name, request.body.Password),
      );
      return startSupervisorSession(request, reply, supervisor);
    },
  );

  app.post<{ Body: AgentSignInBody }>(
    '/api/session/agent',
    { schema: { body: AgentSignInBody } },
    async (request, reply) => {
      const { Password, SdkAppId } = request.body;
      // Trimmed before the throttle too: padding must not make a fresh throttle key for one account.
      const mail = request.body.Mail.trim();
      const agent = await throttled(request, mail, () => signInAgent(db, mail, Password, SdkAppId));
      const session: ConsoleSession = {
        kind: 'agent',
        sdkAppId: agent.sdkAppId,
        mail: agent.mail,
        passwordTag: agent.passwordTag,
        ...newSessionTerms(realNow()),
      };
      writeSession(request, reply, session);
      return view(session);
    },
  );

  app.delete('/api/session', async (request, reply) => {
    // Dropping the cookie is not enough: a copy of it would still open the console.
    const session = readSession(request, realNow());
    if (session) await signOut(db, session, realNow());
    clearSession(request, reply);
    return { SignedOut: true };
  });
}

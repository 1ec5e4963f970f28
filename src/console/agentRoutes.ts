import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ErrorCode } from '../domain/errorCodes.ts';
import { Failure } from '../domain/failure.ts';
import type { Tenant } from './actionRunner.ts';
import { callGoingOn } from './agentDesk.ts';
import { type Agent, agentOf } from './agentSignIn.ts';
import { type ConsoleDeps, deskKey } from './consoleDeps.ts';
import { AgentStatusBody } from './consoleSchemas.ts';
import { readSession } from './consoleSession.ts';

interface StatusResult {
  readonly ErrorCode: string;
  readonly ErrorMessage: string;
  readonly Status: string;
}

/** The agent desk: its live feed, the status buttons and hanging up. */
export function registerAgentRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const { services, runner, realNow } = deps;
  const { db } = services;
  const agentFor = (request: FastifyRequest) => agentOf(db, readSession(request, realNow()));
  // An agent acts on their own desk only, through the same actions and rules as the API.
  const tenantOf = (agent: Agent): Tenant => ({
    accountId: agent.accountId,
    secretId: `console:${agent.mail}`,
  });

  app.get('/api/agent/live', async (request, reply) => {
    const agent = await agentFor(request);
    const stream = deps.streams.open(request, reply);
    stream.recheck(async () => {
      await agentFor(request);
    });
    const stop = deps.deskFeeds.subscribe(deskKey(agent.sdkAppId, agent.mail), (message) => {
      if (message.type === 'gone') {
        stream.send('gone', {});
        stream.close();
      } else if (message.type === 'snapshot') {
        stream.send('snapshot', message.data);
      }
    });
    stream.onClose(stop);
  });

  app.post<{ Body: AgentStatusBody }>(
    '/api/agent/status',
    { schema: { body: AgentStatusBody } },
    async (request) => {
      const agent = await agentFor(request);
      const staff = await db
        .selectFrom('staff')
        .select('user_id')
        .where('sdk_app_id', '=', agent.sdkAppId)
        .where('mail', '=', agent.mail)
        .executeTakeFirstOrThrow();
      const output = await runner.run(
        'SetStaffStatus',
        tenantOf(agent),
        {
          SdkAppId: agent.sdkAppId,
          StaffStatusList: [
            {
              StaffUserId: staff.user_id,
              Status: request.body.Status,
              ...(request.body.Reason ? { Reason: request.body.Reason } : {}),
            },
          ],
        },
        request.log,
      );
      const result = (output.StaffStatusList as StatusResult[])[0]!;
      if (result.ErrorCode) throw new Failure(result.ErrorCode as ErrorCode, result.ErrorMessage);
      deps.deskFeeds.poke(deskKey(agent.sdkAppId, agent.mail));
      return { Status: result.Status };
    },
  );

  app.post('/api/agent/hangup', async (request) => {
    const agent = await agentFor(request);
    const call = await callGoingOn(db, agent.sdkAppId, agent.mail);
    if (!call) {
      throw new Failure(ErrorCode.FailedOperationSessionNotExists, {
        en: 'There is no call to hang up.',
        zh: '当前没有可挂断的通话。',
      });
    }
    if (runner.has('HangUpCall')) {
      await runner.run(
        'HangUpCall',
        tenantOf(agent),
        { SdkAppId: agent.sdkAppId, SessionId: call.session_id },
        request.log,
      );
    } else if (!(await services.engine.hangUp(call.session_id))) {
      throw new Failure(ErrorCode.FailedOperation, {
        en: 'The call could not be hung up from this server.',
        zh: '无法在此服务器挂断该通话。',
      });
    }
    deps.deskFeeds.poke(deskKey(agent.sdkAppId, agent.mail));
    return { SessionId: call.session_id };
  });
}

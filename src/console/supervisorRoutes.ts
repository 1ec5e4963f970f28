import type { FastifyInstance, FastifyRequest } from 'fastify';
import { consoleContext } from './actionRunner.ts';
import { loadDirectory } from './applicationDirectory.ts';
import { requireCampaign } from './campaignAccess.ts';
import { listCampaigns } from './campaignOverview.ts';
import type { ConsoleDeps } from './consoleDeps.ts';
import { ActionPath, AppPath, CampaignListQuery, CampaignPath } from './consoleSchemas.ts';
import { readSession } from './consoleSession.ts';
import { supervisorOf } from './supervisorSignIn.ts';

/** What a supervisor does: run API actions, list campaigns, watch one live, simulate one. */
export function registerSupervisorRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const { services, runner, realNow } = deps;
  const tenantOf = (request: FastifyRequest) =>
    supervisorOf(services.db, readSession(request, realNow()), deps.sessionSecret);

  app.post<{ Params: ActionPath }>(
    '/api/actions/:name',
    { schema: { params: ActionPath } },
    async (request) => {
      const tenant = await tenantOf(request);
      return runner.run(request.params.name, tenant, request.body ?? {}, request.log);
    },
  );

  app.get<{ Params: AppPath }>(
    '/api/apps/:sdkAppId/directory',
    { schema: { params: AppPath } },
    async (request) => {
      const tenant = await tenantOf(request);
      return loadDirectory(consoleContext(services, tenant, request.log), request.params.sdkAppId);
    },
  );

  app.get<{ Params: AppPath; Querystring: CampaignListQuery }>(
    '/api/apps/:sdkAppId/campaigns',
    { schema: { params: AppPath, querystring: CampaignListQuery } },
    async (request) => {
      const tenant = await tenantOf(request);
      return listCampaigns(
        consoleContext(services, tenant, request.log),
        deps.tally,
        request.params.sdkAppId,
        {
          pageNumber: request.query.PageNumber ?? 0,
          pageSize: request.query.PageSize ?? 50,
        },
      );
    },
  );

  app.get<{ Params: CampaignPath }>(
    '/api/apps/:sdkAppId/campaigns/:campaignId/live',
    { schema: { params: CampaignPath } },
    async (request, reply) => {
      const tenant = await tenantOf(request);
      const { sdkAppId, campaignId } = request.params;
      const stillAllowed = async () => {
        const current = await tenantOf(request);
        await requireCampaign(consoleContext(services, current, request.log), sdkAppId, campaignId);
      };
      await requireCampaign(consoleContext(services, tenant, request.log), sdkAppId, campaignId);
      const stream = deps.streams.open(request, reply);
      stream.recheck(stillAllowed);
      const stop = deps.campaignFeeds.subscribe(String(campaignId), (message) => {
        if (message.type === 'gone') {
          stream.send('gone', {});
          stream.close();
          return;
        }
        stream.send(message.type, message.data);
      });
      stream.onClose(stop);
    },
  );

  app.post<{ Params: AppPath }>(
    '/api/apps/:sdkAppId/simulate',
    { schema: { params: AppPath } },
    async (request) => {
      const tenant = await tenantOf(request);
      return deps.simulator.simulate(
        consoleContext(services, tenant, request.log, 'simulate'),
        request.params.sdkAppId,
        request.body ?? {},
      );
    },
  );
}

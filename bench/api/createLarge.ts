import { ACME_APP, startTestServer, testApplications } from '../../test/support/testServer.ts';

const CALLEES = 100_000;

/**
 * One CreatePredictiveDialingCampaign of 100,000 callees through the official SDK (TC3, JSON),
 * against a server like the tests': the wall time from request to answer (the answer comes only
 * after the commit), and the resident memory the process gained meanwhile. Client and server run
 * in this one process, so the memory figure includes the SDK's copy of the request.
 */
export async function measureLargeCreate(): Promise<{ seconds: number; rssAddedMb: number }> {
  const applications = testApplications().map((app) =>
    app.sdkAppId === ACME_APP ? { ...app, limits: { ...app.limits, maxCalleesPerCampaign: CALLEES } } : app,
  );
  const server = await startTestServer({ applications });
  try {
    const nowS = Math.floor(Date.now() / 1000);
    const request = {
      SdkAppId: ACME_APP,
      Name: 'Bench: 100,000 callees',
      Callees: Array.from({ length: CALLEES }, (_, i) => `+86130${String(i).padStart(8, '0')}`),
      Callers: ['0086075586013388'],
      CallOrder: 0,
      SkillGroupId: 255,
      Priority: 3,
      ExpectedAbandonRate: 10,
      RetryInterval: 1800,
      StartTime: nowS + 3600,
      EndTime: nowS + 7200,
    };
    globalThis.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const answer = await server.sdk().CreatePredictiveDialingCampaign(request);
    const seconds = (performance.now() - started) / 1000;
    const rssAddedMb = (process.memoryUsage().rss - rssBefore) / (1024 * 1024);
    if (typeof answer.CampaignId !== 'number') throw new Error('the create returned no CampaignId');
    return { seconds, rssAddedMb };
  } finally {
    await server.close();
  }
}

export async function main(): Promise<void> {
  const { seconds, rssAddedMb } = await measureLargeCreate();
  const verdict = seconds <= 2 ? 'within' : 'OVER';
  process.stdout.write(
    `create with ${CALLEES} callees: ${seconds.toFixed(3)} s (${verdict} the 2 s target), RSS added ${rssAddedMb.toFixed(1)} MB\n`,
  );
}

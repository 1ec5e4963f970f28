/**
 * One CreatePredictiveDialingCampaign of 1,000,000 callees against `serve` in a child process, on
 * SQLite and on PostgreSQL: the wall time from request to answer (the answer comes after the
 * commit) and the server's resident memory — idle before, peak during (VmHWM), and after.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ServerProcess } from '../../test/support/serverProcess.ts';
import { dropSchema, freshSchemaName } from '../../test/support/testDatabase.ts';
import { send, signedRequest } from '../support/signedRequest.ts';

export const CALLEES = 1_000_000;
const APP = 1400000000;
const KEY = { secretId: 'AKIDscalescalescalescalescale001', secretKey: 'scalesecretscalesecretscalesec01' };

export interface LargeCreate {
  readonly backend: string;
  readonly seconds: number;
  readonly rssIdleMb: number;
  readonly rssPeakMb: number;
  readonly rssAfterMb: number;
  readonly bodyMb: number;
}

/** VmRSS and VmHWM of a process, MB. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

export async function measureLargeCreate(postgresUrl?: string): Promise<LargeCreate> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ccc-scale-'));
  const schema = freshSchemaName('scale');
  const configFile = path.join(dir, 'config.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      applications: [
        {
          sdkAppId: APP,
          name: 'Scale',
          account: 'scale',
          numbers: [{ number: '0086075586013388', state: 1, callOutSkillGroupIds: [255] }],
          skillGroups: [{ skillGroupId: 255, name: 'Outbound', type: 0 }],
          simulatedAgents: { skillGroupId: 255, count: 10 },
          limits: { maxCalleesPerCampaign: CALLEES },
        },
      ],
    }),
  );
  const server = new ServerProcess({
    CCC_CONFIG: configFile,
    CCC_DATA_DIR: dir,
    CCC_SECRET_ID: KEY.secretId,
    CCC_SECRET_KEY: KEY.secretKey,
    CCC_RATE_LIMIT: '0',
    CCC_LOG_LEVEL: 'warn',
    // The default (30 s) would cut the connection of a create that takes longer.
    CCC_REQUEST_TIMEOUT_MS: '290000',
    ...(postgresUrl
      ? { CCC_DATABASE_URL: postgresUrl, CCC_DATABASE_SCHEMA: schema, CCC_NODE_ID: 'scale' }
      : {}),
  });
  try {
    const endpoint = await server.ready(60_000);
    const nowS = Math.floor(Date.now() / 1000);
    const request = signedRequest(endpoint, KEY, 'CreatePredictiveDialingCampaign', {
      SdkAppId: APP,
      Name: 'Bench: 1,000,000 callees',
      Callees: Array.from({ length: CALLEES }, (_, i) => `+86130${String(i).padStart(8, '0')}`),
      Callers: ['0086075586013388'],
      CallOrder: 0,
      SkillGroupId: 255,
      Priority: 3,
      ExpectedAbandonRate: 10,
      RetryInterval: 1800,
      // Later than the measure: it is the insert that is timed, not dialing.
      StartTime: nowS + 3600,
      EndTime: nowS + 7200,
    });
    const idle = memoryOf(server.pid);
    const started = performance.now();
    const answer = await send(request);
    const seconds = (performance.now() - started) / 1000;
    if (typeof answer.CampaignId !== 'number') throw new Error('the create returned no CampaignId');
    const after = memoryOf(server.pid);
    return {
      backend: postgresUrl ? 'PostgreSQL' : 'SQLite',
      seconds,
      rssIdleMb: idle.rss,
      rssPeakMb: after.peak,
      rssAfterMb: after.rss,
      bodyMb: request.body.length / (1024 * 1024),
    };
  } catch (error) {
    (error as Error).message += `\n${server.log}`;
    throw error;
  } finally {
    await server.kill();
    rmSync(dir, { recursive: true, force: true });
    if (postgresUrl) await dropSchema(postgresUrl, schema).catch(() => {});
  }
}

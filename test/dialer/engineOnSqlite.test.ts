import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { VirtualClock } from '../../src/dialer/clock/virtualClock.ts';
import { DialerEngine } from '../../src/dialer/dialerEngine.ts';
import { seededRandom } from '../../src/domain/random.ts';
import { createCampaign } from '../../src/store/campaigns/campaignRepository.ts';
import type { OpenedDatabase } from '../../src/store/database.ts';
import { KyselyDialerStore } from '../../src/store/dialer/kyselyDialerStore.ts';
import { provisionApplications } from '../../src/store/provision.ts';
import { createSimTelephony } from '../../src/telephony/sim/simTelephony.ts';
import { openTestDatabase, storeBackends } from '../support/testDatabase.ts';
import { ACME_APP, testApplications } from '../support/testServer.ts';

const T0 = Date.UTC(2025, 2, 3, 9);

describe.each(storeBackends())('the engine on the SQL store, %s', (backend) => {
  let database: OpenedDatabase | undefined;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ccc-engine-sql-'));
  afterEach(async () => {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs a campaign to completion on the demo application with simulated agents', async () => {
    const config = loadConfig(
      {},
      {
        dataDir: dir,
        applications: testApplications(),
        sim: { answerRate: 0.6, busyRate: 0.2, seed: 4 },
      },
      dir,
    );
    database = await openTestDatabase(backend, 'engine');
    const db = database.db;
    await provisionApplications(database, config, T0 - 60_000);
    const campaignId = await createCampaign(db, {
      sdkAppId: ACME_APP,
      nowMs: T0,
      maxLiveCampaigns: null,
      settings: {
        name: 'SQL run',
        callers: ['0086075586013388'],
        callOrder: 0,
        skillGroupId: 255,
        ivrId: 4600,
        priority: 1,
        expectedAbandonRate: 5,
        retryTimes: 1,
        retryIntervalS: 60,
        startTimeS: T0 / 1000,
        endTimeS: T0 / 1000 + 86_400,
        variables: [{ Key: 'k', Value: 'v' }],
        uui: 'demo',
        timeZone: null,
        availableTime: [],
      },
      callees: {
        numbers: Array.from({ length: 12 }, (_, i) => `+86138000${String(i).padStart(5, '0')}`),
        attributes: new Map(),
      },
    });
    const clock = new VirtualClock(T0);
    const telephony = createSimTelephony({ clock, random: seededRandom(config.sim.seed), model: config.sim });
    const engine = new DialerEngine({
      store: new KyselyDialerStore(db, database.dialect),
      telephony,
      clock,
      logger: pino({ level: 'silent' }),
      connectDeadlineSeconds: config.connectDeadlineSeconds,
      ringTimeoutSeconds: config.ringTimeoutSeconds,
      // A node id, as in a cluster: the agents it puts on calls are held by it.
      nodeId: 'node-a',
    });
    clock.settleWith(() => engine.idle());
    const errors: unknown[] = [];
    engine.events.on('engine:error', (e) => errors.push(e.error));
    await engine.start();
    // Sample the agents while calls go on: those on a call or in wrap-up are held by this node.
    const holders = new Map<string, string | null>();
    for (let minute = 1; minute <= 10; minute++) {
      await clock.runUntil(T0 + minute * 60_000);
      const onCalls = await db
        .selectFrom('staff')
        .select(['mail', 'held_by_node'])
        .where('status', 'in', ['busy', 'afterCallWork'])
        .execute();
      for (const agent of onCalls) holders.set(agent.mail, agent.held_by_node);
    }
    expect(holders.size).toBeGreaterThan(0);
    expect(new Set(holders.values())).toEqual(new Set(['node-a']));
    await clock.runUntil(T0 + 30 * 60_000);
    await engine.stop();
    await telephony.close();
    expect(errors).toEqual([]);
    const campaign = await db
      .selectFrom('campaigns')
      .selectAll()
      .where('campaign_id', '=', campaignId)
      .executeTakeFirstOrThrow();
    expect(campaign).toMatchObject({
      status: 4,
      status_reason: 0,
      callee_count: 12,
      finished_callee_count: 12,
    });
    const sessions = await db
      .selectFrom('sessions')
      .selectAll()
      .where('campaign_id', '=', campaignId)
      .execute();
    expect(sessions.length).toBeGreaterThanOrEqual(12);
    expect(sessions.every((s) => s.ended_ts !== null && s.end_status !== null)).toBe(true);
    const connected = sessions.filter((s) => s.end_status === 1);
    expect(connected.length).toBeGreaterThan(0);
    expect(connected[0]).toMatchObject({
      uui: 'demo',
      skill_group_name: 'Outbound sales',
      call_type: 5,
      session_status: 'finished',
    });
    expect(connected[0]!.seat_mail).toMatch(/^agent\d@/);
    // Agents end free, and their status log shows the calling cycle.
    const staff = await db
      .selectFrom('staff')
      .select(['mail', 'status', 'held_by_node'])
      .where('sdk_app_id', '=', ACME_APP)
      .execute();
    expect(staff.every((s) => s.status === 'free' && s.held_by_node === null)).toBe(true);
    const log = await db
      .selectFrom('staff_status_log')
      .select('status')
      .where('sdk_app_id', '=', ACME_APP)
      .execute();
    expect(new Set(log.map((l) => l.status))).toEqual(new Set(['free', 'busy', 'afterCallWork']));
  });
});

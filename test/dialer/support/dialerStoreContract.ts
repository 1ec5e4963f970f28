/**
 * The DialerStore contract, run on every adapter (memory here, Kysely on SQLite and PostgreSQL):
 * each gets a fresh fixture per test, seeded through the adapter's own means.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  DialerStore,
  DialingCampaign,
  DueCallee,
  NewSession,
} from '../../../src/dialer/ports/dialerStore.ts';
import type { Variable } from '../../../src/domain/campaign/variables.ts';
import type { StaffStatus } from '../../../src/domain/staff/staffStatus.ts';

export const C_APP = 1400000001;
export const C_GROUP = 77;

export interface CalleeRowSeed {
  readonly number: string;
  readonly orderKey: number;
  readonly uui?: string | null;
  readonly variables?: readonly Variable[] | null;
}

export interface CampaignRowSeed {
  readonly status?: DialingCampaign['status'];
  readonly startAt?: number;
  readonly endAt?: number;
  readonly retryTimes?: number;
  readonly timeZone?: string | null;
  readonly availableTime?: DialingCampaign['availableTime'];
  readonly variables?: readonly Variable[];
  readonly uui?: string;
}

export interface SessionView {
  readonly attempt: number;
  readonly caller: string;
  readonly callee: string;
  readonly sessionStatus: string;
  readonly startTs: number;
  readonly ringTs: number | null;
  readonly acceptTs: number | null;
  readonly queuedTs: number | null;
  readonly seatJoinTs: number | null;
  readonly endedTs: number | null;
  readonly seatMail: string | null;
  readonly endStatus: number | null;
  readonly hungUpSide: string | null;
  readonly uui: string;
  readonly variables: readonly Variable[];
  readonly skillGroupName: string;
}

export interface CalleeView {
  readonly state: string;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly lastEndStatus: number | null;
  readonly currentSessionId: string | null;
}

export interface ContractFixture {
  readonly store: DialerStore;
  /** Application C_APP (callers +1 and +2, IVR 5), skill group C_GROUP named 'Group'. */
  seedApplication(): Promise<void>;
  addAgent(mail: string, status: StaffStatus, skillGroupIds: readonly number[]): Promise<void>;
  addCampaign(seed: CampaignRowSeed, callees: readonly CalleeRowSeed[]): Promise<number>;
  deleteCampaign(campaignId: number): Promise<void>;
  session(sessionId: string): Promise<SessionView | undefined>;
  callee(campaignId: number, seq: number): Promise<CalleeView>;
  statusLog(mail: string): Promise<readonly StaffStatus[]>;
  close(): Promise<void>;
}

const NOW = 1_750_000_000_000;

export function dialerStoreContract(name: string, makeFixture: () => Promise<ContractFixture>): void {
  describe(`DialerStore contract: ${name}`, () => {
    let f: ContractFixture;
    let ids = 0;
    const session = (callee: DueCallee): NewSession => ({
      sessionId: `s-${++ids}-${callee.seq}`,
      caller: '+1',
      skillGroupName: 'Group',
      ivrId: null,
      uui: callee.uui ?? 'campaign',
      variables: callee.variables ?? [],
      ownerNode: null,
    });
    const claim = (campaignId: number, limit: number, now = NOW) =>
      f.store.claimCallees({ campaignId, sdkAppId: C_APP, skillGroupId: C_GROUP, now, limit, session });

    beforeEach(async () => {
      f = await makeFixture();
      await f.seedApplication();
    });
    afterEach(async () => {
      await f.close();
    });

    it('lists live campaigns (ready, running, paused; not deleted) and loads one', async () => {
      const ready = await f.addCampaign({ status: 0 }, [{ number: '+100', orderKey: 0 }]);
      const running = await f.addCampaign(
        {
          status: 1,
          timeZone: 'Asia/Shanghai',
          availableTime: [{ StartTime: '09:00:00', EndTime: '18:00:00' }],
          variables: [{ Key: 'k', Value: 'v' }],
          uui: 'u',
        },
        [{ number: '+100', orderKey: 0 }],
      );
      const done = await f.addCampaign({ status: 4 }, [{ number: '+100', orderKey: 0 }]);
      const gone = await f.addCampaign({ status: 2 }, [{ number: '+100', orderKey: 0 }]);
      await f.deleteCampaign(gone);
      const live = (await f.store.listLiveCampaigns()).map((c) => c.campaignId).sort();
      expect(live).toEqual([ready, running].sort());
      expect(await f.store.loadCampaign(running)).toMatchObject({
        campaignId: running,
        sdkAppId: C_APP,
        skillGroupId: C_GROUP,
        callers: ['+1', '+2'],
        status: 1,
        timeZone: 'Asia/Shanghai',
        availableTime: [{ StartTime: '09:00:00', EndTime: '18:00:00' }],
        variables: [{ Key: 'k', Value: 'v' }],
        uui: 'u',
        calleeCount: 1,
        finishedCalleeCount: 0,
      });
      expect(await f.store.loadCampaign(done)).toMatchObject({ status: 4 });
      expect(await f.store.loadCampaign(gone)).toBeUndefined();
    });

    it('leaves out ready campaigns starting after readyBy, never running or paused ones', async () => {
      const soon = await f.addCampaign({ status: 0, startAt: 60_000 }, [{ number: '+100', orderKey: 0 }]);
      const later = await f.addCampaign({ status: 0, startAt: 3_600_000 }, [{ number: '+100', orderKey: 0 }]);
      const running = await f.addCampaign({ status: 1, startAt: 3_600_000 }, [
        { number: '+100', orderKey: 0 },
      ]);
      const paused = await f.addCampaign({ status: 2, startAt: 3_600_000 }, [
        { number: '+100', orderKey: 0 },
      ]);
      const ids = async (readyBy?: number) =>
        (await f.store.listLiveCampaigns(readyBy)).map((c) => c.campaignId).sort((a, b) => a - b);
      expect(await ids(60_000)).toEqual([soon, running, paused].sort((a, b) => a - b));
      expect(await ids(59_000)).toEqual([running, paused].sort((a, b) => a - b));
      expect(await ids()).toEqual([soon, later, running, paused].sort((a, b) => a - b));
    });

    it('transitions a campaign only from the statuses given', async () => {
      const id = await f.addCampaign({ status: 0 }, [{ number: '+100', orderKey: 0 }]);
      expect(await f.store.transitionCampaign({ campaignId: id, from: [1], to: 3, reason: 2, at: NOW })).toBe(
        false,
      );
      expect(await f.store.transitionCampaign({ campaignId: id, from: [0], to: 1, reason: 0, at: NOW })).toBe(
        true,
      );
      expect(await f.store.loadCampaign(id)).toMatchObject({ status: 1, statusReason: 0 });
      expect(
        await f.store.transitionCampaign({ campaignId: id, from: [0, 1, 2], to: 3, reason: 2, at: NOW }),
      ).toBe(true);
      expect(await f.store.loadCampaign(id)).toMatchObject({ status: 3, statusReason: 2 });
    });

    it('loads the application and the skill group', async () => {
      const app = await f.store.loadApplication(C_APP);
      expect(app?.numbers.map((n) => n.number).sort()).toEqual(['+1', '+2']);
      expect(app?.ivrs).toEqual([{ ivrId: 5, target: 'ivr:5' }]);
      expect(await f.store.loadSkillGroup(C_GROUP)).toEqual({
        skillGroupId: C_GROUP,
        sdkAppId: C_APP,
        name: 'Group',
      });
    });

    it('claims due callees in order, commits the attempt and its session in one go', async () => {
      const id = await f.addCampaign({ status: 1 }, [
        { number: '+100', orderKey: 2 },
        { number: '+101', orderKey: 0, uui: 'mine', variables: [{ Key: 'a', Value: 'b' }] },
        { number: '+102', orderKey: 1 },
      ]);
      const first = await claim(id, 2);
      expect(first.map((p) => p.callee.number)).toEqual(['+101', '+102']);
      expect(first[0]).toMatchObject({
        attempt: 1,
        callee: { seq: 1, attemptsBefore: 0, uui: 'mine', variables: [{ Key: 'a', Value: 'b' }] },
      });
      expect(await f.callee(id, 1)).toMatchObject({
        state: 'dialing',
        attempts: 1,
        currentSessionId: first[0]!.session.sessionId,
      });
      expect(await f.session(first[0]!.session.sessionId)).toMatchObject({
        attempt: 1,
        caller: '+1',
        callee: '+101',
        sessionStatus: 'ringing',
        startTs: NOW,
        endedTs: null,
        uui: 'mine',
        variables: [{ Key: 'a', Value: 'b' }],
        skillGroupName: 'Group',
      });
      // Dialing callees are not claimed again; the last one is.
      const second = await claim(id, 5);
      expect(second.map((p) => p.callee.number)).toEqual(['+100']);
      expect(await claim(id, 5)).toEqual([]);
    });

    it('records progress, then finishes an attempt once', async () => {
      const id = await f.addCampaign({ status: 1, retryTimes: 1 }, [{ number: '+100', orderKey: 0 }]);
      const [placed] = await claim(id, 1);
      const sid = placed!.session.sessionId;
      await f.store.recordProgress({ kind: 'ringing', sessionId: sid, at: NOW + 100 });
      await f.store.recordProgress({ kind: 'answered', sessionId: sid, at: NOW + 5000 });
      expect(await f.session(sid)).toMatchObject({
        ringTs: NOW + 100,
        acceptTs: NOW + 5000,
        queuedTs: NOW + 5000,
        sessionStatus: 'seatJoining',
      });
      await f.store.recordProgress({
        kind: 'connected',
        sessionId: sid,
        at: NOW + 5500,
        seatUser: 'u1',
        seatMail: 'a@x',
        staffNumber: '7',
      });
      expect(await f.session(sid)).toMatchObject({
        seatJoinTs: NOW + 5500,
        seatMail: 'a@x',
        sessionStatus: 'inProgress',
      });
      expect(await f.store.listOpenSessions()).toMatchObject([
        {
          sessionId: sid,
          campaignId: id,
          calleeSeq: 0,
          attempt: 1,
          answeredAt: NOW + 5000,
          connectedAt: NOW + 5500,
        },
      ]);
      const end = {
        sessionId: sid,
        campaignId: id,
        calleeSeq: 0,
        endStatus: 1 as const,
        hungUpSide: 'user' as const,
        endedAt: NOW + 60_000,
        callee: { state: 'finished' as const },
      };
      expect(await f.store.finishAttempt(end)).toEqual({ calleeCount: 1, finishedCalleeCount: 1 });
      expect(await f.store.finishAttempt(end)).toBeUndefined();
      expect(await f.session(sid)).toMatchObject({
        endStatus: 1,
        hungUpSide: 'user',
        endedTs: NOW + 60_000,
        sessionStatus: 'finished',
      });
      expect(await f.callee(id, 0)).toMatchObject({
        state: 'finished',
        lastEndStatus: 1,
        currentSessionId: null,
      });
      expect(await f.store.loadCampaign(id)).toMatchObject({ finishedCalleeCount: 1 });
      expect(await f.store.listOpenSessions()).toEqual([]);
      // Progress after the end changes nothing.
      await f.store.recordProgress({ kind: 'ringing', sessionId: sid, at: NOW + 99_000 });
      expect(await f.session(sid)).toMatchObject({ ringTs: NOW + 100 });
    });

    it('a callee pending again is due at its next attempt time, with the next attempt number', async () => {
      const id = await f.addCampaign({ status: 1, retryTimes: 2 }, [
        { number: '+100', orderKey: 0 },
        { number: '+101', orderKey: 1 },
      ]);
      const [a] = await claim(id, 1);
      await f.store.finishAttempt({
        sessionId: a!.session.sessionId,
        campaignId: id,
        calleeSeq: 0,
        endStatus: 206,
        hungUpSide: 'user',
        endedAt: NOW + 3000,
        callee: { state: 'pending', nextAttemptAt: NOW + 63_000 },
      });
      expect(await f.callee(id, 0)).toMatchObject({
        state: 'pending',
        attempts: 1,
        nextAttemptAt: NOW + 63_000,
        lastEndStatus: 206,
      });
      expect((await claim(id, 5, NOW + 10_000)).map((p) => p.callee.seq)).toEqual([1]);
      const again = await claim(id, 5, NOW + 63_000);
      expect(again.map((p) => [p.callee.seq, p.attempt])).toEqual([[0, 2]]);
    });

    it('withdraws the committed sessions of a failed claim: callees pending as before, rows gone', async () => {
      const id = await f.addCampaign({ status: 1, retryTimes: 2 }, [
        { number: '+100', orderKey: 0 },
        { number: '+101', orderKey: 1 },
        { number: '+102', orderKey: 2 },
      ]);
      const [a, b] = await claim(id, 2);
      const sa = a!.session.sessionId;
      const sb = b!.session.sessionId;
      // b's attempt ended meanwhile (recovery, say): it is a real call record and stays one.
      await f.store.finishAttempt({
        sessionId: sb,
        campaignId: id,
        calleeSeq: 1,
        endStatus: 206,
        hungUpSide: 'user',
        endedAt: NOW + 3000,
        callee: { state: 'pending', nextAttemptAt: NOW + 63_000 },
      });
      const withdrawn = await f.store.withdrawClaim({
        campaignId: id,
        sessions: [
          { sessionId: sa, calleeSeq: 0 },
          { sessionId: sb, calleeSeq: 1 },
          // Built for the claim but never committed.
          { sessionId: 'never-committed', calleeSeq: 2 },
        ],
      });
      expect(withdrawn).toEqual([sa]);
      expect(await f.session(sa)).toBeUndefined();
      expect(await f.callee(id, 0)).toMatchObject({ state: 'pending', attempts: 0, currentSessionId: null });
      expect(await f.session(sb)).toMatchObject({ endStatus: 206, sessionStatus: 'finished' });
      expect(await f.callee(id, 1)).toMatchObject({ state: 'pending', attempts: 1 });
      expect(await f.callee(id, 2)).toMatchObject({ state: 'pending', attempts: 0 });
      expect(await f.store.listOpenSessions()).toEqual([]);
      // Withdrawing again changes nothing; the callee is due at once, under the same attempt number.
      expect(
        await f.store.withdrawClaim({ campaignId: id, sessions: [{ sessionId: sa, calleeSeq: 0 }] }),
      ).toEqual([]);
      const again = await claim(id, 5);
      expect(again.map((p) => [p.callee.seq, p.attempt])).toEqual([
        [0, 1],
        [2, 1],
      ]);
    });

    it('loads agents with their skill groups and sets statuses compare-and-set', async () => {
      await f.addAgent('a@x', 'free', [C_GROUP]);
      await f.addAgent('b@x', 'rest', [C_GROUP, C_GROUP + 1]);
      await f.addAgent('c@x', 'free', [C_GROUP + 1]);
      const inGroup = await f.store.loadAgents(C_APP, C_GROUP);
      expect(inGroup.map((a) => [a.mail, a.status]).sort()).toEqual([
        ['a@x', 'free'],
        ['b@x', 'rest'],
      ]);
      expect((await f.store.loadAgent(C_APP, 'b@x'))?.skillGroupIds.slice().sort()).toEqual([
        C_GROUP,
        C_GROUP + 1,
      ]);
      expect(await f.store.loadAgents(C_APP)).toHaveLength(3);
      expect(
        await f.store.setAgentStatus({
          sdkAppId: C_APP,
          mail: 'b@x',
          status: 'busy',
          reason: '',
          at: NOW,
          onlyFrom: ['free'],
        }),
      ).toEqual({ applied: false, previous: 'rest' });
      expect(
        await f.store.setAgentStatus({
          sdkAppId: C_APP,
          mail: 'a@x',
          status: 'busy',
          reason: '',
          at: NOW,
          onlyFrom: ['free'],
        }),
      ).toEqual({ applied: true, previous: 'free' });
      expect(await f.store.loadAgent(C_APP, 'a@x')).toMatchObject({ status: 'busy', statusSince: NOW });
      expect(await f.statusLog('a@x')).toContain('busy');
    });
  });
}

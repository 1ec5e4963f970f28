import { StaffStatus } from './staffStatus.ts';

/** The statuses SetStaffStatus may ask for (Tencent's SetStaffStatusItem). */
export const REQUESTABLE_STATUSES: readonly StaffStatus[] = [
  StaffStatus.Free,
  StaffStatus.NotReady,
  StaffStatus.Rest,
];

/**
 * From which statuses a SetStaffStatus request may move an agent to `target`.
 *
 * - rest / notReady: from anywhere, a call in progress included. It takes effect at once: the agent
 *   is offered no new call, and the call they are on goes on; when it ends they stay in the status
 *   they asked for (see `statusWhenCallEnds`) instead of wrapping up into `free`.
 * - free: from anywhere but `busy`. An agent on a call cannot be offered a second one; one in
 *   after-call work may cut the wrap-up short (the desk's "ready" button). Offline agents may be
 *   set free: that is how an operator brings a desk-less (simulated) agent online.
 */
export function statusesAllowedBefore(target: StaffStatus): readonly StaffStatus[] {
  if (target === StaffStatus.Free) {
    return [
      StaffStatus.Free,
      StaffStatus.AfterCallWork,
      StaffStatus.Rest,
      StaffStatus.NotReady,
      StaffStatus.Offline,
    ];
  }
  return [
    StaffStatus.Free,
    StaffStatus.Busy,
    StaffStatus.AfterCallWork,
    StaffStatus.Rest,
    StaffStatus.NotReady,
    StaffStatus.Offline,
  ];
}

/** For the engine: an agent is put on a call only while free. */
export const STATUSES_THAT_TAKE_CALLS: readonly StaffStatus[] = [StaffStatus.Free];

/**
 * For the engine, when an agent's call ends: still `busy` → after-call work (or straight to free
 * when the application has no wrap-up time). An agent who asked for rest or notReady during the
 * call keeps that status, and one who went offline stays offline.
 */
export function statusWhenCallEnds(current: StaffStatus, wrapUpSeconds: number): StaffStatus {
  if (current !== StaffStatus.Busy) return current;
  return wrapUpSeconds > 0 ? StaffStatus.AfterCallWork : StaffStatus.Free;
}

/** For the engine, when the wrap-up time is over: only an agent still wrapping up becomes free. */
export function statusWhenWrapUpEnds(current: StaffStatus): StaffStatus {
  return current === StaffStatus.AfterCallWork ? StaffStatus.Free : current;
}

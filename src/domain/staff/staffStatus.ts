/**
 * An agent's status, spelt as Tencent's DescribeStaffStatusMetrics spells it (camelCase). Only
 * `free` agents are offered calls.
 */
export const StaffStatus = {
  Free: 'free',
  Busy: 'busy',
  AfterCallWork: 'afterCallWork',
  Rest: 'rest',
  NotReady: 'notReady',
  Offline: 'offline',
} as const;

export type StaffStatus = (typeof StaffStatus)[keyof typeof StaffStatus];

export const STAFF_STATUSES: readonly StaffStatus[] = Object.values(StaffStatus);

const BY_LOWER_CASE = new Map(STAFF_STATUSES.map((s) => [s.toLowerCase(), s]));

/**
 * The status a client means, in any case (`notready`, `NotReady`, `AFTERCALLWORK`): Tencent's own
 * documentation spells them in lower case in places and camelCase in others. Undefined if none.
 */
export function parseStaffStatus(text: string): StaffStatus | undefined {
  return BY_LOWER_CASE.get(text.trim().toLowerCase());
}

/** A status that was stored by us is one of ours; an unknown one reads as offline. */
export function storedStaffStatus(text: string): StaffStatus {
  return parseStaffStatus(text) ?? StaffStatus.Offline;
}

export function isOnline(status: StaffStatus): boolean {
  return status !== StaffStatus.Offline;
}

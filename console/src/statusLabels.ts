/** The words and colours the console gives statuses. */

export const CAMPAIGN_STATUS: Readonly<Record<number, string>> = {
  0: 'Ready',
  1: 'Running',
  2: 'Paused',
  3: 'Terminated',
  4: 'Completed',
};

export function campaignStatusText(status: number, reason: number): string {
  const name = CAMPAIGN_STATUS[status] ?? `Status ${status}`;
  if (status === 3 && reason === 1) return `${name} (aborted)`;
  if (status === 3 && reason === 2) return `${name} (end time passed)`;
  return name;
}

export const AGENT_STATUS: Readonly<Record<string, string>> = {
  free: 'Free',
  busy: 'On a call',
  afterCallWork: 'Wrap-up',
  rest: 'Rest',
  notReady: 'Not ready',
  offline: 'Offline',
};

/** EndStatus as a supervisor reads it. */
const END_STATUS: Readonly<Record<number, string>> = {
  1: 'Connected',
  103: 'Abandoned',
  107: 'Abandoned to IVR',
  111: 'Outside calling hours',
  202: 'No answer',
  203: 'Rejected',
  204: 'Switched off',
  205: 'No such number',
  206: 'Busy',
  207: 'Out of credit',
  208: 'Carrier failure',
  209: 'Cancelled',
  210: 'Not in service',
  212: 'Blocked by carrier',
  215: 'Invalid number',
};

const SESSION_STATUS: Readonly<Record<string, string>> = {
  ringing: 'Ringing',
  seatJoining: 'Waiting for an agent',
  inProgress: 'In talk',
};

export function sessionOutcome(sessionStatus: string, endStatus: number | null): string {
  if (endStatus !== null) return END_STATUS[endStatus] ?? `Ended (${endStatus})`;
  return SESSION_STATUS[sessionStatus] ?? sessionStatus;
}

/** A CSS modifier for an end status: good, bad or neutral. */
export function outcomeTone(endStatus: number | null): 'ok' | 'bad' | 'live' | 'neutral' {
  if (endStatus === null) return 'live';
  if (endStatus === 1) return 'ok';
  if (endStatus === 103 || endStatus === 107) return 'bad';
  return 'neutral';
}

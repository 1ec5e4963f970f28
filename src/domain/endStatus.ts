/**
 * How a call attempt ended (SPEC §4): the EndStatus number a CDR carries and the EndStatusString
 * Tencent pairs with it. One table, so the engine that writes a session and the API that reads it
 * cannot disagree on a spelling.
 */
export const EndStatus = {
  /** Connected to an agent. */
  Ok: 1,
  /** Answered, no agent in time, hung up: abandoned. */
  WaitingGiveUp: 103,
  /** Answered, no agent in time, handed to the campaign's IVR: abandoned too. */
  IvrEnd: 107,
  /** Not placed: outside the allowed calling window. */
  RestrictedTime: 111,
  NotAnswer: 202,
  UserReject: 203,
  PowerOff: 204,
  NumberNotExist: 205,
  Busy: 206,
  /** The caller line is out of credit. */
  OutOfCredit: 207,
  /** Carrier or channel failure. */
  OperatorError: 208,
  /** Cancelled by the dialer (Abort, EndTime) while ringing. */
  CallerCancel: 209,
  NotInService: 210,
  CarrierBlocked: 212,
  NumberInvalid: 215,
} as const;

export type EndStatus = (typeof EndStatus)[keyof typeof EndStatus];

const STRINGS: Readonly<Record<EndStatus, string>> = {
  [EndStatus.Ok]: 'ok',
  [EndStatus.WaitingGiveUp]: 'waitingGiveUp',
  [EndStatus.IvrEnd]: 'ivrEnd',
  [EndStatus.RestrictedTime]: 'restrictedTime',
  [EndStatus.NotAnswer]: 'notAnswer',
  [EndStatus.UserReject]: 'userReject',
  [EndStatus.PowerOff]: 'powerOff',
  [EndStatus.NumberNotExist]: 'numberNotExist',
  [EndStatus.Busy]: 'busy',
  [EndStatus.OutOfCredit]: 'outOfCredit',
  [EndStatus.OperatorError]: 'operatorError',
  [EndStatus.CallerCancel]: 'callerCancel',
  [EndStatus.NotInService]: 'notInService',
  [EndStatus.CarrierBlocked]: 'carrierBlocked',
  [EndStatus.NumberInvalid]: 'numberInvalid',
};

/** Every EndStatus, in catalogue order. */
export const END_STATUSES: readonly EndStatus[] = Object.values(EndStatus);

export function isEndStatus(code: number): code is EndStatus {
  return Object.hasOwn(STRINGS, code);
}

/**
 * The EndStatusString of a code. A session still in progress has no end status yet: its string is
 * empty, as is that of a code outside the catalogue (a newer engine writing to an older reader).
 */
export function endStatusString(code: number | null): string {
  return code !== null && isEndStatus(code) ? STRINGS[code] : '';
}

/** Abandoned calls, as regulators count them: answered with no agent in time, IVR hand-offs included. */
export function isAbandoned(code: number): boolean {
  return code === EndStatus.WaitingGiveUp || code === EndStatus.IvrEnd;
}

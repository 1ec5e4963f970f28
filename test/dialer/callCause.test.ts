import { describe, expect, it } from 'vitest';
import { EndStatus } from '../../src/domain/endStatus.ts';
import {
  CALL_CAUSES,
  type CallCause,
  type CallPhase,
  causeOfSipStatus,
  endStatusOf,
} from '../../src/telephony/callCause.ts';

describe('telephony causes → SPEC §4 end statuses', () => {
  const unanswered: Array<[CallCause, number]> = [
    ['busy', 206],
    ['noAnswer', 202],
    ['rejected', 203],
    ['powerOff', 204],
    ['numberNotExist', 205],
    ['notInService', 210],
    ['numberInvalid', 215],
    ['carrierBlocked', 212],
    ['outOfCredit', 207],
    ['networkFailure', 208],
    ['cancelled', 209],
    ['normalClearing', 202],
  ];

  it.each(unanswered)('a call that ends with %s before an answer is %i', (cause, status) => {
    expect(endStatusOf(cause, 'ringing')).toBe(status);
    expect(endStatusOf(cause, 'dialing')).toBe(status);
  });

  it('covers every cause', () => {
    expect(new Set(unanswered.map(([c]) => c))).toEqual(new Set(CALL_CAUSES));
  });

  it.each<[CallPhase, number]>([
    ['connected', EndStatus.Ok],
    ['waiting', EndStatus.WaitingGiveUp],
    ['ivr', EndStatus.IvrEnd],
  ])('once answered, whatever the cause, the phase %s decides: %i', (phase, status) => {
    for (const cause of CALL_CAUSES) expect(endStatusOf(cause, phase)).toBe(status);
  });

  it.each<[number, CallCause]>([
    [486, 'busy'],
    [600, 'busy'],
    [480, 'noAnswer'],
    [408, 'noAnswer'],
    [487, 'noAnswer'],
    [603, 'rejected'],
    [404, 'numberNotExist'],
    [484, 'numberNotExist'],
    [410, 'notInService'],
    [402, 'outOfCredit'],
    [403, 'rejected'],
    [503, 'networkFailure'],
    [499, 'networkFailure'],
  ])('SIP %i means %s', (status, cause) => {
    expect(causeOfSipStatus(status)).toBe(cause);
  });
});

import { describe, expect, it } from 'vitest';
import {
  END_STATUSES,
  EndStatus,
  endStatusString,
  isAbandoned,
  isEndStatus,
} from '../../src/domain/endStatus.ts';

// SPEC §4, as the user wrote it: every code with its EndStatusString.
const CATALOGUE: [number, string][] = [
  [1, 'ok'],
  [103, 'waitingGiveUp'],
  [107, 'ivrEnd'],
  [111, 'restrictedTime'],
  [202, 'notAnswer'],
  [203, 'userReject'],
  [204, 'powerOff'],
  [205, 'numberNotExist'],
  [206, 'busy'],
  [207, 'outOfCredit'],
  [208, 'operatorError'],
  [209, 'callerCancel'],
  [210, 'notInService'],
  [212, 'carrierBlocked'],
  [215, 'numberInvalid'],
];

describe('the end-status catalogue', () => {
  it.each(CATALOGUE)('spells %i as %s', (code, text) => {
    expect(isEndStatus(code)).toBe(true);
    expect(endStatusString(code)).toBe(text);
  });

  it('holds exactly the codes of the specification', () => {
    expect([...END_STATUSES].sort((a, b) => a - b)).toEqual(CATALOGUE.map(([code]) => code));
  });

  it('names each code after its string', () => {
    for (const [name, code] of Object.entries(EndStatus)) {
      expect(name.toLowerCase()).toBe(endStatusString(code).toLowerCase());
    }
  });

  it('has no string for a call still going on or a code it does not know', () => {
    expect(endStatusString(null)).toBe('');
    expect(endStatusString(999)).toBe('');
    expect(isEndStatus(999)).toBe(false);
  });

  it('counts hang-ups and IVR hand-offs for want of an agent as abandoned, nothing else', () => {
    expect(END_STATUSES.filter(isAbandoned)).toEqual([103, 107]);
  });
});

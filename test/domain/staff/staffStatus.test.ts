import { describe, expect, it } from 'vitest';
import {
  parseStaffStatus,
  STAFF_STATUSES,
  storedStaffStatus,
} from '../../../src/domain/staff/staffStatus.ts';
import {
  REQUESTABLE_STATUSES,
  statusesAllowedBefore,
  statusWhenCallEnds,
  statusWhenWrapUpEnds,
} from '../../../src/domain/staff/staffStatusRules.ts';

describe('agent statuses', () => {
  it('are spelt in camelCase as DescribeStaffStatusMetrics answers them', () => {
    expect(STAFF_STATUSES).toEqual(['free', 'busy', 'afterCallWork', 'rest', 'notReady', 'offline']);
  });

  it('are read in any case', () => {
    expect(parseStaffStatus('NOTREADY')).toBe('notReady');
    expect(parseStaffStatus('aftercallwork')).toBe('afterCallWork');
    expect(parseStaffStatus(' Free ')).toBe('free');
    expect(parseStaffStatus('lunch')).toBeUndefined();
    expect(storedStaffStatus('garbage')).toBe('offline');
  });
});

describe('status rules', () => {
  it('let a request ask for free, notReady and rest only', () => {
    expect(REQUESTABLE_STATUSES).toEqual(['free', 'notReady', 'rest']);
  });

  it('never make an agent on a call free, but let anyone take a break', () => {
    expect(statusesAllowedBefore('free')).not.toContain('busy');
    expect(statusesAllowedBefore('free')).toContain('afterCallWork');
    expect(statusesAllowedBefore('rest')).toEqual(expect.arrayContaining([...STAFF_STATUSES]));
    expect(statusesAllowedBefore('notReady')).toEqual(expect.arrayContaining([...STAFF_STATUSES]));
  });

  it('wrap up after a call, unless the agent asked for a break meanwhile', () => {
    expect(statusWhenCallEnds('busy', 10)).toBe('afterCallWork');
    expect(statusWhenCallEnds('busy', 0)).toBe('free');
    expect(statusWhenCallEnds('rest', 10)).toBe('rest');
    expect(statusWhenCallEnds('notReady', 0)).toBe('notReady');
    expect(statusWhenWrapUpEnds('afterCallWork')).toBe('free');
    expect(statusWhenWrapUpEnds('rest')).toBe('rest');
  });
});

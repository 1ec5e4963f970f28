import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { secondsOfDay } from '../../../src/domain/campaign/availableTime.ts';
import { normaliseCallees } from '../../../src/domain/campaign/calleeList.ts';
import { normaliseCalleeNumber } from '../../../src/domain/campaign/calleeNumber.ts';
import { calleeOrderKeys } from '../../../src/domain/campaign/calleeOrder.ts';
import { applyCommand, type CampaignCommand } from '../../../src/domain/campaign/campaignCommands.ts';
import { isFullReplacement, requireUpdatable } from '../../../src/domain/campaign/campaignUpdatePolicy.ts';
import { isIanaTimeZone } from '../../../src/domain/campaign/timeZone.ts';
import { Failure } from '../../../src/domain/failure.ts';

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
    return 'ok';
  } catch (error) {
    if (error instanceof Failure) return error.code;
    throw error;
  }
};

describe('the status machine', () => {
  // Rows: ready, running, paused, terminated, completed.
  const table: Record<CampaignCommand, string[]> = {
    pause: ['FailedOperation', '2/0', 'FailedOperation', 'FailedOperation', 'FailedOperation'],
    resume: ['FailedOperation', 'FailedOperation', '1/0', 'FailedOperation', 'FailedOperation'],
    abort: ['3/1', '3/1', '3/1', 'FailedOperation', 'FailedOperation'],
    delete: ['deleted', 'FailedOperation', 'deleted', 'deleted', 'deleted'],
  };
  it.each(Object.entries(table))('%s goes where SPEC §2 says from every status', (command, expected) => {
    const outcomes = [0, 1, 2, 3, 4].map((status) => {
      try {
        const outcome = applyCommand(command as CampaignCommand, 7, status);
        return outcome.kind === 'deleted' ? 'deleted' : `${outcome.status}/${outcome.statusReason}`;
      } catch (error) {
        return (error as Failure).code;
      }
    });
    expect(outcomes).toEqual(expected);
  });
});

describe('the update policy', () => {
  it('lets a ready campaign change anything, a started one only what is safe mid-flight', () => {
    expect(codeOf(() => requireUpdatable(1, 0, ['Callees', 'Callers', 'CallOrder']))).toBe('ok');
    expect(codeOf(() => requireUpdatable(1, 1, ['Name', 'EndTime', 'RetryTimes']))).toBe('ok');
    expect(codeOf(() => requireUpdatable(1, 2, ['Name', 'UUI']))).toBe('UnsupportedOperation');
    expect(codeOf(() => requireUpdatable(1, 3, []))).toBe('UnsupportedOperation');
    expect(codeOf(() => requireUpdatable(1, 4, ['Name']))).toBe('UnsupportedOperation');
  });

  it("reads a request with every field Tencent requires as Tencent's full replacement", () => {
    const full = ['Name', 'Callees', 'Callers', 'CallOrder', 'SkillGroupId', 'Priority'];
    const rest = ['ExpectedAbandonRate', 'RetryInterval', 'StartTime', 'EndTime'];
    expect(isFullReplacement([...full, ...rest, 'UUI'])).toBe(true);
    expect(isFullReplacement([...full, ...rest.slice(1)])).toBe(false);
  });
});

describe('callee numbers', () => {
  it('strips what people write for readability and keeps the rest', () => {
    expect(normaliseCalleeNumber(' +86 (130) 1234-5678 ')).toBe('+8613012345678');
    expect(normaliseCalleeNumber('0755.8601.3388')).toBe('075586013388');
    expect(normaliseCalleeNumber('+')).toBeUndefined();
    expect(normaliseCalleeNumber('12')).toBeUndefined();
    expect(normaliseCalleeNumber('+1234567890123456')).toBeUndefined();
    expect(normaliseCalleeNumber('+123456789012345')).toBe('+123456789012345');
    expect(normaliseCalleeNumber('１３０１２３４５６７８')).toBeUndefined();
  });

  it('normalises any E.164 number back from any way of writing it, and idempotently', () => {
    const separator = fc.constantFrom(' ', '-', '.', '(', ')', '');
    fc.assert(
      fc.property(
        fc.stringMatching(/^\+[1-9]\d{0,14}$/),
        fc.array(separator, { minLength: 20, maxLength: 20 }),
        (number, seps) => {
          const written = [...number].map((c, i) => c + seps[i]).join('');
          const normalised = normaliseCalleeNumber(written);
          expect(normalised).toBe(number);
          expect(normaliseCalleeNumber(normalised!)).toBe(number);
        },
      ),
    );
  });

  it('keeps the first of duplicates, in order', () => {
    expect(normaliseCallees(['13012345679', '+86 130', '130-1234-5679', '+86130'])).toEqual([
      '13012345679',
      '+86130',
    ]);
  });
});

describe('dialing order', () => {
  it('is the list order for CallOrder 1 and a reproducible permutation for CallOrder 0', () => {
    expect(calleeOrderKeys(5, 1, 42)).toEqual([0, 1, 2, 3, 4]);
    const shuffled = calleeOrderKeys(1000, 0, 42);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(calleeOrderKeys(1000, 1, 42));
    expect(calleeOrderKeys(1000, 0, 42)).toEqual(shuffled);
    expect(calleeOrderKeys(1000, 0, 43)).not.toEqual(shuffled);
  });
});

describe('time zones and times of day', () => {
  it('knows IANA names and refuses offsets and made-up zones', () => {
    for (const zone of [
      'Asia/Shanghai',
      'UTC',
      'America/Indiana/Indianapolis',
      'Europe/London',
      'Etc/GMT+8',
    ]) {
      expect(isIanaTimeZone(zone), zone).toBe(true);
    }
    for (const zone of ['+08:00', 'GMT+08:00', 'Asia/Atlantis', '', 'Asia/Shanghai ', '../etc']) {
      expect(isIanaTimeZone(zone), zone).toBe(false);
    }
  });

  it('reads HH:MM:SS from 00:00:00 to 23:59:59 only', () => {
    expect(secondsOfDay('00:00:00')).toBe(0);
    expect(secondsOfDay('23:59:59')).toBe(86_399);
    for (const text of ['24:00:00', '9:00:00', '09:00', '09:60:00', '09:00:60', ' 09:00:00']) {
      expect(secondsOfDay(text), text).toBeUndefined();
    }
  });
});

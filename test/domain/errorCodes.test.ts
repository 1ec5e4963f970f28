import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/domain/errorCodes.ts';

describe('the error code catalogue', () => {
  it('names every code by itself, dots dropped, so a key reads like the wire', () => {
    for (const [key, code] of Object.entries(ErrorCode)) expect(key).toBe(code.replaceAll('.', ''));
  });

  it('holds only codes of the Tencent Cloud form Category or Category.Detail', () => {
    for (const code of Object.values(ErrorCode)) expect(code).toMatch(/^[A-Z][A-Za-z]+(\.[A-Z][A-Za-z]+)?$/);
  });
});

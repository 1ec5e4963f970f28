import { describe, expect, it } from 'vitest';
import { campaignCallees, parseCalleeList } from '../../console/src/calleeList.ts';

describe('reading a callee list', () => {
  it('takes numbers one per line, skipping blank lines and tidying spaces and dashes', () => {
    const list = parseCalleeList('008613800138000\n\n+1 (415) 555-0123\r\n 13800138001 \n');
    expect(list.header).toBeNull();
    expect(list.entries).toEqual([
      { callee: '008613800138000', line: 1 },
      { callee: '+14155550123', line: 3 },
      { callee: '13800138001', line: 4 },
    ]);
  });

  it('takes a pasted list separated by commas or semicolons', () => {
    const list = parseCalleeList('111, 222;333\n444');
    expect(list.entries.map((e) => [e.callee, e.line])).toEqual([
      ['111', 1],
      ['222', 1],
      ['333', 1],
      ['444', 2],
    ]);
  });

  it('reads a CSV with a header: the number column, UUI, and other columns as Variables', () => {
    const csv = 'Name,Phone,UUI,Plan\n"Doe, Jane",+8613800138000,vip-1,gold\nBob,13800138001,,\n';
    const list = parseCalleeList(csv);
    expect(list.header).toEqual(['Name', 'Phone', 'UUI', 'Plan']);
    expect(list.entries).toEqual([
      {
        callee: '+8613800138000',
        uui: 'vip-1',
        variables: [
          { Key: 'Name', Value: 'Doe, Jane' },
          { Key: 'Plan', Value: 'gold' },
        ],
        line: 2,
      },
      { callee: '13800138001', variables: [{ Key: 'Name', Value: 'Bob' }], line: 3 },
    ]);
    const params = campaignCallees(list);
    expect(params.Callees).toEqual(['+8613800138000', '13800138001']);
    expect(params.CalleeAttributes).toEqual([
      {
        Callee: '+8613800138000',
        UUI: 'vip-1',
        Variables: [
          { Key: 'Name', Value: 'Doe, Jane' },
          { Key: 'Plan', Value: 'gold' },
        ],
      },
      { Callee: '13800138001', Variables: [{ Key: 'Name', Value: 'Bob' }] },
    ]);
    expect(params.lines).toEqual([2, 3]);
  });

  it('reads semicolon and tab separated files, quoted line breaks and doubled quotes', () => {
    expect(parseCalleeList('number;city\n111;Paris\n').entries[0]).toEqual({
      callee: '111',
      variables: [{ Key: 'city', Value: 'Paris' }],
      line: 2,
    });
    expect(parseCalleeList('tel\tnote\n222\t"two\nlines ""quoted"""\n333\tx').entries).toEqual([
      { callee: '222', variables: [{ Key: 'note', Value: 'two\nlines "quoted"' }], line: 2 },
      { callee: '333', variables: [{ Key: 'note', Value: 'x' }], line: 4 },
    ]);
  });

  it('leaves a malformed number for the API to refuse, at its line', () => {
    const list = parseCalleeList('111\nnot-a-number?\n');
    // The first line has no letters, so there is no header; the second is kept as written.
    expect(list.entries.map((e) => e.callee)).toEqual(['111', 'not-a-number?']);
    expect(campaignCallees(list).lines).toEqual([1, 2]);
  });

  it('gives no callees for an empty file', () => {
    expect(parseCalleeList('\uFEFF\n \n').entries).toEqual([]);
  });
});

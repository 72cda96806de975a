import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';

describe('toCsv', () => {
  it('starts with a BOM and quotes cells that need it', () => {
    expect(
      toCsv(
        ['名称', 'n'],
        [
          ['a,b', 1],
          ['say "hi"', null],
        ],
      ),
    ).toBe('\uFEFF名称,n\r\n"a,b",1\r\n"say ""hi""",\r\n');
  });
});

describe('toCsv in the console', () => {
  it('neutralises cells a spreadsheet would run as formulas (a tenant named =HYPERLINK(…))', () => {
    expect(toCsv(['名称'], [['=HYPERLINK("http://x","y")'], ['@cmd'], ['+1'], ['-1+1'], ['\tx']])).toBe(
      `\uFEFF名称\r\n"'=HYPERLINK(""http://x"",""y"")"\r\n'@cmd\r\n'+1\r\n'-1+1\r\n'\tx\r\n`,
    );
  });
});

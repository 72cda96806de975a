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

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeCsvCell, toCsv } from './csv.ts';

const DANGEROUS = ['=', '+', '-', '@', '\t', '\r'];

describe('safeCsvCell', () => {
  it('prefixes cells that start like a formula', () => {
    expect(safeCsvCell('=HYPERLINK("http://x","y")')).toBe(`'=HYPERLINK("http://x","y")`);
    expect(safeCsvCell('+1')).toBe("'+1");
    expect(safeCsvCell('-2')).toBe("'-2");
    expect(safeCsvCell('@SUM(1)')).toBe("'@SUM(1)");
    expect(safeCsvCell('\t=1')).toBe("'\t=1");
    expect(safeCsvCell('\r=1')).toBe("'\r=1");
  });

  it('leaves ordinary text alone', () => {
    expect(safeCsvCell('Ada Lovelace')).toBe('Ada Lovelace');
    expect(safeCsvCell('')).toBe('');
    expect(safeCsvCell('a=b')).toBe('a=b');
  });

  it('never yields a cell starting like a formula, and only ever adds one leading quote', () => {
    const cell = fc.oneof(
      fc.string(),
      fc.tuple(fc.constantFrom(...DANGEROUS), fc.string()).map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(cell, (v) => {
        const out = safeCsvCell(v);
        expect(DANGEROUS.includes(out.charAt(0))).toBe(false);
        expect(out === v || out === `'${v}`).toBe(true);
        expect(out === v).toBe(!DANGEROUS.includes(v.charAt(0)));
      }),
    );
  });

  it('toCsv neutralises every cell and quotes as CSV', () => {
    expect(
      toCsv([
        ['name', 'note'],
        ['=1+1', 'a,"b"'],
        ['-2', 'ok'],
      ]),
    ).toBe(`name,note\n'=1+1,"a,""b"""\n'-2,ok\n`);
  });
});

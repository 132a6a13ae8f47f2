import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { allowedTypos, editDistance, matchScore, queryTokens, visibleWords } from './search-index.ts';

/** Plain Levenshtein with adjacent transpositions (optimal string alignment), the slow obvious way. */
function reference(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  return d[a.length]![b.length]!;
}

describe('editDistance', () => {
  const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), maxLength: 9 });
  test.prop([word, word])('equals the reference distance and is symmetric', (a, b) => {
    expect(editDistance(a, b)).toBe(reference(a, b));
    expect(editDistance(a, b)).toBe(editDistance(b, a));
  });
  test.prop([word, word, fc.integer({ min: 0, max: 3 })])(
    'with a bound, is exact within it and above it beyond',
    (a, b, max) => {
      const d = reference(a, b);
      const bounded = editDistance(a, b, max);
      if (d <= max) expect(bounded).toBe(d);
      else expect(bounded).toBeGreaterThan(max);
    },
  );
  it('counts a swap of neighbours as one typo', () => {
    expect(editDistance('lovleace', 'lovelace')).toBe(1);
    expect(editDistance('lovelce', 'lovelace')).toBe(1);
  });
});

describe('query tokens and matching', () => {
  it('splits like the FTS5 tokenizer, folds accents, and turns a phone into its digits', () => {
    expect(queryTokens('  Émile   Zola ')).toEqual(['emile', 'zola']);
    expect(queryTokens('ADA@example.com')).toEqual(['ada', 'example', 'com']);
    expect(queryTokens('+1 (415) 555-0100')).toEqual(['14155550100']);
    expect(queryTokens('415.555.0100')).toEqual(['4155550100']);
    expect(queryTokens('"*')).toEqual([]);
  });

  it('allows no typo below 4 letters or in numbers, 1 from 4, 2 from 8', () => {
    expect([allowedTypos('ada'), allowedTypos('smith'), allowedTypos('lovelace'), allowedTypos('4155550100')]).toEqual([
      0, 1, 2, 0,
    ]);
  });

  it('scores exact over prefix over typo, and zero when any token matches nothing', () => {
    const words = ['ada', 'lovelace'];
    expect(matchScore(['ada'], words)).toBe(1);
    expect(matchScore(['lov'], words)).toBe(0.8);
    expect(matchScore(['lovelce'], words)).toBe(0.5);
    expect(matchScore(['ada', 'zzz'], words)).toBe(0);
    expect(matchScore(['lo'], ['lx'])).toBe(0);
  });

  it('removes hidden emails, phones and domains from what may match', () => {
    const terms = 'ada lovelace ada@example.com 14155550100 4155550100 acme';
    expect(visibleWords(terms, 'Ada Lovelace', { emails: true, phones: true })).toEqual(['ada', 'lovelace', 'acme']);
    expect(visibleWords('acme corp acme.co acme', 'Acme Corp', { domains: true })).toEqual(['acme', 'corp', 'acme']);
    expect(visibleWords('globex globex.example globex', 'Globex', { domains: true })).toEqual(['globex', 'globex']);
    expect(visibleWords('initech initech.io initech', 'Initrode', { domains: true })).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { COUNTRY_CODES, countryMatches, countryName, countryOptions, isCountryCode } from './countries.ts';

describe('countries', () => {
  it('lists every ISO 3166-1 alpha-2 code once, and Kosovo', () => {
    expect(COUNTRY_CODES).toHaveLength(250);
    expect(new Set(COUNTRY_CODES).size).toBe(250);
    for (const code of ['DE', 'GE', 'GB', 'US', 'CI', 'XK']) expect(isCountryCode(code)).toBe(true);
    expect(isCountryCode('de')).toBe(true);
    for (const code of ['UK', 'XX', 'EU', '']) expect(isCountryCode(code)).toBe(false);
  });

  it('names countries, so Germany and Georgia cannot be confused', () => {
    expect(countryName('DE', 'en')).toBe('Germany');
    expect(countryName('GE', 'en')).toBe('Georgia');
    expect(countryName('de', 'de')).toBe('Deutschland');
    expect(countryName(null)).toBe('');
    // Every code has a real name in the runtime's data.
    for (const code of COUNTRY_CODES) expect(countryName(code, 'en'), code).not.toBe(code);
  });

  it('offers options sorted by name', () => {
    const options = countryOptions('en');
    expect(options).toHaveLength(250);
    const labels = options.map((o) => o.label);
    expect(labels.indexOf('Georgia')).toBeLessThan(labels.indexOf('Germany'));
    expect(options.find((o) => o.value === 'DE')).toEqual({ value: 'DE', label: 'Germany' });
  });

  it('finds a country by its code, its name or a word of it, ignoring case and accents', () => {
    const options = countryOptions('en');
    const find = (q: string) => options.filter((o) => countryMatches(o, q)).map((o) => o.value);
    expect(find('germ')).toEqual(['DE']);
    expect(find('de')).toContain('DE');
    expect(find('GB')).toEqual(['GB']);
    expect(find('kingdom')).toEqual(['GB']);
    expect(find('cote d iv')).toEqual(['CI']);
    expect(find('united st')).toEqual(['US']);
    expect(find('')).toHaveLength(250);
    expect(find('zzz')).toEqual([]);
  });
});

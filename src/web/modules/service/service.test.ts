import { describe, expect, it } from 'vitest';
import { dueInWords, minutesAsHours } from './api.ts';
import { validateCasesSearch } from './search.ts';

const NOW = Date.parse('2027-01-08T15:00:00Z');
const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();

describe('a due time in words', () => {
  it('counts minutes under an hour, hours under two days, then days', () => {
    expect(dueInWords(at(35), NOW)).toEqual({ text: 'due in 35 min', breached: false });
    expect(dueInWords(at(120), NOW)).toEqual({ text: 'due in 2 h', breached: false });
    expect(dueInWords(at(47 * 60), NOW)).toEqual({ text: 'due in 47 h', breached: false });
    expect(dueInWords(at(3 * 1440), NOW)).toEqual({ text: 'due in 3 d', breached: false });
  });

  it('says how long ago a passed due time was breached', () => {
    expect(dueInWords(at(-35), NOW)).toEqual({ text: 'breached 35 min ago', breached: true });
    expect(dueInWords(at(-180), NOW)).toEqual({ text: 'breached 3 h ago', breached: true });
  });
});

describe('business minutes shown as hours', () => {
  it('reads hours and the minutes left over', () => {
    expect(minutesAsHours(240)).toBe('4 h');
    expect(minutesAsHours(90)).toBe('1 h 30 min');
    expect(minutesAsHours(45)).toBe('45 min');
  });
});

describe('the case list in the URL', () => {
  it('keeps a known queue tab and a search, and drops the rest', () => {
    expect(validateCasesSearch({ queue: 'unassigned', q: ' C-1042 ' })).toEqual({ queue: 'unassigned', q: 'C-1042' });
    expect(validateCasesSearch({ queue: 'breaches' })).toEqual({ queue: 'breaches' });
    expect(validateCasesSearch({ queue: 'breaching' })).toEqual({ queue: 'breaching' });
    expect(validateCasesSearch({ queue: 'pending' })).toEqual({ queue: 'pending' });
    expect(validateCasesSearch({ queue: 'everyone', q: '' })).toEqual({});
  });
});

import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { formatMetric } from './api.ts';
import { change, periodRanges, validateDashboardSearch } from './dashboards.ts';

describe('department dashboards', () => {
  it('compares whole days ending yesterday with the same number of days before', () => {
    expect(periodRanges('30d', dayjs('2027-03-01'))).toEqual({
      current: { from: '2027-01-30', to: '2027-02-28' },
      previous: { from: '2026-12-31', to: '2027-01-29' },
    });
    expect(periodRanges('12m', dayjs('2027-01-01')).current).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });

  it('says whether a change is good news from the metric’s good direction', () => {
    expect(change(0.7, 0.6, 'up')).toEqual({ delta: expect.closeTo(0.1), good: true });
    expect(change(90, 120, 'down')).toEqual({ delta: -30, good: true });
    expect(change(130, 120, 'down')).toEqual({ delta: 10, good: false });
    expect(change(5, 5, 'up')).toEqual({ delta: 0, good: null });
    expect(change(null, 5, 'up')).toBeNull();
    expect(change(5, null, 'up')).toBeNull();
  });

  it('keeps only known values from the URL', () => {
    expect(validateDashboardSearch({ department: 'service', period: '90d', metric: 'service.fcr_rate' })).toEqual({
      department: 'service',
      period: '90d',
      metric: 'service.fcr_rate',
    });
    expect(validateDashboardSearch({ department: 'nope', period: '5y', metric: '<script>' })).toEqual({});
  });

  it('reads durations in minutes, hours or days', () => {
    expect(formatMetric(45, { unit: 'minutes' }, 'EUR')).toBe('45 min');
    expect(formatMetric(150, { unit: 'minutes' }, 'EUR')).toBe(`${(2.5).toLocaleString()} h`);
    expect(formatMetric(4320, { unit: 'minutes' }, 'EUR')).toBe('3 days');
  });
});

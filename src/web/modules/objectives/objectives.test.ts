import { describe, expect, it } from 'vitest';
import { describeTargetInput, formatMetric, type Objective, problemField, projectionModel, toTarget } from './api.ts';

const objective = (targetInput: Objective['targetInput']) => ({ targetInput }) as Objective;

describe('objective values as people read them', () => {
  it('shows a ratio as a percentage, money in the currency, counts per week', () => {
    expect(formatMetric(0.625, { unit: 'ratio' }, 'EUR')).toBe(`${(62.5).toLocaleString()}%`);
    expect(formatMetric(12, { unit: 'count' }, 'EUR', { perWeek: true })).toBe('12 / week');
    expect(formatMetric(150_000, { unit: 'money' }, 'EUR', { perWeek: true })).toMatch(/1,?500.*\/ week$/);
    expect(formatMetric(null, { unit: 'count' }, 'EUR')).toBe('—');
  });

  it('says a relative target as a signed change from the baseline', () => {
    expect(describeTargetInput(objective({ relativeChange: -0.4 }), undefined, 'EUR')).toBe('−40% from the baseline');
    expect(describeTargetInput(objective({ relativeChange: 0.25 }), undefined, 'EUR')).toBe('+25% from the baseline');
  });

  it('names the projection model with its end date', () => {
    expect(projectionModel({ endDate: '2027-06-30' })).toBe(
      'Linear trend over the last 6 weeks, projected to 30 June 2027',
    );
  });
});

describe('the new objective form', () => {
  it('turns the typed target into the API’s target on the metric’s scale', () => {
    expect(toTarget('relative', -40, 'ratio', 'EUR')).toEqual({ relativeChange: -0.4 });
    expect(toTarget('absolute', 60, 'ratio', 'EUR')).toEqual({ value: 0.6 });
    expect(toTarget('absolute', 1500, 'money', 'EUR')).toEqual({ value: 150_000 });
    expect(toTarget('absolute', 1500, 'money', 'JPY')).toEqual({ value: 1500 });
    expect(toTarget('absolute', 30, 'count', 'EUR')).toEqual({ value: 30 });
  });

  it('puts each server problem on the field it names', () => {
    expect(problemField('/endDate')).toBe('endDate');
    expect(problemField('/target/relativeChange')).toBe('targetValue');
    expect(problemField('/filter/teamId')).toBe('teamId');
    expect(problemField('/metricId')).toBe('metricId');
    expect(problemField('')).toBeNull();
    expect(problemField('/unknown')).toBeNull();
  });
});

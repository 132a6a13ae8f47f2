import { describe, expect, it } from 'vitest';
import type { Deal } from './api/deals.ts';
import { boardFilters, validateDealsSearch, validateForecastSearch } from './search.ts';
import { fieldOf, missingFor } from './stageRules.ts';

const deal = (over: Partial<Deal>): Deal => ({
  id: 'd1',
  version: 1,
  deletedAt: null,
  amount: null,
  expectedCloseDate: null,
  lostReasonId: null,
  ...over,
});

describe('what a stage asks for on a move', () => {
  it('asks a lost stage for the reason, unless the deal has one', () => {
    expect(missingFor(deal({}), { outcome: 'lost', requiredFields: [] })).toEqual(['lostReasonId']);
    expect(missingFor(deal({ lostReasonId: 'r1' }), { outcome: 'lost', requiredFields: [] })).toEqual([]);
  });

  it('asks for the required fields that are empty, and leaves hidden ones to the server', () => {
    const stage = { outcome: 'open' as const, requiredFields: ['amount', 'expectedCloseDate', 'people'] };
    expect(missingFor(deal({}), stage)).toEqual(['amount', 'expectedCloseDate']);
    expect(missingFor(deal({ amount: { amountMinor: 100, currency: 'EUR' } }), stage)).toEqual(['expectedCloseDate']);
    const { amount: _hidden, ...withoutAmount } = deal({});
    expect(missingFor(withoutAmount as Deal, stage)).toEqual(['expectedCloseDate']);
  });

  it('reads the field a problem names', () => {
    expect(fieldOf('/amount')).toBe('amount');
    expect(fieldOf('/amount/currency')).toBe('amount');
    expect(fieldOf('/lostReasonId')).toBe('lostReasonId');
  });
});

describe('deals in the URL', () => {
  it('keeps the pipeline, layout and board filters, and drops what is malformed', () => {
    const search = validateDealsSearch({
      pipeline: 'p1',
      layout: 'table',
      owner: 'u1',
      closeFrom: '2031-01-01',
      closeTo: 'soon',
      tag: ['vip', ''],
      filter: 'stageId:eq:s1',
    });
    expect(search).toEqual({
      pipeline: 'p1',
      layout: 'table',
      owner: 'u1',
      closeFrom: '2031-01-01',
      tag: ['vip'],
      filter: ['stageId:eq:s1'],
    });
    expect(validateDealsSearch({ layout: 'board' }).layout).toBeUndefined();
  });

  it('turns the board filters into the API filter syntax', () => {
    expect(
      boardFilters({ owner: 'u1', team: 't1', closeFrom: '2031-01-01', closeTo: '2031-03-31', tag: ['a', 'b'] }),
    ).toEqual([
      'ownerId:eq:u1',
      'teamId:eq:t1',
      'expectedCloseDate:gte:2031-01-01',
      'expectedCloseDate:lte:2031-03-31',
      'tags:eq:a',
      'tags:eq:b',
    ]);
  });

  it('accepts a quarter or a month as the forecast period', () => {
    expect(validateForecastSearch({ period: '2031-Q1', by: 'team' })).toEqual({ period: '2031-Q1', by: 'team' });
    expect(validateForecastSearch({ period: '2031-03' })).toEqual({ period: '2031-03' });
    expect(validateForecastSearch({ period: 'next quarter', by: 'owner' })).toEqual({});
  });
});

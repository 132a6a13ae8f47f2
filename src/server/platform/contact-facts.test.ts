import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { applyContact, type ContactColumns, contactDueAt, effectiveCadence } from './contact-facts.ts';

const row = (over: Partial<ContactColumns> = {}): ContactColumns => ({
  cadence_days: null,
  last_contact_at: null,
  last_contact_by: null,
  last_contact_channel: null,
  last_two_way_at: null,
  contact_due_at: null,
  created_at: '2026-01-01T00:00:00.000Z',
  ...over,
});

describe('contact facts', () => {
  it('uses the record cadence, then the stage default, then 30 days', () => {
    expect(effectiveCadence(7, 'customer', {})).toBe(7);
    expect(effectiveCadence(null, 'customer', { customer: 45 })).toBe(45);
    expect(effectiveCadence(null, 'lead', {})).toBe(14);
    expect(effectiveCadence(null, null, {})).toBe(30);
  });

  it('a two-way touchpoint moves last contact and the due date; a one-way one only last contact', () => {
    const oneWay = applyContact(
      row(),
      { at: '2026-02-01T00:00:00.000Z', byUserId: 'u', channel: 'email', twoWay: false },
      30,
    );
    expect(oneWay).toEqual({
      last_contact_at: '2026-02-01T00:00:00.000Z',
      last_contact_by: 'u',
      last_contact_channel: 'email',
    });
    const call = applyContact(
      row(),
      { at: '2026-02-01T00:00:00.000Z', byUserId: 'u', channel: 'phone', twoWay: true },
      30,
    );
    expect(call.contact_due_at).toBe('2026-03-03T00:00:00.000Z');
  });

  test.prop([
    fc.date({ min: new Date('2025-01-01'), max: new Date('2027-01-01'), noInvalidDate: true }),
    fc.date({ min: new Date('2025-01-01'), max: new Date('2027-01-01'), noInvalidDate: true }),
  ])('an older touchpoint never moves last contact backwards', (a, b) => {
    const first = applyContact(row(), { at: a.toISOString(), byUserId: 'x', channel: 'phone', twoWay: true }, 30);
    const after = { ...row(), ...first };
    const second = applyContact(after, { at: b.toISOString(), byUserId: 'y', channel: 'sms', twoWay: true }, 30);
    const merged = { ...after, ...second };
    const latest = new Date(Math.max(a.getTime(), b.getTime()));
    expect(merged.last_contact_at).toBe(latest.toISOString());
    expect(merged.contact_due_at).toBe(contactDueAt(latest.toISOString(), after.created_at, 30));
  });
});

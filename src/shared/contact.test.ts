import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { normaliseDomain, normaliseEmail, normalisePhone } from './contact.ts';

describe('normalisePhone', () => {
  it('turns the ways people type a US number into one E.164 value', () => {
    for (const raw of ['+1 (415) 555-0100', '415.555.0100', '14155550100', '(415) 555 0100', '+14155550100']) {
      expect(normalisePhone(raw, 'US')).toMatchObject({ ok: true, e164: '+14155550100' });
    }
  });

  it('uses the workspace country for national numbers', () => {
    expect(normalisePhone('020 7946 0000', 'GB')).toMatchObject({ ok: true, e164: '+442079460000' });
    expect(normalisePhone('030 1234567', 'DE')).toMatchObject({ ok: true, e164: '+49301234567' });
  });

  it('rejects what is not a phone number, with a reason', () => {
    for (const raw of ['', 'abc', '12', 'call me maybe', '1'.repeat(50)]) {
      const r = normalisePhone(raw, 'US');
      expect(r.ok).toBe(false);
    }
  });

  test.prop([fc.string({ maxLength: 60 }), fc.constantFrom('US', 'GB', 'DE', 'FR')])(
    'never throws and is idempotent',
    (raw, country) => {
      const r = normalisePhone(raw, country);
      if (r.ok) {
        expect(r.e164).toMatch(/^\+\d{7,15}$/);
        expect(normalisePhone(r.e164, country)).toMatchObject({ ok: true, e164: r.e164 });
      }
    },
  );

  test.prop([
    fc.integer({ min: 200, max: 999 }),
    fc.integer({ min: 200, max: 999 }),
    fc.integer({ min: 0, max: 9999 }),
  ])('formatting does not change the result', (area, exchange, line) => {
    const digits = `${area}${exchange}${String(line).padStart(4, '0')}`;
    const plain = normalisePhone(digits, 'US');
    const dotted = normalisePhone(`${area}.${exchange}.${String(line).padStart(4, '0')}`, 'US');
    const intl = normalisePhone(`+1 (${area}) ${exchange}-${String(line).padStart(4, '0')}`, 'US');
    const national = normalisePhone(`(${area}) ${exchange}-${String(line).padStart(4, '0')}`, 'US');
    expect(dotted).toEqual(national);
    expect(intl).toEqual(national);
    if (plain.ok && plain.country === 'US') expect(national).toEqual(plain);
  });
});

describe('normaliseEmail', () => {
  it('lower-cases and trims valid addresses; rejects invalid ones', () => {
    expect(normaliseEmail('  Ada@Example.COM ')).toEqual({ ok: true, email: 'ada@example.com' });
    for (const bad of ['', 'a@b', 'no-at.example.com', 'a b@example.com', '@example.com'])
      expect(normaliseEmail(bad).ok).toBe(false);
  });

  test.prop([fc.emailAddress()])('accepts generated addresses and is idempotent', (email) => {
    const r = normaliseEmail(email);
    if (r.ok) expect(normaliseEmail(r.email)).toEqual(r);
  });
});

describe('normaliseDomain', () => {
  it('strips scheme, www and path', () => {
    expect(normaliseDomain('https://www.Acme.co.uk/about?x=1')).toBe('acme.co.uk');
    expect(normaliseDomain('not a domain')).toBeUndefined();
  });
});

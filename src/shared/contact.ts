/**
 * Phone and email normalisation, shared by the server (validation, lookup) and the web app (previews).
 * Phones become E.164 using the workspace's default country for numbers written without a country code.
 */
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import validator from 'validator';

export type PhoneResult = { ok: true; e164: string; country: string | undefined } | { ok: false; reason: string };

export function normalisePhone(input: string, defaultCountry: string): PhoneResult {
  const raw = input.trim();
  if (raw === '') return { ok: false, reason: 'is empty' };
  if (raw.length > 40) return { ok: false, reason: 'is too long to be a phone number' };
  if (!/^[\d\s()+\-./extEXT#*]+$/.test(raw))
    return { ok: false, reason: 'contains characters a phone number cannot have' };
  let parsed = parsePhoneNumberFromString(raw, defaultCountry.toUpperCase() as CountryCode);
  // "14155550100": bare digits with a leading country code but no "+" (what call centres' systems often send)
  if (!parsed?.isValid() && /^[1-9]\d{9,14}$/.test(raw)) {
    const withPlus = parsePhoneNumberFromString(`+${raw}`);
    if (withPlus?.isValid()) parsed = withPlus;
  }
  if (!parsed?.isValid())
    return {
      ok: false,
      reason: `is not a valid phone number for ${defaultCountry.toUpperCase()} or in international format`,
    };
  return { ok: true, e164: parsed.number, country: parsed.country };
}

export type EmailResult = { ok: true; email: string } | { ok: false; reason: string };

export function normaliseEmail(input: string): EmailResult {
  const email = input.trim().toLowerCase();
  if (email === '') return { ok: false, reason: 'is empty' };
  if (email.length > 254 || !validator.isEmail(email, { allow_utf8_local_part: true, require_tld: true })) {
    return { ok: false, reason: 'is not a valid email address' };
  }
  return { ok: true, email };
}

export function normaliseDomain(input: string): string | undefined {
  let d = input.trim().toLowerCase();
  d =
    d
      .replace(/^[a-z]+:\/\//, '')
      .replace(/^www\./, '')
      .split(/[/?#]/)[0] ?? '';
  return /^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(d) ? d : undefined;
}

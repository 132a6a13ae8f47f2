import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** An E.164 number the server stored (`+442079460958`), shown the international way (`+44 20 7946 0958`). */
export function formatPhone(value: string | null | undefined): string {
  if (!value) return '';
  try {
    return parsePhoneNumberFromString(value)?.formatInternational() ?? value;
  } catch {
    return value;
  }
}

/**
 * What a typed number will be saved as, read in `country` when it has no country code (the server does the same with
 * the full metadata): `+1 415 555 0100`, or null while it is not a valid number yet.
 */
export function previewPhone(raw: string | null | undefined, country: string): string | null {
  const text = raw?.trim();
  if (!text || !/\d{3}/.test(text)) return null;
  try {
    const parsed = parsePhoneNumberFromString(text, (country || undefined) as CountryCode | undefined);
    return parsed?.isValid() ? parsed.formatInternational() : null;
  } catch {
    return null;
  }
}

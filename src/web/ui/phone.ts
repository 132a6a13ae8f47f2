import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** An E.164 number the server stored (`+442079460958`), shown the international way (`+44 20 7946 0958`). */
export function formatPhone(value: string | null | undefined): string {
  if (!value) return '';
  try {
    return parsePhoneNumberFromString(value)?.formatInternational() ?? value;
  } catch {
    return value;
  }
}

/**
 * Countries: the ISO 3166-1 alpha-2 codes (plus XK, Kosovo, which phone numbering and most software use), with their
 * names from the runtime's own locale data (`Intl.DisplayNames`), so no name list is shipped or kept up to date here.
 * Shared by the web app (the country picker, addresses shown by name) and the server (is this a country code).
 */

const CODES =
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA ' +
  'CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA ' +
  'GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
  'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS ' +
  'MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS ' +
  'RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW ' +
  'TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW';

/** Every country code, upper case, in code order. */
export const COUNTRY_CODES: readonly string[] = CODES.split(' ');

const KNOWN = new Set(COUNTRY_CODES);

/** Whether `code` (any case) is a country code. */
export function isCountryCode(code: string): boolean {
  return KNOWN.has(code.toUpperCase());
}

const displayNames = new Map<string, Intl.DisplayNames | null>();

/** A country's name in `locale` ("DE" → "Germany"); the code itself when the runtime has no name for it. */
export function countryName(code: string | null | undefined, locale?: string): string {
  if (!code) return '';
  const key = locale ?? '';
  if (!displayNames.has(key)) {
    try {
      displayNames.set(key, new Intl.DisplayNames(locale ? [locale] : undefined, { type: 'region' }));
    } catch {
      displayNames.set(key, null);
    }
  }
  try {
    return displayNames.get(key)?.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

export interface CountryOption {
  value: string;
  label: string;
}

/** Every country as a picker option, sorted by name in `locale`. */
export function countryOptions(locale?: string): CountryOption[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base' });
  return COUNTRY_CODES.map((code) => ({ value: code, label: countryName(code, locale) })).sort((a, b) =>
    collator.compare(a.label, b.label),
  );
}

const fold = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/**
 * Whether a typed search finds a country: its code exactly ("de", "GB"), or the start of its name or of any word of
 * it, ignoring case and accents ("germ", "kingdom", "cote d'iv").
 */
export function countryMatches(option: CountryOption, search: string): boolean {
  const q = fold(search);
  if (q === '') return true;
  if (q.length === 2 && option.value.toLowerCase() === q) return true;
  const name = fold(option.label);
  const words = name.split(' ');
  return words.some((_, i) => words.slice(i).join(' ').startsWith(q));
}

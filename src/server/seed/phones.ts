/**
 * Telephone numbers from realistic national templates (mobile ranges, city area codes), kept only when libphonenumber's
 * full metadata says the number is valid for the country, and returned in E.164.
 */
import type { CountryCode as PhoneCountry } from 'libphonenumber-js';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Rng } from './random.ts';
import type { City, Country } from './reference.ts';

const compiled = new Map<string, string>();

/** `n` = 2-9, `d` = 0-9, digits literal, spaces ignored. */
export function fillTemplate(rng: Rng, template: string): string {
  let t = compiled.get(template);
  if (t === undefined) {
    t = template.replace(/\s+/g, '');
    compiled.set(template, t);
  }
  let out = '';
  for (let i = 0; i < t.length; i++) {
    const ch = t.charCodeAt(i);
    if (ch === 100 /* d */) out += String.fromCharCode(48 + rng.int(10));
    else if (ch === 110 /* n */) out += String.fromCharCode(50 + rng.int(8));
    else out += t[i];
  }
  return out;
}

/** A valid number in E.164 from one of the templates, or throws if the templates cannot produce one. */
export function phoneFrom(rng: Rng, country: string, templates: readonly string[]): string {
  for (let attempt = 0; attempt < 50; attempt++) {
    const national = fillTemplate(rng, rng.pick(templates));
    const parsed = parsePhoneNumberFromString(national, country as PhoneCountry);
    if (parsed?.isValid()) return parsed.number;
  }
  throw new Error(`No valid ${country} phone number from ${templates.join(', ')}`);
}

export function mobileNumber(rng: Rng, country: Country, city: City): string {
  // US mobiles share the geographic area codes
  return phoneFrom(rng, country.code, country.mobile.length > 0 ? country.mobile : city.landline);
}

export function landlineNumber(rng: Rng, country: Country, city: City): string {
  return phoneFrom(rng, country.code, city.landline);
}

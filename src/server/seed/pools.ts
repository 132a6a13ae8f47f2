/**
 * Precomputed pools the hot loop samples from (Faker is far too slow to call per row at a million rows): names per
 * country with a realistic frequency curve, street names, cities. Built once per run from the seed.
 */
import { base, de, en_GB, en_US, es, Faker, fr, nl } from '@faker-js/faker';
import { type Rng, Weighted } from './random.ts';
import { type City, COUNTRIES, type Country, type CountryCode, NAMES, STREETS } from './reference.ts';

export interface NamePool {
  female: Weighted<string>;
  male: Weighted<string>;
  last: Weighted<string>;
}

export interface Pools {
  countries: Weighted<Country>;
  byCode: Map<CountryCode, Country>;
  cities: Map<CountryCode, Weighted<City>>;
  names: Map<CountryCode, NamePool>;
  streets: Map<CountryCode, readonly string[]>;
}

/** Common head names first, then Faker's list (shuffled) as a long tail, without repeats. */
function withTail(rng: Rng, head: readonly string[], tail: readonly string[] | undefined, tailLimit: number): string[] {
  const seen = new Set(head);
  const extra = rng.shuffle((tail ?? []).filter((n) => !seen.has(n) && /^[\p{L}' -]+$/u.test(n)));
  return [...head, ...extra.slice(0, tailLimit)];
}

/** A string list from Faker's locale definitions: the value itself, or its `female` / `male` / `generic` entry. */
function fakerList(definition: unknown, key?: 'female' | 'male' | 'generic'): string[] | undefined {
  const v =
    key && definition && typeof definition === 'object' ? (definition as Record<string, unknown>)[key] : definition;
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
}

export function buildPools(rng: Rng, seed: number): Pools {
  const countries = new Weighted(COUNTRIES.map((c) => [c, c.weight] as const));
  const byCode = new Map(COUNTRIES.map((c) => [c.code, c]));
  const cities = new Map(
    COUNTRIES.map((c) => [c.code, new Weighted(c.cities.map((city) => [city, city.weight] as const))]),
  );

  // Faker's locale data: real surnames for DE/FR/ES/NL, modern first names for DE/ES/NL. (Its English and French
  // first-name lists are padded with invented or archaic names, so those countries use the curated lists only.)
  const tails: Partial<Record<CountryCode, { female?: string[]; male?: string[]; last?: string[] }>> = {
    DE: {
      female: fakerList(de.person?.first_name, 'female'),
      male: fakerList(de.person?.first_name, 'male'),
      last: fakerList(de.person?.last_name, 'generic'),
    },
    FR: { last: fakerList(fr.person?.last_name, 'generic') },
    ES: {
      female: fakerList(es.person?.first_name, 'female'),
      male: fakerList(es.person?.first_name, 'male'),
      last: fakerList(es.person?.last_name, 'generic'),
    },
    NL: {
      female: fakerList(nl.person?.first_name, 'female'),
      male: fakerList(nl.person?.first_name, 'male'),
      last: fakerList(nl.person?.last_name, 'generic'),
    },
  };
  const names = new Map<CountryCode, NamePool>();
  for (const c of COUNTRIES) {
    const head = NAMES[c.code];
    const tail = tails[c.code] ?? {};
    names.set(c.code, {
      // offset 6: the most common name is a few percent of people, as in real populations
      female: Weighted.zipf(withTail(rng, head.female, tail.female, 150), 1, 6),
      male: Weighted.zipf(withTail(rng, head.male, tail.male, 150), 1, 6),
      last: Weighted.zipf(withTail(rng, head.last, tail.last, 600), 0.9, 8),
    });
  }

  const frFaker = new Faker({ locale: [fr, base] });
  frFaker.seed(seed);
  const frStreets = new Set<string>();
  for (let i = 0; i < 600; i++) {
    const s = frFaker.location.street();
    frStreets.add(s.charAt(0).toLowerCase() + s.slice(1)); // "12 rue de la Paix": the street type is lower case
  }
  const streets = new Map<CountryCode, readonly string[]>([
    ['GB', en_GB.location?.street_name ?? []],
    ['IE', en_GB.location?.street_name ?? []],
    ['US', en_US.location?.street_name ?? []],
    ['DE', de.location?.street_name ?? []],
    ['FR', [...frStreets]],
    ['ES', STREETS.ES ?? []],
    ['NL', STREETS.NL ?? []],
  ]);
  for (const [code, list] of streets) if (list.length === 0) throw new Error(`No street names for ${code}`);

  return { countries, byCode, cities, names, streets };
}

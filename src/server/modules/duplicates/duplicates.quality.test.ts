/**
 * How good the duplicate matcher is, on a labelled synthetic set built here from a fixed seed: people, and true
 * duplicates of some of them written the ways people write the same person twice (a nickname and the email in
 * capitals, a typo in the surname with the same phone, the phone written nationally, the name in capitals with the
 * same email, a typo alone); and the look-alikes that are not duplicates: namesakes (same name, nothing else shared),
 * family members sharing the home phone, colleagues sharing the company's email domain. The real scan runs over them
 * (blocking and scoring, through the job) and its pairs are compared with the labels: precision and recall at the
 * proposal threshold and at 0.8. The figures are printed and recorded in docs/benchmarks.md; the test holds the floor
 * below which the review queue would stop being worth reading.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';

const FIRST = ['Robert', 'William', 'Elizabeth', 'Margaret', 'Richard', 'James', 'Michael', 'Katherine', 'Thomas'];
const NICK: Record<string, string> = {
  Robert: 'Bob',
  William: 'Bill',
  Elizabeth: 'Liz',
  Margaret: 'Peggy',
  Richard: 'Rick',
  James: 'Jim',
  Michael: 'Mike',
  Katherine: 'Kate',
  Thomas: 'Tom',
};
const OTHER_FIRST = ['Alice', 'Hugo', 'Nadia', 'Oscar', 'Priya', 'Sven', 'Yara', 'Zoltan', 'Ines', 'Kofi'];
const LAST = [
  'Hartley',
  'Okonkwo',
  'Lindqvist',
  'Moreau',
  'Castellano',
  'Brennan',
  'Nakamura',
  'Fairbanks',
  'Whitcombe',
  'Abernathy',
  'Delacroix',
  'Vasquez',
  'Kowalczyk',
  'Thornbury',
  'Ashworth',
];

/** A small fixed-seed generator (mulberry32): the same set on every run and both databases. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Written {
  label: string;
  firstName: string;
  lastName: string;
  emails: string[];
  phones: string[];
}

/** Swaps two inner letters of a surname: a typo a tired agent makes. */
const typo = (s: string) => `${s.slice(0, 2)}${s[3]}${s[2]}${s.slice(4)}`;
/** The first vowel after the initial written as another: a surname spelt as it sounds (Hartley → Hertley). */
const misspelt = (s: string) => s.replace(/(?<=^.[^aeiou]*)[aeiou]/, (v) => (v === 'e' ? 'a' : 'e'));

function labelledSet(): { people: Written[]; duplicates: [string, string][]; lookAlikes: [string, string][] } {
  const rnd = random(20261203);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const people: Written[] = [];
  const duplicates: [string, string][] = [];
  /** Pairs that share a phone or an email domain under different names: never to be proposed. */
  const lookAlikes: [string, string][] = [];
  const bases: Written[] = [];
  // Eighty distinct names (namesakes come below, on purpose, not by the draw).
  const names = FIRST.flatMap((f) => LAST.flatMap((l) => [`${f}|${l}`, `${f}|${l}-Reed`]));
  for (let i = names.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [names[i], names[j]] = [names[j]!, names[i]!];
  }
  for (let i = 0; i < 80; i++) {
    const [firstName = '', lastName = ''] = names[i]!.split('|');
    const base: Written = {
      label: `base-${i}`,
      firstName,
      lastName,
      emails: [`${firstName}.${lastName}.${i}@mail${i % 7}.example`.toLowerCase()],
      phones: [`+44 20 7946 ${String(1000 + i).padStart(4, '0')}`],
    };
    bases.push(base);
    people.push(base);
  }
  const variants: ((b: Written, i: number) => Omit<Written, 'label'>)[] = [
    // A nickname, and the email as the customer typed it.
    (b) => ({ firstName: NICK[b.firstName]!, lastName: b.lastName, emails: [b.emails[0]!.toUpperCase()], phones: [] }),
    // A typo in the surname, the same phone, another email.
    (b, i) => ({
      firstName: b.firstName,
      lastName: typo(b.lastName),
      emails: [`other.${i}@elsewhere.example`],
      phones: b.phones,
    }),
    // The phone written nationally, nothing else in common but the name.
    (b) => ({
      firstName: b.firstName,
      lastName: b.lastName,
      emails: [],
      phones: [b.phones[0]!.replace('+44 20', '020')],
    }),
    // The name in capitals, the same email.
    (b) => ({ firstName: b.firstName.toUpperCase(), lastName: b.lastName.toUpperCase(), emails: b.emails, phones: [] }),
    // The surname spelt as it sounds, with nothing else shared.
    (b) => ({ firstName: b.firstName, lastName: misspelt(b.lastName), emails: [], phones: [] }),
  ];
  for (let i = 0; i < 30; i++) {
    const base = bases[i * 2]!;
    const v = variants[i % variants.length]!(base, i);
    const label = `dup-${i}`;
    people.push({ label, ...v });
    duplicates.push([base.label, label]);
  }
  // Namesakes: the same name as a base person, nothing else shared (another team's customer, another city).
  for (let i = 0; i < 10; i++) {
    const base = bases[1 + i * 4]!;
    people.push({
      label: `namesake-${i}`,
      firstName: base.firstName,
      lastName: base.lastName,
      emails: [`${base.firstName}${i}@namesake.example`.toLowerCase()],
      phones: [`+44 161 496 ${String(2000 + i).padStart(4, '0')}`],
    });
  }
  // Family: the same surname and home phone, another first name.
  for (let i = 0; i < 10; i++) {
    const base = bases[3 + i * 4]!;
    lookAlikes.push([base.label, `family-${i}`]);
    people.push({
      label: `family-${i}`,
      firstName: OTHER_FIRST[i]!,
      lastName: base.lastName,
      emails: [],
      phones: base.phones,
    });
  }
  // Colleagues: another name at the same company's email domain.
  for (let i = 0; i < 10; i++) {
    const base = bases[41 + i * 3]!;
    const domain = base.emails[0]!.split('@')[1]!;
    lookAlikes.push([base.label, `colleague-${i}`]);
    people.push({
      label: `colleague-${i}`,
      firstName: OTHER_FIRST[(i + 3) % OTHER_FIRST.length]!,
      lastName: pick(LAST),
      emails: [`colleague.${i}@${domain}`],
      phones: [],
    });
  }
  return { people, duplicates, lookAlikes };
}

let t: TestContext;
let admin: TestUser;
let adminS: Session;
const labelOf = new Map<string, string>();
let truth: Set<string>;
let never: Set<string>;

const key = (a: string, b: string) => [a, b].sort().join('|');

beforeAll(async () => {
  t = await testApp();
  admin = await createUser(t.services, 'admin', null, 'quality-admin');
  adminS = await login(t.app, admin.email);
  const { people, duplicates, lookAlikes } = labelledSet();
  const idOf = new Map<string, string>();
  for (const p of people) {
    const created = await t.services.people.create(admin.ctx, {
      firstName: p.firstName,
      lastName: p.lastName,
      emails: p.emails.map((email) => ({ email })),
      phones: p.phones.map((number) => ({ number })),
    });
    idOf.set(p.label, created.id);
    labelOf.set(created.id, p.label);
  }
  truth = new Set(duplicates.map(([a, b]) => key(idOf.get(a)!, idOf.get(b)!)));
  never = new Set(lookAlikes.map(([a, b]) => key(idOf.get(a)!, idOf.get(b)!)));
}, 120_000);

afterAll(() => t.close());

describe('duplicate matcher on a labelled set', () => {
  it('finds most true duplicates and proposes few look-alikes', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/duplicates/scan',
      headers: adminS.headers,
      payload: { kind: 'people' },
    });
    expect(res.statusCode, res.body).toBe(202);
    expect(await t.services.jobRunner.runOnce('work', json<{ id: string }>(res).id)).toBe(true);
    const pairs: { score: number; records: { id: string }[] }[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof t.app.inject>> = await t.app.inject({
        url: `/api/v1/duplicates?kind=people&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        headers: adminS.headers,
      });
      expect(page.statusCode, page.body).toBe(200);
      const body: { data: typeof pairs; nextCursor: string | null } = json(page);
      pairs.push(...body.data);
      cursor = body.nextCursor;
    } while (cursor);

    const at = (threshold: number) => {
      const proposed = pairs.filter((p) => p.score >= threshold).map((p) => key(p.records[0]!.id, p.records[1]!.id));
      const hits = proposed.filter((k) => truth.has(k)).length;
      const falses = proposed
        .filter((k) => !truth.has(k))
        .map((k) =>
          k
            .split('|')
            .map((id) => labelOf.get(id)!.replace(/-\d+$/, ''))
            .sort()
            .join('+'),
        );
      const missed = [...truth]
        .filter((k) => !proposed.includes(k))
        .map((k) =>
          k
            .split('|')
            .map((id) => labelOf.get(id)!)
            .sort()
            .join('+'),
        );
      return {
        threshold,
        proposed: proposed.length,
        missed,
        precision: proposed.length === 0 ? 1 : hits / proposed.length,
        recall: hits / truth.size,
        falsePositives: [...new Set(falses)],
      };
    };
    const atProposal = at(0.5);
    const atHigh = at(0.8);
    console.info(`duplicate matcher, ${truth.size} true pairs: ${JSON.stringify([atProposal, atHigh])}`);

    // The look-alikes that must never be proposed: a household sharing a phone, colleagues sharing a domain.
    expect(pairs.filter((p) => never.has(key(p.records[0]!.id, p.records[1]!.id)))).toEqual([]);
    // Floors: the queue is worth reading, and the high-score band is safe to bulk-merge.
    expect(atProposal.recall).toBeGreaterThanOrEqual(0.75);
    expect(atProposal.precision).toBeGreaterThanOrEqual(0.7);
    expect(atHigh.precision).toBe(1);
  });
});

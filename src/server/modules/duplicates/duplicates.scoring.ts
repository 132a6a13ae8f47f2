/**
 * The score of two existing records as likely duplicates, with a reason per signal: the same rules as the warning on
 * create (`duplicates.service.ts`), for the scan of the whole database. Pure functions.
 */
import { companyNameSimilarity, personNameSimilarity } from './duplicates.similarity.ts';

export interface Scored {
  score: number;
  reasons: string[];
}

/** What a person's comparison reads. */
export interface PersonFacts {
  firstName: string;
  lastName: string;
  emails: string[];
  phones: string[];
}

export interface CompanyFacts {
  name: string;
  domain: string | null;
}

/** Names at least this alike count as the same person's name. */
export const NAME_THRESHOLD = 0.88;
/** Pairs scoring below this are not proposed. */
export const PROPOSE = 0.5;

/**
 * A name alone is weak evidence (namesakes exist): 0.5 at the name threshold rising to 0.6 for the same name, so a
 * surname misspelt as it sounds (Hertley for Hartley, 0.94) is still proposed for review, below any shared email or
 * phone, and below the band bulk merge offers.
 */
export const nameAloneScore = (similarity: number): number =>
  0.5 + (0.1 * (similarity - NAME_THRESHOLD)) / (1 - NAME_THRESHOLD);

export const combine = (scores: number[]): number => Math.min(0.99, 1 - scores.reduce((p, s) => p * (1 - s), 1));
const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Two people: same email 0.9; same phone 0.8 only with alike names (a shared phone and different names is a household
 * or a switchboard, not a duplicate); an alike name `nameAloneScore`, unless both have emails and phones and
 * share none of either (namesakes: two people called John Smith, each reachable their own way). Undefined below the
 * proposal threshold.
 */
export function scorePeople(a: PersonFacts, b: PersonFacts): Scored | undefined {
  const reasons: string[] = [];
  const scores: number[] = [];
  const similarity = personNameSimilarity(a, b);
  const sameName = similarity >= NAME_THRESHOLD;
  if (a.emails.some((e) => b.emails.includes(e))) {
    reasons.push('same email');
    scores.push(0.9);
  }
  if (sameName && a.phones.some((p) => b.phones.includes(p))) {
    reasons.push('same phone');
    scores.push(0.8);
  }
  const namesakes =
    scores.length === 0 &&
    a.emails.length > 0 &&
    b.emails.length > 0 &&
    a.phones.length > 0 &&
    b.phones.length > 0 &&
    !a.phones.some((p) => b.phones.includes(p));
  if (sameName && !namesakes) {
    reasons.push(similarity === 1 ? 'same name' : `similar name ${similarity.toFixed(2)}`);
    scores.push(nameAloneScore(similarity));
  }
  const score = combine(scores);
  return score >= PROPOSE ? { score: round(score), reasons } : undefined;
}

/** Two companies: same domain 0.9; a name alike without its legal form (≥ 0.92) 0.75 × similarity. */
export function scoreCompanies(a: CompanyFacts, b: CompanyFacts): Scored | undefined {
  const reasons: string[] = [];
  const scores: number[] = [];
  if (a.domain && a.domain === b.domain) {
    reasons.push('same domain');
    scores.push(0.9);
  }
  const similarity = companyNameSimilarity(a.name, b.name);
  if (similarity >= 0.92) {
    reasons.push(similarity === 1 ? 'same name' : `similar name ${similarity.toFixed(2)}`);
    scores.push(0.75 * similarity);
  }
  const score = combine(scores);
  return score >= PROPOSE ? { score: round(score), reasons } : undefined;
}

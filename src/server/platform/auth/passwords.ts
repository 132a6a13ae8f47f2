/**
 * Password hashing with argon2id from node:crypto (Node >= 24.7), stored as a PHC string, and the password rules.
 */
import { argon2, randomBytes, timingSafeEqual } from 'node:crypto';
import { COMMON_PASSWORDS } from './common-passwords.ts';

const PARAMS = { memory: 19_456, passes: 2, parallelism: 1, tagLength: 32 } as const; // OWASP's argon2id baseline

function derive(
  password: string,
  nonce: Buffer,
  p: { memory: number; passes: number; parallelism: number; tagLength: number },
) {
  return new Promise<Buffer>((resolve, reject) => {
    argon2('argon2id', { message: password, nonce, ...p }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return `$argon2id$v=19$m=${PARAMS.memory},t=${PARAMS.passes},p=${PARAMS.parallelism}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, phc: string): Promise<boolean> {
  const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([\w-]+)\$([\w-]+)$/.exec(phc);
  if (!m) return false;
  const expected = Buffer.from(m[5]!, 'base64url');
  const key = await derive(password, Buffer.from(m[4]!, 'base64url'), {
    memory: Number(m[1]),
    passes: Number(m[2]),
    parallelism: Number(m[3]),
    tagLength: expected.length,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash to compare against when the user does not exist, so timing does not reveal which emails have accounts. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(12).toString('hex'));
  return dummyHash;
}

/**
 * The product's name alone or with a common word, compared on letters only ("Rapport-Demo!", "rapport2026",
 * "RapportCRM"): the first guesses against any Rapport install. `rapport-demo` is the published password of the demo
 * users, which the demo seed still gives them (it hashes it directly); no password set through the API, the CLI or
 * the first-admin settings may be one of these.
 */
const PRODUCT_PASSWORDS: ReadonlySet<string> = new Set(
  [
    '',
    'demo',
    'crm',
    'admin',
    'password',
    'pass',
    'login',
    'test',
    'user',
    'welcome',
    'welcometo',
    'dev',
    'app',
  ].flatMap((w) => [`rapport${w}`, `${w}rapport`]),
);

/** Returns a reason the password is not acceptable, or undefined. */
export function passwordProblem(password: string, context: { email?: string; name?: string } = {}): string | undefined {
  if (password.length < 8) return 'must be at least 8 characters';
  if (password.length > 256) return 'must be at most 256 characters';
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return 'is one of the most common passwords; choose another';
  if (PRODUCT_PASSWORDS.has(lower.replace(/[^a-z]/g, '')))
    return 'must not be the product name or the published demo password';
  const email = context.email?.trim().toLowerCase();
  if (email && lower.includes(email)) return 'must not contain your email address';
  if (/^(.)\1+$/.test(password)) return 'must not be one repeated character';
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return 'must not contain your email address';
  return undefined;
}

/**
 * Per-account login back-off: after repeated failed logins for one email, from any address, further attempts for it
 * wait. The per-address rate limit stops one client; this stops many clients guessing one account's password.
 *
 * - The 5th failure in a streak blocks the email for 30 s, each further failure doubles that, up to 15 minutes, so an
 *   attacker gets about four guesses an hour and cannot lock the real user out for longer than 15 minutes after the
 *   last failure.
 * - A streak ends after 15 minutes without a failure (counted from the end of the last block); a successful login
 *   ends it at once.
 * - Unknown emails are counted the same way, so the answers do not reveal which emails have accounts.
 * - The counts live in the `login_backoff` table (the only SQL for it is here), so every instance sees them. A failure
 *   is counted with one atomic upsert; attempts already past the check when the block starts still finish.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { IDENTITY_ERRORS } from './identity.errors.ts';

export const BACKOFF_AFTER_FAILURES = 5;
export const BACKOFF_FIRST_MS = 30_000;
export const BACKOFF_MAX_MS = 15 * 60_000;
/** Quiet time after which a streak of failures is forgotten. */
export const BACKOFF_STREAK_MS = 15 * 60_000;
/** Rows older than this are deleted when failures are recorded. */
const FORGET_AFTER_MS = 24 * 3_600_000;

/** How long the failure number `failures` of a streak blocks the email, in ms (0 below the threshold). */
export function backoffDelayMs(failures: number): number {
  if (failures < BACKOFF_AFTER_FAILURES) return 0;
  const doublings = Math.min(failures - BACKOFF_AFTER_FAILURES, 30);
  return Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** doublings);
}

/** 429 for an email in back-off; the route sends `retryAfterSeconds` as `Retry-After`. */
export class LoginBackoffError extends AppError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super(
      'auth.login_backoff',
      IDENTITY_ERRORS['auth.login_backoff'],
      'Too Many Requests',
      `Too many failed logins for this email; try again in ${retryAfterSeconds} seconds.`,
    );
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The key an attempt is counted under. */
export const backoffKey = (email: string): string => email.trim().toLowerCase();

/** Seconds until the email may try again, or 0 when it may now. */
export async function backoffRemaining(db: Executor, email: string, nowMs = Date.now()): Promise<number> {
  const row = await db
    .selectFrom('login_backoff')
    .select('blocked_until')
    .where('email', '=', backoffKey(email))
    .executeTakeFirst();
  if (!row?.blocked_until) return 0;
  const left = Date.parse(row.blocked_until) - nowMs;
  return left > 0 ? Math.ceil(left / 1000) : 0;
}

/** Counts a failed login; returns the failure number in the streak and the block it starts (seconds, 0 for none). */
export async function recordLoginFailure(
  db: Executor,
  email: string,
  nowMs = Date.now(),
): Promise<{ failures: number; blockedSeconds: number }> {
  const key = backoffKey(email);
  const at = new Date(nowMs).toISOString();
  const streakStart = new Date(nowMs - BACKOFF_STREAK_MS).toISOString();
  // The streak is over when its last failure, or the end of its block, is longer ago than the quiet time.
  const over = sql<boolean>`coalesce(login_backoff.blocked_until, login_backoff.last_failed_at) < ${streakStart}`;
  const row = await db
    .insertInto('login_backoff')
    .values({ email: key, failures: 1, last_failed_at: at, blocked_until: null })
    .onConflict((oc) =>
      oc.column('email').doUpdateSet({
        failures: sql<number>`case when ${over} then 1 else login_backoff.failures + 1 end`,
        blocked_until: sql<string | null>`case when ${over} then null else login_backoff.blocked_until end`,
        last_failed_at: at,
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  const failures = Number(row.failures);
  const delay = backoffDelayMs(failures);
  if (delay > 0) {
    await db
      .updateTable('login_backoff')
      .set({ blocked_until: new Date(nowMs + delay).toISOString() })
      .where('email', '=', key)
      .execute();
  }
  if (failures === 1) {
    await db
      .deleteFrom('login_backoff')
      .where('last_failed_at', '<', new Date(nowMs - FORGET_AFTER_MS).toISOString())
      .execute();
  }
  return { failures, blockedSeconds: Math.ceil(delay / 1000) };
}

/** A successful login ends the streak. */
export async function clearLoginFailures(db: Executor, email: string): Promise<void> {
  await db.deleteFrom('login_backoff').where('email', '=', backoffKey(email)).execute();
}

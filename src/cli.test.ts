/** The command line, run as a user would: separate processes against a throwaway SQLite file. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './server/db/database.ts';

const dir = mkdtempSync(join(tmpdir(), 'rapport-cli-'));
const db = `sqlite:${join(dir, 'cli.db')}`;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync('node', ['src/cli.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    timeout: 60_000,
  });

describe.runIf(process.env.TEST_DB !== 'postgres')('rapport CLI', () => {
  it('migrates, creates a user and an API token', async () => {
    const m = cli(['migrate', '--db', db]);
    expect(m.status).toBe(0);
    expect(m.stdout).toMatch(/Applied: 2026_11_22_1200_foundation/);
    expect(cli(['migrate', '--db', db]).stdout).toContain('up to date');

    const u = cli([
      'user',
      'create',
      '--email',
      'Cli.User@Example.com',
      '--password',
      'a-long-cli-passphrase',
      '--role',
      'sales',
      '--team',
      'North',
      '--db',
      db,
    ]);
    expect(u.status).toBe(0);
    expect(u.stdout).toMatch(/Created cli\.user@example\.com \(Sales\)/);
    const weak = cli(['user', 'create', '--email', 'weak@example.com', '--password', 'password1', '--db', db]);
    expect(weak.status).toBe(1);
    expect(weak.stderr).toContain('/password: is one of the most common passwords');

    const tok = cli([
      'token',
      'create',
      '--email',
      'cli.user@example.com',
      '--scope',
      'people=read',
      '--days',
      '7',
      '--db',
      db,
    ]);
    expect(tok.status).toBe(0);
    expect(tok.stdout.trim()).toMatch(/^rap_[\w-]{20,}$/);

    const database = await openDatabase(db, { migrate: false });
    const row = await database.db.selectFrom('api_tokens').select(['scopes', 'token_hash']).executeTakeFirstOrThrow();
    await database.close();
    expect(JSON.parse(row.scopes)).toEqual({ people: 'read' });
    expect(row.token_hash).not.toContain(tok.stdout.trim());
  });

  it('prints the configuration table and refuses invalid configuration naming the variable', () => {
    const c = cli(['config']);
    expect(c.stdout).toContain('| `DATABASE_URL` |');
    const bad = cli(['start'], { PORT: 'eighty', DATABASE_URL: db });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('PORT: must be a whole number');
  });
});

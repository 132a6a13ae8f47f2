/**
 * `npm test`: lint, type-check, the API types' staleness check, the unit/HTTP suites (SQLite, and PostgreSQL when
 * TEST_DATABASE_URL is set), then the browser tests (built web app + real server + Chromium). Stops at the first failure.
 */
import { spawnSync } from 'node:child_process';

const steps: [string, string[]][] = [
  ['lint', ['npx', 'biome', 'check', '.']],
  ['typecheck', ['npx', 'tsc', '--noEmit']],
  // The web app's API types (src/web/api/schema.d.ts) must match the server's OpenAPI document: npm run gen:api.
  ['API types up to date', ['node', 'scripts/gen-api.ts', '--check']],
  ['unit and HTTP tests', ['npx', 'vitest', 'run']],
  // The date-bomb check: the SQLite suite again with the wall clock a year ahead at 23:59 local, east of UTC+12.
  ['unit and HTTP tests, clock moved a year ahead', ['npx', 'vitest', 'run', '--project', 'sqlite']],
  ['browser tests', ['node', 'e2e/run.ts']],
];

for (const [name, [cmd, ...args]] of steps) {
  console.log(`\n== ${name}`);
  const env = name.includes('clock moved')
    ? { ...process.env, RAPPORT_TEST_NOW: 'ahead', TZ: 'Pacific/Kiritimati' }
    : process.env;
  const r = spawnSync(cmd!, args, { stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`\n${name} failed`);
    process.exit(r.status ?? 1);
  }
}

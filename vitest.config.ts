import { defineConfig } from 'vitest/config';

/**
 * The same suites run on SQLite and, when TEST_DATABASE_URL points at a PostgreSQL server, on PostgreSQL too
 * (each test file gets its own throwaway database there).
 */
const pg = process.env.TEST_DATABASE_URL;

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // RAPPORT_TEST_NOW moves the wall clock for the whole run (see the file); `npm test` runs once with it moved.
    setupFiles: ['src/server/test/clock-shift.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'sqlite', env: { TEST_DB: 'sqlite' } } },
      ...(pg ? [{ extends: true, test: { name: 'postgres', env: { TEST_DB: 'postgres' } } }] : []),
    ],
  },
});

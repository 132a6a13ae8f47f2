import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['e2e/**/*.spec.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    // A busy 2-core CI machine can take a while to move focus or re-render: poll patiently (default is 1 s).
    expect: { poll: { timeout: 15_000, interval: 100 } },
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Unit tests run in jsdom; files that need plain Node or drive a browser say so with `// @vitest-environment node`.
    environment: 'jsdom',
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    coverage: { provider: 'v8', include: ['src/**'], exclude: ['examples/**'], thresholds: { lines: 95, branches: 95 }, reporter: ['text-summary'] },
  },
});

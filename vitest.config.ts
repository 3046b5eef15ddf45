import { defineConfig } from 'vitest/config';

// Tests resolve workspace packages to their TypeScript sources through the
// "@chiplet-dse/source" export condition (node tests run in vite's SSR environment),
// so unit tests never wait for a build. CLI end-to-end tests run the built bin.
export default defineConfig({
  ssr: { resolve: { conditions: ['@chiplet-dse/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'examples/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/plainSummaryReporter.ts'],
    globalSetup: ['./test/helpers/bundleSetup.ts'],
  },
});

import { defineConfig } from 'vitest/config';

// Tests resolve workspace packages to their TypeScript sources through the
// "@chiplet-dse/source" export condition (node tests run in vite's SSR environment),
// so unit tests never wait for a build. CLI end-to-end tests run the built bin.
export default defineConfig({
  ssr: { resolve: { conditions: ['@chiplet-dse/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'examples/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    // vitest's default on a 2-core machine is one file at a time (available parallelism - 1). Most
    // of the time goes to end-to-end tests that wait on a child process (the CLI, npm, Slurm, a
    // browser), so two files at a time keep both cores busy.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/plainSummaryReporter.ts'],
    globalSetup: ['./test/helpers/bundleSetup.ts'],
  },
});

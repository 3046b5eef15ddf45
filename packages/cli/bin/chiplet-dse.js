#!/usr/bin/env node
// The chiplet-dse command. This shim is committed, not built, so that `npm ci` in a fresh clone
// links it into node_modules/.bin before the first build (npm skips a bin whose file is missing);
// it runs the built CLI in ../dist.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/bin/chiplet-dse.js', import.meta.url);
// The bin loads the bundled CLI (scripts/bundle.mjs), which `tsc -b` alone does not write.
if (existsSync(entry) && existsSync(new URL('../dist/bundle/cli.js', import.meta.url))) {
  await import(entry.href);
} else {
  process.stderr.write('error: chiplet-dse is not built yet: run `npm run build` in the repository first\n');
  process.exitCode = 1;
}

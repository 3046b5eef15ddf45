/**
 * vitest global setup: the CLI tests run the built bin, which loads the bundles under each
 * package's dist/bundle (scripts/bundle.mjs). `tsc -b` alone does not refresh them, so a test run
 * re-bundles any package whose dist/ is newer than its bundle (about a second; nothing when fresh).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './runCli.js';

export default function setup(): void {
  // Before the first build there is nothing to bundle; the tests that need the build say so.
  if (!existsSync(join(REPO_ROOT, 'packages/core/dist'))) return;
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/bundle.mjs'), '--if-stale', '--quiet'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`scripts/bundle.mjs failed:\n${r.stderr}`);
}

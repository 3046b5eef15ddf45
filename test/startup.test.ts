/**
 * Start-up (issue 9, item 6): the command line loads bundles, not hundreds of ES modules. Counted,
 * not timed: the bin runs with a loader hook that logs every module it loads. Timings are in the
 * bench (`npm run bench`, "start-up"; docs/performance.md).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, REPO_ROOT } from './helpers/runCli.js';

const HOOK = join(REPO_ROOT, 'test/fixtures/startup/count-modules.mjs');

function modulesLoaded(args: string[]): string[] {
  const log = join(mkdtempSync(join(tmpdir(), 'dse-startup-')), 'modules.txt');
  const r = spawnSync(process.execPath, ['--import', HOOK, BIN, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, MODULE_LOG: log },
  });
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((u) => u.startsWith('file:'));
}

describe('start-up: what a command loads', () => {
  it('evaluate of an example loads a few bundled modules, each package once, from its bundle', () => {
    const files = modulesLoaded(['evaluate', 'examples/accelerator-800mm2.yaml']);
    // Before the bundles: 539 modules (inversify 240, zod 95, core 92, yargs 35, ...).
    expect(files.length).toBeLessThan(40);
    const own = files.filter((u) => u.includes('/packages/'));
    // Every module of core, plugins and the CLI comes from dist/bundle (one copy of core), but the
    // bin itself.
    expect(own.filter((u) => !u.includes('/dist/bundle/') && !u.includes('/bin/'))).toEqual([]);
    // Bundled dependencies are not loaded again from node_modules.
    expect(files.filter((u) => /node_modules\/(zod|inversify|@inversifyjs|yaml|yargs)\//.test(u))).toEqual(
      [],
    );
    // evaluate starts no pool: piscina is imported only when a sweep runs.
    expect(files.filter((u) => u.includes('/piscina/'))).toEqual([]);
  });

  it('--version alone loads the bin and nothing else of ours', () => {
    const files = modulesLoaded(['--version']);
    expect(files.filter((u) => u.includes('/packages/') && !u.includes('/bin/'))).toEqual([]);
  });
});

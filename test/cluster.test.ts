/**
 * The Slurm scripts of docs/distributed.md, run as far as they go without Slurm: the array tasks
 * are the documented batch script run by bash with the SLURM_* variables Slurm sets (a cancelled
 * task is one that never runs, a re-run is `sbatch --array=17`: an array of one task), and the
 * merge is the documented `--wrap` command. Issue 9, item 8.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './helpers/runCli.js';

const doc = readFileSync(join(REPO_ROOT, 'docs/distributed.md'), 'utf8');
const shBlocks = [...doc.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
const sbatchScript = shBlocks.find((b) => b.startsWith('#!/bin/bash') && b.includes('#SBATCH'))!;
const submit = shBlocks.find((b) => b.includes('sbatch --parsable sweep.sbatch'))!;
const rerun = shBlocks.find((b) => /sbatch --parsable --array=\d+ sweep\.sbatch/.test(b))!;
const mergeCommand = (block: string) => /--wrap '([^']+)'/.exec(block)![1]!;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A folder laid out as the docs' submit folder: design.yaml, node_modules, the batch script. */
function submitFolder(design: string, shards: number, filePlugins = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'dse-cluster-'));
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'design.yaml'), readFileSync(design, 'utf8'));
  // The documented script with a smaller shard count (and, for a design that names its plugin
  // module, the flag that lets a design file load code).
  let script = sbatchScript.replace(/^SHARDS=\d+/m, `SHARDS=${shards}`);
  if (filePlugins)
    script = script.replace(
      'chiplet-dse sweep design.yaml',
      'chiplet-dse sweep design.yaml --allow-file-plugins',
    );
  writeFileSync(join(dir, 'sweep.sbatch'), script);
  // The submit block's own first line: the folders Slurm does not create.
  const mkdir = submit.split('\n').find((l) => l.startsWith('mkdir '))!;
  expect(spawnSync('bash', ['-c', mkdir], { cwd: dir }).status).toBe(0);
  return dir;
}

/** What Slurm sets for task `id` of `--array=first-last`. */
const arrayEnv = (id: number, first: number, last: number): Record<string, string> => ({
  SLURM_JOB_ID: '4242',
  SLURM_ARRAY_JOB_ID: '4242',
  SLURM_ARRAY_TASK_ID: String(id),
  SLURM_ARRAY_TASK_MIN: String(first),
  SLURM_ARRAY_TASK_MAX: String(last),
  SLURM_ARRAY_TASK_COUNT: String(last - first + 1),
  SLURM_ARRAY_TASK_STEP: '1',
  SLURM_CPUS_PER_TASK: '1',
});

/** Runs the batch script as Slurm runs it: bash, in the submit folder, with the task's variables. */
function task(dir: string, env: Record<string, string>): Run {
  const r = spawnSync('bash', ['sweep.sbatch'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function merge(dir: string, command: string): Run {
  const r = spawnSync('sh', ['-c', command], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

describe('docs/distributed.md: the Slurm scripts', () => {
  it('create logs/ before sbatch, exec the tool (not npx), give the shard count explicitly', () => {
    const lines = submit.split('\n');
    const mkdirLine = lines.findIndex((l) => /^mkdir -p .*\blogs\b/.test(l));
    expect(mkdirLine).toBeGreaterThanOrEqual(0);
    expect(mkdirLine).toBeLessThan(lines.findIndex((l) => l.includes('sbatch')));
    expect(sbatchScript).toMatch(/^#SBATCH --output=logs\//m);
    expect(sbatchScript).toMatch(/^exec node_modules\/\.bin\/chiplet-dse sweep /m);
    expect(sbatchScript).not.toMatch(/^[^#]*\bnpx\b/m);
    expect(sbatchScript).toMatch(/--shard "\$i\/\$SHARDS"/);
    expect(mergeCommand(submit)).toMatch(/^exec node_modules\/\.bin\/chiplet-dse merge /);
    expect(mergeCommand(rerun)).toBe(mergeCommand(submit));
  });

  it('a cancelled task: the merge exits 2 naming it, --allow-partial merges partial; re-running it alone completes the sweep', () => {
    const design = join(REPO_ROOT, 'test/fixtures/designs/sweep-small.yaml');
    const dir = submitFolder(design, 3);
    // --array=0-2, task 1 cancelled before it ran.
    for (const i of [0, 2]) {
      const r = task(dir, arrayEnv(i, 0, 2));
      expect(r.code, r.stderr).toBe(0);
    }
    const m = merge(dir, mergeCommand(submit));
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/found shard 1\/3 missing \(points 16\.\.31\)/);
    expect(existsSync(join(dir, 'results/merged'))).toBe(false);

    const partial = merge(dir, `${mergeCommand(submit)} --allow-partial`);
    expect(partial.code, partial.stderr).toBe(0);
    expect(partial.stdout).toMatch(/into a partial front .*shard 1\/3 missing \(points 16\.\.31\)/);
    expect(readJson(join(dir, 'results/merged/summary.json'))).toMatchObject({
      status: 'partial',
      partial: true,
    });

    // sbatch --array=1 sweep.sbatch: an array of one task, 1..1; still shard 1 of 3.
    const again = task(dir, arrayEnv(1, 1, 1));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/16 of 16 points evaluated \(shard 1\/3\)/);
    const done = merge(dir, mergeCommand(rerun));
    expect(done.code, done.stderr).toBe(0);
    expect(readJson(join(dir, 'results/merged/summary.json'))).toMatchObject({
      status: 'complete',
      partial: false,
      missing: [],
    });
    const whole = join(dir, 'whole');
    expect(runCli(['sweep', design, '--out', whole, '--quiet']).code).toBe(0);
    expect(readJson(join(dir, 'results/merged/front.json'))['points']).toEqual(
      readJson(join(whole, 'front.json'))['points'],
    );
  });

  it("SIGTERM to the batch shell reaches chiplet-dse (exec); the re-run resumes the shard's checkpoint", async () => {
    const design = join(tmpdir(), `dse-cluster-slow-${process.pid}.yaml`);
    writeFileSync(
      design,
      readFileSync(join(REPO_ROOT, 'test/fixtures/designs/sweep-resume.yaml'), 'utf8')
        .replace(/approach, values: \[monolithic, mcm\]/, 'approach, values: [monolithic, slow]')
        .replace(
          'package: { approach: mcm }',
          `package: { approach: slow }\nplugins: ['${join(REPO_ROOT, 'test/fixtures/plugins/slow-plugin.mjs')}']`,
        ),
    );
    const dir = submitFolder(design, 2, true);
    const lock = join(dir, 'results/shard-0/.chiplet-dse.lock');
    // Task 0, slowed down, signalled as Slurm signals the batch shell (--signal=B:TERM@120).
    const child = spawn('bash', ['sweep.sbatch'], {
      cwd: dir,
      env: { ...process.env, ...arrayEnv(0, 0, 1), SLOW_PLUGIN_MS: '20' },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((done) => child.once('exit', (c) => done(c)));
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (existsSync(lock)) {
          clearInterval(timer);
          resolve();
        }
      }, 20);
      child.once('exit', () => {
        clearInterval(timer);
        reject(new Error('the task ended before it locked its folder'));
      });
    });
    child.kill('SIGTERM');
    // 130: chiplet-dse's own exit for an interruption (bash killed by SIGTERM would be 143/null).
    expect(await exited).toBe(130);
    expect(existsSync(lock)).toBe(false);
    expect(existsSync(join(dir, 'results/shard-0/checkpoint.json'))).toBe(true);
    expect(readJson(join(dir, 'results/shard-0/front.json'))['partial']).toBe(true);

    const fast = { SLOW_PLUGIN_MS: '0' };
    expect(task(dir, { ...arrayEnv(1, 0, 1), ...fast }).code).toBe(0);
    const m = merge(dir, mergeCommand(submit));
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(
      /found shard 0\/2 incomplete \(.*results\/shard-0\/front\.json\): \d+ of 240 points not evaluated \(interrupted\)/,
    );

    // sbatch --array=0 sweep.sbatch: resumes from results/shard-0/checkpoint.json.
    const again = task(dir, { ...arrayEnv(0, 0, 0), ...fast });
    expect(again.code, again.stderr).toBe(0);
    expect(readJson(join(dir, 'results/shard-0/summary.json'))).toMatchObject({
      resumedFromCheckpoint: true,
      partial: false,
      shard: { index: 0, count: 2 },
    });
    const done = merge(dir, mergeCommand(rerun));
    expect(done.code, done.stderr).toBe(0);
    expect(readJson(join(dir, 'results/merged/summary.json'))).toMatchObject({ status: 'complete' });
  });
});

/**
 * End-to-end sweeps: the front is the same whatever the workers, task size and shards; shards
 * merge into the single-run front; interrupted sweeps resume to the identical front; failing
 * points and dying workers are handled as documented.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILTIN_PLUGINS } from '@chiplet-dse/cli';
import {
  createSweepContext,
  evaluatePoint,
  ParetoArchive,
  runSweep,
  VolumeReuse,
  type SweepSpec,
} from '@chiplet-dse/core/explore';
import { BIN, hasStackTrace, REPO_ROOT, runCli } from './helpers/runCli.js';

const SMALL = join(REPO_ROOT, 'test/fixtures/designs/sweep-small.yaml');
const MEDIUM = join(REPO_ROOT, 'test/fixtures/designs/sweep-medium.yaml');
const RESUME = join(REPO_ROOT, 'test/fixtures/designs/sweep-resume.yaml');
const plugin = (name: string) => join(REPO_ROOT, 'test/fixtures/plugins', name);
const tmp = () => mkdtempSync(join(tmpdir(), 'dse-sweep-'));

interface Front {
  points: { pointIndex: number; objectives: number[]; parameters: Record<string, string> }[];
}
const readFront = (dir: string) => JSON.parse(readFileSync(join(dir, 'front.json'), 'utf8')) as Front;
const readSummary = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as {
    status: string;
    resumedFromCheckpoint: boolean;
    points: { evaluated: number; feasible: number; failed: number; invalid: number; inShard: number };
    frontSize: number;
    failures: { pointIndex: number; pluginId: string; message: string }[];
    hypervolume: { value: number };
  };

import { writeFileSync } from 'node:fs';

/**
 * A copy of a fixture design whose mcm approach is a fixture plugin's (listed in the file, so the
 * sweep needs --allow-file-plugins).
 */
function withPlugin(file: string, pluginFile: string, id: string): string {
  const text = readFileSync(file, 'utf8')
    .replace(/approach, values: \[monolithic, mcm\]/, `approach, values: [monolithic, ${id}]`)
    .replace(
      'package: { approach: mcm }',
      `package: { approach: ${id} }\nplugins: ['${plugin(pluginFile)}']`,
    );
  const f = join(tmp(), `${id}.yaml`);
  writeFileSync(f, text);
  return f;
}

const spec = (file: string, extra: string[] = []): SweepSpec => ({
  designFile: file,
  pluginSpecifiers: [BUILTIN_PLUGINS, ...extra],
  cwd: REPO_ROOT,
});

describe('chiplet-dse sweep', () => {
  it('prints the front and writes front.csv, front.json and summary.json', () => {
    const out = tmp();
    const r = runCli(['sweep', SMALL, '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/sweep-small: Pareto front of \d+ designs/);
    const csv = readFileSync(join(out, 'front.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^pointIndex,tiles,node,approach,volume,cost\.totalUsd,/);
    const s = readSummary(out);
    expect(s.points.evaluated).toBe(48);
    expect(s.frontSize).toBe(csv.length - 1);
    expect(s.frontSize).toBe(readFront(out).points.length);
    expect(s.hypervolume.value).toBeGreaterThan(0);
  });

  it('runs the accelerator example', () => {
    const out = tmp();
    const r = runCli(['sweep', 'examples/accelerator-sweep.yaml', '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(readSummary(out).frontSize).toBeGreaterThan(1);
  });

  it('refuses a grid larger than --max-points with its size and a hint to sample', () => {
    const r = runCli(['sweep', SMALL, '--max-points', '10', '--out', tmp()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/a grid of at most 10 points .*sobol --samples N.*found a grid of 48 points/);
  });

  it('samples with a seeded low-discrepancy sequence', () => {
    const a = tmp();
    const b = tmp();
    expect(
      runCli([
        'sweep',
        MEDIUM,
        '--strategy',
        'sobol',
        '--samples',
        '200',
        '--seed',
        '7',
        '--out',
        a,
        '--quiet',
      ]).code,
    ).toBe(0);
    expect(
      runCli([
        'sweep',
        MEDIUM,
        '--strategy',
        'sobol',
        '--samples',
        '200',
        '--seed',
        '7',
        '--workers',
        '1',
        '--out',
        b,
        '--quiet',
      ]).code,
    ).toBe(0);
    expect(readSummary(a).points.evaluated).toBe(200);
    expect(readFront(a)).toEqual(readFront(b));
  });

  it('bounds the front with epsilon boxes: a subset of the exact front, one point per box', () => {
    const exact = tmp();
    const boxed = tmp();
    expect(runCli(['sweep', MEDIUM, '--out', exact, '--quiet']).code).toBe(0);
    const r = runCli(['sweep', MEDIUM, '--epsilon', '200,5', '--out', boxed, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const e = readFront(exact).points;
    const b = readFront(boxed).points;
    expect(b.length).toBeGreaterThan(0);
    expect(b.length).toBeLessThanOrEqual(e.length);
    const exactIds = new Set(e.map((p) => p.pointIndex));
    for (const p of b) expect(exactIds.has(p.pointIndex)).toBe(true);
    const boxes = new Set(
      b.map((p) => `${Math.floor(p.objectives[0]! / 200)}:${Math.floor(p.objectives[1]! / 5)}`),
    );
    expect(boxes.size).toBe(b.length);
    // every exact-front point is within one box of some kept point
    for (const p of e) {
      expect(
        b.some((q) => q.objectives[0]! < p.objectives[0]! + 200 && q.objectives[1]! < p.objectives[1]! + 5),
      ).toBe(true);
    }
  });

  it('streams every point to CSV and NDJSON without changing the front', () => {
    const out = tmp();
    const csv = join(out, 'all.csv');
    const nd = join(out, 'all.ndjson');
    expect(runCli(['sweep', SMALL, '--all-points', csv, '--out', out, '--quiet']).code).toBe(0);
    expect(runCli(['sweep', SMALL, '--all-points', nd, '--out', join(out, 'b'), '--quiet']).code).toBe(0);
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(49);
    expect(lines[0]).toMatch(/^pointIndex,status,tiles,node,approach,volume,/);
    const records = readFileSync(nd, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { pointIndex: number; status: string });
    expect(records.map((r) => r.pointIndex).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 48 }, (_, i) => i),
    );
    expect(records.filter((r) => r.status === 'feasible')).toHaveLength(readSummary(out).points.feasible);
    expect(readFront(join(out, 'b'))).toEqual(readFront(out));
  });
});

describe('volume reuse', () => {
  it('gives every point the metrics a fresh evaluation gives (NRE rescaled exactly)', async () => {
    const ctx = await createSweepContext(spec(MEDIUM));
    const reuse = VolumeReuse.forContext(ctx);
    expect(reuse).toBeDefined();
    const levels = new Int32Array(ctx.decoder.dimensions);
    const a = new Float64Array(2);
    const b = new Float64Array(2);
    for (let k = 0; k < ctx.space.pointCount; k += 7) {
      const fresh = evaluatePoint(ctx, k, levels, a);
      const reused = reuse!.evaluate(k, levels, b);
      expect(reused.status).toBe(fresh.status);
      if (fresh.metrics === undefined) continue;
      expect(reused.metrics!.cost.totalUsd).toBeCloseTo(fresh.metrics.cost.totalUsd, 9);
      expect(reused.metrics!.cost.nreUsd).toBeCloseTo(fresh.metrics.cost.nreUsd, 9);
      expect(reused.metrics!.thermal).toEqual(fresh.metrics.thermal);
      for (let j = 0; j < 2; j++) expect(b[j]).toBeCloseTo(a[j]!, 9);
    }
  });
});

describe('determinism and sharding', () => {
  it('the front does not depend on workers, task size or shard count (property)', async () => {
    const reference = await runSweep(spec(MEDIUM), { workers: 1, taskSize: 1440 });
    const refIdx = Array.from(reference.frontIndices);
    expect(refIdx.length).toBeGreaterThan(1);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 5 }),
        async (workers, taskSize, shards) => {
          const archive = new ParetoArchive(2);
          let evaluated = 0;
          for (let i = 0; i < shards; i++) {
            const r = await runSweep(spec(MEDIUM), { workers, taskSize, shard: { index: i, count: shards } });
            archive.merge({ indices: r.frontIndices, values: r.frontValues });
            evaluated += r.counts.evaluated;
          }
          expect(evaluated).toBe(1440);
          const merged = archive.toFlat();
          expect(Array.from(merged.indices)).toEqual(refIdx);
          expect(Array.from(merged.values)).toEqual(Array.from(reference.frontValues));
        },
      ),
      { numRuns: 6 },
    );
  });

  it('merge of shard fronts equals the single-run front (CLI)', () => {
    const whole = tmp();
    expect(runCli(['sweep', MEDIUM, '--out', whole, '--quiet']).code).toBe(0);
    const dirs = [0, 1, 2].map((i) => {
      const d = tmp();
      const r = runCli(['sweep', MEDIUM, '--shard', `${i}/3`, '--out', d, '--quiet']);
      expect(r.code, r.stderr).toBe(0);
      return d;
    });
    expect(dirs.reduce((s, d) => s + readSummary(d).points.inShard, 0)).toBe(1440);
    const merged = tmp();
    const m = runCli(['merge', ...dirs.map((d) => join(d, 'front.json')), '--out', merged]);
    expect(m.code, m.stderr).toBe(0);
    expect(readFront(merged).points).toEqual(readFront(whole).points);
    expect(readSummary(merged).points.evaluated).toBe(1440);
  });

  it("reads the shard index from Slurm's array task id, the count from --shard-count", () => {
    const out = tmp();
    const r = runCliEnv(['sweep', SMALL, '--out', out, '--quiet', '--shard-count', '2'], {
      SLURM_ARRAY_TASK_ID: '1',
      SLURM_ARRAY_TASK_COUNT: '2',
      SLURM_ARRAY_TASK_MIN: '0',
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/shard 1\/2 from SLURM_ARRAY_TASK_ID=1, count from --shard-count/);
    expect(readSummary(out).points.inShard).toBe(24);
  });
});

describe('faults', () => {
  it('records a point a plugin throws on and goes on', () => {
    const out = tmp();
    const r = runCli([
      'sweep',
      withPlugin(SMALL, 'flaky-plugin.mjs', 'flaky'),
      '--allow-file-plugins',
      '--out',
      out,
      '--quiet',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const s = readSummary(out);
    // tiles = 3 with approach flaky: 2 nodes x 3 volumes
    expect(s.points.failed).toBe(6);
    expect(s.failures[0]).toMatchObject({ pluginId: 'flaky', message: expect.stringMatching(/three dies/) });
    expect(r.stderr).toMatch(/warning: 6 points failed/);
  });

  it('stops at the first failure with --fail-fast', () => {
    const out = tmp();
    const r = runCli([
      'sweep',
      withPlugin(SMALL, 'flaky-plugin.mjs', 'flaky'),
      '--allow-file-plugins',
      '--fail-fast',
      '--out',
      out,
      '--quiet',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/sweep stopped: point \d+ failed in plugin flaky: flaky model/);
    expect(readSummary(out).status).toBe('stopped-at-failure');
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it('retries a task whose worker died once, then stops with a clear message and keeps what was done', () => {
    const out = tmp();
    const ck = join(out, 'ck.json');
    const r = runCli([
      'sweep',
      withPlugin(SMALL, 'dying-plugin.mjs', 'dying'),
      '--allow-file-plugins',
      '--checkpoint',
      ck,
      '--task-size',
      '4',
      '--workers',
      '1',
      '--out',
      out,
      '--quiet',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /a worker died twice on points \d+\.\.\d+ \(last point started: \d+, plugin dying\)/,
    );
    expect(readSummary(out).status).toBe('worker-failure');
    expect(readSummary(out).points.evaluated).toBeGreaterThan(0);
    expect(existsSync(ck)).toBe(true);
  });
});

/** The bin and flags of a sweep of the slow test plugin, in small tasks, checkpointed often. */
const slowSweepArgs = (design: string) => [
  BIN,
  'sweep',
  design,
  '--allow-file-plugins',
  '--workers',
  '2',
  '--task-size',
  '10',
  '--checkpoint-interval',
  '0.1',
];

describe('interrupt and resume', () => {
  for (const signal of ['SIGINT', 'SIGKILL'] as const) {
    it(`a sweep stopped by ${signal} resumes from its checkpoint to the identical front`, async () => {
      const design = withPlugin(RESUME, 'slow-plugin.mjs', 'slow');
      const args = (out: string, ck?: string) => [
        ...slowSweepArgs(design),
        '--out',
        out,
        '--quiet',
        ...(ck === undefined ? [] : ['--checkpoint', ck]),
      ];
      const full = tmp();
      const ref = runCli(args(full).slice(1));
      expect(ref.code, ref.stderr).toBe(0);

      const out = tmp();
      const ck = join(out, 'ck.json');
      const code = await new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, args(out, ck), { cwd: REPO_ROOT });
        const timer = setInterval(() => {
          if (existsSync(ck)) {
            clearInterval(timer);
            child.kill(signal);
          }
        }, 20);
        child.on('exit', (c) => {
          clearInterval(timer);
          resolve(c);
        });
      });
      if (signal === 'SIGINT') expect(code).toBe(130);
      const partial = JSON.parse(readFileSync(ck, 'utf8')) as { counts: { evaluated: number } };
      expect(partial.counts.evaluated).toBeLessThan(480);
      const resumed = runCli(args(out, ck).slice(1));
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(readSummary(out).points.evaluated).toBe(480);
      expect(readSummary(out).resumedFromCheckpoint).toBe(true);
      expect(readFront(out).points).toEqual(readFront(full).points);
    });
  }
});

describe('--all-points of a stopped sweep (docs/cli.md)', () => {
  /** Starts a slow sweep with --all-points, sends `signal` once its first checkpoint is written. */
  const stopped = async (signal: 'SIGINT' | 'SIGKILL') => {
    const design = withPlugin(RESUME, 'slow-plugin.mjs', 'slow');
    const out = tmp();
    const ck = join(out, 'ck.json');
    const points = join(out, 'points.csv');
    writeFileSync(points, 'the previous points\n');
    const args = [
      ...slowSweepArgs(design),
      '--checkpoint',
      ck,
      '--all-points',
      points,
      '--out',
      out,
      '--quiet',
    ];
    let stderr = '';
    const code = await new Promise<number | null>((resolve) => {
      // 40 ms a point: the sweep takes seconds, the signal comes long before its end.
      const env = { ...process.env, SLOW_PLUGIN_MS: '40' };
      const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env });
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setInterval(() => {
        if (existsSync(ck)) {
          clearInterval(timer);
          child.kill(signal);
        }
      }, 20);
      child.on('exit', (c) => {
        clearInterval(timer);
        resolve(c);
      });
    });
    return { code, out, points, stderr };
  };

  it('Ctrl-C: the points evaluated so far replace the file, whole, beside a partial front', async () => {
    const { code, out, points, stderr } = await stopped('SIGINT');
    expect(code, stderr).toBe(130);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      partial: boolean;
      points: { evaluated: number };
    };
    expect(summary.partial, stderr).toBe(true);
    const lines = readFileSync(points, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines[0]).toMatch(/^pointIndex,status,/);
    expect(lines.length - 1, JSON.stringify(summary)).toBe(summary.points.evaluated);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('SIGKILL: the previous points file stays as it was', async () => {
    const { code, points } = await stopped('SIGKILL');
    expect(code).toBe(null);
    expect(readFileSync(points, 'utf8')).toBe('the previous points\n');
  });
});

function runCliEnv(args: string[], env: Record<string, string>) {
  const r = spawnSyncEnv(args, env);
  return r;
}

import { spawnSync } from 'node:child_process';
function spawnSyncEnv(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Nothing lost, nothing silent (docs/robustness.md): each case here failed before its fix.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { OutputError, writeFileAtomic } from '@chiplet-dse/core';
import { parse as parseYaml } from 'yaml';
import { BIN, hasStackTrace, REPO_ROOT, runCli } from './helpers/runCli.js';
import { runCliInProcess } from './helpers/runCliInProcess.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'dse-robust-'));
const SWEEP = 'examples/accelerator-sweep.yaml';

describe('every write is complete and atomic, or the command fails and the previous file stays', () => {
  it('a front.json that would exceed the file-size limit fails with exit 1 and leaves the previous front', () => {
    const out = tmp();
    expect(runCli(['sweep', SWEEP, '--out', out, '--quiet']).code).toBe(0);
    const before = readFileSync(join(out, 'front.json'), 'utf8');
    expect(before.length).toBeGreaterThan(8 * 1024);
    // 8 blocks of 1 KiB: front.json (about 40 KB) cannot be written whole.
    const r = spawnSync(
      'bash',
      ['-c', `ulimit -f 8; exec "${process.execPath}" "${BIN}" sweep ${SWEEP} --out "${out}" --quiet`],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /cannot write .*front\.json: the file would exceed the file-size limit \(EFBIG\); the previous file, if any, is unchanged/,
    );
    expect(r.stdout).not.toMatch(/Wrote/);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(readFileSync(join(out, 'front.json'), 'utf8')).toBe(before);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('an --all-points file that would exceed the file-size limit fails with exit 1 and leaves the previous points', () => {
    const dir = tmp();
    const out = join(dir, 'out');
    const points = join(dir, 'pts', 'points.csv');
    expect(runCli(['sweep', SWEEP, '--out', out, '--all-points', points, '--quiet']).code).toBe(0);
    const before = readFileSync(points);
    const frontBefore = readFileSync(join(out, 'front.json'));
    // 64 blocks of 1 KiB: front.json (about 40 KB) fits, the points (about 570 KB) do not.
    expect(before.length).toBeGreaterThan(64 * 1024);
    expect(frontBefore.length).toBeLessThan(64 * 1024);
    const r = spawnSync(
      'bash',
      [
        '-c',
        `ulimit -f 64; exec "${process.execPath}" "${BIN}" sweep ${SWEEP} --out "${out}" --all-points "${points}" --quiet`,
      ],
      { cwd: REPO_ROOT, encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(
      /cannot write .*pts\/points\.csv: the file would exceed the file-size limit \(EFBIG\); the previous file, if any, is unchanged/,
    );
    expect(r.stdout).not.toMatch(/Wrote/);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(readFileSync(points).equals(before)).toBe(true);
    // The front of the failed run is not written either: the folder stays one run's files.
    expect(readFileSync(join(out, 'front.json')).equals(frontBefore)).toBe(true);
    expect(readdirSync(join(dir, 'pts'))).toEqual(['points.csv']);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('--all-points is a complete CSV: a header and one row per evaluated point, no temporary file', () => {
    const dir = tmp();
    const out = join(dir, 'out');
    const points = join(dir, 'points.csv');
    writeFileSync(points, 'old\n');
    expect(runCli(['sweep', SWEEP, '--out', out, '--all-points', points, '--quiet']).code).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      points: { evaluated: number };
    };
    const lines = readFileSync(points, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines[0]).toMatch(/^pointIndex,status,/);
    expect(lines.length).toBe(summary.points.evaluated + 1);
    const indices = lines.slice(1).map((l) => Number(l.split(',')[0]));
    expect(new Set(indices).size).toBe(summary.points.evaluated);
    expect(readdirSync(dir).sort()).toEqual(['out', 'points.csv']);
  });

  it('writeFileAtomic under a file (not a folder) throws OutputError and writes nothing', () => {
    const dir = tmp();
    const file = join(dir, 'plain');
    writeFileSync(file, 'x');
    expect(() => writeFileAtomic(join(file, 'front.json'), '{}')).toThrow(OutputError);
    expect(() => writeFileAtomic(join(file, 'front.json'), '{}')).toThrow(
      /is a file, not a folder|ENOTDIR|EEXIST/,
    );
    expect(readFileSync(file, 'utf8')).toBe('x');
    expect(readdirSync(dir)).toEqual(['plain']);
  });

  it('writeFileAtomic replaces a file whole', () => {
    const dir = tmp();
    const file = join(dir, 'a.json');
    writeFileAtomic(file, 'old');
    const text = 'é'.repeat(100_000);
    writeFileAtomic(file, text);
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(existsSync(join(dir, `.a.json.${process.pid}.tmp`))).toBe(false);
  });
});

/** The sweep's progress line on stderr: its absence shows that no point was evaluated. */
const PROGRESS = /points? \(\d/;

describe('sweep checks every output path and --hv-reference before any compute', () => {
  // In-process (runCliInProcess): input checks that refuse before any compute. The sweep's progress
  // on process.stderr is captured too, so `not.toMatch(PROGRESS)` still shows nothing was evaluated.
  const dir = tmp();
  const file = join(dir, 'plain');
  writeFileSync(file, 'x');
  const cases: [string, string[], RegExp][] = [
    ['--out is a file', ['--out', file], /--out: expected a folder to write into.*found a file: .*plain/],
    [
      '--out under a file',
      ['--out', join(file, 'out')],
      /--out: expected a path under a folder .*found .*plain is a file, not a folder/,
    ],
    [
      '--all-points under a file',
      ['--out', join(dir, 'o1'), '--all-points', join(file, 'points.csv')],
      /--all-points: expected a path under a folder .*found .*plain is a file, not a folder/,
    ],
    [
      '--report is a folder',
      ['--out', join(dir, 'o2'), '--report', dir],
      /--report: expected a file path, found a folder: /,
    ],
    [
      "--checkpoint's folder is a file",
      ['--out', join(dir, 'o3'), '--checkpoint', join(file, 'ck.json')],
      /--checkpoint: expected a path under a folder .*found .*plain is a file, not a folder/,
    ],
    [
      '--hv-reference with too few coordinates',
      ['--out', join(dir, 'o4'), '--hv-reference', '1,2'],
      /--hv-reference: expected 3 comma-separated numbers, one per objective .*found 2: 1,2/,
    ],
    [
      '--hv-reference not numbers',
      ['--out', join(dir, 'o5'), '--hv-reference', 'a,b,c'],
      /--hv-reference: expected comma-separated numbers, found "a,b,c"/,
    ],
  ];
  it.each(cases)(
    '%s: exit 2 naming the flag, nothing evaluated or written',
    async (_name, flags, message) => {
      const r = await runCliInProcess(['sweep', SWEEP, ...flags]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(PROGRESS);
      expect(hasStackTrace(r.stderr)).toBe(false);
      expect(r.stdout).toBe('');
      expect(readdirSync(dir).sort()).toEqual(['plain']);
    },
  );
});

describe('a sampled strategy needs samples >= 1', () => {
  // In-process (runCliInProcess): input checks that refuse before any compute. The sweep's progress
  // on process.stderr is captured too, so `not.toMatch(PROGRESS)` still shows nothing was evaluated.
  it('--strategy sobol without --samples is exit 2 naming --samples', async () => {
    const r = await runCliInProcess(['sweep', SWEEP, '--strategy', 'sobol', '--out', join(tmp(), 'o')]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/--samples: expected an integer >= 1.*sobol.*found nothing/);
    expect(r.stdout).not.toMatch(/NaN/);
    expect(r.stderr).not.toMatch(PROGRESS);
  });

  it('--samples 0 is exit 2 naming --samples', async () => {
    const r = await runCliInProcess([
      'sweep',
      SWEEP,
      '--strategy',
      'random',
      '--samples',
      '0',
      '--out',
      join(tmp(), 'o'),
    ]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/--samples: expected an integer >= 1, found 0/);
    expect(r.stderr).not.toMatch(PROGRESS);
  });
});

describe("sweep's flags are checked by one schema: exit 2 naming the flag and the valid range", () => {
  // In-process (runCliInProcess): input checks that refuse before any compute. The sweep's progress
  // on process.stderr is captured too, so `not.toMatch(PROGRESS)` still shows nothing was evaluated.
  // The sweep with --hv-reference runs workers: it stays a process (runCli).
  const cases: [string[], RegExp][] = [
    [['--workers', 'abc'], /--workers: expected an integer >= 1, found "abc"/],
    [['--workers', '0'], /--workers: expected an integer >= 1, found 0/],
    [['--workers', '-1'], /--workers: expected an integer >= 1, found -1/],
    [['--workers', '1.5'], /--workers: expected an integer >= 1, found 1\.5/],
    [['--task-size', '0'], /--task-size: expected an integer >= 1, found 0/],
    [['--task-size', '-5'], /--task-size: expected an integer >= 1, found -5/],
    [['--task-size', 'x'], /--task-size: expected an integer >= 1, found "x"/],
    [['--seed', 'abc'], /--seed: expected an integer from 0 to \d+, found "abc"/],
    [['--max-points', '2.5'], /--max-points: expected an integer >= 1, found 2\.5/],
    [['--checkpoint-interval', '-1'], /--checkpoint-interval: expected a number > 0, found -1/],
    [['--samples', '-3', '--strategy', 'random'], /--samples: expected an integer >= 1, found -3/],
    [['--shard-count', '0'], /--shard-count: expected an integer >= 1, found 0/],
    [['--shard', '-1/4'], /--shard: expected i\/n with 0 <= i < n.*found "-1\/4"/],
    [['--shard=-1/4'], /--shard: expected i\/n with 0 <= i < n.*found "-1\/4"/],
    [['--epsilon', '-1,0'], /--epsilon: expected comma-separated numbers, each a number > 0, found "-1,0"/],
    [['--epsilon=1,0,2'], /--epsilon: expected comma-separated numbers, each a number > 0, found "1,0,2"/],
  ];
  it.each(cases)('%j', async (flags, message) => {
    const out = join(tmp(), 'o');
    const r = await runCliInProcess(['sweep', SWEEP, '--out', out, ...flags]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/Unknown argument/);
    expect(r.stderr).not.toMatch(PROGRESS);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(existsSync(out)).toBe(false);
  });

  it('report --max-points is checked too', async () => {
    const r = await runCliInProcess(['report', 'nowhere', '-o', join(tmp(), 'r.html'), '--max-points', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--max-points: expected an integer >= 1, found 0/);
  });

  it('--hv-reference takes negative coordinates as its value', () => {
    const out = join(tmp(), 'o');
    const r = runCli([
      'sweep',
      'test/fixtures/designs/sweep-small.yaml',
      '--out',
      out,
      '--quiet',
      '--hv-reference',
      '-1,-2,-3',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      hypervolume: { reference: number[] };
    };
    // As given (minimisation form); summary.json shows the maximised yield's coordinate flipped.
    expect(summary.hypervolume.reference).toEqual([-1, -2, 3]);
  });
});

describe('worker threads: at most the available parallelism, never more than tasks', () => {
  const SMALL = 'test/fixtures/designs/sweep-small.yaml';
  const workersOf = (out: string) =>
    (JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { workers: number }).workers;

  it('--workers above the available parallelism is capped, with a note', () => {
    const out = join(tmp(), 'o');
    const cores = availableParallelism();
    // One more than the cores, in tasks of 1 point: 48 tasks, so the cap (not the task count) binds.
    const asked = String(cores + 1);
    const r = runCli(['sweep', SMALL, '--out', out, '--quiet', '--workers', asked, '--task-size', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      new RegExp(`--workers ${asked} is more than the available parallelism \\(${cores}\\); using ${cores}`),
    );
    expect(workersOf(out)).toBe(Math.min(cores, 48));
  });

  it('--force-workers starts more, but no more threads than tasks', () => {
    const out = join(tmp(), 'o');
    // 48 points in tasks of 16: 3 tasks, so 3 threads, not 64.
    const r = runCli([
      'sweep',
      SMALL,
      '--out',
      out,
      '--quiet',
      '--workers',
      '64',
      '--force-workers',
      '--task-size',
      '16',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(workersOf(out)).toBe(3);
  });
});

describe('a reader that closes early is not an error', () => {
  it('`chiplet-dse tech | head`: exit 0, no EPIPE stack trace', async () => {
    const child = spawn(process.execPath, [BIN, 'tech'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // Read the first chunk, then close the pipe as head does (the text is larger than a pipe buffer).
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    expect(stderr).not.toMatch(/EPIPE/);
    expect(hasStackTrace(stderr)).toBe(false);
    expect(code).toBe(0);
  });
});

describe('counts agree with their nouns', () => {
  it('"1 design", "1 point", "1 worker", "1 front"', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'd'));
    const design = join(dir, 'd', 'one.yaml');
    writeFileSync(
      design,
      readFileSync(join(REPO_ROOT, 'test/fixtures/designs/sweep-small.yaml'), 'utf8').replace(
        /parameters:\n(.*\n)*?objectives:/,
        "parameters:\n    - { name: node, path: 'chiplets[tile].node', values: [n5] }\nobjectives:",
      ),
    );
    const r = runCli(['sweep', design, '--out', join(dir, 'out')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Pareto front of 1 design \(/);
    expect(r.stdout).toMatch(/1 of 1 point evaluated/);
    expect(r.stdout).toMatch(/on 1 worker\./);
    expect(r.stderr).toMatch(/1\/1 point \(/);
    const m = runCli(['merge', join(dir, 'out'), '--out', join(dir, 'merged')]);
    expect(m.code, m.stderr).toBe(0);
    expect(m.stdout).toMatch(/merged 1 front into a front of 1 design\n/);
    const rep = runCli(['report', join(dir, 'out'), '-o', join(dir, 'r.html')]);
    expect(rep.stdout).toMatch(/front of 1 design\)/);
    for (const text of [r.stdout, r.stderr, m.stdout, rep.stdout])
      expect(text).not.toMatch(/\b1 (designs|points|workers|fronts|shards)\b/);
  });
});

describe('bad input is exit 2 naming the file, the field and the limit', () => {
  // In-process (runCliInProcess): messages about file contents; the sweep here stops before any
  // compute (its progress on process.stderr is captured). Stdin's limit is tested on a real pipe below.
  const design = (extra: string, powerW = '10') =>
    [
      'name: p',
      'system: { volumeUnits: 1000 }',
      'chiplets:',
      `  - { id: a, node: n7, areaMm2: 100, powerW: ${powerW} }`,
      'package: { approach: monolithic }',
      extra,
    ].join('\n');
  const write = (name: string, text: string) => {
    const file = join(tmp(), name);
    writeFileSync(file, text);
    return file;
  };
  const expectInputError = async (file: string, message: RegExp, command = 'validate') => {
    const r = await runCliInProcess([command, file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toMatch(message);
    expect(hasStackTrace(r.stderr)).toBe(false);
  };

  it('a power of 1e308 W is outside the physical range, for validate and evaluate', async () => {
    const file = write('power.yaml', design('', '1e308'));
    for (const command of ['validate', 'evaluate'])
      await expectInputError(
        file,
        /chiplets\[0\]\.powerW: expected a number in \[0, 1e5\], found 1e\+308/,
        command,
      );
  });

  it("space: values are checked against their field's physical range: validate lists each, sweep stops before any compute", async () => {
    const space = [
      'space:',
      '  parameters:',
      '    - { path: "chiplets[0].powerW", values: [10, 1e308] }',
      '    - { path: "chiplets[0].areaMm2", range: { min: -5, max: 100, steps: 3 } }',
      '    - { path: system.volumeUnits, range: { min: 1000, max: 1e12, steps: 3, scale: log, integer: true } }',
      'objectives:',
      '  - { metric: cost.totalUsd, goal: minimize }',
      '  - { metric: thermal.peakTempC, goal: minimize }',
    ].join('\n');
    const file = write('space.yaml', design(space));
    const problems = [
      /space\.parameters\[0\]\.values\[1\]: expected a number in \[0, 1e5\] for chiplets\[0\]\.powerW, found 1e\+308/,
      /space\.parameters\[1\]\.range\.min: expected a number in \(0, 20000\] for chiplets\[0\]\.areaMm2, found -5/,
      /space\.parameters\[2\]\.range\.max: expected an integer in \[1, 1e10\] for system\.volumeUnits, found 1000000000000/,
    ];
    const v = await runCliInProcess(['validate', file]);
    expect(v.code, v.stderr).toBe(2);
    for (const m of problems) expect(v.stderr).toMatch(m);
    expect(hasStackTrace(v.stderr)).toBe(false);
    const out = join(tmp(), 'o');
    const r = await runCliInProcess(['sweep', file, '--out', out]);
    expect(r.code, r.stderr).toBe(2);
    for (const m of problems) expect(r.stderr).toMatch(m);
    expect(r.stderr).toContain(file);
    expect(r.stderr).not.toMatch(PROGRESS);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(existsSync(out)).toBe(false);
  });

  it('a defect density of 1e308 per cm² in a technology section is outside its range', async () => {
    const file = write('dd.yaml', design('technology:\n  nodes:\n    n7: { defectDensityPerCm2: 1e308 }'));
    await expectInputError(
      file,
      /technology\.nodes\.n7\.defectDensityPerCm2: expected a number in \[0, 100\], found 1e\+308/,
      'evaluate',
    );
  });

  it('a YAML alias bomb stops at the alias limit', async () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    await expectInputError(
      write('bomb.yaml', lines.join('\n')),
      /at most 1000 nodes \(the YAML alias limit\)/,
    );
  });

  it('100,000-deep JSON and YAML stop at the nesting limit', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    await expectInputError(write('deep.json', deep), /nested at most 100 deep \(the input nesting limit\)/);
    await expectInputError(
      write('deep.yaml', `a: ${deep}\n`),
      /nested at most 100 deep \(the input nesting limit\)/,
    );
  });

  it('a file over 10 MB is refused before it is read', async () => {
    const file = write('big.yaml', design(`description: "${'x'.repeat(11 * 1024 * 1024)}"`));
    await expectInputError(file, /expected a file of at most 10 MB \(the input size limit\), found 11\.0 MB/);
  });
});

describe('typos get a "did you mean", and validate lists every problem', () => {
  // In-process (runCliInProcess): validate's messages only.
  const write = (name: string, text: string) => {
    const file = join(tmp(), name);
    writeFileSync(file, text);
    return file;
  };

  it('an unknown field names the closest known one', async () => {
    const file = write(
      'typo.yaml',
      [
        'name: t',
        'system: { volumeUnits: 1000 }',
        'chiplet:',
        '  - { id: a, node: n7, areaMm2: 100, powerW: 10 }',
        'package: { approach: monolithic }',
      ].join('\n'),
    );
    const r = await runCliInProcess(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /chiplet: expected a known field .*found an unknown field "chiplet"; did you mean "chiplets"\?/,
    );
  });

  it('unknown ids (node, PHY, HBM, cooling, carrier, approach, yield model, option) name the closest known one, all at once', async () => {
    const file = write(
      'ids.yaml',
      [
        'name: t',
        'system: { volumeUnits: 1000, cooling: air_heatsnk, yieldModel: poison }',
        'chiplets:',
        '  - { id: a, node: n7x, areaMm2: 100, powerW: 10, phy: ucie_std }',
        'memory:',
        '  - { id: m, generation: hbm3x }',
        'package: { approach: 2.5d, carrier: si_interposr }',
      ].join('\n'),
    );
    const r = await runCliInProcess(['validate', file]);
    expect(r.code).toBe(2);
    for (const [path, found, suggestion] of [
      ['system.yieldModel', 'poison', 'poisson'],
      ['chiplets\\[0\\]\\.node', 'n7x', 'n7'],
      ['chiplets\\[0\\]\\.phy', 'ucie_std', 'ucie_standard'],
      ['memory\\[0\\]\\.generation', 'hbm3x', 'hbm3'],
      ['system\\.cooling', 'air_heatsnk', 'air_heatsink'],
      ['package\\.carrier', 'si_interposr', 'si_interposer'],
    ])
      expect(r.stderr).toMatch(
        new RegExp(`${path}: expected .*found "${found}"; did you mean "${suggestion}"\\?`),
      );
    const approach = await runCliInProcess([
      'validate',
      write('a.yaml', readFileSync(file, 'utf8').replace('2.5d', 'monolithc')),
    ]);
    expect(approach.stderr).toMatch(
      /package\.approach: expected .*found "monolithc"; did you mean "monolithic"\?/,
    );
  });

  it('validate lists independent problems together: approach, yield model and ids; options and reticle; every variant', async () => {
    const three = write(
      'three.yaml',
      [
        'name: t',
        'system: { volumeUnits: 1000, yieldModel: poison }',
        'chiplets:',
        '  - { id: a, node: n7x, areaMm2: 100, powerW: 10 }',
        'package: { approach: monolithc }',
      ].join('\n'),
    );
    const r = await runCliInProcess(['validate', three]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/package\.approach: /);
    expect(r.stderr).toMatch(/system\.yieldModel: /);
    expect(r.stderr).toMatch(/chiplets\[0\]\.node: /);
    const variants = write(
      'variants.yaml',
      [
        'name: t',
        'system: { volumeUnits: 1000 }',
        'chiplets:',
        '  - { id: a, node: n7, areaMm2: 2000, powerW: 10 }',
        'package: { approach: monolithic, options: { diesPerWafr: exact } }',
        'variants:',
        '  - name: one',
        '  - name: two',
        '    chiplets: [{ id: a, node: n5x, areaMm2: 100, powerW: 10 }]',
      ].join('\n'),
    );
    const v = await runCliInProcess(['validate', variants]);
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/in design "one":/);
    expect(v.stderr).toMatch(/package\.options\.diesPerWafr: .*did you mean "diesPerWafer"\?/);
    expect(v.stderr).toMatch(/chiplets\[0\]: expected a die that fits the 26 x 33 mm reticle/);
    expect(v.stderr).toMatch(/in design "two":\n.*chiplets\[0\]\.node: .*found "n5x"; did you mean "n5"\?/);
    expect(hasStackTrace(v.stderr)).toBe(false);
  });

  it('typos in a technology file: a field, a preset, a bonding id', async () => {
    const tech = write('t.yaml', 'extends: actuary-dac\n');
    const r = await runCliInProcess(['validate', 'examples/2.5d.yaml', '--tech', tech]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /extends: expected a preset name .*found "actuary-dac"; did you mean "actuary-dac22"\?/,
    );
    const fields = write('f.yaml', 'nodes:\n  n7:\n    waferPrice: 1\n');
    expect((await runCliInProcess(['validate', 'examples/2.5d.yaml', '--tech', fields])).stderr).toMatch(
      /nodes\.n7\.waferPrice: .*unknown field "waferPrice"; did you mean "waferPriceUsd"\?/,
    );
    const bonding = write('b.yaml', 'carriers:\n  organic_substrate:\n    dieBonding: microbmp\n');
    expect((await runCliInProcess(['validate', 'examples/2.5d.yaml', '--tech', bonding])).stderr).toMatch(
      /dieBonding: expected a bonding id .*found "microbmp"; did you mean "microbump"\?/,
    );
  });
});

// --- issue 9, items 1, 2 and 8: locks, integrity of fronts, summaries and checkpoints ----------

const SMALL_SWEEP = 'test/fixtures/designs/sweep-small.yaml';
const readJson = <T = Record<string, unknown>>(file: string) => JSON.parse(readFileSync(file, 'utf8')) as T;

/** A copy of sweep-resume.yaml on the slow fixture plugin (SLOW_PLUGIN_MS per point). */
function slowDesign(): string {
  const text = readFileSync(join(REPO_ROOT, 'test/fixtures/designs/sweep-resume.yaml'), 'utf8')
    .replace(/approach, values: \[monolithic, mcm\]/, 'approach, values: [monolithic, slow]')
    .replace(
      'package: { approach: mcm }',
      `package: { approach: slow }\nplugins: ['${join(REPO_ROOT, 'test/fixtures/plugins/slow-plugin.mjs')}']`,
    );
  const file = join(tmp(), 'slow.yaml');
  writeFileSync(file, text);
  return file;
}

/** Resolves once `file` exists (polling), or rejects when the child exits first. */
function whenExists(file: string, child: ReturnType<typeof spawn>): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (existsSync(file)) {
        clearInterval(timer);
        resolve();
      }
    }, 20);
    child.once('exit', (code) => {
      clearInterval(timer);
      if (!existsSync(file)) reject(new Error(`the sweep exited (${code}) before ${file} appeared`));
    });
  });
}

const exitOf = (child: ReturnType<typeof spawn>) =>
  new Promise<number | null>((done) => child.once('exit', (c) => done(c)));

describe('--out is locked while a sweep runs', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'a second sweep into the same --out exits 2 naming the holder; %s ends the first, which removes its lock',
    async (signal) => {
      const out = join(tmp(), 'out');
      const lock = join(out, '.chiplet-dse.lock');
      // 100 ms per mcm point on one worker: the first sweep runs until it is signalled.
      const first = spawn(
        process.execPath,
        [
          BIN,
          'sweep',
          slowDesign(),
          '--allow-file-plugins',
          '--out',
          out,
          '--workers',
          '1',
          '--task-size',
          '1',
          '--quiet',
        ],
        { cwd: REPO_ROOT, env: { ...process.env, SLOW_PLUGIN_MS: '100' }, stdio: 'ignore' },
      );
      const exited = exitOf(first);
      await whenExists(lock, first);
      const holder = readJson<{ pid: number; host: string; started: string; command: string }>(lock);
      expect(holder).toMatchObject({ pid: first.pid, host: hostname() });
      expect(holder.command).toMatch(/^chiplet-dse sweep .*slow\.yaml --allow-file-plugins --out /);

      const second = runCli(['sweep', SMALL_SWEEP, '--out', out, '--quiet']);
      expect(second.code, second.stderr).toBe(2);
      expect(second.stderr).toMatch(
        new RegExp(
          `^error: --out: expected .*out not in use by another run, found a lock held by pid ${first.pid} on ${hostname()} since \\S+ \\(chiplet-dse sweep .*\\): .*\\.chiplet-dse\\.lock; wait for that run to finish or use another --out`,
        ),
      );
      expect(second.stderr).not.toMatch(PROGRESS);
      expect(hasStackTrace(second.stderr)).toBe(false);
      expect(second.stdout).toBe('');
      expect(readJson(lock)).toEqual(holder);

      first.kill(signal);
      expect(await exited).toBe(130);
      expect(existsSync(lock)).toBe(false);
      // The interrupted sweep's outputs say they are partial.
      expect(readJson(join(out, 'front.json'))['partial']).toBe(true);
      expect(readJson(join(out, 'summary.json'))).toMatchObject({ status: 'interrupted', partial: true });
    },
  );

  it('a stale lock of a dead pid on this host is taken over with a note; a lock of another host is refused', () => {
    const out = join(tmp(), 'out');
    mkdirSync(out);
    const lock = join(out, '.chiplet-dse.lock');
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(
      lock,
      JSON.stringify({ pid: dead, host: hostname(), started: '2024-05-01T10:00:00.000Z', command: 'x' }),
    );
    const r = runCli(['sweep', SMALL_SWEEP, '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      new RegExp(
        `note: --out .*out: took over the lock .*\\.chiplet-dse\\.lock of pid ${dead} \\(started 2024-05-01T10:00:00.000Z\\), which is no longer running on this host`,
      ),
    );
    expect(existsSync(lock)).toBe(false);
    expect(readdirSync(out).sort()).toEqual(['front.csv', 'front.json', 'summary.json']);

    const other = JSON.stringify({
      pid: 1,
      host: 'node17',
      started: '2024-05-01T10:00:00.000Z',
      command: 'x',
    });
    writeFileSync(lock, other);
    const o = runCli(['sweep', SMALL_SWEEP, '--out', out, '--quiet']);
    expect(o.code).toBe(2);
    expect(o.stderr).toMatch(
      /found a lock held by pid 1 on node17 since 2024-05-01T10:00:00\.000Z \(x\): .*; if that run is gone, delete .*\.chiplet-dse\.lock/,
    );
    expect(readFileSync(lock, 'utf8')).toBe(other);
  });
});

describe('merge refuses fronts that do not make one whole sweep', () => {
  // The shards are real sweeps (runCli, worker threads); merge only reads and writes files: in-process.
  const dir = tmp();
  const shard = (name: string, design: string, i: number, n = 2) => {
    const out = join(dir, name);
    const r = runCli(['sweep', design, '--shard', `${i}/${n}`, '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    return out;
  };
  const variant = (name: string, edit: (text: string) => string) => {
    const file = join(dir, name);
    writeFileSync(file, edit(readFileSync(join(REPO_ROOT, SMALL_SWEEP), 'utf8')));
    return file;
  };
  const merged = join(dir, 'merged');
  let s0 = '';
  let s1 = '';
  beforeAll(() => {
    s0 = shard('s0', SMALL_SWEEP, 0);
    s1 = shard('s1', SMALL_SWEEP, 1);
  });
  const expectRefused = async (args: string[], message: RegExp) => {
    const r = await runCliInProcess(['merge', ...args, '--out', merged]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(r.stdout).toBe('');
    expect(existsSync(merged)).toBe(false);
  };

  it('the same shard twice (the same folder, or a copy) is exit 2 naming the files', async () => {
    await expectRefused(
      [s0, s0, s1],
      /s0\/front\.json: expected each front once, found the same file given twice/,
    );
    const copy = join(dir, 's0-copy');
    mkdirSync(copy);
    for (const f of ['front.json', 'summary.json']) writeFileSync(join(copy, f), readFileSync(join(s0, f)));
    await expectRefused(
      [s0, copy, s1],
      /s0-copy\/front\.json: expected each shard once \(fronts of disjoint points\), found shard 0\/2 again \(also .*s0\/front\.json\)/,
    );
  });

  it('1 of 2 shards is exit 2 naming the missing shard; --allow-partial merges it, marked partial', async () => {
    await expectRefused(
      [s0],
      /merge: the fronts do not cover the sweep \(24 of 48 points missing\):\n {2}expected the front of every shard of the sweep \(or --allow-partial to merge what is there\), found shard 1\/2 missing \(points 24\.\.47\)/,
    );
    const r = await runCliInProcess(['merge', s0, '--out', merged, '--allow-partial']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /merged 1 front into a partial front of \d+ designs? \(24 of 48 points missing: shard 1\/2 missing \(points 24\.\.47\)\)/,
    );
    expect(r.stderr).toMatch(
      /warning: partial merge \(--allow-partial\): 24 of 48 points missing: shard 1\/2 missing/,
    );
    expect(readJson(join(merged, 'front.json'))).toMatchObject({ partial: true, evaluated: [[0, 24]] });
    expect(readJson(join(merged, 'summary.json'))).toMatchObject({
      status: 'partial',
      partial: true,
      missing: [{ start: 24, end: 48, shard: { index: 1, count: 2 } }],
    });
    // Both shards: complete.
    const full = await runCliInProcess(['merge', s0, s1, '--out', join(dir, 'full')]);
    expect(full.code, full.stderr).toBe(0);
    expect(readJson(join(dir, 'full', 'summary.json'))).toMatchObject({
      status: 'complete',
      partial: false,
      missing: [],
    });
    rmSync(merged, { recursive: true });
  });

  it('fronts of other objectives or another sweep are exit 2 naming both files; a comment does not make another sweep', async () => {
    const objectives = shard(
      'obj',
      variant('obj.yaml', (t) => t.replace(/ {2}- \{ metric: yields\.compound, goal: maximize \}\n/, '')),
      1,
    );
    await expectRefused(
      [s0, objectives],
      /obj\/front\.json: objectives: expected the objectives of .*s0\/front\.json \(min cost\.totalUsd, min thermal\.peakTempC, max yields\.compound\), found min cost\.totalUsd, min thermal\.peakTempC/,
    );
    const other = shard(
      'other',
      variant('other.yaml', (t) =>
        t.replace('values: [10000, 100000, 1000000]', 'values: [10000, 100000, 2000000]'),
      ),
      1,
    );
    await expectRefused(
      [s0, other],
      /other\/front\.json: fingerprint: expected a front of the same sweep as .*s0\/front\.json \(.*fingerprint [0-9a-f]{12}…\), found a different sweep \(fingerprint [0-9a-f]{12}…\)/,
    );
    // The fingerprint is of the content, not the file's text: a comment changes nothing.
    const commented = shard(
      'commented',
      variant('commented.yaml', (t) => `# a comment\n${t}`),
      1,
    );
    expect((await runCliInProcess(['merge', s0, commented, '--out', join(dir, 'm-commented')])).code).toBe(0);
  });

  it('a summary.json of another run beside a front, and a front of the earlier format, are refused', async () => {
    const mixed = join(dir, 'mixed');
    mkdirSync(mixed);
    writeFileSync(join(mixed, 'front.json'), readFileSync(join(s1, 'front.json')));
    writeFileSync(join(mixed, 'summary.json'), readFileSync(join(s0, 'summary.json')));
    await expectRefused(
      [s0, mixed],
      /mixed\/summary\.json: expected the summary of the run that wrote .*mixed\/front\.json .*found the summary of another run \(shard 0\/2, .*\); the folder mixes the files of two runs: re-run that shard/,
    );
    const old = join(dir, 'old');
    mkdirSync(old);
    const f = readJson(join(s1, 'front.json'));
    writeFileSync(
      join(old, 'front.json'),
      JSON.stringify({
        format: 'chiplet-dse-front/1',
        design: f['design'],
        fingerprint: f['fingerprint'],
        objectives: f['objectives'],
        parameters: f['parameters'],
        shard: { index: 1, count: 2 },
        points: f['points'],
      }),
    );
    await expectRefused(
      [s0, old],
      /old\/front\.json: format: expected a front written by this version of chiplet-dse \(chiplet-dse-front\/2, .*\), found chiplet-dse-front\/1, written by an earlier version; re-run that sweep or shard with this version/,
    );
  });

  it('a shard folder without a front.json is left out with a note and reported missing', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const r = await runCliInProcess(['merge', s0, empty, '--out', merged]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /note: .*empty holds no front\.json \(a shard that has not finished\?\); left out/,
    );
    expect(r.stderr).toMatch(/found shard 1\/2 missing \(points 24\.\.47\)/);
  });
});

describe('a checkpoint that does not fit its sweep is refused, saying how to proceed', () => {
  // The checkpoint is written by a real sweep (runCli); the refusals happen before the sweep's pool
  // starts and print no progress (captured if they did): in-process.
  const dir = tmp();
  const ck = join(dir, 's0', 'ck.json');
  beforeAll(() => {
    const r = runCli([
      'sweep',
      SMALL_SWEEP,
      '--shard',
      '0/2',
      '--out',
      join(dir, 's0'),
      '--checkpoint',
      ck,
      '--quiet',
    ]);
    expect(r.code, r.stderr).toBe(0);
  });
  const edited = (name: string, edit: (j: Record<string, unknown>) => void) => {
    const j = readJson(ck);
    edit(j);
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(j));
    return file;
  };
  const WAY_OUT = 'delete it to start this shard again, or use another --checkpoint path';
  const expectRefused = async (file: string, shard: string, message: RegExp) => {
    const out = join(dir, 'out');
    const r = await runCliInProcess([
      'sweep',
      SMALL_SWEEP,
      '--shard',
      shard,
      '--out',
      out,
      '--checkpoint',
      file,
      '--quiet',
    ]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).not.toMatch(/points evaluated/);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(existsSync(out)).toBe(false);
  };

  it('ranges past the end of the shard (once "36 of 24 points")', async () => {
    const file = edited('past.json', (j) => {
      j['done'] = [[0, 36]];
      (j['counts'] as Record<string, number>)['evaluated'] = 36;
    });
    await expectRefused(
      file,
      '0/2',
      new RegExp(
        `past\\.json: done\\[0\\]: expected ranges within shard 0/2's points 0\\.\\.23 of 48, found \\[0, 36\\]: past the end of the shard; ${WAY_OUT}`,
      ),
    );
  });

  it('an archive edited after it was written (its digest)', async () => {
    const file = edited('archive.json', (j) => ((j['archiveValues'] as number[])[0] = 1));
    await expectRefused(
      file,
      '0/2',
      new RegExp(
        `archive\\.json: digest: expected the digest of the checkpoint's content \\([0-9a-f]{12}…\\), found [0-9a-f]{12}…: the content was changed after it was written; ${WAY_OUT}`,
      ),
    );
  });

  it("another shard's checkpoint, and a version 1 checkpoint", async () => {
    await expectRefused(
      ck,
      '1/2',
      /ck\.json: shard: expected the checkpoint of shard 1\/2 \(--shard\), found the checkpoint of shard 0\/2; each shard needs its own --checkpoint file: use another --checkpoint path/,
    );
    const v1 = edited('v1.json', (j) => {
      for (const k of ['totalPoints', 'shard', 'digest']) delete j[k];
      j['version'] = 1;
      j['fingerprint'] = `${String(j['fingerprint'])}:0/2`;
    });
    await expectRefused(
      v1,
      '0/2',
      new RegExp(
        `v1\\.json: version: expected a version 2 checkpoint .*found version 1, written by an earlier chiplet-dse, which cannot be checked; ${WAY_OUT}`,
      ),
    );
  });
});

describe('plugins at run time: a plugin fault is reported, named, and never hangs or ends the command silently', () => {
  // Processes (runCli/spawn): signals, worker threads, timeouts and process.exit in plugins; only
  // the flag check of --point-timeout and evaluate's message on a shapeless Plan run in-process.
  const PLUGINS = join(REPO_ROOT, 'test/fixtures/plugins');
  /** sweep-small.yaml with its mcm approach replaced by a fixture plugin's id. */
  const sweepWith = (id: string) => {
    const file = join(tmp(), `${id}.yaml`);
    writeFileSync(
      file,
      readFileSync(join(REPO_ROOT, 'test/fixtures/designs/sweep-small.yaml'), 'utf8')
        .replace(/approach, values: \[monolithic, mcm\]/, `approach, values: [monolithic, ${id}]`)
        .replace('package: { approach: mcm }', `package: { approach: ${id} }`),
    );
    return file;
  };
  /** One design of three linked dies: the case the fixture plugins misbehave on. */
  const threeDies = (id: string) => {
    const file = join(tmp(), 'three.yaml');
    writeFileSync(
      file,
      [
        'name: three',
        'system: { volumeUnits: 100000 }',
        'chiplets:',
        '  - { id: tile, count: 3, areaMm2: 100, node: n5, powerW: 30, phy: ucie_standard }',
        'links:',
        '  - { from: tile, to: tile, bandwidthGBps: 100 }',
        `package: { approach: ${id} }`,
      ].join('\n'),
    );
    return file;
  };
  const runEnv = (args: string[], env: Record<string, string>) => {
    const r = spawnSync(process.execPath, [BIN, ...args], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  const summaryOf = (out: string) =>
    JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      status: string;
      points: { evaluated: number; failed: number };
      failures: { pointIndex: number; pluginId: string; message: string }[];
    };

  it('a plugin that never returns: Ctrl-C still interrupts the sweep (the task-size probe runs on a worker)', async () => {
    const out = join(tmp(), 'o');
    const child = spawn(
      process.execPath,
      [BIN, 'sweep', sweepWith('hanging'), '--plugin', join(PLUGINS, 'hanging-plugin.mjs'), '--out', out],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    const started = new Promise<void>((done) => {
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        stderr += d;
        if (PROGRESS.test(stderr)) done();
      });
      // Only a bound on the wait: the outcome asserted is the exit code, not a time.
      setTimeout(done, 15_000);
    });
    const closed = new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    await started;
    // Give the probe time to reach a point that never returns, then press Ctrl-C.
    await new Promise((done) => setTimeout(done, 2000));
    child.kill('SIGINT');
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await closed;
    clearTimeout(guard);
    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(/interrupted: partial results written/);
    expect(existsSync(join(out, 'front.json'))).toBe(true);
  }, 60_000);

  it('sweep --point-timeout: a point past the limit fails naming the plugin, its worker is stopped, the sweep goes on', () => {
    const out = join(tmp(), 'o');
    const r = runCli([
      'sweep',
      sweepWith('hanging'),
      '--plugin',
      join(PLUGINS, 'hanging-plugin.mjs'),
      '--point-timeout',
      '500',
      '--out',
      out,
      '--quiet',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const s = summaryOf(out);
    // tiles = 3 with the hanging approach: 2 nodes x 3 volumes; every other point is evaluated.
    expect(s.points.evaluated).toBe(48);
    expect(s.points.failed).toBe(6);
    expect(s.failures[0]).toMatchObject({
      pluginId: 'hanging',
      message: 'did not finish within 500 ms (--point-timeout); its worker thread was stopped',
    });
    expect(r.stderr).toMatch(
      /warning: 6 points failed \(first: point \d+, plugin hanging: did not finish within 500 ms/,
    );
  }, 120_000);

  it('evaluate --point-timeout stops a plugin that never returns: exit 1 naming it and the design', () => {
    const r = runCli([
      'evaluate',
      threeDies('hanging'),
      '--plugin',
      join(PLUGINS, 'hanging-plugin.mjs'),
      '--point-timeout',
      '500',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: plugin hanging did not finish evaluating design "three" within 500 ms \(--point-timeout\); it was stopped$/m,
    );
    expect(r.stdout).toBe('');
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it('--point-timeout is checked like every count flag', async () => {
    const r = await runCliInProcess(['evaluate', threeDies('mcm'), '--point-timeout', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--point-timeout: expected an integer >= 1, found 0/);
  });

  it('process.exit(3) in a plugin: evaluate exits 1 naming the plugin, also on the worker of --point-timeout', () => {
    for (const extra of [[], ['--point-timeout', '60000']]) {
      const r = runCli([
        'evaluate',
        threeDies('exiting'),
        '--plugin',
        join(PLUGINS, 'exiting-plugin.mjs'),
        ...extra,
      ]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(
        /^error: model error in plugin exiting: called process\.exit\(3\); a plugin must throw an error to fail a point, not end the process$/m,
      );
      expect(hasStackTrace(r.stderr)).toBe(false);
    }
  });

  it('process.exit(3) in a plugin: the sweep stops (exit 1) naming the plugin and the point, and writes what was done', () => {
    const out = join(tmp(), 'o');
    const r = runCli([
      'sweep',
      sweepWith('exiting'),
      '--plugin',
      join(PLUGINS, 'exiting-plugin.mjs'),
      '--out',
      out,
      '--quiet',
    ]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(
      /error: sweep stopped: plugin exiting called process\.exit\(3\); a plugin must throw an error to fail a point, not end the process \(point \d+\)/,
    );
    const s = summaryOf(out);
    expect(s.status).toBe('plugin-exit');
    expect(s.failures[0]).toMatchObject({
      pluginId: 'exiting',
      message: expect.stringMatching(/process\.exit\(3\)/),
    });
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it('compile returning what is not a Plan fails the point (sweep goes on), and is a model error naming the plugin (evaluate)', async () => {
    const plugin = join(PLUGINS, 'shapeless-plugin.mjs');
    const expected: [string, string][] = [
      ['undefined', 'nothing'],
      ['number', '42'],
      ['object', 'an object without an evaluate function'],
      ['layout', 'an object whose layout is nothing'],
    ];
    for (const [result, found] of expected) {
      const message = `model error in plugin shapeless: compile returned ${found}, expected a Plan { layout, evaluate, reasons } or a list of input issues`;
      // evaluate's message: in-process; the sweep below runs on worker threads (a process).
      const e = await runCliInProcess(
        ['evaluate', threeDies('shapeless'), '--plugin', plugin],
        REPO_ROOT,
        undefined,
        {
          SHAPELESS_RESULT: result,
        },
      );
      expect(e.code, e.stderr).toBe(1);
      expect(e.stderr).toContain(`error: ${message}`);
      expect(hasStackTrace(e.stderr)).toBe(false);
    }
    const out = join(tmp(), 'o');
    const s = runEnv(['sweep', sweepWith('shapeless'), '--plugin', plugin, '--out', out, '--quiet'], {
      SHAPELESS_RESULT: 'undefined',
    });
    expect(s.code, s.stderr).toBe(0);
    expect(summaryOf(out).points.failed).toBe(6);
    expect(summaryOf(out).failures[0]).toMatchObject({
      pluginId: 'shapeless',
      message: expect.stringMatching(/compile returned nothing/),
    });
  });

  it('a derived-metric objective that returns undefined or throws fails the point, not the sweep', () => {
    const design = join(tmp(), 'derived.yaml');
    writeFileSync(
      design,
      readFileSync(join(REPO_ROOT, 'test/fixtures/designs/sweep-small.yaml'), 'utf8').replace(
        '{ metric: yields.compound, goal: maximize }',
        '{ metric: derived.unsteady, goal: minimize }',
      ),
    );
    const plugin = join(PLUGINS, 'undefined-metric.mjs');
    for (const [mode, message] of [
      [
        'undefined',
        'objective derived.unsteady: derived metric derived.unsteady returned nothing, expected a number',
      ],
      ['throw', 'objective derived.unsteady: derived metric derived.unsteady threw: unsteady metric: 3 dies'],
    ] as const) {
      // With and without the task-size probe (a small task size: several tasks, several workers).
      for (const extra of [[], ['--task-size', '8']]) {
        const out = join(tmp(), 'o');
        const r = runEnv(['sweep', design, '--plugin', plugin, '--out', out, '--quiet', ...extra], {
          UNDEFINED_METRIC: mode,
        });
        expect(r.code, r.stderr).toBe(0);
        const s = summaryOf(out);
        // The 3-tile mcm points: 2 nodes x 3 volumes.
        expect(s.points.failed).toBe(6);
        expect(s.failures[0]).toMatchObject({ pluginId: 'mcm', message });
        expect(hasStackTrace(r.stderr)).toBe(false);
      }
    }
  });
});

describe('design files are data: a plugin a design file names loads only with --allow-file-plugins', () => {
  const marker = join(REPO_ROOT, 'test/fixtures/plugins/marker-plugin.mjs');
  const setup = () => {
    const dir = tmp();
    const design = join(dir, 'design.yaml');
    writeFileSync(
      design,
      [
        'name: x',
        `plugins: ['${marker}']`,
        'system: { volumeUnits: 1 }',
        'chiplets: [{ id: a, areaMm2: 50, node: n7, powerW: 1 }]',
        'package: { approach: toy }',
      ].join('\n'),
    );
    return { design, ran: join(dir, 'ran.txt') };
  };
  const run = (args: string[], ran: string) => {
    const r = spawnSync(process.execPath, [BIN, ...args], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, CHIPLET_DSE_TEST_MARKER: ran },
    });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };

  it.each(['validate', 'evaluate', 'sweep'])(
    '%s without the flag: exit 2 naming the entry, no plugin code runs',
    (command) => {
      const { design, ran } = setup();
      const r = run([command, design], ran);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        `error: ${design}: plugins[0]: expected no plugin module (design files are data and a plugin is code: pass --allow-file-plugins to load the plugins this file names, or give this one with --plugin), found "${marker}"`,
      );
      expect(hasStackTrace(r.stderr)).toBe(false);
      expect(existsSync(ran)).toBe(false);
    },
  );

  it('loads with --allow-file-plugins, or when --plugin names the same module', () => {
    const { design, ran } = setup();
    const allowed = run(['validate', design, '--allow-file-plugins'], ran);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(existsSync(ran)).toBe(true);
    const named = run(['evaluate', design, '--plugin', marker], join(tmp(), 'ran.txt'));
    expect(named.code, named.stderr).toBe(0);
    expect(named.stdout).toContain('toy 0.0.1');
  });
});

describe('`-` reads the design from stdin (docs/cli.md, "JSON output and stdin")', () => {
  // In-process (runCliInProcess), stdin given as text to core's reader; the real pipe (its size
  // limit) and the worker thread of --point-timeout stay processes (runCli).
  const design = readFileSync(join(REPO_ROOT, 'examples/2.5d.yaml'), 'utf8');

  it('evaluate - --json evaluates the design on stdin, named <stdin>', async () => {
    const r = await runCliInProcess(['evaluate', '-', '--json'], REPO_ROOT, design);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { file: string; designs: { name: string }[] };
    expect(j.file).toBe('<stdin>');
    expect(j.designs.map((d) => d.name)).toEqual(['si-interposer', 'embedded-bridge', 'rdl-interposer']);
  });

  it('validate - reads YAML or JSON from stdin', async () => {
    const yaml = await runCliInProcess(['validate', '-'], REPO_ROOT, design);
    expect(yaml.code, yaml.stderr).toBe(0);
    expect(yaml.stdout).toMatch(/^<stdin>: valid \(3 designs/);
    const asJson = JSON.stringify(parseYaml(design));
    const j = await runCliInProcess(['validate', '-', '--json'], REPO_ROOT, asJson);
    expect(j.code, j.stderr).toBe(0);
    expect(JSON.parse(j.stdout)).toMatchObject({ file: '<stdin>', valid: true });
  });

  it('a bad design on stdin: exit 2, the error names <stdin> and the field, no stack trace', async () => {
    const bad = 'name: x\nchiplets: 3\n';
    for (const cmd of ['evaluate', 'validate']) {
      const r = await runCliInProcess([cmd, '-'], REPO_ROOT, bad);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^error: <stdin>: system: expected object, found nothing$/m);
      expect(r.stderr).toMatch(/^<stdin>: chiplets: expected array, found 3$/m);
      expect(hasStackTrace(r.stderr)).toBe(false);
    }
  });

  it('evaluate - --point-timeout hands the stdin text to its worker thread', () => {
    const r = runCli(['evaluate', '-', '--point-timeout', '600000'], REPO_ROOT, design);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^accelerator-2\.5d: <stdin> \(technology: default\)/);
  });

  it("a stdin design's relative plugins: paths resolve against the working directory", async () => {
    const dir = tmp();
    const r = await runCliInProcess(['validate', '-'], dir, `plugins: [./p.mjs]\n${design}`);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`<stdin>: plugins[0]: expected no plugin module`);
    expect(r.stderr).toContain(`found "./p.mjs" (${join(dir, 'p.mjs')})`);
  });

  it('stdin has the size limit of a file', () => {
    const big = `# ${'x'.repeat(11 * 1024 * 1024)}\n`;
    const r = runCli(['validate', '-'], REPO_ROOT, big);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: <stdin>: expected a file of at most 10 MB \(the input size limit\)/);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it('sweep - is refused with exit 2 before anything is read or written', async () => {
    const r = await runCliInProcess(['sweep', '-', '--out', join(tmp(), 'o')], REPO_ROOT, design);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /design: expected a design file path .*save stdin to a file first.*found "-" \(stdin\)/,
    );
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
});

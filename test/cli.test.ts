/** End-to-end: the built CLI on example and fixture files, as a user runs it. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, hasStackTrace, REPO_ROOT, runCli } from './helpers/runCli.js';
import { runCliInProcess } from './helpers/runCliInProcess.js';

const tmp = mkdtempSync(join(tmpdir(), 'dse-cli-'));
function designFile(name: string, text: string): string {
  const f = join(tmp, name);
  writeFileSync(f, text);
  return f;
}

const SMALL = 'test/fixtures/designs/small.yaml';

describe('chiplet-dse evaluate', () => {
  // The first test runs the built bin (runCli); the others check output only: in-process.
  it('prints both designs of the 800 mm² accelerator example', () => {
    const r = runCli(['evaluate', 'examples/accelerator-800mm2.yaml']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const text of [
      'monolithic',
      'mcm-4',
      'total',
      'raw dies',
      'compound',
      'peak junction',
      'Feasible',
    ]) {
      expect(r.stdout).toContain(text);
    }
  });

  it('prints metrics records as JSON whose totals add up', async () => {
    const r = await runCliInProcess(['evaluate', 'examples/epyc-like.yaml', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      designs: {
        name: string;
        metrics: { cost: { totalUsd: number; recurringUsd: number; nreUsd: number } };
      }[];
    };
    expect(out.designs.map((d) => d.name)).toEqual(['monolithic-777', 'chiplets-4x213']);
    for (const d of out.designs) {
      expect(d.metrics.cost.totalUsd).toBeGreaterThan(0);
      expect(d.metrics.cost.totalUsd).toBeCloseTo(d.metrics.cost.recurringUsd + d.metrics.cost.nreUsd, 6);
    }
  });

  it('evaluates only the named variants', async () => {
    const r = await runCliInProcess([
      'evaluate',
      'examples/epyc-like.yaml',
      '--variant',
      'chiplets-4x213',
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { designs: unknown[] }).designs).toHaveLength(1);
    const bad = await runCliInProcess(['evaluate', 'examples/epyc-like.yaml', '--variant', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--variant: expected one of "monolithic-777", "chiplets-4x213", found "nope"/);
  });

  it('applies a --tech file over the preset', async () => {
    const cheap = designFile('cheap.yaml', 'nodes:\n  n7:\n    waferPriceUsd: 1000\n');
    const base = JSON.parse((await runCliInProcess(['evaluate', SMALL, '--json'])).stdout) as {
      designs: { metrics: { cost: { recurring: { rawDiesUsd: number } } } }[];
    };
    const r = await runCliInProcess(['evaluate', SMALL, '--json', '--tech', cheap]);
    expect(r.code).toBe(0);
    const low = JSON.parse(r.stdout) as typeof base;
    expect(low.designs[0]!.metrics.cost.recurring.rawDiesUsd).toBeLessThan(
      base.designs[0]!.metrics.cost.recurring.rawDiesUsd,
    );
  });
});

describe('bad input: exit 2, one clear message naming file and field, no stack trace', () => {
  // In-process (runCliInProcess): messages about input files; validate's process path is covered
  // under --json below.
  const cases: [string, string, RegExp][] = [
    ['malformed YAML', 'name: x\nchiplets: [\n', /bad\.yaml: expected valid YAML/],
    ['malformed JSON', '{"name": ', /bad\.json: expected valid JSON/],
    [
      'unknown field',
      'name: x\ncolour: red\nsystem: {volumeUnits: 1}\nchiplets: [{id: a, areaMm2: 10, node: n7, powerW: 1}]\npackage: {approach: monolithic}\n',
      /colour: expected a known field/,
    ],
    [
      'negative area',
      'name: x\nsystem: {volumeUnits: 1}\nchiplets: [{id: a, areaMm2: -5, node: n7, powerW: 1}]\npackage: {approach: monolithic}\n',
      /chiplets\[0\]\.areaMm2: expected a number (> 0|in \(0, 20000\]), found -5/,
    ],
    [
      'zero area',
      'name: x\nsystem: {volumeUnits: 1}\nchiplets: [{id: a, areaMm2: 0, node: n7, powerW: 1}]\npackage: {approach: monolithic}\n',
      /chiplets\[0\]\.areaMm2: expected a number (> 0|in \(0, 20000\]), found 0/,
    ],
    [
      'unknown node',
      'name: x\nsystem: {volumeUnits: 1}\nchiplets: [{id: a, areaMm2: 50, node: n1, powerW: 1}]\npackage: {approach: monolithic}\n',
      /chiplets\[0\]\.node: expected a node id from the technology library .* found "n1"/,
    ],
    [
      'unknown PHY',
      'name: x\nsystem: {volumeUnits: 1}\nchiplets: [{id: a, count: 2, areaMm2: 50, node: n7, powerW: 1, phy: warp9}]\nlinks: [{from: a, to: a, bandwidthGBps: 1}]\npackage: {approach: mcm}\n',
      /chiplets\[0\]\.phy: expected a D2D PHY id .* found "warp9"/,
    ],
    [
      'unknown plugin id',
      'name: x\nsystem: {volumeUnits: 1}\nchiplets: [{id: a, areaMm2: 50, node: n7, powerW: 1}]\npackage: {approach: teleport}\n',
      /package\.approach: expected a registered plugin id \(.*monolithic.*\), found "teleport"/,
    ],
    [
      'chiplet larger than the reticle',
      'name: x\nsystem: {volumeUnits: 1}\nchiplets: [{id: a, areaMm2: 900, node: n7, powerW: 1}]\npackage: {approach: monolithic}\n',
      /chiplets\[0\]: expected a die that fits the 26 x 33 mm reticle of n7 \(858 mm²\), found a: .*900\.0 mm²/,
    ],
    [
      '__proto__ key',
      'name: x\n__proto__: {polluted: true}\nsystem: {volumeUnits: 1}\n',
      /__proto__: expected a field name other than __proto__/,
    ],
    [
      'wrong plugin for the design',
      'name: x\nsystem: {volumeUnits: 1}\nchiplets: [{id: a, count: 2, areaMm2: 50, node: n7, powerW: 1}]\npackage: {approach: monolithic}\n',
      /plugin monolithic cannot build this design:\n\s+.*chiplets: expected exactly one die/,
    ],
    [
      'unknown plugin option',
      'name: x\nsystem: {volumeUnits: 1}\nchiplets: [{id: a, areaMm2: 50, node: n7, powerW: 1}]\npackage: {approach: monolithic, options: {warp: 3}}\n',
      /package\.options\.warp: expected an option of plugin monolithic/,
    ],
  ];
  for (const [what, text, message] of cases) {
    it(what, async () => {
      const file = designFile(what.includes('JSON') ? 'bad.json' : 'bad.yaml', text);
      const r = await runCliInProcess(['evaluate', file]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(file);
      expect(r.stderr).toMatch(message);
      expect(hasStackTrace(r.stderr)).toBe(false);
    });
  }

  it('a missing file', async () => {
    const r = await runCliInProcess(['evaluate', 'no/such/design.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /no\/such\/design\.yaml: expected a readable YAML or JSON file, found no such file/,
    );
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it('validate reports the same problems and passes good files', async () => {
    expect((await runCliInProcess(['validate', 'examples/accelerator-800mm2.yaml'])).code).toBe(0);
    const bad = await runCliInProcess([
      'validate',
      designFile(
        'v.yaml',
        'name: x\nsystem: {volumeUnits: 1}\nchiplets: [{id: a, areaMm2: 50, node: n1, powerW: 1}]\npackage: {approach: monolithic}\n',
      ),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/chiplets\[0\]\.node/);
  });
});

describe('plugins', () => {
  // The first test runs the built bin (runCli); loading and refusing plugin modules and their
  // messages are the same in-process (runCliInProcess).
  it('lists the built-in plugins with versions and approaches', () => {
    const r = runCli(['plugins']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/monolithic\s+0\.1\.0/);
    expect(r.stdout).toMatch(/mcm\s+0\.1\.0/);
    const json = JSON.parse(runCli(['plugins', '--json']).stdout) as { id: string; apiVersion: number }[];
    expect(json.map((p) => p.id)).toEqual(expect.arrayContaining(['monolithic', 'mcm']));
  });

  it('loads a third-party plugin by path with --plugin and evaluates with it', async () => {
    const plugin = join(REPO_ROOT, 'test/fixtures/plugins/toy-plugin.mjs');
    const listed = await runCliInProcess(['plugins', '--plugin', plugin]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/toy\s+0\.0\.1/);
    const design = designFile(
      'toy.yaml',
      'name: x\nsystem: {volumeUnits: 1}\nchiplets: [{id: a, areaMm2: 50, node: n7, powerW: 1}]\npackage: {approach: toy}\n',
    );
    const r = await runCliInProcess(['evaluate', design, '--json', '--plugin', plugin]);
    expect(r.code, r.stderr).toBe(0);
    expect(
      (JSON.parse(r.stdout) as { designs: { metrics: { pluginId: string } }[] }).designs[0]!.metrics.pluginId,
    ).toBe('toy');
  });

  it('loads plugins listed in the design file, relative to it, with --allow-file-plugins', async () => {
    const design = join(REPO_ROOT, 'test/fixtures/designs/uses-toy.yaml');
    const r = await runCliInProcess(['evaluate', design, '--allow-file-plugins']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('toy 0.0.1');
  });

  const badPlugins: [string, RegExp][] = [
    [
      'old-api-plugin.mjs',
      /plugin "old-api".*targets plugin API version 0, but this chiplet-dse implements version 2/,
    ],
    ['not-a-plugin.mjs', /not-a-plugin\.mjs: the default export must be an inversify ContainerModule/],
    [
      'duplicate-mcm.mjs',
      /plugin "mcm": duplicate plugin id: registered by @chiplet-dse\/plugins and again by .*duplicate-mcm\.mjs/,
    ],
    ['missing.mjs', /missing\.mjs: no file or folder/],
  ];
  for (const [file, message] of badPlugins) {
    it(`rejects ${file} with a message naming the plugin`, async () => {
      const r = await runCliInProcess([
        'plugins',
        '--plugin',
        join(REPO_ROOT, 'test/fixtures/plugins', file),
      ]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(hasStackTrace(r.stderr)).toBe(false);
    });
  }

  it('rejects an npm package that is not installed', async () => {
    const r = await runCliInProcess(['plugins', '--plugin', 'chiplet-dse-plugin-that-does-not-exist']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot find the package/);
  });

  it('stops a model that leaks NaN with exit 1 and never prints the number', async () => {
    const plugin = join(REPO_ROOT, 'test/fixtures/plugins/nan-plugin.mjs');
    const design = designFile(
      'nan.yaml',
      'name: x\nsystem: {volumeUnits: 1}\nchiplets: [{id: a, areaMm2: 50, node: n7, powerW: 1}]\npackage: {approach: nan}\n',
    );
    const r = await runCliInProcess(['evaluate', design, '--plugin', plugin]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/model error in plugin nan: thermal\.peakTempC is NaN/);
  });
});

describe('tech, schema, help and version', () => {
  // tech's first test, --help and --version run the built bin (yargs prints and exits the process);
  // formatting, widths (COLUMNS passed as the bin reads it), schemas and usage errors: in-process.
  it('prints the technology library with sources', () => {
    const r = runCli(['tech', '--section', 'nodes']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/n7\.waferPriceUsd\s+9,346 USD\s+cset_wafer/);
    expect(r.stdout).toMatch(/Sources:/);
    const a = runCli(['tech', '--preset', 'actuary-dac22', '--section', 'nodes']);
    expect(a.stdout).toMatch(/n5\.defectDensityPerCm2\s+0\.11 \/cm²/);
    expect(runCli(['tech', '--preset', 'nope']).code).toBe(2);
  });

  it('formats the values of tech by the unit of their field name, without float noise', async () => {
    const r = await runCliInProcess(['tech', '--section', 'nodes']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/n16\.designNreUsdPerMm2\s+176,667 USD\/mm²\s+actuary/);
    expect(r.stdout).toMatch(/n28\.scribeWidthMm\s+0\.2 mm\s/);
    expect(r.stdout).toMatch(/n28\.chipNreFixedUsd\s+10,200,000 USD\s/);
    const table = r.stdout.slice(0, r.stdout.indexOf('Sources:'));
    expect(table).not.toMatch(/\d\.\d{7,}|\d{5,}/); // no float noise, thousands separated
    // --json keeps the numbers whole
    const json = JSON.parse((await runCliInProcess(['tech', '--json'])).stdout) as {
      nodes: Record<string, { designNreUsdPerMm2: number }>;
    };
    expect(json.nodes['n16']!.designNreUsdPerMm2).toBe(176666.66666666666);
  });

  it('fits tech to the terminal width (COLUMNS), cutting free text but no number', async () => {
    const wide = await runCliInProcess(['tech']);
    expect(Math.max(...wide.stdout.split('\n').map((l) => l.length))).toBeGreaterThan(200);
    for (const columns of [80, 60]) {
      const r = await runCliInProcess(['tech'], undefined, undefined, { COLUMNS: String(columns) });
      expect(r.code).toBe(0);
      const long = r.stdout.split('\n').filter((l) => l.length > columns);
      expect(long, `lines longer than ${columns}`).toEqual([]);
      expect(r.stdout).toMatch(/n16\.designNreUsdPerMm2\s+176,667 USD\/mm²/);
      expect(r.stdout).toMatch(/embedded_bridge\.name\s+Silicon bridges.*…/);
      expect(r.stdout).toContain('1,000,000,000 mm²');
    }
    // COLUMNS=0: no limit, as when piped
    expect((await runCliInProcess(['tech'], undefined, undefined, { COLUMNS: '0' })).stdout).toBe(
      wide.stdout,
    );
    const list = await runCliInProcess(['tech', '--list'], undefined, undefined, { COLUMNS: '60' });
    expect(Math.max(...list.stdout.split('\n').map((l) => l.length))).toBeLessThanOrEqual(60);
  });

  it('splits the columns of a table too wide for the terminal into blocks (evaluate)', async () => {
    const design = 'examples/accelerator-800mm2-approaches.yaml';
    const wide = await runCliInProcess(['evaluate', design]);
    expect(Math.max(...wide.stdout.split('\n').map((l) => l.length))).toBeGreaterThan(100);
    const r = await runCliInProcess(['evaluate', design], undefined, undefined, { COLUMNS: '100' });
    expect(r.code).toBe(0);
    const table = r.stdout.slice(0, r.stdout.indexOf('Infeasible because'));
    expect(table.split('\n').filter((l) => l.length > 100)).toEqual([]);
    // every design in some block, the labels repeated in each
    for (const name of ['monolithic', 'mcm', '2.5d-bridges', '3d-two-stacks']) expect(table).toContain(name);
    expect(table.match(/^ {2}total /gm)!.length).toBeGreaterThan(1);
  });

  it('prints JSON schemas for editors', async () => {
    const r = await runCliInProcess(['schema', 'design']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as { properties: Record<string, unknown> };
    expect(Object.keys(s.properties)).toEqual(
      expect.arrayContaining(['chiplets', 'package', 'system', 'variants', 'technology']),
    );
  });

  it('fits --help to COLUMNS like the tables', () => {
    const r = runCli(['sweep', '--help'], REPO_ROOT, undefined, { COLUMNS: '60' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--workers');
    expect(r.stdout.split('\n').filter((l) => [...l].length > 60)).toEqual([]);
  });

  it('has --help on every command and --version', () => {
    for (const cmd of [[], ['evaluate'], ['validate'], ['plugins'], ['tech'], ['schema']]) {
      const r = runCli([...cmd, '--help']);
      expect(r.code, cmd.join(' ')).toBe(0);
      expect(r.stdout).toContain('chiplet-dse');
    }
    const v = runCli(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toBe('0.1.0');
    // `--version` alone takes the fast path (bin/chiplet-dse.ts, before yargs and core load):
    // it must print what the full command line prints.
    const full = runCli(['--version', '--version']);
    expect(full.code).toBe(0);
    expect(full.stdout).toBe(v.stdout);
  });

  it('exits 2 on usage errors', async () => {
    expect((await runCliInProcess([])).code).toBe(2);
    expect((await runCliInProcess(['evaluat', 'x'])).code).toBe(2);
    const r = await runCliInProcess(['plugins', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Unknown argument/);
  });
});

describe('chiplet-dse completion', () => {
  // All processes (runCli): completion is the shell calling the bin.
  const complete = (...words: string[]) => {
    const r = runCli(['--get-yargs-completions', 'chiplet-dse', ...words]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return r.stdout.split('\n').filter((l) => l !== '');
  };

  it('prints a bash completion script, and a zsh one under zsh', () => {
    const r = runCli(['completion']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'complete -o bashdefault -o default -F _chiplet-dse_yargs_completions chiplet-dse',
    );
    expect(r.stdout).toContain('chiplet-dse --get-yargs-completions');
    const zsh = runCli(['completion'], undefined, undefined, { SHELL: '/bin/zsh' });
    expect(zsh.code).toBe(0);
    expect(zsh.stdout).toContain('#compdef chiplet-dse');
  });

  it('completes commands, flags and flag values, without running a command or an error', () => {
    expect(complete('sw')).toContain('sweep');
    expect(complete('')).toEqual(expect.arrayContaining(['evaluate', 'tech', 'completion']));
    expect(complete('tech', '--section', '')).toEqual([
      'nodes',
      'carriers',
      'bonding',
      'phys',
      'hbm',
      'materials',
      'cooling',
      'thermalCalibration',
      'test',
    ]);
    expect(complete('tech', '--section', 'th')).toEqual(['thermalCalibration']);
    expect(complete('tech', '--preset', '')).toEqual(['actuary-dac22', 'default']);
    expect(complete('sweep', '--strategy', '')).toEqual(['grid', 'random', 'sobol', 'halton']);
    expect(complete('init', '--template', '')).toEqual(['accelerator', 'cpu']);
    expect(complete('schema', 't')).toEqual(['technology']);
    expect(complete('tech', '--')).toEqual(expect.arrayContaining(['--preset', '--section', '--json']));
    // fish passes the words without the program name: the command must still not run
    const r = runCli(['--get-yargs-completions', 'tech', '--section', '']);
    expect(r.stdout).not.toContain('Technology library');
    expect(r.stdout).toContain('thermalCalibration');
  });

  it.skipIf(spawnSync('bash', ['--version']).status !== 0)('works in bash, through the script', () => {
    // chiplet-dse on the PATH as the built bin, the script sourced, Tab on "chiplet-dse tech --section th"
    const bin = join(tmp, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'chiplet-dse'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, {
      mode: 0o755,
    });
    writeFileSync(join(tmp, 'completion.bash'), runCli(['completion']).stdout);
    const script = [
      `source ${JSON.stringify(join(tmp, 'completion.bash'))}`,
      'COMP_WORDS=(chiplet-dse tech --section th); COMP_CWORD=3',
      '_chiplet-dse_yargs_completions',
      'printf "%s\\n" "${COMPREPLY[@]}"',
      'COMP_WORDS=(chiplet-dse sw); COMP_CWORD=1',
      '_chiplet-dse_yargs_completions',
      'printf "%s\\n" "${COMPREPLY[@]}"',
    ].join('\n');
    const r = spawnSync('bash', ['-c', script], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}:${process.env['PATH'] ?? ''}` },
    });
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n').filter((l) => l !== '')).toEqual(['thermalCalibration', 'sweep']);
  });
});

describe('--json on every command (docs/cli.md, "JSON output and stdin")', () => {
  // Processes (runCli), except the refused invalid design: the built bin end to end for validate,
  // sweep (worker threads), merge, report, init and schema.
  const SWEEP_SMALL = 'test/fixtures/designs/sweep-small.yaml';
  const json = (r: { code: number; stdout: string; stderr: string }): Record<string, unknown> => {
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as Record<string, unknown>;
  };

  it('validate --json: valid, with the design names', () => {
    const v = json(runCli(['validate', 'examples/2.5d.yaml', '--json']));
    expect(v).toEqual({
      file: 'examples/2.5d.yaml',
      valid: true,
      designs: ['si-interposer', 'embedded-bridge', 'rdl-interposer'],
      issues: [],
    });
  });

  it('validate --json: an invalid design gives its issues on stdout, the error on stderr, exit 2', async () => {
    const f = designFile('bad-json.yaml', 'name: x\nchiplets: 3\n');
    const r = await runCliInProcess(['validate', f, '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/chiplets: expected array, found 3/);
    const v = JSON.parse(r.stdout) as { valid: boolean; issues: { file: string; path: string }[] };
    expect(v.valid).toBe(false);
    expect(v.issues).toContainEqual({ file: f, path: 'chiplets', expected: 'array', found: '3' });
  });

  it('sweep, merge, report and init --json print one object each; schema --json is the schema', () => {
    const out = join(tmp, 'sweep-json');
    const s = json(runCli(['sweep', SWEEP_SMALL, '--out', out, '--json', '--workers', '1']));
    expect(s['status']).toBe('complete');
    expect(s['shard']).toBeNull();
    expect(s['partial']).toBe(false);
    const points = s['points'] as Record<string, number>;
    expect(points['evaluated']).toBe(points['total']);
    expect(points['feasible']! + points['infeasible']! + points['invalid']! + points['failed']!).toBe(
      points['evaluated'],
    );
    expect(typeof s['frontSize']).toBe('number');
    expect(s['frontSize']).toBeGreaterThan(0);
    expect(typeof s['hypervolume']).toBe('number');
    expect(s['written']).toEqual(['front.csv', 'front.json', 'summary.json'].map((f) => join(out, f)));

    const m = json(runCli(['merge', out, '--out', join(tmp, 'merged-json'), '--json']));
    expect(m).toMatchObject({ fronts: 1, frontSize: s['frontSize'], partial: false, missingPoints: 0 });
    expect(m['written']).toContain(join(tmp, 'merged-json', 'front.json'));

    const html = join(tmp, 'report-json.html');
    const r = json(runCli(['report', out, '-o', html, '--json']));
    expect(r).toMatchObject({ file: html, frontSize: s['frontSize'], pointsFeasible: 0 });
    expect(r['bytes']).toBeGreaterThan(1000);

    const i = json(runCli(['init', join(tmp, 'init-json.yaml'), '--json', '--template', 'cpu']));
    expect(i).toMatchObject({ path: join(tmp, 'init-json.yaml'), template: 'cpu' });
    expect(typeof i['schema']).toBe('string');

    expect(json(runCli(['schema', '--json']))['type']).toBe('object');
  });
});

describe('runCliInProcess prints what the built bin prints', () => {
  // The in-process helper (test/helpers/runCliInProcess.ts) stands in for the bin in the tests
  // above: the same code, stdout and stderr, byte for byte, on a table fitted to COLUMNS, a
  // usage error and a bad design on stdin.
  const same: [string[], string | undefined, Record<string, string>][] = [
    [['evaluate', 'examples/accelerator-800mm2-approaches.yaml'], undefined, { COLUMNS: '100' }],
    [['plugins', '--bogus'], undefined, {}],
    [['validate', '-', '--json'], 'name: x\nchiplets: 3\n', {}],
  ];
  it.each(same)('%j', async (args, input, env) => {
    expect(await runCliInProcess(args, REPO_ROOT, input, env)).toEqual(runCli(args, REPO_ROOT, input, env));
  });
});

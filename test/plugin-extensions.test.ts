/**
 * The extensions example (examples/plugin-extensions) through the built CLI: its preset, yield
 * model and derived metric are usable where the built-in ones are, in sweep workers too; a
 * duplicate id or a missing `requires` stops loading with exit 2 naming both modules.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, hasStackTrace, runCli } from './helpers/runCli.js';

const PLUGIN_DIR = './examples/plugin-extensions';
const EXAMPLE = join(REPO_ROOT, 'examples/plugin-extensions/extensions.yaml');
const work = mkdtempSync(join(tmpdir(), 'chiplet-dse-extensions-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function design(name: string, system: string, extra = ''): string {
  const file = join(work, name);
  writeFileSync(
    file,
    `name: ${name}
logicBudgetMm2: 600
system: ${system}
chiplets:
  - { id: tile, count: 2, areaShare: 1, node: n5, powerDensityWPerMm2: 0.3, phy: ucie_standard }
links:
  - { from: tile, to: tile, bandwidthGBps: 100 }
package: { approach: mcm }
${extra}`,
  );
  return file;
}

interface EvaluateJson {
  designs: { metrics: { yields: { dies: { dieYield: number }[] }; cost: { totalUsd: number } } }[];
}

function dieYieldOf(file: string, ...flags: string[]): number {
  const r = runCli(['evaluate', file, '--json', ...flags]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as EvaluateJson).designs[0]!.metrics.yields.dies[0]!.dieYield;
}

describe('examples/plugin-extensions through the CLI', () => {
  it('tech --list shows its preset beside the built-in ones; tech --preset prints it with sources', () => {
    const r = runCli(['tech', '--list', '--plugin', PLUGIN_DIR]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^default +@chiplet-dse\/core /m);
    expect(r.stdout).toMatch(/^catch-organic +\S*examples\/plugin-extensions +The default library/m);
    expect(runCli(['tech', '--list']).stdout).not.toContain('catch-organic');
    const p = runCli(['tech', '--preset', 'catch-organic', '--section', 'carriers', '--plugin', PLUGIN_DIR]);
    expect(p.code).toBe(0);
    expect(p.stdout).toContain('Technology library "catch-organic"');
    expect(p.stdout).toMatch(/organic_substrate\.costUsdPerMm2 +5\.382e-5 USD\/mm² +catch$/m);
    const bad = runCli(['tech', '--preset', 'catch-organic']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--preset: expected one of');
  });

  it('a design using its yield model evaluates with Murphy’s rectangular yield', () => {
    const poisson = dieYieldOf(design('poisson.yaml', '{ volumeUnits: 100000, yieldModel: poisson }'));
    const rect = dieYieldOf(
      design('rect.yaml', '{ volumeUnits: 100000, yieldModel: murphy-rectangular }'),
      '--plugin',
      PLUGIN_DIR,
    );
    // Same die, same λ: Poisson gives e^(−λ), the rectangular model (1 − e^(−2λ))/(2λ).
    const lambda = -Math.log(poisson);
    expect(lambda).toBeGreaterThan(0.1);
    expect(rect).toBeCloseTo(-Math.expm1(-2 * lambda) / (2 * lambda), 12);
    expect(rect).toBeGreaterThan(poisson);
    // Without the package the id is not registered: exit 2 naming the field and the known ids.
    const r = runCli(['evaluate', join(work, 'rect.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /rect\.yaml: system\.yieldModel: expected a registered yield model id \(poisson, .*bose-einstein\), found "murphy-rectangular"/,
    );
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it('a design selects its thermal model: every die exactly 5 K hotter than with the compact model', () => {
    type Thermal = {
      designs: { metrics: { thermal: { dies: { id: string; tempC: number }[]; peakTempC: number } } }[];
    };
    const temps = (file: string, ...flags: string[]) => {
      const r = runCli(['evaluate', file, '--json', ...flags]);
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as Thermal).designs[0]!.metrics.thermal;
    };
    const compact = temps(design('compact.yaml', '{ volumeUnits: 100000 }'));
    const guarded = temps(
      design('guarded.yaml', '{ volumeUnits: 100000, thermalModel: compact-guardband }'),
      '--plugin',
      PLUGIN_DIR,
    );
    expect(guarded.dies.map((d) => d.id)).toEqual(compact.dies.map((d) => d.id));
    guarded.dies.forEach((d, i) => expect(d.tempC - compact.dies[i]!.tempC).toBeCloseTo(5, 9));
    expect(guarded.peakTempC - compact.peakTempC).toBeCloseTo(5, 9);
    // Without the package the id is not registered: exit 2 naming the field.
    const r = runCli(['evaluate', join(work, 'guarded.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /guarded\.yaml: system\.thermalModel: expected a registered thermal model id \(compact\), found "compact-guardband"/,
    );
  });

  it('the example design evaluates on its preset, and existing designs are unchanged by loading it', () => {
    const r = runCli(['evaluate', EXAMPLE, '--allow-file-plugins']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('(technology: catch-organic)');
    const file = design('plain.yaml', '{ volumeUnits: 100000 }');
    const a = runCli(['evaluate', file, '--json']);
    const b = runCli(['evaluate', file, '--json', '--plugin', PLUGIN_DIR]);
    expect(b.stdout).toBe(a.stdout);
  });

  it('a sweep with its derived metric as objective writes it to front.csv and front.json', () => {
    const out = join(work, 'sweep');
    const r = runCli(['sweep', EXAMPLE, '--out', out, '--allow-file-plugins']);
    expect(r.code).toBe(0);
    expect(hasStackTrace(r.stderr)).toBe(false);
    const [header, ...lines] = readFileSync(join(out, 'front.csv'), 'utf8').trim().split('\n');
    const cols = header!.split(',');
    const at = (name: string) => cols.indexOf(name);
    expect(cols.at(-1)).toBe('derived.costPerGBps');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const v = line.split(',').map(Number);
      const expected =
        v[at('cost.totalUsd')]! / (v[at('bandwidth.aggregateD2dGBps')]! + v[at('bandwidth.memoryGBps')]!);
      expect(v[at('derived.costPerGBps')]).toBeCloseTo(expected, 9);
    }
    const front = JSON.parse(readFileSync(join(out, 'front.json'), 'utf8')) as {
      points: { objectives: number[]; derived: Record<string, number> }[];
    };
    for (const p of front.points) expect(p.objectives[0]).toBe(p.derived['derived.costPerGBps']);
    // Both yield models of the space were evaluated (the workers loaded the package too).
    expect(readFileSync(join(out, 'front.csv'), 'utf8')).toContain('murphy-rectangular');
  });

  it('--all-points carries the derived metric of every evaluated point', () => {
    const out = join(work, 'sweep-all');
    const points = join(out, 'points.csv');
    const r = runCli([
      'sweep',
      EXAMPLE,
      '--out',
      out,
      '--all-points',
      points,
      '--quiet',
      '--allow-file-plugins',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const [header, ...lines] = readFileSync(points, 'utf8').trim().split('\n');
    const cols = header!.split(',');
    const at = (name: string) => cols.indexOf(name);
    expect(cols.at(-1)).toBe('derived.costPerGBps');
    let checked = 0;
    for (const line of lines) {
      const v = line.split(',');
      if (v[at('status')] !== 'feasible' && v[at('status')] !== 'infeasible') continue;
      const n = v.map(Number);
      const expected =
        n[at('cost.totalUsd')]! / (n[at('bandwidth.aggregateD2dGBps')]! + n[at('bandwidth.memoryGBps')]!);
      if (Number.isFinite(expected)) {
        expect(n[at('derived.costPerGBps')]).toBeCloseTo(expected, 9);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('an unregistered derived metric as objective exits 2 naming the field', () => {
    const file = design(
      'unknown-metric.yaml',
      '{ volumeUnits: 100000 }',
      `space:
  parameters:
    - { name: tiles, path: 'chiplets[tile].count', values: [1, 2] }
objectives:
  - { metric: derived.costPerGBps, goal: minimize }
  - { metric: cost.totalUsd, goal: minimize }
`,
    );
    const r = runCli(['sweep', file, '--out', join(work, 'none')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /unknown-metric\.yaml: objectives\[0\]\.metric: expected a metric path, or a derived metric a loaded plugin package registers \(none is registered\), found "derived\.costPerGBps"/,
    );
  });

  it('a duplicate id across two modules fails with exit 2 naming both specifiers', () => {
    const r = runCli([
      'plugins',
      '--plugin',
      PLUGIN_DIR,
      '--plugin',
      './test/fixtures/plugins/duplicate-yield-model.mjs',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /"murphy-rectangular": duplicate yield model id: registered by \S*examples\/plugin-extensions and again by \S*test\/fixtures\/plugins\/duplicate-yield-model\.mjs/,
    );
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it('a missing `requires` fails with exit 2 naming both modules', () => {
    const r = runCli(['plugins', '--plugin', './test/fixtures/plugins/requires-glass-core.mjs']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /plugin \S*requires-glass-core\.mjs: requires chiplet-dse-plugin-glass-core, which is not loaded/,
    );
    const ok = runCli([
      'plugins',
      '--plugin',
      './examples/plugin-glass-core',
      '--plugin',
      './test/fixtures/plugins/requires-glass-core.mjs',
    ]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^Derived metrics: derived\.glassArea$/m);
  });
});

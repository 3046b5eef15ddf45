/**
 * The third-party plugin example (examples/plugin-glass-core) through the built CLI, as a user
 * loads it: a folder with --plugin, its npm name, or the `plugins:` list of a design file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, hasStackTrace, runCli } from './helpers/runCli.js';

const PLUGIN_DIR = './examples/plugin-glass-core';
const EXAMPLE = join(REPO_ROOT, 'examples/plugin-glass-core/glass-core.yaml');
const work = mkdtempSync(join(tmpdir(), 'chiplet-dse-plugin-example-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The example design without its `plugins:` line and variants, written to the work folder. */
function baseDesign(name: string, extra = ''): string {
  const text = readFileSync(EXAMPLE, 'utf8')
    .replace(/^plugins: .*\n/m, '')
    .replace(/^\$schema: .*\n/m, '')
    .replace(/^variants:[\s\S]*$/m, '');
  const file = join(work, name);
  writeFileSync(file, text + extra);
  return file;
}

interface EvaluateJson {
  designs: {
    name: string;
    metrics: { pluginId: string; pluginVersion: string; feasibility: { feasible: boolean } };
  }[];
}

describe('examples/plugin-glass-core through the CLI', () => {
  const version = (
    JSON.parse(readFileSync(join(REPO_ROOT, 'examples/plugin-glass-core/package.json'), 'utf8')) as {
      version: string;
    }
  ).version;

  it('chiplet-dse plugins --plugin <folder> lists it beside the built-in plugins', () => {
    const r = runCli(['plugins', '--plugin', PLUGIN_DIR]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(`^glass-core +${version.replaceAll('.', '\\.')} +glass-core substrate`, 'm'),
    );
    expect(r.stdout).toMatch(/^mcm /m);
    const j = runCli(['plugins', '--json', '--plugin', PLUGIN_DIR]);
    expect(j.code).toBe(0);
    const plugins = JSON.parse(j.stdout) as { id: string; options: Record<string, unknown> }[];
    const glass = plugins.find((p) => p.id === 'glass-core');
    expect(glass).toBeDefined();
    expect(Object.keys(glass!.options)).toEqual(
      expect.arrayContaining(['format', 'panel', 'packageAreaFactor', 'tgvPitchUm', 'tgvYieldPerVia']),
    );
  });

  it('loads by its npm name once installed (here: the workspace link in node_modules)', () => {
    const r = runCli(['plugins', '--plugin', 'chiplet-dse-plugin-glass-core']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^glass-core /m);
  });

  it('evaluates the example design, which loads the plugin with `plugins: [./]` (--allow-file-plugins)', () => {
    const r = runCli(['evaluate', EXAMPLE, '--json', '--allow-file-plugins']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as EvaluateJson;
    expect(out.designs.map((d) => d.name)).toEqual(['panel-510x515', 'wafer-300mm', 'tgv-50um']);
    for (const d of out.designs) {
      expect(d.metrics.pluginId).toBe('glass-core');
      expect(d.metrics.pluginVersion).toBe(version);
      expect(d.metrics.feasibility.feasible).toBe(true);
    }
    const table = runCli(['evaluate', EXAMPLE, '--allow-file-plugins']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(`glass-core ${version}`);
  });

  it('evaluates a design with --plugin, from any working directory', () => {
    const file = baseDesign('glass.yaml');
    const r = runCli(['evaluate', file, '--plugin', PLUGIN_DIR, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as EvaluateJson).designs[0]!.metrics.pluginId).toBe('glass-core');
    const elsewhere = runCli(['evaluate', 'glass.yaml', '--plugin', join(REPO_ROOT, PLUGIN_DIR)], work);
    expect(elsewhere.code).toBe(0);
  });

  it('without the plugin, the approach is unknown (exit 2, no stack trace)', () => {
    const file = baseDesign('no-plugin.yaml');
    const r = runCli(['evaluate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('glass-core');
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it("reports the plugin's own validation as an input error naming the field", () => {
    const file = baseDesign('silicon.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('carrier: glass_interposer', 'carrier: si_interposer'),
    );
    const r = runCli(['validate', file, '--plugin', PLUGIN_DIR]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('package.carrier');
    expect(r.stderr).toContain('glass-interposer');
  });

  it('sweeps with it: every worker loads the same plugin', () => {
    const file = baseDesign(
      'glass-space.yaml',
      `space:
  parameters:
    - { name: tiles, path: "chiplets[tile].count", values: [4, 6] } # the ring links name tile#0..3
    - { name: format, path: package.options.format, values: [panel, wafer] }
    - { name: stacks, path: "memory[hbm].stacks", values: [2, 4, 6] }
objectives:
  - { metric: cost.totalUsd, goal: minimize }
  - { metric: bandwidth.memoryGBps, goal: maximize }
`,
    );
    const out = join(work, 'glass-sweep');
    const r = runCli(['sweep', file, '--plugin', PLUGIN_DIR, '--out', out, '--quiet', '--workers', '2']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      points: { total: number; evaluated: number; failed: number; invalid: number };
    };
    expect(summary.points).toMatchObject({ total: 12, evaluated: 12, failed: 0, invalid: 0 });
    const front = JSON.parse(readFileSync(join(out, 'front.json'), 'utf8')) as { points: unknown[] };
    expect(front.points.length).toBeGreaterThan(0);
  });
});

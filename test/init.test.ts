/**
 * `chiplet-dse init`: each template's output validates, evaluates to a feasible design and sweeps
 * as written (a small space, a non-empty front); an existing file is not overwritten without --force.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, hasStackTrace, runCli } from './helpers/runCli.js';

const TEMPLATES = ['accelerator', 'cpu'] as const;
const work = mkdtempSync(join(tmpdir(), 'chiplet-dse-init-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The `$schema:` value of a design text, resolved against the file's folder. */
function schemaOf(file: string): string {
  const m = /^\$schema: (.+)$/m.exec(readFileSync(file, 'utf8'));
  expect(m).not.toBeNull();
  const raw = m![1]!.trim();
  const path = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
  return isAbsolute(path) ? path : resolve(dirname(file), path);
}

describe.each(TEMPLATES)('chiplet-dse init --template %s', (template) => {
  const file = join(work, `${template}.yaml`);

  it('writes a commented design file whose $schema points at the design schema', () => {
    const r = runCli(['init', `${template}.yaml`, '--template', template], work);
    expect(r.stderr).not.toMatch(/^error/m);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Wrote ${template}.yaml`);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^# /);
    expect(text).toMatch(/^space:/m);
    expect(text).toMatch(/^objectives:/m);
    const schema = schemaOf(file);
    expect(existsSync(schema)).toBe(true);
    expect((JSON.parse(readFileSync(schema, 'utf8')) as { title?: string }).title).toBeDefined();
  });

  it('validates and evaluates as written, to a feasible design', () => {
    const v = runCli(['validate', file]);
    expect(v.stderr).toBe('');
    expect(v.code).toBe(0);
    const e = runCli(['evaluate', file, '--json']);
    expect(e.stderr).toBe('');
    expect(e.code).toBe(0);
    const out = JSON.parse(e.stdout) as {
      designs: { metrics: { feasibility: { feasible: boolean; reasons: { message: string }[] } } }[];
    };
    expect(out.designs).toHaveLength(1);
    expect(out.designs[0]!.metrics.feasibility.reasons.map((x) => x.message)).toEqual([]);
    expect(out.designs[0]!.metrics.feasibility.feasible).toBe(true);
  });

  it('sweeps as written: a small space and a non-empty Pareto front', () => {
    const outDir = join(work, `${template}-out`);
    const r = runCli(['sweep', file, '--out', outDir, '--quiet']);
    expect(r.stderr).not.toMatch(/error|warning/);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(r.code).toBe(0);
    const front = JSON.parse(readFileSync(join(outDir, 'front.json'), 'utf8')) as { points: unknown[] };
    expect(front.points.length).toBeGreaterThan(0);
    const summary = JSON.parse(readFileSync(join(outDir, 'summary.json'), 'utf8')) as {
      points: { total: number; feasible: number; failed: number; invalid: number };
    };
    expect(summary.points.total).toBeGreaterThanOrEqual(100);
    expect(summary.points.total).toBeLessThanOrEqual(5000);
    expect(summary.points.failed).toBe(0);
    expect(summary.points.feasible).toBeGreaterThan(summary.points.total / 2);
  });
});

describe('chiplet-dse init: files and folders', () => {
  it('refuses to overwrite an existing file without --force (exit 2), and overwrites with it', () => {
    const file = join(work, 'exists.yaml');
    writeFileSync(file, 'keep me\n');
    const r = runCli(['init', 'exists.yaml'], work);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: exists\.yaml already exists; pass --force to overwrite it/);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('keep me\n');
    const f = runCli(['init', 'exists.yaml', '--force', '--template', 'cpu'], work);
    expect(f.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('name: server-cpu');
  });

  it('writes design.yaml by default, and into a folder that is named', () => {
    const dir = join(work, 'default');
    mkdirSync(dir);
    expect(runCli(['init'], dir).code).toBe(0);
    expect(readFileSync(join(dir, 'design.yaml'), 'utf8')).toContain('name: ai-accelerator');
    expect(runCli(['init', 'sub/', '--template', 'cpu'], dir).code).toBe(0);
    expect(readFileSync(join(dir, 'sub', 'design.yaml'), 'utf8')).toContain('name: server-cpu');
    expect(runCli(['init', 'sub'], dir).code).toBe(2);
  });

  it('refuses an unknown template (exit 2)', () => {
    const r = runCli(['init', 'x.yaml', '--template', 'gpu'], work);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/template/);
    expect(existsSync(join(work, 'x.yaml'))).toBe(false);
  });

  it('points $schema into the project node_modules by a relative path when chiplet-dse is installed there', () => {
    // Inside this repository @chiplet-dse/core resolves from node_modules, as in a user's project.
    mkdirSync(join(REPO_ROOT, '.tmp'), { recursive: true });
    const dir = mkdtempSync(join(REPO_ROOT, '.tmp', 'init-'));
    try {
      const r = runCli(['init', '--template', 'cpu'], dir);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      const text = readFileSync(join(dir, 'design.yaml'), 'utf8');
      const rel = '../../packages/core/schema/design.schema.json';
      expect(text).toContain(`\n$schema: ${rel}\n`);
      expect(text.startsWith(`# yaml-language-server: $schema=${rel}\n`)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('outside a project, points at the schema of this installation and says how to make it portable', () => {
    const dir = join(work, 'outside');
    mkdirSync(dir);
    const r = runCli(['init'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^note: \$schema points into this chiplet-dse installation/);
    expect(isAbsolute(schemaOf(join(dir, 'design.yaml')))).toBe(true);
  });
});

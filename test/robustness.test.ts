/**
 * Nothing lost, nothing silent (docs/robustness.md): each case here failed before its fix.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputError, writeFileAtomic } from '@chiplet-dse/core';
import { BIN, hasStackTrace, REPO_ROOT, runCli } from './helpers/runCli.js';

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

describe('bad input is exit 2 naming the file, the field and the limit', () => {
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
  const expectInputError = (file: string, message: RegExp, command = 'validate') => {
    const r = runCli([command, file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toMatch(message);
    expect(hasStackTrace(r.stderr)).toBe(false);
  };

  it('a power of 1e308 W is outside the physical range, for validate and evaluate', () => {
    const file = write('power.yaml', design('', '1e308'));
    for (const command of ['validate', 'evaluate'])
      expectInputError(
        file,
        /chiplets\[0\]\.powerW: expected a number in \[0, 1e5\], found 1e\+308/,
        command,
      );
  });

  it('a defect density of 1e308 per cm² in a technology section is outside its range', () => {
    const file = write('dd.yaml', design('technology:\n  nodes:\n    n7: { defectDensityPerCm2: 1e308 }'));
    expectInputError(
      file,
      /technology\.nodes\.n7\.defectDensityPerCm2: expected a number in \[0, 100\], found 1e\+308/,
      'evaluate',
    );
  });

  it('a YAML alias bomb stops at the alias limit', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    expectInputError(write('bomb.yaml', lines.join('\n')), /at most 1000 nodes \(the YAML alias limit\)/);
  });

  it('100,000-deep JSON and YAML stop at the nesting limit', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expectInputError(write('deep.json', deep), /nested at most 100 deep \(the input nesting limit\)/);
    expectInputError(
      write('deep.yaml', `a: ${deep}\n`),
      /nested at most 100 deep \(the input nesting limit\)/,
    );
  });

  it('a file over 10 MB is refused before it is read', () => {
    const file = write('big.yaml', design(`description: "${'x'.repeat(11 * 1024 * 1024)}"`));
    expectInputError(file, /expected a file of at most 10 MB \(the input size limit\), found 11\.0 MB/);
  });
});

describe('typos get a "did you mean", and validate lists every problem', () => {
  const write = (name: string, text: string) => {
    const file = join(tmp(), name);
    writeFileSync(file, text);
    return file;
  };

  it('an unknown field names the closest known one', () => {
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
    const r = runCli(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /chiplet: expected a known field .*found an unknown field "chiplet"; did you mean "chiplets"\?/,
    );
  });

  it('unknown ids (node, PHY, HBM, cooling, carrier, approach, yield model, option) name the closest known one, all at once', () => {
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
    const r = runCli(['validate', file]);
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
    const approach = runCli([
      'validate',
      write('a.yaml', readFileSync(file, 'utf8').replace('2.5d', 'monolithc')),
    ]);
    expect(approach.stderr).toMatch(
      /package\.approach: expected .*found "monolithc"; did you mean "monolithic"\?/,
    );
  });

  it('validate lists independent problems together: approach, yield model and ids; options and reticle; every variant', () => {
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
    const r = runCli(['validate', three]);
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
    const v = runCli(['validate', variants]);
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/in design "one":/);
    expect(v.stderr).toMatch(/package\.options\.diesPerWafr: .*did you mean "diesPerWafer"\?/);
    expect(v.stderr).toMatch(/chiplets\[0\]: expected a die that fits the 26 x 33 mm reticle/);
    expect(v.stderr).toMatch(/in design "two":\n.*chiplets\[0\]\.node: .*found "n5x"; did you mean "n5"\?/);
    expect(hasStackTrace(v.stderr)).toBe(false);
  });

  it('typos in a technology file: a field, a preset, a bonding id', () => {
    const tech = write('t.yaml', 'extends: actuary-dac\n');
    const r = runCli(['validate', 'examples/2.5d.yaml', '--tech', tech]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /extends: expected a preset name .*found "actuary-dac"; did you mean "actuary-dac22"\?/,
    );
    const fields = write('f.yaml', 'nodes:\n  n7:\n    waferPrice: 1\n');
    expect(runCli(['validate', 'examples/2.5d.yaml', '--tech', fields]).stderr).toMatch(
      /nodes\.n7\.waferPrice: .*unknown field "waferPrice"; did you mean "waferPriceUsd"\?/,
    );
    const bonding = write('b.yaml', 'carriers:\n  organic_substrate:\n    dieBonding: microbmp\n');
    expect(runCli(['validate', 'examples/2.5d.yaml', '--tech', bonding]).stderr).toMatch(
      /dieBonding: expected a bonding id .*found "microbmp"; did you mean "microbump"\?/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { buildTechnologyLibrary, listPresets, loadPreset } from './library.js';

function tmpFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dse-tech-'));
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

describe('technology presets', () => {
  it('ships default and actuary-dac22', () => {
    expect(listPresets()).toEqual(expect.arrayContaining(['default', 'actuary-dac22']));
  });

  it('keeps a source for every number of every preset', () => {
    for (const name of listPresets()) {
      const lib = loadPreset(name);
      const missing: string[] = [];
      const walk = (v: unknown, path: string) => {
        if (typeof v === 'number') {
          if (lib.provenance[path] === undefined) missing.push(path);
        } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
        else if (v !== null && typeof v === 'object')
          for (const [k, x] of Object.entries(v)) walk(x, path === '' ? k : `${path}.${k}`);
      };
      const { provenance: _p, sources: _s, ...data } = lib;
      walk(data, '');
      expect(missing, `${name}: numbers without a source`).toEqual([]);
      for (const ids of Object.values(lib.provenance))
        for (const id of ids) expect(lib.sources[id], id).toBeDefined();
    }
  });

  it('agrees with the shared reference data where it takes a recommended value', () => {
    const ref = join(process.cwd(), '..', 'shared', 'reference', 'technologies.json');
    if (!existsSync(ref)) return; // the reference folder sits beside the repo on dev and CI machines
    const data = JSON.parse(readFileSync(ref, 'utf8')) as {
      process_nodes: {
        id: string;
        wafer_price_usd: { recommended: { value: number } };
        defect_density_per_cm2: { recommended: { value: number } };
      }[];
    };
    const lib = loadPreset('default');
    for (const n of data.process_nodes) {
      const node = lib.nodes[n.id];
      if (node === undefined) continue;
      expect(node.waferPriceUsd, n.id).toBe(n.wafer_price_usd.recommended.value);
      expect(node.defectDensityPerCm2, n.id).toBe(n.defect_density_per_cm2.recommended.value);
    }
  });

  it('uses Chiplet Actuary parameters in actuary-dac22 (docs/reference/cost-yield-models.md §2)', () => {
    const a = loadPreset('actuary-dac22');
    expect(a.nodes['n5']!.defectDensityPerCm2).toBe(0.11);
    expect(a.nodes['n5']!.waferPriceUsd).toBe(16988);
    expect(a.nodes['n7']!.edgeExclusionMm).toBe(5);
    expect(a.carriers['organic_substrate']!.costUsdPerMm2).toBe(0.005);
    expect(a.carriers['si_interposer']!.areaFactorOverDies).toBe(1.1);
    expect(a.bonding['microbump']!.yieldPerDie).toBe(0.95);
    // NRE split: module 0.5·NRE/300 per mm², chip 0.3·NRE/300 per mm², 0.2·NRE fixed.
    expect(a.nodes['n5']!.designNreUsdPerMm2).toBeCloseTo((0.5 * 5.42e8) / 300, 6);
    expect(a.nodes['n5']!.chipNreFixedUsd).toBeCloseTo(0.2 * 5.42e8, 3);
  });
});

describe('technology layering', () => {
  it('layers preset < tech file < design section and records provenance', () => {
    const techFile = tmpFile(
      't.yaml',
      'nodes:\n  n7:\n    defectDensityPerCm2: 0.2\n    waferPriceUsd: { value: 10000, source: [digitimes_wafer] }\n',
    );
    const lib = buildTechnologyLibrary({
      techFile,
      designSections: [
        {
          data: { nodes: { n7: { defectDensityPerCm2: 0.3 } } },
          file: 'design.yaml',
          pathPrefix: 'technology',
        },
      ],
    });
    expect(lib.nodes['n7']!.defectDensityPerCm2).toBe(0.3);
    expect(lib.nodes['n7']!.waferPriceUsd).toBe(10000);
    expect(lib.provenance['nodes.n7.defectDensityPerCm2']).toEqual(['file:design.yaml (technology)']);
    expect(lib.provenance['nodes.n7.waferPriceUsd']).toEqual(['digitimes_wafer']);
    // untouched values keep the preset's sources
    expect(lib.provenance['nodes.n5.waferPriceUsd']).toEqual(
      loadPreset('default').provenance['nodes.n5.waferPriceUsd'],
    );
  });

  it('selects a preset with extends', () => {
    const lib = buildTechnologyLibrary({
      designSections: [{ data: { extends: 'actuary-dac22' }, file: 'd.yaml', pathPrefix: 'technology' }],
    });
    expect(lib.name).toBe('actuary-dac22');
  });

  it('rejects bad overrides with file, field, expectation and value', () => {
    const cases: [string, RegExp][] = [
      [
        'nodes:\n  n7:\n    defectDensityPerCm2: -1\n',
        /t\.yaml: nodes\.n7\.defectDensityPerCm2: expected a number (>= 0|in \[0, 100\]), found -1/,
      ],
      [
        'nodes:\n  n7:\n    bogus: 1\n',
        /nodes\.n7\.bogus: expected a known field.*found an unknown field "bogus"/,
      ],
      [
        'nodes:\n  n4:\n    waferPriceUsd: 12000\n',
        /nodes\.n4\.\w+: expected .*a new entry must give every field/,
      ],
      ['extends: nope\n', /t\.yaml: extends: expected a preset name/],
      [
        'carriers:\n  organic_substrate:\n    dieBonding: glue\n',
        /carriers\.organic_substrate\.dieBonding: expected a bonding id/,
      ],
      [
        'bonding:\n  c4:\n    yieldPerDie: 1.5\n',
        /bonding\.c4\.yieldPerDie: expected a number (<= 1|in \(0, 1\]), found 1\.5/,
      ],
    ];
    for (const [text, message] of cases) {
      const f = tmpFile('t.yaml', text);
      expect(() => buildTechnologyLibrary({ techFile: f }), text).toThrow(InputError);
      expect(() => buildTechnologyLibrary({ techFile: f }), text).toThrow(message);
    }
  });

  it('does not let one run change the preset another run sees', () => {
    const f = tmpFile('t.yaml', 'nodes:\n  n5:\n    waferPriceUsd: 1\n');
    buildTechnologyLibrary({ techFile: f });
    expect(loadPreset('default').nodes['n5']!.waferPriceUsd).toBeGreaterThan(1);
  });
});

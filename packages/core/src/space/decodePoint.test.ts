import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDesignText } from '../design/loadDesign.js';
import { designBodySchema, type DesignBody } from '../design/schema.js';
import { compileSpace, type CompiledSpace } from './compileSpace.js';
import {
  applyPoint,
  createDecoder,
  decodeGridIndex,
  decodePoint,
  encodeGridLevels,
  nextGridLevels,
  pointLabels,
} from './decodePoint.js';
import { parseSpace } from '../design/spaceSchema.js';

const FILE = 'd.yaml';
const base: DesignBody = parseDesignText(
  `
name: t
logicBudgetMm2: 800
system: { volumeUnits: 1000 }
chiplets:
  - { id: tile, count: 4, areaShare: 0.75, node: n5, powerDensityWPerMm2: 0.5, phy: ucie_standard }
  - { id: io, areaMm2: 100, node: n7, powerW: 10 }
memory:
  - { id: hbm, generation: hbm3, stacks: 2, attachedTo: tile }
links:
  - { from: tile, to: tile, bandwidthGBps: 100 }
package: { approach: mcm, carrier: organic_substrate }
`,
  FILE,
).cases[0]!.body;

const PARAMETERS = [
  { name: 'tiles', path: 'chiplets[tile].count', range: { min: 1, max: 8, integer: true } },
  { name: 'node', path: 'chiplets[tile].node', values: ['n7', 'n5', 'n3'] },
  {
    name: 'approach',
    values: [
      { label: 'mcm', 'package.approach': 'mcm' },
      {
        'package.approach': '2.5d',
        'package.carrier': 'si_interposer',
        'chiplets[tile].phy': 'ucie_advanced',
      },
      { label: 'fanout-default', 'package.approach': 'fanout', 'package.carrier': null },
    ],
  },
  { name: 'hbm', path: 'memory[hbm].stacks', range: { min: 1, max: 6, integer: true } },
  { name: 'flow', path: 'package.options.diesPerWafer', values: ['exact', 'analytic'] },
  {
    name: 'volume',
    path: 'system.volumeUnits',
    range: { min: 1e4, max: 1e7, steps: 4, scale: 'log', integer: true },
  },
];

function space(strategy?: unknown): CompiledSpace {
  return compileSpace(parseSpace({ strategy, parameters: PARAMETERS }, FILE), base, { file: FILE });
}

function deepFreeze<T>(x: T): T {
  if (x !== null && typeof x === 'object') {
    for (const v of Object.values(x)) deepFreeze(v);
    Object.freeze(x);
  }
  return x;
}

const radicesArb = fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 5 });

describe('mixed-radix grid decoding', () => {
  it('is a bijection from 0..N-1 onto the level tuples, in odometer order', () => {
    fc.assert(
      fc.property(radicesArb, (radices) => {
        const total = radices.reduce((a, b) => a * b, 1);
        const out = new Int32Array(radices.length);
        const odometer = new Int32Array(radices.length);
        const seen = new Set<string>();
        for (let k = 0; k < total; k++) {
          decodeGridIndex(k, radices, out);
          if (!radices.every((n, j) => out[j]! >= 0 && out[j]! < n)) return false;
          seen.add(out.join(','));
          if (encodeGridLevels(out, radices) !== k) return false;
          if (odometer.some((v, j) => v !== out[j])) return false;
          if (nextGridLevels(odometer, radices) !== k < total - 1) return false;
        }
        return seen.size === total && odometer.every((v) => v === 0);
      }),
      { numRuns: 200 },
    );
  });

  it('varies the last parameter fastest', () => {
    const out = new Int32Array(3);
    decodeGridIndex(1, [2, 3, 4], out);
    expect([...out]).toEqual([0, 0, 1]);
    decodeGridIndex(4, [2, 3, 4], out);
    expect([...out]).toEqual([0, 1, 0]);
    decodeGridIndex(23, [2, 3, 4], out);
    expect([...out]).toEqual([1, 2, 3]);
  });

  it('is exact up to 2^53 - 1 (checked against BigInt)', () => {
    // 7 x 1000003 x 999983 x 1286 is just below 2^53.
    const radices = [7, 1000003, 999983, 1286];
    const total = radices.reduce((a, b) => a * BigInt(b), 1n);
    expect(total < 2n ** 53n).toBe(true);
    const out = new Int32Array(4);
    fc.assert(
      fc.property(fc.bigInt({ min: total - 10n ** 9n, max: total - 1n }), (k) => {
        decodeGridIndex(Number(k), radices, out);
        let rest = k;
        for (let j = radices.length - 1; j >= 0; j--) {
          const n = BigInt(radices[j]!);
          expect(out[j]).toBe(Number(rest % n));
          rest /= n;
        }
        expect(encodeGridLevels(out, radices)).toBe(Number(k));
      }),
      { numRuns: 300 },
    );
  });
});

describe('decoders', () => {
  it('decodes grid points of a compiled space and refuses indices outside it', () => {
    const s = space();
    expect(s.levelCounts).toEqual([8, 3, 3, 6, 2, 4]);
    expect(s.pointCount).toBe(3456);
    const d = createDecoder(s);
    const out = new Int32Array(d.dimensions);
    d.decode(3455, out);
    expect([...out]).toEqual([7, 2, 2, 5, 1, 3]);
    decodePoint(s, 1, out);
    expect([...out]).toEqual([0, 0, 0, 0, 0, 1]);
    expect(() => d.decode(3456, out)).toThrow(RangeError);
    expect(() => d.decode(-1, out)).toThrow(RangeError);
    expect(() => d.decode(0.5, out)).toThrow(RangeError);
  });

  for (const strategy of [
    { kind: 'random', samples: 5000, seed: 42 },
    { kind: 'sobol', samples: 4096 },
    { kind: 'sobol', samples: 4096, seed: 3, scramble: true },
    { kind: 'halton', samples: 5000 },
    { kind: 'halton', samples: 5000, seed: 9, scramble: true },
  ] as const) {
    it(`${strategy.kind}${'scramble' in strategy ? ' scrambled' : ''}: same levels per index however the indices are split`, () => {
      const s = space(strategy);
      const n = s.pointCount;
      const dims = s.parameters.length;
      const whole = new Int32Array(n * dims);
      const d = createDecoder(s);
      const out = new Int32Array(dims);
      let outside = 0;
      for (let k = 0; k < n; k++) {
        d.decode(k, out);
        whole.set(out, k * dims);
        for (let j = 0; j < dims; j++) if (!(out[j]! >= 0 && out[j]! < s.levelCounts[j]!)) outside++;
      }
      expect(outside).toBe(0);
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 0, max: n }), { maxLength: 6 }), (cuts) => {
          const bounds = [...new Set([0, ...cuts, n])].sort((a, b) => a - b);
          // Fresh decoder (as a worker would build), ranges evaluated last to first.
          const fresh = createDecoder(space(strategy));
          const o = new Int32Array(dims);
          for (let r = bounds.length - 2; r >= 0; r--) {
            for (let k = bounds[r + 1]! - 1; k >= bounds[r]!; k--) {
              fresh.decode(k, o);
              for (let j = 0; j < dims; j++) if (o[j] !== whole[k * dims + j]) return false;
            }
          }
          return true;
        }),
        { numRuns: 5 },
      );
      // Every level of every parameter shows up, roughly as often as the others.
      for (let j = 0; j < dims; j++) {
        const levels = s.levelCounts[j]!;
        const counts = new Array<number>(levels).fill(0);
        for (let k = 0; k < n; k++) counts[whole[k * dims + j]!]!++;
        for (const c of counts) {
          expect(c).toBeGreaterThan((0.75 * n) / levels);
          expect(c).toBeLessThan((1.25 * n) / levels);
        }
      }
    });
  }

  it('changes the points with the seed (random, scrambled sequences) and not otherwise', () => {
    const first = (strategy: unknown) => {
      const d = createDecoder(space(strategy));
      const all: number[] = [];
      const out = new Int32Array(d.dimensions);
      for (let k = 0; k < 64; k++) {
        d.decode(k, out);
        all.push(...out);
      }
      return all;
    };
    expect(first({ kind: 'random', samples: 64, seed: 1 })).not.toEqual(
      first({ kind: 'random', samples: 64, seed: 2 }),
    );
    expect(first({ kind: 'random', samples: 64, seed: 1 })).toEqual(
      first({ kind: 'random', samples: 64, seed: 1 }),
    );
    expect(first({ kind: 'sobol', samples: 64, seed: 1 })).toEqual(
      first({ kind: 'sobol', samples: 64, seed: 2 }),
    );
    expect(first({ kind: 'sobol', samples: 64, seed: 1, scramble: true })).not.toEqual(
      first({ kind: 'sobol', samples: 64, seed: 2, scramble: true }),
    );
    expect(first({ kind: 'halton', samples: 64, seed: 1, scramble: true })).not.toEqual(
      first({ kind: 'halton', samples: 64, seed: 2, scramble: true }),
    );
    // Random seeds above 2^32 count too.
    expect(first({ kind: 'random', samples: 64, seed: 2 ** 40 })).not.toEqual(
      first({ kind: 'random', samples: 64, seed: 0 }),
    );
  });
});

describe('applyPoint', () => {
  it('sets the fields of each level, bundles included, without touching the base', () => {
    const frozen = deepFreeze(structuredClone(base));
    const s = space();
    const levels = Int32Array.from([3, 2, 1, 5, 1, 0]);
    const body = applyPoint(frozen, s, levels);
    expect(body).not.toBe(frozen);
    expect(body.chiplets[0]!.count).toBe(4);
    expect(body.chiplets[0]!.node).toBe('n3');
    expect(body.chiplets[0]!.phy).toBe('ucie_advanced');
    expect(body.package.approach).toBe('2.5d');
    expect(body.package.carrier).toBe('si_interposer');
    expect(body.package.options).toEqual({ diesPerWafer: 'analytic' });
    expect(body.memory![0]!.stacks).toBe(6);
    expect(body.system.volumeUnits).toBe(10000);
    expect(frozen).toEqual(base);
    // Untouched parts are shared, touched ones copied.
    expect(body.links).toBe(frozen.links);
    expect(body.chiplets[1]).toBe(frozen.chiplets[1]);
    expect(body.chiplets).not.toBe(frozen.chiplets);
    expect(designBodySchema.safeParse(body).success).toBe(true);
    expect(pointLabels(s, levels)).toEqual(['4', 'n3', '2.5d', '6', 'analytic', '10000']);
  });

  it('removes a field for null and leaves fields a level does not name', () => {
    const s = space();
    const fan = applyPoint(base, s, Int32Array.from([0, 0, 2, 0, 0, 0]));
    expect(fan.package.approach).toBe('fanout');
    expect('carrier' in fan.package).toBe(false);
    expect(fan.chiplets[0]!.phy).toBe('ucie_standard');
    expect(base.package.carrier).toBe('organic_substrate');
    expect(pointLabels(s, [0, 0, 2, 0, 0, 0])[2]).toBe('fanout-default');
    const mcm = applyPoint(base, s, [0, 0, 0, 0, 0, 0]);
    expect(mcm.package.carrier).toBe('organic_substrate');
    // Removing an option from a base without options creates nothing.
    const opt = compileSpace(
      parseSpace({ parameters: [{ path: 'package.options.diesPerWafer', values: [null, 'exact'] }] }, FILE),
      base,
      { file: FILE },
    );
    expect('options' in applyPoint(base, opt, [0]).package).toBe(false);
    expect(applyPoint(base, opt, [1]).package.options).toEqual({ diesPerWafer: 'exact' });
  });

  it('agrees with a deep copy + assignment for every grid point (property)', () => {
    const s = space();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: s.pointCount - 1 }), (k) => {
        const levels = new Int32Array(s.parameters.length);
        decodePoint(s, k, levels);
        const body = applyPoint(base, s, levels);
        const expected = structuredClone(base) as unknown as Record<string, unknown>;
        s.parameters.forEach((p, j) => {
          for (const a of p.levels[levels[j]!]!.set) {
            const segs = p.targets[a.target]!.segments;
            let cur: Record<string | number, unknown> | undefined = expected;
            for (const seg of segs.slice(0, -1)) {
              if (cur[seg] === undefined && a.value === null) {
                cur = undefined;
                break;
              }
              cur = (cur[seg] ??= {}) as Record<string | number, unknown>;
            }
            const leaf = segs[segs.length - 1]!;
            if (cur === undefined) continue;
            if (a.value === null) delete cur[leaf];
            else cur[leaf] = a.value;
          }
        });
        expect(body).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a level outside the table', () => {
    expect(() => applyPoint(base, space(), [8, 0, 0, 0, 0, 0])).toThrow(/level 8 of parameter "tiles"/);
  });
});

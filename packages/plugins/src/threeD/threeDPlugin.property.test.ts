/**
 * The public conformance kit on fixed designs and on random stacks (bounds and conservation,
 * monotonicity in defect density, die area, power and volume, bandwidth under the physical
 * ceiling, purity, plan reuse), and the 3d plugin's own invariant: a top die growing within the
 * die under it never makes the unit cheaper.
 */
import type { Metrics } from '@chiplet-dse/core';
import {
  compileIssues,
  describeConformance,
  evaluateWithPlugin,
  metricsViolations,
} from '@chiplet-dse/core/testing';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prepareText } from '../testing/evaluateText.js';
import { evaluate3d, type ThreeDDesign } from './model.js';
import { threeDPlugin } from './plugin.js';

const REL = 1e-9;
const geq = (a: number, b: number) => a >= b - REL * Math.max(1, Math.abs(a), Math.abs(b));

interface ColumnSpec {
  bottomMm2: number;
  /** Each upper die's area as a share of the die under it (1 for wafer-to-wafer). */
  shares: number[];
  w2w: boolean;
  microbump: boolean;
  linkGBps: number;
}

interface StackDesign {
  interposer: boolean;
  hbm: number;
  columns: ColumnSpec[];
  powers: number[];
  nodes: string[];
  volume: number;
}

const columnArb: fc.Arbitrary<ColumnSpec> = fc.record({
  bottomMm2: fc.double({ min: 30, max: 250, noNaN: true }),
  shares: fc.array(fc.double({ min: 0.3, max: 1, noNaN: true }), { minLength: 0, maxLength: 2 }),
  w2w: fc.boolean(),
  microbump: fc.boolean(),
  linkGBps: fc.double({ min: 0, max: 5000, noNaN: true }),
});

const designArb: fc.Arbitrary<StackDesign> = fc.record({
  interposer: fc.boolean(),
  hbm: fc.integer({ min: 0, max: 4 }),
  columns: fc.array(columnArb, { minLength: 1, maxLength: 3 }),
  powers: fc.array(fc.double({ min: 0, max: 80, noNaN: true }), { minLength: 9, maxLength: 9 }),
  nodes: fc.array(fc.constantFrom('n7', 'n5', 'n16'), { minLength: 9, maxLength: 9 }),
  volume: fc.integer({ min: 10_000, max: 10_000_000 }),
});

/** Design file text (JSON is YAML) for a random set of stacks. */
function designText(s: StackDesign): string {
  const chiplets: object[] = [];
  const links: object[] = [];
  const assembly: object[] = [];
  let k = 0;
  s.columns.forEach((c, ci) => {
    const ids: string[] = [];
    let area = c.bottomMm2;
    const tiers = [1, ...c.shares];
    tiers.forEach((share, level) => {
      area = c.w2w ? c.bottomMm2 : area * share;
      const id = `c${ci}t${level}`;
      ids.push(id);
      chiplets.push({
        id,
        areaMm2: area,
        node: s.nodes[k % 9],
        powerW: s.powers[k % 9],
        phy: level === 0 ? (s.interposer ? 'ucie_advanced' : 'ucie_standard') : 'ucie_3d',
      });
      k++;
    });
    for (let level = 1; level < ids.length; level++)
      links.push({ from: ids[level - 1], to: ids[level], bandwidthGBps: c.linkGBps });
    if (ci > 0) links.push({ from: `c${ci - 1}t0`, to: `c${ci}t0`, bandwidthGBps: 100 });
    const bonding = c.w2w ? 'hybrid_w2w' : c.microbump ? 'microbump_3d' : 'hybrid_d2w';
    assembly.push({ die: ids[0], stack: ids.slice(1).map((id) => ({ die: id, bonding })) });
  });
  const hbm = s.interposer && s.hbm > 0;
  if (hbm) assembly.push({ memory: 'hbm' });
  return JSON.stringify({
    name: 'random-stacks',
    system: { volumeUnits: s.volume, maxJunctionC: 150 },
    chiplets,
    ...(hbm ? { memory: [{ id: 'hbm', generation: 'hbm3', stacks: s.hbm, attachedTo: 'c0t0' }] } : {}),
    links,
    package: { approach: '3d', carrier: s.interposer ? 'si_interposer' : 'organic_substrate', assembly },
  });
}

function prepare(s: StackDesign) {
  return prepareText(designText(s), { plugins: [threeDPlugin] })[0]!;
}

function evaluate(p: ReturnType<typeof prepare>, design = p.design, tech = p.tech): Metrics {
  const m = evaluateWithPlugin(threeDPlugin, design, tech);
  expect(metricsViolations(m)).toEqual([]);
  return m;
}

const params = { numRuns: 60 };

describe('3d: invariants on random stacks', () => {
  // The contract, purity, the bandwidth ceiling, node defect density, power and volume are the
  // conformance kit's, run below on these random stacks (randomDesigns).
  it('cost rises (weakly) as the top die of a die-to-wafer stack grows within the die under it', () => {
    fc.assert(
      fc.property(designArb, fc.double({ min: 1, max: 1.5, noNaN: true }), (s, k) => {
        const col = s.columns[0]!;
        fc.pre(!col.w2w && col.shares.length > 0);
        const p = prepare(s);
        const m0 = evaluate(p);
        const design = structuredClone(p.design);
        const top = design.dies.find((d) => d.id === `c0t${col.shares.length}`)!;
        const under = design.dies.find((d) => d.id === `c0t${col.shares.length - 1}`)!;
        const grow = Math.min(Math.sqrt(k), under.widthMm / top.widthMm);
        top.widthMm *= grow;
        top.heightMm *= grow;
        top.areaMm2 = top.widthMm * top.heightMm;
        top.logicAreaMm2 = top.areaMm2;
        expect(compileIssues(threeDPlugin, design, p.tech)).toEqual([]);
        const m1 = evaluate(p, design);
        expect(geq(m1.cost.totalUsd, m0.cost.totalUsd)).toBe(true);
      }),
      params,
    );
  });
});

const example = readFileSync(new URL('../../../../examples/3d.yaml', import.meta.url), 'utf8');
const base = example.replace(/variants:[\s\S]*$/, '');

describeConformance(
  threeDPlugin,
  {
    // The plan (kernel.ts) must equal the readable record model.
    reference: (d, t) => evaluate3d(threeDPlugin, d as ThreeDDesign, t),
    randomDesigns: { arbitrary: designArb.map(designText), count: 6 },
    designs: [
      base,
      base
        .replace('areaMm2: 40', 'areaMm2: 70')
        .replace('stackBonding: hybrid_d2w', 'stackBonding: hybrid_w2w'),
      `
name: stacks-on-interposer
system: { volumeUnits: 500000, maxJunctionC: 150 }
chiplets:
  - { id: io, count: 2, areaMm2: 300, node: n7, powerW: 30, phy: ucie_advanced }
  - { id: cc, count: 2, areaMm2: 150, node: n5, powerW: 80, phy: ucie_3d }
memory: [{ id: hbm, generation: hbm3, stacks: 4, attachedTo: io }]
links:
  - { from: io, to: io, bandwidthGBps: 500 }
  - { from: 'cc#0', to: 'io#0', bandwidthGBps: 1500 }
  - { from: 'cc#1', to: 'io#1', bandwidthGBps: 1500 }
package:
  approach: 3d
  carrier: si_interposer
  assembly:
    - { die: 'io#0', stack: [{ die: 'cc#0' }] }
    - { die: 'io#1', stack: [{ die: 'cc#1', bonding: microbump_3d }] }
    - { memory: hbm }
`,
    ],
  },
  { describe, it },
);

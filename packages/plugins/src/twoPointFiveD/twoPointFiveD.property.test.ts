/**
 * Property tests of the brief's invariants on random 2.5D designs (every carrier kind, 1–3 die
 * designs, 0–6 HBM stacks, random links and options): metrics contract, purity, monotonicity in
 * defect density (die nodes and the carrier), die area, volume and power, bandwidth bounds.
 */
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Metrics, ResolvedDesign, TechnologyLibrary } from '@chiplet-dse/core';
import { compileIssues, evaluateWithPlugin, metricsViolations } from '@chiplet-dse/core/testing';
import { prepareText } from '../testing/evaluateText.js';
import { twoPointFiveDPlugin } from './plugin.js';

const CARRIERS = ['si_interposer', 'rdl_interposer', 'glass_interposer', 'embedded_bridge'] as const;
const NODES = ['n7', 'n5', 'n3'] as const;
const HBM = ['hbm2e', 'hbm3', 'hbm3e'] as const;
const REL = 1e-9;
const geq = (a: number, b: number) => a >= b - REL * Math.max(1, Math.abs(a), Math.abs(b));

const group = fc.record({
  count: fc.integer({ min: 1, max: 3 }),
  areaMm2: fc.double({ min: 40, max: 400, noNaN: true }),
  node: fc.constantFrom(...NODES),
  powerW: fc.double({ min: 1, max: 120, noNaN: true }),
});

const designArb = fc.record({
  carrier: fc.constantFrom(...CARRIERS),
  groups: fc.array(group, { minLength: 1, maxLength: 3 }),
  stacks: fc.integer({ min: 0, max: 6 }),
  hbm: fc.constantFrom(...HBM),
  hbmGroup: fc.nat(),
  links: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.double({ min: 0, max: 3000, noNaN: true })), {
    maxLength: 3,
  }),
  volume: fc.integer({ min: 10_000, max: 10_000_000 }),
  d0Scale: fc.double({ min: 0.5, max: 2, noNaN: true }),
  diesPerWafer: fc.constantFrom('exact', 'analytic'),
  interposerArea: fc.constantFrom('floorplan', 'actuary'),
  actuaryQuirks: fc.boolean(),
});

type DesignSpec = typeof designArb extends fc.Arbitrary<infer T> ? T : never;

function yamlOf(s: DesignSpec): string {
  const ids = s.groups.map((_, i) => `g${i}`);
  const chiplets = s.groups
    .map(
      (g, i) =>
        `  - { id: ${ids[i]}, count: ${g.count}, areaMm2: ${g.areaMm2}, node: ${g.node}, powerW: ${g.powerW}, phy: ucie_advanced }`,
    )
    .join('\n');
  const links = s.links
    .map(([a, b, bw]) => [ids[a % ids.length]!, ids[b % ids.length]!, bw] as const)
    // A one-instance group linked to itself has no link; skip those.
    .filter(([a, b]) => a !== b || s.groups[Number(a.slice(1))]!.count > 1)
    .map(([a, b, bw]) => `  - { from: ${a}, to: ${b}, bandwidthGBps: ${bw} }`);
  const memory =
    s.stacks > 0
      ? `memory: [{ id: hbm, generation: ${s.hbm}, stacks: ${s.stacks}, attachedTo: ${ids[s.hbmGroup % ids.length]} }]\n`
      : '';
  // Defect densities scaled through the design's technology section.
  const nodes = NODES.map((n) => `${n}: { defectDensityPerCm2: ${0.1 * s.d0Scale} }`).join(', ');
  return `name: random
technology: { nodes: { ${nodes} } }
system: { volumeUnits: ${s.volume} }
chiplets:
${chiplets}
${memory}${links.length > 0 ? `links:\n${links.join('\n')}\n` : ''}package:
  approach: '2.5d'
  carrier: ${s.carrier}
  options: { diesPerWafer: ${s.diesPerWafer}, interposerArea: ${s.interposerArea}, actuaryQuirks: ${s.actuaryQuirks} }
`;
}

function prepared(s: DesignSpec): { design: ResolvedDesign; tech: TechnologyLibrary } {
  const [p] = prepareText(yamlOf(s), { plugins: [twoPointFiveDPlugin] });
  return { design: p!.design, tech: p!.tech };
}

function evaluate(design: ResolvedDesign, tech: TechnologyLibrary): Metrics {
  const m = evaluateWithPlugin(twoPointFiveDPlugin, structuredClone(design), structuredClone(tech));
  expect(metricsViolations(m)).toEqual([]);
  return m;
}

const RUNS = { numRuns: 60, seed: 25 };

describe('2.5d invariants on random designs', () => {
  it('metrics contract, bounds and purity', () => {
    fc.assert(
      fc.property(designArb, (s) => {
        const { design, tech } = prepared(s);
        const d0 = structuredClone(design);
        const t0 = structuredClone(tech);
        const a = evaluateWithPlugin(twoPointFiveDPlugin, design, tech);
        expect(isDeepStrictEqual(design, d0) && isDeepStrictEqual(tech, t0)).toBe(true);
        expect(evaluateWithPlugin(twoPointFiveDPlugin, design, tech)).toEqual(a);
        expect(metricsViolations(a)).toEqual([]);
        for (const y of [a.yields.carrier, a.yields.assembly, a.yields.package, a.yields.compound]) {
          expect(y > 0 && y <= 1).toBe(true);
        }
        for (const t of a.thermal.dies) expect(geq(t.tempC, design.system.ambientC)).toBe(true);
        let hbm = 0;
        for (const m of design.memories) hbm += tech.hbm[m.generation]!.bandwidthGBpsPerStack;
        expect(a.bandwidth.memoryGBps).toBeLessThanOrEqual(hbm);
        for (const l of a.bandwidth.links) {
          expect(l.availableGBps).toBeGreaterThanOrEqual(0);
          // UCIe-A's shoreline density over the smaller perimeter of the two dies.
          const ends = design.dies.filter((d) => d.id === l.from || d.id === l.to);
          const perimeter = Math.min(...ends.map((d) => 2 * (d.widthMm + d.heightMm)));
          const phy = tech.phys['ucie_advanced']!;
          const density = (2 * phy.lanesPerModule * phy.dataRateGbps) / 8 / phy.moduleShorelineMm;
          expect(l.availableGBps).toBeLessThanOrEqual(density * perimeter * (1 + REL));
        }
      }),
      RUNS,
    );
  });

  it('cost rises and yields fall (weakly) as a die node or the carrier gets more defects', () => {
    fc.assert(
      fc.property(designArb, fc.nat(), fc.double({ min: 1, max: 4, noNaN: true }), (s, i, k) => {
        const { design, tech } = prepared(s);
        const m0 = evaluate(design, tech);
        const node = design.dies[i % design.dies.length]!.node;
        const t1 = structuredClone(tech);
        t1.nodes[node]!.defectDensityPerCm2 *= k;
        const m1 = evaluate(design, t1);
        expect(geq(m1.cost.totalUsd, m0.cost.totalUsd)).toBe(true);
        expect(geq(m0.yields.compound, m1.yields.compound)).toBe(true);
        m1.yields.dies.forEach((d, j) => expect(geq(m0.yields.dies[j]!.dieYield, d.dieYield)).toBe(true));
        const t2 = structuredClone(tech);
        t2.carriers[design.package.carrier]!.defectDensityPerCm2 *= k;
        const m2 = evaluate(design, t2);
        expect(geq(m2.cost.totalUsd, m0.cost.totalUsd)).toBe(true);
        expect(geq(m0.yields.carrier, m2.yields.carrier)).toBe(true);
        expect(geq(m0.yields.compound, m2.yields.compound)).toBe(true);
      }),
      RUNS,
    );
  });

  it('cost rises (weakly) as a die grows', () => {
    fc.assert(
      fc.property(designArb, fc.nat(), fc.double({ min: 1, max: 1.5, noNaN: true }), (s, i, k) => {
        const { design, tech } = prepared(s);
        const m0 = evaluate(design, tech);
        const grown = structuredClone(design);
        const die = grown.dies[i % grown.dies.length]!;
        die.widthMm *= Math.sqrt(k);
        die.heightMm *= Math.sqrt(k);
        die.areaMm2 = die.widthMm * die.heightMm;
        die.logicAreaMm2 *= k;
        fc.pre(compileIssues(twoPointFiveDPlugin, grown, tech).length === 0);
        const m1 = evaluate(grown, tech);
        expect(geq(m1.cost.totalUsd, m0.cost.totalUsd)).toBe(true);
      }),
      RUNS,
    );
  });

  it('NRE per unit falls as volume rises; temperatures rise (weakly) with any die power', () => {
    fc.assert(
      fc.property(
        designArb,
        fc.double({ min: 1, max: 100, noNaN: true }),
        fc.nat(),
        fc.double({ min: 0, max: 200, noNaN: true }),
        (s, kV, i, extraW) => {
          const { design, tech } = prepared(s);
          const m0 = evaluate(design, tech);
          const more = structuredClone(design);
          more.system.volumeUnits = Math.ceil(more.system.volumeUnits * kV);
          expect(geq(m0.cost.nreUsd, evaluate(more, tech).cost.nreUsd)).toBe(true);
          const hotter = structuredClone(design);
          hotter.dies[i % hotter.dies.length]!.powerW += extraW;
          const m1 = evaluate(hotter, tech);
          m1.thermal.dies.forEach((t, j) => expect(geq(t.tempC, m0.thermal.dies[j]!.tempC)).toBe(true));
          expect(geq(m1.thermal.peakTempC, m0.thermal.peakTempC)).toBe(true);
        },
      ),
      RUNS,
    );
  });
});

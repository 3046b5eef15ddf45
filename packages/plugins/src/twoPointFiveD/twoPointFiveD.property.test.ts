/**
 * Property test of the 2.5d plugin's own invariant on random 2.5D designs (every carrier kind,
 * 1–3 die designs, 0–6 HBM stacks, random links and options): monotonicity in the carrier's
 * defect density. The general invariants run in the conformance kit (conformance.test.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Metrics, ResolvedDesign, TechnologyLibrary } from '@chiplet-dse/core';
import { evaluateWithPlugin, metricsViolations } from '@chiplet-dse/core/testing';
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
  // The contract, purity, bandwidth bounds and the monotonicity in die nodes' defect density,
  // die area, volume and power are the conformance kit's, run on random designs in
  // conformance.test.ts. What is the 2.5d plugin's own: its carrier's defect density.
  it('cost rises and carrier and compound yields fall (weakly) as the carrier gets more defects', () => {
    fc.assert(
      fc.property(designArb, fc.double({ min: 1, max: 4, noNaN: true }), (s, k) => {
        const { design, tech } = prepared(s);
        const m0 = evaluate(design, tech);
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
});

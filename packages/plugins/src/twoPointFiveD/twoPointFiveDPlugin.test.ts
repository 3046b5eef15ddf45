/** Published facts, bridges, stitching, validation and the example design of the 2.5d plugin. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError, negativeBinomialYield, sideBySideLinks, type InputIssueAt } from '@chiplet-dse/core';
import { metricsViolations } from '@chiplet-dse/core/testing';
import { evaluateText, prepareText } from '../testing/evaluateText.js';
import { analyseTwoPointFiveD, type TwoPointFiveDDesign } from './model.js';
import { twoPointFiveDPlugin } from './plugin.js';

const plugins = [twoPointFiveDPlugin];
const exampleText = readFileSync(new URL('../../../../examples/2.5d.yaml', import.meta.url), 'utf8');

function analyse(text: string) {
  return prepareText(text, { plugins }).map((p) => ({
    name: p.name,
    ...analyseTwoPointFiveD(twoPointFiveDPlugin, p.design as TwoPointFiveDDesign, p.tech),
  }));
}

function inputIssues(text: string): InputIssueAt[] {
  try {
    prepareText(text, { plugins });
  } catch (e) {
    if (e instanceof InputError) return [...e.issues];
    throw e;
  }
  return [];
}

describe('published facts', () => {
  it('800 mm² of 5 nm logic: 4 chiplets on a silicon interposer have a lower recurring cost than one monolithic die', () => {
    const text = `name: split
logicBudgetMm2: 800
system: { volumeUnits: 500000 }
chiplets:
  - { id: soc, areaShare: 1, node: n5, powerDensityWPerMm2: 0.3 }
package: { approach: monolithic }
variants:
  - name: monolithic
  - name: 2.5d-4
    chiplets:
      - { id: tile, count: 4, areaShare: 1, node: n5, powerDensityWPerMm2: 0.3, phy: ucie_advanced }
    links: [{ from: tile, to: tile, bandwidthGBps: 500 }]
    package: { approach: '2.5d', carrier: si_interposer }
`;
    const [mono, split] = evaluateText(text, { plugins });
    expect(mono!.metrics.pluginId).toBe('monolithic');
    expect(split!.metrics.pluginId).toBe('2.5d');
    expect(split!.metrics.cost.recurringUsd).toBeLessThan(mono!.metrics.cost.recurringUsd);
    // The dies alone show the yield argument: four ~220 mm² dies beat one 800 mm² die.
    expect(split!.metrics.cost.knownGoodDieUsd).toBeLessThan(0.7 * mono!.metrics.cost.knownGoodDieUsd);
  });

  it('HBM3 gives 819 GB/s per stack: 1 stack 819 GB/s, 4 stacks 3276 GB/s', () => {
    const text = (stacks: number) => `name: hbm
system: { volumeUnits: 100000 }
chiplets: [{ id: gpu, areaMm2: 600, node: n5, powerW: 300 }]
memory: [{ id: hbm, generation: hbm3, stacks: ${stacks}, attachedTo: gpu }]
package: { approach: '2.5d' }
`;
    expect(evaluateText(text(1), { plugins })[0]!.metrics.bandwidth.memoryGBps).toBe(819);
    const four = evaluateText(text(4), { plugins })[0]!.metrics;
    expect(four.bandwidth.memoryGBps).toBe(3276);
    // HBM interface power at full bandwidth: 3276 GB/s x 8 bit/B x 3.9 pJ/bit = 102.2 W.
    expect(four.bandwidth.ioPowerW).toBeCloseTo(3276 * 8 * 3.9e-3, 9);
    expect(four.cost.recurring.componentsUsd).toBe(4 * 240);
  });

  it('unattached stacks add no bandwidth', () => {
    const text = `name: hbm
system: { volumeUnits: 100000 }
chiplets: [{ id: gpu, areaMm2: 600, node: n5, powerW: 300 }]
memory: [{ id: hbm, generation: hbm3, stacks: 2 }]
package: { approach: '2.5d' }
`;
    expect(evaluateText(text, { plugins })[0]!.metrics.bandwidth.memoryGBps).toBe(0);
  });
});

describe('interposer stitching and size limits', () => {
  const stitched = (interposerMm2: number, carrier = 'si_interposer') => `name: big
system: { volumeUnits: 100000 }
chiplets: [{ id: tile, count: 4, areaMm2: ${interposerMm2 / 1.1 / 4}, node: n5, powerW: 100 }]
package: { approach: '2.5d', carrier: ${carrier}, options: { interposerArea: actuary } }
`;

  it('a 2,000 mm² interposer needs 2 stitches and its yield includes stitchYield²', () => {
    const [r] = analyse(stitched(2000));
    const ip = r!.details.interposer!;
    expect(ip.areaMm2).toBeCloseTo(2000, 9);
    expect(ip.wafer.stitches).toBe(2);
    const expected = negativeBinomialYield(2000, 0.06, 6) * 0.99 ** 2;
    expect(ip.wafer.yield).toBeCloseTo(expected, 12);
    expect(r!.metrics.yields.carrier).toBeCloseTo(expected, 12); // the organic substrate yields 1
    expect(r!.metrics.feasibility.feasible).toBe(true);
  });

  it('an interposer beyond maxAreaMm2 is infeasible (carrier-size-limit), not an input error', () => {
    const [r] = analyse(stitched(3000));
    const reason = r!.metrics.feasibility.reasons.find((x) => x.code === 'carrier-size-limit');
    expect(reason).toBeDefined();
    expect(reason!.value).toBeCloseTo(3000, 6);
    expect(reason!.limit).toBe(2700);
    expect(metricsViolations(r!.metrics)).toEqual([]);
  });

  it('a carrier that may not be stitched is reticle-limited beyond one field', () => {
    const text = stitched(2000).replace(
      'system:',
      'technology: { carriers: { si_interposer: { stitchingAllowed: false } } }\nsystem:',
    );
    const [r] = analyse(text);
    expect(r!.metrics.feasibility.reasons.map((x) => x.code)).toContain('reticle-limit');
  });
});

describe('embedded bridges', () => {
  // Four 12 x 12 mm dies in a 2 x 2 array, linked in a ring: four facing pairs of 12 mm edge.
  const ring = (extraLinks = '') => `name: emib
system: { volumeUnits: 100000 }
chiplets: [{ id: t, count: 4, areaMm2: 144, node: n5, powerW: 50, phy: ucie_advanced }]
links:
  - { from: t#0, to: t#1, bandwidthGBps: 1000 }
  - { from: t#1, to: t#3, bandwidthGBps: 1000 }
  - { from: t#3, to: t#2, bandwidthGBps: 1000 }
  - { from: t#2, to: t#0, bandwidthGBps: 1000 }${extraLinks}
package: { approach: '2.5d', carrier: embedded_bridge }
`;

  it('a 2 x 2 ring needs ceil(12 / 10) = 2 bridges per pair: 8 bridges', () => {
    const [r] = analyse(ring());
    const p = r!.details.floorplan;
    expect(p.diesPerRow).toBe(2);
    expect(r!.details.bridgePairs).toHaveLength(4);
    for (const pair of r!.details.bridgePairs) {
      expect(pair.facingMm).toBeCloseTo(12, 9);
      expect(pair.bridges).toBe(2);
      expect(pair.coveredMm).toBeCloseTo(10, 9); // 2 bridges x 5 mm along the edge
    }
    expect(r!.details.bridgeCount).toBe(8);
    // Carrier = substrate + 8 raw bridges; the bridges' yield is the carrier step's yield.
    const b = r!.details.bridge!;
    const m = r!.metrics;
    expect(m.cost.recurring.carrierUsd).toBeCloseTo(r!.details.substrate.costUsd + 8 * b.costUsd, 9);
    expect(m.yields.carrier).toBeCloseTo(b.yield ** 8, 12);
    expect(b.yield).toBeCloseTo(negativeBinomialYield(25, 0.06, 6), 12);
    expect(m.feasibility.feasible).toBe(true);
  });

  it("a link's bandwidth is limited to the shoreline its bridges cover", () => {
    const [r] = analyse(ring());
    // 10 mm covered / 0.3888 mm per UCIe-A module = 25 modules x 512 GB/s.
    for (const l of r!.metrics.bandwidth.links) expect(l.availableGBps).toBe(25 * 512);
    // On a silicon interposer the whole 12 mm edge carries modules: 30 x 512 GB/s. (Its smaller
    // edge margin makes the floorplan put the four dies in a row, so only t#0 -> t#1 still faces.)
    const [si] = analyse(ring().replace('embedded_bridge', 'si_interposer'));
    expect(si!.metrics.bandwidth.links[0]!.availableGBps).toBe(30 * 512);
  });

  it('a link between dies that do not face each other has no bridge wiring and is infeasible', () => {
    const [r] = analyse(ring('\n  - { from: t#0, to: t#3, bandwidthGBps: 100 }'));
    const diag = r!.metrics.bandwidth.links[4]!;
    expect(diag.availableGBps).toBe(0);
    const reason = r!.metrics.feasibility.reasons.find((x) => x.message.startsWith('link t#0 -> t#3'));
    expect(reason?.code).toBe('link-reach');
    // Its bridges are still paid: the count follows the footprints, not the floorplan.
    expect(r!.details.bridgeCount).toBe(10);
  });

  it('HBM stacks are joined to their die by bridges and count in the memory bandwidth', () => {
    const text = `name: emib-hbm
system: { volumeUnits: 100000 }
chiplets: [{ id: gpu, areaMm2: 600, node: n5, powerW: 200 }]
memory: [{ id: hbm, generation: hbm3, stacks: 2, attachedTo: gpu }]
package: { approach: '2.5d', carrier: embedded_bridge }
`;
    const [r] = analyse(text);
    const pairs = r!.details.bridgePairs;
    expect(pairs.map((p) => p.kind)).toEqual(['hbm', 'hbm']);
    for (const p of pairs) expect(p.bridges).toBe(2); // 11 mm edge: ceil(1.1)
    expect(r!.metrics.bandwidth.memoryGBps).toBe(2 * 819);
    expect(r!.metrics.feasibility.feasible).toBe(true);
  });

  it('the substrate is priced as the organic substrate, with its multi-die layer factor', () => {
    const [r] = analyse(ring());
    const s = r!.details.substrate;
    expect(s.areaMm2).toBeCloseTo(4 * 4 * 144, 9);
    expect(s.layerFactor).toBe(2);
    expect(s.costUsd).toBeCloseTo(0.005 * 2304 * 2, 9);
  });
});

describe('links', () => {
  it('a cap never raises a link above its uncapped bandwidth, and no cap changes nothing', () => {
    const [p] = prepareText(exampleText, { plugins });
    const r = analyseTwoPointFiveD(twoPointFiveDPlugin, p!.design as TwoPointFiveDDesign, p!.tech);
    const placements = r.details.floorplan.placements;
    const a = sideBySideLinks(p!.design, p!.tech, placements, 'silicon-interposer');
    expect(a.reasons).toEqual([]);
    expect(sideBySideLinks(p!.design, p!.tech, placements, 'silicon-interposer', [])).toEqual(a);
    const caps = a.links.map(() => ({ shorelineMm: 1, why: 'test cap of 1 mm' }));
    const b = sideBySideLinks(p!.design, p!.tech, placements, 'silicon-interposer', caps);
    b.links.forEach((l, k) => expect(l.availableGBps).toBeLessThanOrEqual(a.links[k]!.availableGBps));
  });
});

describe('validation', () => {
  const base = (pkg: string, extra = '') => `name: v
system: { volumeUnits: 1000 }
chiplets: [{ id: a, areaMm2: 100, node: n5, powerW: 10 }, { id: b, areaMm2: 100, node: n5, powerW: 10 }]
${extra}package: ${pkg}
`;

  it('refuses a carrier of another kind', () => {
    const issues = inputIssues(base("{ approach: '2.5d', carrier: organic_substrate }"));
    expect(issues.map((i) => i.path)).toEqual(['package.carrier']);
  });

  it('refuses stacked dies (3D is another plugin)', () => {
    const issues = inputIssues(base("{ approach: '2.5d', assembly: [{ die: a, stack: [{ die: b }] }] }"));
    expect(issues.map((i) => i.path)).toContain('package.assembly');
  });

  it('refuses purchased components (SiP)', () => {
    const extra = 'components: [{ id: cap, kind: passive, widthMm: 1, heightMm: 0.5, costUsd: 0.01 }]\n';
    expect(inputIssues(base("{ approach: '2.5d' }", extra)).map((i) => i.path)).toContain('components');
  });

  it('refuses a die or an HBM stack larger than the carrier can ever hold', () => {
    const small =
      'technology: { carriers: { si_interposer: { maxAreaMm2: 110 } } }\nmemory: [{ id: m, generation: hbm3, attachedTo: a }]\n';
    const paths = inputIssues(base("{ approach: '2.5d' }", small)).map((i) => i.path);
    expect(paths).toEqual(['memory[0]']);
    const tiny = 'technology: { carriers: { si_interposer: { maxAreaMm2: 90 } } }\n';
    expect(inputIssues(base("{ approach: '2.5d' }", tiny)).map((i) => i.path)).toEqual([
      'chiplets[0]',
      'chiplets[1]',
    ]);
  });

  it('accepts every supported carrier', () => {
    for (const c of ['si_interposer', 'rdl_interposer', 'glass_interposer', 'embedded_bridge']) {
      expect(inputIssues(base(`{ approach: '2.5d', carrier: ${c} }`))).toEqual([]);
    }
  });
});

describe('example design examples/2.5d.yaml', () => {
  const results = evaluateText(exampleText, { plugins });

  it('evaluates all three variants, feasible, within the metrics contract', () => {
    expect(results.map((r) => r.prepared.name)).toEqual([
      'si-interposer',
      'embedded-bridge',
      'rdl-interposer',
    ]);
    for (const r of results) {
      expect(metricsViolations(r.metrics)).toEqual([]);
      expect(r.metrics.feasibility.reasons).toEqual([]);
      expect(r.metrics.bandwidth.memoryGBps).toBe(6 * 819);
      expect(r.metrics.thermal.peakTempC).toBeLessThan(105);
    }
  });

  it('bridges are the cheapest carrier here, and only the silicon interposer couples heat laterally', () => {
    const [si, emib, rdl] = results.map((r) => r.metrics);
    expect(emib!.cost.recurring.carrierUsd).toBeLessThan(si!.cost.recurring.carrierUsd);
    expect(emib!.cost.recurringUsd).toBeLessThan(si!.cost.recurringUsd);
    // Same floorplan on both interposers; the silicon one adds lateral coupling into the HBM.
    expect(si!.thermal.peakTempC).toBeGreaterThan(rdl!.thermal.peakTempC);
  });
});

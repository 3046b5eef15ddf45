import { InputError, rdlWiresPerMmPerLayer, rdlWiringBandwidthGBps, type Metrics } from '@chiplet-dse/core';
import { describeConformance, metricsViolations } from '@chiplet-dse/core/testing';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateFanout, rdlSignalLayers } from './model.js';
import { evaluateText, prepareText } from '../testing/evaluateText.js';
import { fanoutPlugin } from './plugin.js';

const plugins = [fanoutPlugin];
const exampleText = readFileSync(new URL('../../../../examples/fanout.yaml', import.meta.url), 'utf8');

function one(text: string): Metrics {
  return evaluateText(text, { plugins })[0]!.metrics;
}

const twoDies = (options: string, extra = '') => `name: two
system: { volumeUnits: 500000 }
${extra}chiplets:
  - { id: a, areaMm2: 200, node: n5, powerW: 100, phy: ucie_advanced }
  - { id: b, areaMm2: 100, node: n7, powerW: 20, phy: ucie_advanced }
links: [{ from: a, to: b, bandwidthGBps: 2000 }]
package: { approach: fanout, options: { ${options} } }
`;

describe('fanout plugin: example design', () => {
  it('evaluates examples/fanout.yaml: chip-last and chip-first, both feasible', () => {
    const rs = evaluateText(exampleText, { plugins });
    expect(rs.map((r) => r.prepared.name)).toEqual(['chip-last', 'chip-first']);
    const [last, first] = rs.map((r) => r.metrics);
    for (const m of [last!, first!]) {
      expect(metricsViolations(m)).toEqual([]);
      expect(m.feasibility.feasible).toBe(true);
      expect(m.bandwidth.links[0]!.availableGBps).toBeGreaterThanOrEqual(1000);
      expect(m.thermal.peakTempC).toBeGreaterThan(45);
    }
    // Same dies, same RDL: chip-first loses good dies to RDL defects (Y1 ≈ 0.81 < Y2 = 0.98²).
    expect(first!.cost.recurringUsd).toBeGreaterThan(last!.cost.recurringUsd);
    expect(first!.cost.recurring.wastedGoodDiesUsd).toBeGreaterThan(last!.cost.recurring.wastedGoodDiesUsd);
    expect(first!.cost.nreUsd).toBe(last!.cost.nreUsd);
    // Chip-first has no die bond: its assembly yield is the module-to-substrate C4 only.
    expect(first!.yields.assembly).toBeCloseTo(0.999, 12);
    expect(last!.yields.assembly).toBeCloseTo(0.98 * 0.98 * 0.999, 12);
  });
});

describe('fanout plugin: chip-first vs chip-last', () => {
  it('chip-first costs more than chip-last when the RDL yield is low', () => {
    const tech = 'technology: { carriers: { rdl_interposer: { defectDensityPerCm2: 1.0 } } }\n';
    const last = one(twoDies('flow: chip-last', tech));
    const first = one(twoDies('flow: chip-first', tech));
    expect(last.yields.carrier).toBeLessThan(0.3);
    expect(first.cost.recurringUsd).toBeGreaterThan(1.5 * last.cost.recurringUsd);
  });

  it('chip-first is cheaper when the RDL is nearly perfect (no die bond yield to pay)', () => {
    const tech = 'technology: { carriers: { rdl_interposer: { defectDensityPerCm2: 0.0001 } } }\n';
    const last = one(twoDies('flow: chip-last', tech));
    const first = one(twoDies('flow: chip-first', tech));
    expect(first.cost.recurringUsd).toBeLessThan(last.cost.recurringUsd);
  });

  it('property: chip-first >= chip-last whenever Y1 <= Y2 / 2 (die cost dominates the RDL cost)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.double({ min: 20, max: 300, noNaN: true }),
        fc.constantFrom('n5', 'n7', 'n16'),
        fc.double({ min: 0.05, max: 5, noNaN: true }),
        (count, area, node, d0) => {
          const text = (flow: string) => `name: p
technology: { carriers: { rdl_interposer: { defectDensityPerCm2: ${d0} } } }
system: { volumeUnits: 100000 }
chiplets: [{ id: t, count: ${count}, areaMm2: ${area}, node: ${node}, powerW: 10, phy: ucie_advanced }]
${count > 1 ? 'links: [{ from: t, to: t, bandwidthGBps: 100 }]\n' : ''}package: { approach: fanout, options: { flow: ${flow} } }
`;
          const last = one(text('chip-last'));
          const first = one(text('chip-first'));
          const y1 = last.yields.carrier; // organic substrate has no defect loss in the preset
          const y2 = last.yields.assembly / 0.999; // minus the module-to-substrate C4 yield
          fc.pre(y1 <= y2 / 2);
          expect(first.cost.recurringUsd).toBeGreaterThan(last.cost.recurringUsd);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('fanout plugin: RDL layers, line/space and wiring bandwidth', () => {
  it('wiring density is 1000 / (2 L/S) wires per mm per layer; half the layers carry signals', () => {
    expect(rdlWiresPerMmPerLayer(2)).toBeCloseTo(250, 12);
    expect(rdlWiresPerMmPerLayer(10)).toBeCloseTo(50, 12);
    expect([1, 2, 3, 4, 5, 6].map((l) => rdlSignalLayers(l, 0.5))).toEqual([1, 1, 2, 2, 3, 3]);
    expect(rdlSignalLayers(4, 1)).toBe(4);
    // 10 mm of shoreline, 2 signal layers at 2 µm, 32 Gb/s per wire: 2500 x 2 x 4 GB/s.
    expect(rdlWiringBandwidthGBps(10, 2, 2, 32)).toBeCloseTo(20000, 9);
  });

  it('InFO_SoW vs MCM: half the line/space of an organic substrate (10 µm) gives 2x wiring and bandwidth density', () => {
    // docs/reference/technology-facts.md §2: InFO_SoW vs MCM, half L/S, 2x wire density and 2x bandwidth density.
    expect(rdlWiresPerMmPerLayer(5) / rdlWiresPerMmPerLayer(10)).toBeCloseTo(2, 12);
    // On the plugin, with the RDL wiring (not the UCIe-A PHY, 1317 GB/s/mm) limiting the link:
    const at = (ls: number) => one(twoDies(`lineSpaceUm: ${ls}`)).bandwidth.links[0]!.availableGBps;
    expect(at(5) / at(10)).toBeCloseTo(2, 2);
    // The library's 2/2 µm RDL is 5x the organic wiring density per layer: not wiring-limited.
    const m = one(twoDies(''));
    expect(m.bandwidth.links[0]!.availableGBps).toBeGreaterThan(at(5));
  });

  it('a wiring-limited link is reported with the RDL as the limiter', () => {
    const m = one(twoDies('lineSpaceUm: 40'));
    expect(m.feasibility.feasible).toBe(false);
    const reason = m.feasibility.reasons.find((r) => r.code === 'link-bandwidth')!;
    expect(reason.message).toContain('RDL wiring');
    expect(reason.value).toBe(m.bandwidth.links[0]!.availableGBps);
    expect(reason.limit).toBe(2000);
  });

  it('more RDL layers cost more, yield less and carry more wiring', () => {
    const four = one(twoDies('rdlLayers: 4, lineSpaceUm: 10'));
    const eight = one(twoDies('rdlLayers: 8, lineSpaceUm: 10'));
    expect(eight.cost.recurring.carrierUsd).toBeGreaterThan(four.cost.recurring.carrierUsd);
    expect(eight.yields.carrier).toBeCloseTo(four.yields.carrier ** 2, 12);
    expect(eight.bandwidth.links[0]!.availableGBps).toBeCloseTo(
      2 * four.bandwidth.links[0]!.availableGBps,
      6,
    );
    // Option 0 means the carrier's own layer count (4).
    expect(one(twoDies('rdlLayers: 0')).cost.totalUsd).toBe(one(twoDies('rdlLayers: 4')).cost.totalUsd);
  });
});

describe('fanout plugin: NRE options', () => {
  it('actuaryQuirks replaces the $7.5 M fixed FO NRE by $25,000 and the substrate NRE by 0.005 x A_pkg', () => {
    const off = one(twoDies('actuaryQuirks: false'));
    const on = one(twoDies('actuaryQuirks: true'));
    const aPkg = off.geometry.packageAreaMm2;
    const volume = 500000;
    const expected = (7.5e6 - 25000 + (3000 * aPkg + 3e5) - 0.005 * aPkg) / volume;
    expect(off.cost.nre.packageUsd - on.cost.nre.packageUsd).toBeCloseTo(expected, 9);
    expect(on.cost.recurringUsd).toBe(off.cost.recurringUsd);
  });
});

describe('fanout plugin: size limits and input checks', () => {
  it('an RDL beyond the carrier maximum is infeasible (carrier-size-limit), not an input error', () => {
    const m = one(`name: big
system: { volumeUnits: 500000 }
chiplets: [{ id: t, count: 4, areaMm2: 700, node: n7, powerW: 50, phy: ucie_advanced }]
links: [{ from: t, to: t, bandwidthGBps: 100 }]
package: { approach: fanout }
`);
    const r = m.feasibility.reasons.find((x) => x.code === 'carrier-size-limit')!;
    expect(r.limit).toBe(2574);
    expect(r.value).toBeGreaterThan(2574);
    expect(metricsViolations(m)).toEqual([]);
  });

  it('refuses a die larger than the carrier can ever hold, a wrong carrier, stacks, components and chip-first HBM', () => {
    const bad = (text: string) => {
      try {
        prepareText(text, { plugins });
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as InputError).message;
      }
      throw new Error('expected an InputError');
    };
    expect(
      bad(`name: x
technology: { carriers: { rdl_interposer: { maxAreaMm2: 300 } } }
system: { volumeUnits: 1000 }
chiplets: [{ id: soc, areaMm2: 400, node: n7, powerW: 50 }]
package: { approach: fanout }
`),
    ).toContain('chiplets[0]');
    expect(
      bad(`name: x
system: { volumeUnits: 1000 }
chiplets: [{ id: soc, areaMm2: 100, node: n7, powerW: 50 }]
package: { approach: fanout, carrier: organic_substrate }
`),
    ).toContain('rdl-interposer');
    expect(
      bad(`name: x
system: { volumeUnits: 1000 }
chiplets:
  - { id: base, areaMm2: 100, node: n7, powerW: 50 }
  - { id: top, areaMm2: 50, node: n7, powerW: 5 }
package:
  approach: fanout
  assembly: [{ die: base, stack: [{ die: top, bonding: hybrid_d2w }] }]
`),
    ).toContain('stacking');
    expect(
      bad(`name: x
system: { volumeUnits: 1000 }
chiplets: [{ id: soc, areaMm2: 100, node: n7, powerW: 50 }]
memory: [{ id: hbm, generation: hbm3, stacks: 2, attachedTo: soc }]
package: { approach: fanout, options: { flow: chip-first } }
`),
    ).toContain('chip-last');
  });

  it('carries HBM stacks chip-last: purchased cost, memory bandwidth, stack temperatures', () => {
    const m = one(`name: hbm
system: { volumeUnits: 100000 }
chiplets: [{ id: soc, areaMm2: 400, node: n5, powerW: 200 }]
memory: [{ id: hbm, generation: hbm3, stacks: 2, attachedTo: soc }]
package: { approach: fanout }
`);
    expect(metricsViolations(m)).toEqual([]);
    expect(m.cost.recurring.componentsUsd).toBeGreaterThan(0);
    expect(m.bandwidth.memoryGBps).toBeGreaterThan(0);
    expect(m.thermal.dies.map((d) => d.id)).toEqual(['soc', 'hbm#0', 'hbm#1']);
  });
});

describe('fanout plugin: invariants (property tests)', () => {
  const design = (p: {
    count: number;
    area: number;
    node: string;
    flow: string;
    layers: number;
    ls: number;
    rdlArea: string;
    dpw: string;
    d0: number;
  }) => `name: inv
technology: { carriers: { rdl_interposer: { defectDensityPerCm2: ${p.d0} } } }
system: { volumeUnits: 200000 }
chiplets: [{ id: t, count: ${p.count}, areaMm2: ${p.area}, node: ${p.node}, powerW: ${p.area / 4}, phy: ucie_advanced }]
${p.count > 1 ? 'links: [{ from: t, to: t, bandwidthGBps: 500 }]\n' : ''}package: { approach: fanout, options: { flow: ${p.flow}, rdlLayers: ${p.layers}, lineSpaceUm: ${p.ls}, rdlArea: ${p.rdlArea}, diesPerWafer: ${p.dpw} } }
`;
  const params = fc.record({
    count: fc.integer({ min: 1, max: 4 }),
    area: fc.double({ min: 10, max: 500, noNaN: true }),
    node: fc.constantFrom('n3', 'n5', 'n7', 'n16'),
    flow: fc.constantFrom('chip-first', 'chip-last'),
    layers: fc.integer({ min: 1, max: 10 }),
    ls: fc.double({ min: 0.5, max: 20, noNaN: true }),
    rdlArea: fc.constantFrom('floorplan', 'actuary'),
    dpw: fc.constantFrom('exact', 'analytic'),
    d0: fc.double({ min: 0, max: 0.5, noNaN: true }),
  });

  it('metrics contract, yields in (0, 1], bandwidth within the PHY and the wiring limits', () => {
    fc.assert(
      fc.property(params, (p) => {
        const m = one(design(p));
        expect(metricsViolations(m)).toEqual([]);
        for (const l of m.bandwidth.links) {
          const moduleGBps = (2 * 64 * 32) / 8;
          const phyGBps = Math.floor((Math.sqrt(p.area) / 0.3888) * (1 + 1e-9)) * moduleGBps;
          expect(l.availableGBps).toBeLessThanOrEqual(phyGBps + 1e-9);
          const wiring = rdlWiringBandwidthGBps(Math.sqrt(p.area), p.ls, rdlSignalLayers(p.layers, 0.5), 32);
          expect(l.availableGBps).toBeLessThanOrEqual(wiring + 1e-9);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('cost rises and yields fall (weakly) as the RDL defect density or the layer count rises', () => {
    fc.assert(
      fc.property(
        params,
        fc.double({ min: 1, max: 5, noNaN: true }),
        fc.integer({ min: 0, max: 4 }),
        (p, k, more) => {
          const m0 = one(design(p));
          const m1 = one(design({ ...p, d0: p.d0 * k }));
          expect(m1.cost.totalUsd).toBeGreaterThanOrEqual(m0.cost.totalUsd * (1 - 1e-12));
          expect(m1.yields.carrier).toBeLessThanOrEqual(m0.yields.carrier);
          expect(m1.yields.compound).toBeLessThanOrEqual(m0.yields.compound * (1 + 1e-12));
          const m2 = one(design({ ...p, layers: p.layers + more }));
          expect(m2.cost.recurringUsd).toBeGreaterThanOrEqual(m0.cost.recurringUsd * (1 - 1e-12));
          expect(m2.yields.carrier).toBeLessThanOrEqual(m0.yields.carrier);
        },
      ),
      { numRuns: 40 },
    );
  });
});

// The public conformance kit on the example and on designs exercising the options.
const baseOf = (text: string) => text.replace(/variants:[\s\S]*$/, '');
describeConformance(
  fanoutPlugin,
  {
    // The plan (kernel.ts) must equal the readable record model.
    reference: (d, t) => evaluateFanout(fanoutPlugin, d, t),
    designs: [
      baseOf(exampleText),
      'name: fo1\nsystem: { volumeUnits: 100000 }\nchiplets: [{ id: soc, areaMm2: 300, node: n5, powerW: 150 }]\npackage: { approach: fanout, options: { flow: chip-first } }\n',
      'name: fo4\nlogicBudgetMm2: 600\nsystem: { volumeUnits: 500000 }\nchiplets: [{ id: t, count: 4, areaShare: 1, node: n5, powerDensityWPerMm2: 0.4, phy: ucie_advanced }]\nlinks: [{ from: t, to: t, bandwidthGBps: 500 }]\npackage: { approach: fanout, options: { diesPerWafer: analytic, rdlArea: actuary, rdlLayers: 6 } }\n',
      'name: fo-hbm\nsystem: { volumeUnits: 200000 }\nchiplets: [{ id: soc, areaMm2: 400, node: n5, powerW: 250 }]\nmemory: [{ id: hbm, generation: hbm3, stacks: 2, attachedTo: soc }]\npackage: { approach: fanout }\n',
    ],
  },
  { describe, it },
);

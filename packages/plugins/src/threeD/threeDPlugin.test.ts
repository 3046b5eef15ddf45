/**
 * The 3d plugin: bond yields and stack costs against hand formulas, the wafer-to-wafer yield
 * coupling, thermal ordering of tiers, input checks and the example design.
 */
import { dieCost, InputError, type Metrics } from '@chiplet-dse/core';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateText, prepareText } from '../testing/evaluateText.js';
import { threeDPlugin } from './plugin.js';

const plugins = [threeDPlugin];
const run = (text: string) => evaluateText(text, { plugins });
const one = (text: string) => run(text)[0]!;
const byName = (results: ReturnType<typeof run>, name: string): Metrics =>
  results.find((r) => r.prepared.name === name)!.metrics;
const temp = (m: Metrics, id: string) => m.thermal.dies.find((d) => d.id === id)!.tempC;

/** A CPU die with an SRAM die on it; sizes, powers, bond and order vary. */
function stack(o: {
  cpuMm2?: number;
  sramMm2?: number;
  cpuW?: number;
  sramW?: number;
  bonding?: string;
  order?: 'sram-over' | 'sram-under';
  linkGBps?: number;
  orientation?: string;
  carrier?: string;
  extra?: string;
}): string {
  const [bottom, top] = o.order === 'sram-under' ? ['sram', 'cpu'] : ['cpu', 'sram'];
  return `
name: t
system: { volumeUnits: 1000000 }
chiplets:
  - { id: cpu, areaMm2: ${o.cpuMm2 ?? 70}, node: n7, powerW: ${o.cpuW ?? 60}, phy: ucie_3d }
  - { id: sram, areaMm2: ${o.sramMm2 ?? 40}, node: n7, powerW: ${o.sramW ?? 6}, phy: ucie_3d }
links: [{ from: cpu, to: sram, bandwidthGBps: ${o.linkGBps ?? 2000} }]
package:
  approach: 3d
  ${o.carrier === undefined ? '' : `carrier: ${o.carrier}`}
  options: { stackBonding: ${o.bonding ?? 'hybrid_d2w'} }
  assembly:
    - die: ${bottom}
      stack: [{ die: ${top}, orientation: ${o.orientation ?? 'face-to-back'} }]
${o.extra ?? ''}`;
}

describe('3d: die-to-wafer hybrid bond (CATCH C6, signal bonds of intra-stack links counted)', () => {
  it('bond step yield and recurring cost follow the hand formulas', () => {
    const { prepared, metrics: m } = one(stack({}));
    const tech = prepared.tech;
    const b = tech.bonding['hybrid_d2w']!;
    const c4 = tech.bonding['c4']!;
    // 40 mm² overlap; 2000 GB/s over 4 Gb/s lanes: 4000 signal bonds, and as many TSVs through
    // the CPU (face-to-back). Power/ground pads are not counted (CATCH counts signals).
    const signals = Math.ceil((2000 * 8) / 4);
    const yBond =
      (b.yieldPerDie * b.yieldPerBond ** signals * b.tsvYieldPerTsv ** signals) /
      (1 + (b.dielectricDefectDensityPerCm2 * 40) / 100);
    expect(signals).toBe(4000);
    expect(yBond).toBeCloseTo((0.999 * 0.99999999 ** 4000 * 0.999999 ** 4000) / 1.04, 12);
    // No side-by-side links: the C4 attach yield is its per-die yield.
    expect(m.yields.assembly).toBeCloseTo(yBond * c4.yieldPerDie, 12);

    // Known-good dies (coverage 1, no test cost: raw / Y) bonded in one step, then attached.
    const kgd = (area: number) => {
      const w = Math.sqrt(area);
      const c = dieCost(w, w, tech.nodes['n7']!, 'negative-binomial', tech.test, 'exact');
      return c.rawUsd + c.defectLossUsd;
    };
    const stackUsd = (kgd(70) + kgd(40) + b.costUsdPerDie + b.costUsdPerMm2 * 40) / yBond;
    const aPkg = 4 * 70; // substrateAreaFactor x footprint beats the 12.4 mm floorplan outline
    const substrate = tech.carriers['organic_substrate']!.costUsdPerMm2 * aPkg * 1; // one stack: single-die factor
    const expected = (stackUsd + c4.costUsdPerMm2 * 70 + c4.costUsdPerDie + substrate) / c4.yieldPerDie;
    expect(m.cost.recurringUsd).toBeCloseTo(expected, 9);
    expect(m.geometry.packageAreaMm2).toBeCloseTo(aPkg, 9);
    expect(m.yields.compound).toBeCloseTo(
      m.yields.dies[0]!.dieYield * m.yields.dies[1]!.dieYield * yBond * c4.yieldPerDie,
      12,
    );
  });

  it('face-to-face bonds need no TSVs through the lower die', () => {
    const f2b = one(stack({})).metrics;
    const f2f = one(stack({ orientation: 'face-to-face' })).metrics;
    const tsvYield = 0.999999 ** 4000;
    expect(f2f.yields.assembly * tsvYield).toBeCloseTo(f2b.yields.assembly, 12);
  });

  it('a taller stack bonds in build order: a failed upper bond scraps the partial stack', () => {
    const text = `
name: t3
system: { volumeUnits: 1000000 }
chiplets:
  - { id: base, areaMm2: 100, node: n7, powerW: 50 }
  - { id: sram, count: 2, areaMm2: 50, node: n7, powerW: 5 }
package:
  approach: 3d
  assembly:
    - { die: base, stack: [{ die: sram }] }
`;
    const { prepared, metrics: m } = one(text);
    const tech = prepared.tech;
    const b = tech.bonding['hybrid_d2w']!;
    const c4 = tech.bonding['c4']!;
    const y =
      // no links cross these bonds: no signal bonds or TSVs, only the per-die and dielectric terms
      b.yieldPerDie / (1 + (b.dielectricDefectDensityPerCm2 * 50) / 100);
    const kgd = (area: number) => {
      const w = Math.sqrt(area);
      const c = dieCost(w, w, tech.nodes['n7']!, 'negative-binomial', tech.test, 'exact');
      return c.rawUsd + c.defectLossUsd;
    };
    // Step 1 bonds sram#0 on base; step 2 bonds sram#1 on sram#0.
    const stackUsd = (kgd(100) + kgd(50) + b.costUsdPerDie) / (y * y) + (kgd(50) + b.costUsdPerDie) / y;
    const substrate = 0.005 * 4 * 100;
    const expected = (stackUsd + c4.costUsdPerMm2 * 100 + c4.costUsdPerDie + substrate) / c4.yieldPerDie;
    expect(m.cost.recurringUsd).toBeCloseTo(expected, 9);
    expect(m.yields.assembly).toBeCloseTo(y * y * c4.yieldPerDie, 12);
  });
});

describe('3d: wafer-to-wafer stacks', () => {
  const w2w = stack({ sramMm2: 70, bonding: 'hybrid_w2w' });

  it('pair yield is Y_a · Y_b · Y_bond and a good stack costs Σ raw / (Y_a · Y_b · Y_bond)', () => {
    const { prepared, metrics: m } = one(w2w);
    const tech = prepared.tech;
    const b = tech.bonding['hybrid_w2w']!;
    const c4 = tech.bonding['c4']!;
    const yBond =
      (b.yieldPerDie * b.yieldPerBond ** 4000 * b.tsvYieldPerTsv ** 4000) /
      (1 + (b.dielectricDefectDensityPerCm2 * 70) / 100);
    const [ya, yb] = m.yields.dies.map((d) => d.dieYield) as [number, number];
    const pair = ya * yb * yBond;
    expect(m.yields.assembly).toBeCloseTo(yBond * c4.yieldPerDie, 12);
    expect(m.yields.compound).toBeCloseTo(pair * c4.yieldPerDie, 12);
    const w = Math.sqrt(70);
    const raw = dieCost(w, w, tech.nodes['n7']!, 'negative-binomial', tech.test, 'exact').rawUsd;
    const stackUsd = (2 * raw + b.costUsdPerDie) / pair;
    const expected = (stackUsd + c4.costUsdPerMm2 * 70 + c4.costUsdPerDie + 0.005 * 280) / c4.yieldPerDie;
    expect(m.cost.recurringUsd).toBeCloseTo(expected, 9);
    // A bad die on one wafer kills its good partner: those losses are wasted good dies.
    const wasted = 2 * raw * (1 / pair - 1 / ya);
    expect(m.cost.recurring.wastedGoodDiesUsd).toBeGreaterThanOrEqual(wasted * (1 - 1e-12));
  });

  it('untested wafers cost more silicon than known-good dies of the same stack built die to wafer', () => {
    // Same bond process, so only the build differs.
    const d2w = one(
      stack({ sramMm2: 70, bonding: 'hybrid_w2w', extra: '' }).replace(
        '{ stackBonding: hybrid_w2w }',
        '{ stackBonding: hybrid_w2w, stacking: d2w }',
      ),
    ).metrics;
    const w = one(w2w).metrics;
    expect(w.cost.recurringUsd).toBeGreaterThan(d2w.cost.recurringUsd);
    expect(w.yields.compound).toBeCloseTo(d2w.yields.compound, 12);
  });

  it('refuses stacked dies of different footprints, naming both', () => {
    let err: unknown;
    try {
      prepareText(stack({ bonding: 'hybrid_w2w' }), { plugins });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    const issue = (err as InputError).issues.find((i) => i.path === 'package.assembly[0].stack[0]');
    expect(issue).toBeDefined();
    expect(issue!.found).toContain('sram');
    expect(issue!.expected).toContain('cpu');
    expect(issue!.found).toMatch(/6\.325 x 6\.325 mm/);
    expect(() => prepareText(stack({ bonding: 'hybrid_w2w' }), { plugins })).toThrow(
      /package\.assembly\[0\]\.stack\[0\]/,
    );
  });
});

describe('3d: thermal tiers', () => {
  it('with equal powers the bottom die (farther from the sink) is hotter', () => {
    const m = one(stack({ sramMm2: 70, cpuW: 30, sramW: 30 })).metrics;
    expect(temp(m, 'cpu')).toBeGreaterThan(temp(m, 'sram'));
    expect(m.thermal.peakTempC).toBe(temp(m, 'cpu'));
  });

  it('the hot logic die next to the sink gives a lower peak than under the SRAM', () => {
    const over = one(stack({ sramMm2: 70, order: 'sram-over' })).metrics;
    const under = one(stack({ sramMm2: 70, order: 'sram-under' })).metrics;
    expect(under.thermal.peakTempC).not.toBeCloseTo(over.thermal.peakTempC, 3);
    expect(under.thermal.peakTempC).toBeLessThan(over.thermal.peakTempC);
    // Same dies, same cost: only the order differs.
    expect(under.cost.totalUsd).toBeCloseTo(over.cost.totalUsd, 9);
  });

  it('a micro-bump tier resists more than a hybrid tier', () => {
    const hybrid = one(stack({})).metrics;
    const ubump = one(stack({ bonding: 'microbump_3d' })).metrics;
    expect(temp(ubump, 'cpu')).toBeGreaterThan(temp(hybrid, 'cpu'));
    expect(temp(ubump, 'sram')).toBeCloseTo(temp(hybrid, 'sram'), 9);
  });
});

describe('3d: vertical bandwidth', () => {
  it('is the overlap times the 3D PHY area density, capped by the bond array', () => {
    const hybrid = one(stack({})).metrics.bandwidth.links[0]!;
    expect(hybrid.availableGBps).toBeCloseTo(40 * 4000, 6);
    // 36 µm micro-bumps: 40 mm² / (36 µm)² x 0.65 x 4 Gb/s / 8.
    const ubump = one(stack({ bonding: 'microbump_3d' })).metrics.bandwidth.links[0]!;
    expect(ubump.availableGBps).toBeCloseTo(((40 / 0.036 ** 2) * 0.65 * 4) / 8, 6);
    expect(hybrid.ioPowerW).toBeCloseTo(2000 * 8 * 0.05 * 1e-3, 12);
  });

  it('an edge PHY used vertically gets the bond array at its own bump pitch', () => {
    const text = stack({}).replace(/phy: ucie_3d/g, 'phy: ucie_advanced');
    const l = one(text).metrics.bandwidth.links[0]!;
    expect(l.availableGBps).toBeCloseTo(((40 / 0.045 ** 2) * 0.65 * 32) / 8, 6);
  });

  it('reports a vertical link the overlap cannot carry as infeasible', () => {
    const m = one(stack({ linkGBps: 200000 })).metrics;
    expect(m.feasibility.feasible).toBe(false);
    expect(m.feasibility.reasons[0]!.code).toBe('link-bandwidth');
  });
});

describe('3d: input checks', () => {
  const issues = (text: string) => {
    try {
      prepareText(text, { plugins });
      return [];
    } catch (e) {
      if (e instanceof InputError) return e.issues;
      throw e;
    }
  };

  it('refuses a die larger than the one it is bonded on (no overhang)', () => {
    const found = issues(stack({ order: 'sram-under' }));
    expect(found.map((i) => i.path)).toEqual(['package.assembly[0].stack[0]']);
    expect(found[0]!.found).toContain('cpu');
  });

  it('refuses carriers other than organic substrate and silicon interposer', () => {
    expect(issues(stack({ carrier: 'rdl_interposer' })).map((i) => i.path)).toContain('package.carrier');
  });

  it('refuses HBM on an organic substrate and HBM inside a stack', () => {
    const hbm = `memory: [{ id: hbm, generation: hbm3, attachedTo: cpu }]`;
    expect(
      issues(
        stack({ extra: hbm }).replace(
          'stack: [{ die: sram, orientation: face-to-back }]',
          'stack: [{ die: sram, orientation: face-to-back }]\n    - { memory: hbm }',
        ),
      ).map((i) => i.path),
    ).toEqual(['memory']);
    const inStack = stack({ carrier: 'si_interposer', extra: hbm }).replace(
      'stack: [{ die: sram, orientation: face-to-back }]',
      'stack: [{ die: sram }, { memory: hbm }]',
    );
    expect(issues(inStack).map((i) => i.path)).toEqual(['package.assembly[0].stack[1]']);
  });

  it('refuses nested stacks, non-3D stack bonds and mixed w2w/d2w stacks', () => {
    const nested = `
name: n
system: { volumeUnits: 1000 }
chiplets:
  - { id: a, areaMm2: 100, node: n7, powerW: 10 }
  - { id: b, areaMm2: 50, node: n7, powerW: 10 }
  - { id: c, areaMm2: 20, node: n7, powerW: 10 }
package:
  approach: 3d
  assembly:
    - { die: a, stack: [{ die: b, stack: [{ die: c }] }] }
`;
    expect(issues(nested).map((i) => i.path)).toEqual(['package.assembly[0].stack[0].stack']);
    const c4 = nested.replace('{ die: b, stack: [{ die: c }] }', '{ die: b, bonding: c4 }, { die: c }');
    expect(issues(c4).map((i) => i.path)).toEqual(['package.assembly[0].stack[0].bonding']);
    const mixed = nested.replace(
      '{ die: b, stack: [{ die: c }] }',
      '{ die: b, bonding: hybrid_w2w }, { die: c }',
    );
    const found = issues(mixed);
    expect(found.map((i) => i.path)).toEqual(['package.assembly[0]']);
    expect(found[0]!.found).toContain('b: hybrid_w2w');
  });

  it('needs an edge PHY on the bottom dies of stacks linked side by side', () => {
    const text = `
name: x
system: { volumeUnits: 1000 }
chiplets:
  - { id: io, count: 2, areaMm2: 100, node: n7, powerW: 10 }
  - { id: cc, count: 2, areaMm2: 50, node: n5, powerW: 10, phy: ucie_3d }
links: [{ from: 'cc#0', to: 'cc#1', bandwidthGBps: 100 }]
package:
  approach: 3d
  assembly:
    - { die: 'io#0', stack: [{ die: 'cc#0' }] }
    - { die: 'io#1', stack: [{ die: 'cc#1' }] }
`;
    expect(issues(text).map((i) => i.path)).toEqual(['chiplets[0].phy']);
    const ok = run(text.replace('powerW: 10 }', 'powerW: 10, phy: ucie_standard }'))[0]!.metrics;
    expect(ok.bandwidth.links[0]!.from).toBe('cc#0');
    expect(ok.bandwidth.links[0]!.availableGBps).toBeGreaterThan(0);
  });

  it('accepts a design with no stack at all (dies side by side on the carrier)', () => {
    const text = `
name: flat
system: { volumeUnits: 100000 }
chiplets: [{ id: t, count: 2, areaMm2: 80, node: n5, powerW: 40, phy: ucie_standard }]
links: [{ from: t, to: t, bandwidthGBps: 100 }]
package: { approach: 3d }
`;
    const m = one(text).metrics;
    expect(m.feasibility.feasible).toBe(true);
    // Without stacks the flow is the mcm plugin's (package test coverage 1 in the default preset).
    const mcm = one(text.replace('approach: 3d', 'approach: mcm')).metrics;
    expect(m.cost.recurringUsd).toBeCloseTo(mcm.cost.recurringUsd, 9);
    expect(m.cost.nreUsd).toBeCloseTo(mcm.cost.nreUsd, 9);
    expect(m.thermal.peakTempC).toBeCloseTo(mcm.thermal.peakTempC, 9);
    expect(m.bandwidth.aggregateD2dGBps).toBeCloseTo(mcm.bandwidth.aggregateD2dGBps, 9);
  });
});

describe('3d: example design examples/3d.yaml', () => {
  const text = readFileSync(new URL('../../../../examples/3d.yaml', import.meta.url), 'utf8');
  const results = run(text);

  it('evaluates every variant, all feasible', () => {
    expect(results.map((r) => r.prepared.name)).toEqual([
      'd2w-hybrid',
      'microbump-3d',
      'w2w-equal-footprint',
      'sram-over-equal',
      'sram-under',
      'mi300-like',
    ]);
    for (const r of results) expect(r.metrics.feasibility.reasons, r.prepared.name).toEqual([]);
  });

  it('orders the variants as physics says', () => {
    const hybrid = byName(results, 'd2w-hybrid');
    const ubump = byName(results, 'microbump-3d');
    expect(ubump.bandwidth.aggregateD2dGBps).toBeLessThan(hybrid.bandwidth.aggregateD2dGBps);
    expect(ubump.thermal.peakTempC).toBeGreaterThan(hybrid.thermal.peakTempC);
    const w2w = byName(results, 'w2w-equal-footprint');
    const over = byName(results, 'sram-over-equal');
    expect(w2w.cost.recurring.wastedGoodDiesUsd).toBeGreaterThan(over.cost.recurring.wastedGoodDiesUsd);
    expect(byName(results, 'sram-under').thermal.peakTempC).toBeLessThan(over.thermal.peakTempC);
    const mi300 = byName(results, 'mi300-like');
    expect(mi300.bandwidth.memoryGBps).toBeCloseTo(8 * 819, 9);
    expect(mi300.cost.recurring.componentsUsd).toBeCloseTo(8 * 240, 9);
    expect(mi300.geometry.carrierAreaMm2).toBeLessThan(mi300.geometry.packageAreaMm2);
    expect(mi300.thermal.dies).toHaveLength(16);
  });
});

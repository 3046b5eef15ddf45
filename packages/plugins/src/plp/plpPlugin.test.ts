import { InputError, type Metrics } from '@chiplet-dse/core';
import { describeConformance, metricsViolations } from '@chiplet-dse/core/testing';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fanoutPlugin } from '../fanout/plugin.js';
import { evaluateText, prepareText } from '../testing/evaluateText.js';
import { carrierUtilisation, panelShape } from './carrierUtilisation.js';
import { evaluatePlp } from './model.js';
import { plpPlugin } from './plugin.js';

const plugins = [plpPlugin, fanoutPlugin];
const exampleText = readFileSync(new URL('../../../../examples/plp.yaml', import.meta.url), 'utf8');

function one(text: string): Metrics {
  return evaluateText(text, { plugins })[0]!.metrics;
}

const quad = (pkg: string, tech = '') => `name: quad
${tech}system: { volumeUnits: 200000 }
chiplets: [{ id: t, count: 4, areaMm2: 200, node: n5, powerW: 60, phy: ucie_advanced }]
links: [{ from: t, to: t, bandwidthGBps: 1000 }]
package: ${pkg}
`;

describe('plp plugin: example design', () => {
  it('evaluates examples/plp.yaml on three panels, as a panel interposer and on a wafer', () => {
    const rs = evaluateText(exampleText, { plugins });
    const by = Object.fromEntries(rs.map((r) => [r.prepared.name, r.metrics]));
    expect(Object.keys(by)).toEqual([
      'panel-310',
      'panel-510x515',
      'panel-600',
      'copos-310',
      'copos-600',
      'wafer-fanout',
    ]);
    for (const m of Object.values(by)) {
      expect(metricsViolations(m)).toEqual([]);
      expect(m.feasibility.feasible).toBe(true);
      expect(m.bandwidth.memoryGBps).toBeCloseTo(4 * 819, 6);
    }
    // Fan-out mode: the RDL is the package (no substrate, no C4 step).
    expect(by['panel-600']!.geometry.carrierAreaMm2).toBeCloseTo(by['panel-600']!.geometry.packageAreaMm2, 9);
    expect(by['panel-600']!.yields.assembly).toBeCloseTo(0.98 ** 8, 12); // 4 dies + 4 HBM stacks
    // Interposer mode: the die-region RDL on an organic substrate, like the wafer-level fanout.
    expect(by['copos-310']!.geometry.carrierAreaMm2).toBeCloseTo(
      by['wafer-fanout']!.geometry.carrierAreaMm2,
      9,
    );
    expect(by['copos-310']!.yields.assembly).toBeCloseTo(by['wafer-fanout']!.yields.assembly, 12);
    // The same interposer is cheaper on a panel than on a wafer; a bigger panel is cheaper still.
    expect(by['copos-310']!.cost.recurring.carrierUsd).toBeLessThan(
      by['wafer-fanout']!.cost.recurring.carrierUsd,
    );
    expect(by['copos-600']!.cost.recurring.carrierUsd).toBeLessThan(
      by['copos-310']!.cost.recurring.carrierUsd,
    );
    // A ~6,000 mm² fine-line RDL package yields far worse than a ~1,500 mm² interposer.
    expect(by['panel-600']!.yields.carrier).toBeLessThan(by['copos-600']!.yields.carrier);
    expect(by['copos-600']!.cost.totalUsd).toBeLessThan(by['panel-600']!.cost.totalUsd);
    expect(by['panel-600']!.cost.nreUsd).toBe(by['copos-600']!.cost.nreUsd);
  });
});

describe('plp plugin: panel cost and yield', () => {
  it('RDL cost per package = panel $/mm² x panel area x L/L_ref / packages per panel + c·A; yield NB^(L/L_ref)', () => {
    for (const layers of [4, 8]) {
      const m = one(
        quad(
          `{ approach: plp, options: { mode: interposer, panel: panel_510x515, rdlArea: actuary, flow: chip-first, rdlLayers: ${layers} } }`,
        ),
      );
      const aInt = 1.2 * 800;
      const side = Math.sqrt(aInt);
      const count = carrierUtilisation(
        { kind: 'panel', widthMm: 510, heightMm: 515, edgeMm: 10, kerfMm: 0.2 },
        side,
        side,
      ).count;
      const panelUsd = (0.012732 * 510 * 515 * (layers / 4)) / count;
      const aPkg = 4 * aInt;
      // chip-first: the raw RDL enters the carrier line; the substrate at its known-good cost (D0 0).
      expect(m.cost.recurring.carrierUsd).toBeCloseTo(panelUsd + 0.005 * aInt + 0.005 * aPkg, 9);
      expect(m.yields.carrier).toBeCloseTo((1 + (0.05 * aInt) / 300) ** (-3 * (layers / 4)), 12);
    }
  });

  it('the panel interposer is cheaper per package than the same RDL on a 300 mm wafer (utilisation and the 25 % panel saving)', () => {
    const onWafer = one(quad('{ approach: fanout, options: { rdlArea: actuary } }'));
    for (const panel of ['panel_310', 'panel_510x515', 'panel_600']) {
      const onPanel = one(
        quad(`{ approach: plp, options: { mode: interposer, panel: ${panel}, rdlArea: actuary } }`),
      );
      expect(onPanel.cost.recurring.carrierUsd).toBeLessThan(onWafer.cost.recurring.carrierUsd);
      expect(onPanel.cost.recurringUsd).toBeLessThan(onWafer.cost.recurringUsd);
    }
  });

  it('a package that does not fit the panel is infeasible (carrier-size-limit), with finite metrics', () => {
    const m = one(
      quad(
        '{ approach: plp, options: { panel: panel_310 } }',
        'technology: { carriers: { rdl_interposer: { substrateAreaFactor: 100 } } }\n',
      ),
    );
    const r = m.feasibility.reasons.find((x) => x.code === 'carrier-size-limit')!;
    expect(r.limit).toBe(290 * 290);
    expect(r.value).toBeGreaterThan(0);
    expect(metricsViolations(m)).toEqual([]);
  });

  it('refuses a carrier that is not an RDL and chip-first with HBM', () => {
    expect(() => prepareText(quad('{ approach: plp, carrier: si_interposer }'), { plugins })).toThrow(
      InputError,
    );
    expect(() =>
      prepareText(
        `name: x\nsystem: { volumeUnits: 1000 }\nchiplets: [{ id: soc, areaMm2: 100, node: n7, powerW: 50 }]\nmemory: [{ id: hbm, generation: hbm3, stacks: 2, attachedTo: soc }]\npackage: { approach: plp, options: { flow: chip-first } }\n`,
        { plugins },
      ),
    ).toThrow(/chip-last/);
  });

  it('utilisation of the example package outline on each panel (reported in docs/models/plp.md)', () => {
    const m = evaluateText(exampleText, { plugins })[2]!.metrics; // panel-600
    const w = m.geometry.packageWidthMm;
    const h = m.geometry.packageHeightMm;
    const tech = prepareText(exampleText, { plugins })[0]!.tech;
    const u = (id: string) => carrierUtilisation(panelShape(tech.panels[id]!), w, h);
    expect(u('panel_600').utilisation).toBeGreaterThan(u('panel_310').utilisation);
    expect(u('panel_600').count).toBeGreaterThan(0);
  });
});

describe('plp plugin: invariants (property tests)', () => {
  const design = (p: {
    count: number;
    area: number;
    mode: string;
    panel: string;
    flow: string;
    layers: number;
    d0: number;
  }) => `name: inv
technology: { panels: { ${p.panel}: { defectDensityPerCm2: ${p.d0} } } }
system: { volumeUnits: 100000 }
chiplets: [{ id: t, count: ${p.count}, areaMm2: ${p.area}, node: n7, powerW: ${p.area / 5}, phy: ucie_advanced }]
${p.count > 1 ? 'links: [{ from: t, to: t, bandwidthGBps: 300 }]\n' : ''}package: { approach: plp, options: { mode: ${p.mode}, panel: ${p.panel}, flow: ${p.flow}, rdlLayers: ${p.layers} } }
`;
  const params = fc.record({
    count: fc.integer({ min: 1, max: 4 }),
    area: fc.double({ min: 10, max: 600, noNaN: true }),
    mode: fc.constantFrom('fanout', 'interposer'),
    panel: fc.constantFrom('panel_310', 'panel_510x515', 'panel_600'),
    flow: fc.constantFrom('chip-first', 'chip-last'),
    layers: fc.integer({ min: 1, max: 8 }),
    d0: fc.double({ min: 0, max: 0.5, noNaN: true }),
  });

  it('metrics contract holds; cost rises and yields fall (weakly) as the panel defect density rises', () => {
    fc.assert(
      fc.property(params, fc.double({ min: 1, max: 5, noNaN: true }), (p, k) => {
        const m0 = one(design(p));
        expect(metricsViolations(m0)).toEqual([]);
        const m1 = one(design({ ...p, d0: p.d0 * k }));
        expect(m1.cost.totalUsd).toBeGreaterThanOrEqual(m0.cost.totalUsd * (1 - 1e-12));
        expect(m1.yields.carrier).toBeLessThanOrEqual(m0.yields.carrier);
        expect(m1.yields.compound).toBeLessThanOrEqual(m0.yields.compound * (1 + 1e-12));
      }),
      { numRuns: 50 },
    );
  });

  it('more RDL layers never cost less', () => {
    fc.assert(
      fc.property(params, fc.integer({ min: 1, max: 4 }), (p, more) => {
        const m0 = one(design(p));
        const m1 = one(design({ ...p, layers: p.layers + more }));
        expect(m1.cost.recurringUsd).toBeGreaterThanOrEqual(m0.cost.recurringUsd * (1 - 1e-12));
      }),
      { numRuns: 30 },
    );
  });
});

const baseOf = (text: string) => text.replace(/variants:[\s\S]*$/, '');
describeConformance(
  plpPlugin,
  {
    // The plan (../fanout/kernel.ts) must equal the readable record model.
    reference: (d, t) => evaluatePlp(plpPlugin, d, t),
    designs: [
      baseOf(exampleText),
      quad('{ approach: plp, options: { mode: interposer, panel: panel_310, flow: chip-first } }'),
      'name: plp1\nsystem: { volumeUnits: 1000000 }\nchiplets: [{ id: soc, areaMm2: 80, node: n7, powerW: 30 }]\npackage: { approach: plp, options: { panel: panel_510x515, rdlLayers: 3, rdlArea: actuary } }\n',
    ],
  },
  { describe, it },
);

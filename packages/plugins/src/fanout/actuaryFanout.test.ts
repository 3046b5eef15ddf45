/**
 * With the actuary-dac22 preset, analytic dies per wafer, the "actuary" RDL area and
 * actuaryQuirks, the fanout plugin reproduces Chiplet Actuary's FO package (chip-first and
 * chip-last): RE and NRE per unit (docs/reference/cost-yield-models.md §2, A1–A6). The oracle below is written
 * from those equations directly, independently of the plugin code.
 */
import { describe, expect, it } from 'vitest';
import { evaluateText } from '../testing/evaluateText.js';
import { fanoutPlugin } from './plugin.js';

// Chiplet Actuary parameter.ini values (docs/reference/cost-yield-models.md §2): 5 nm and 7 nm rows, FO package.
const NODE = {
  n5: { d0: 0.11, wafer: 16988, nre: 5.42e8 },
  n7: { d0: 0.09, wafer: 9346, nre: 2.98e8 },
} as const;
const D = 300;
const EDGE = 5;
const SCRIBE = 0.2;
const ALPHA_LOGIC = 10;
const FO = { wafer: 1200, d0: 0.05, alpha: 3, bondYield: 0.98, areaFactor: 1.2, nrePerMm2: 25000 };
const OS_COST_PER_MM2 = 0.005;
const MICROBUMP_PER_MM2 = 0.01;
const SUBSTRATE_BOND_YIELD = 0.99;

function nDie(a: number): number {
  const as = (Math.sqrt(a) + SCRIBE) ** 2;
  return (Math.PI * (D / 2 - EDGE) ** 2) / as - (Math.PI * (D - 2 * EDGE)) / Math.sqrt(2 * as);
}
function yieldNb(a: number, d0: number, alpha: number): number {
  return (1 + (d0 * a) / (100 * alpha)) ** -alpha;
}

interface OracleChip {
  node: keyof typeof NODE;
  moduleMm2: number;
  d2dMm2: number;
  design: string;
}

/** Actuary's FO package: RE per unit and NRE per unit, chip-first or chip-last. */
function actuaryFo(
  chips: OracleChip[],
  volume: number,
  flow: 'chip-first' | 'chip-last',
): { re: number; nre: number } {
  let r = 0;
  let dLoss = 0;
  let dieArea = 0;
  for (const c of chips) {
    const a = c.moduleMm2 + c.d2dMm2;
    const n = NODE[c.node];
    const raw = n.wafer / nDie(a);
    r += raw + MICROBUMP_PER_MM2 * a; // raw die + micro-bumps, per die instance
    dLoss += n.wafer / (nDie(a) * yieldNb(a, n.d0, ALPHA_LOGIC)) - raw;
    dieArea += a;
  }
  const aInt = FO.areaFactor * dieArea;
  const aPkg = 4 * aInt;
  const cInt = FO.wafer / nDie(aInt) + OS_COST_PER_MM2 * aInt;
  const cSub = OS_COST_PER_MM2 * aPkg;
  const y1 = yieldNb(aInt, FO.d0, FO.alpha);
  const y2 = FO.bondYield ** chips.length;
  const y3 = SUBSTRATE_BOND_YIELD;
  const re =
    flow === 'chip-last'
      ? r +
        dLoss +
        cInt +
        cSub +
        cInt * (1 / (y1 * y2 * y3) - 1) +
        cSub * (1 / y3 - 1) +
        (r + dLoss) * (1 / (y2 * y3) - 1)
      : r +
        dLoss +
        cInt +
        cSub +
        cInt * (1 / (y1 * y3) - 1) +
        cSub * (1 / y3 - 1) +
        (r + dLoss) * (1 / (y1 * y3) - 1);

  let nre = 0;
  const seen = new Set<string>();
  const d2dNodes = new Set<string>();
  for (const c of chips) {
    const n = NODE[c.node];
    if (!seen.has(c.design)) {
      seen.add(c.design);
      nre += ((0.5 * n.nre) / 300) * c.moduleMm2;
      nre += ((0.3 * n.nre) / 300) * (c.moduleMm2 + c.d2dMm2) + 0.2 * n.nre;
    }
    if (c.d2dMm2 > 0 && !d2dNodes.has(c.node)) {
      d2dNodes.add(c.node);
      nre += ((0.5 * n.nre) / 300) * 20;
    }
  }
  // FO package NRE, literally: A_int·25,000 + 25,000 (fo_NRE_cost_fixed) + 0.005·A_pkg (issue #3).
  nre += aInt * FO.nrePerMm2 + FO.nrePerMm2 + OS_COST_PER_MM2 * aPkg;
  return { re, nre: nre / volume };
}

const HEADER = `
technology: { extends: actuary-dac22 }
system: { volumeUnits: 500000 }
`;
const options = (flow: string) =>
  `options: { flow: ${flow}, diesPerWafer: analytic, rdlArea: actuary, actuaryQuirks: true }`;

const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe('Chiplet Actuary FO model (actuary-dac22 preset, actuaryQuirks)', () => {
  for (const flow of ['chip-last', 'chip-first'] as const) {
    it(`${flow}: one 400 mm² 5 nm die`, () => {
      const [r] = evaluateText(
        `name: one${HEADER}chiplets:\n  - { id: soc, areaMm2: 400, node: n5, powerW: 100 }\npackage: { approach: fanout, ${options(flow)} }\n`,
        { plugins: [fanoutPlugin] },
      );
      const o = actuaryFo([{ node: 'n5', moduleMm2: 400, d2dMm2: 0, design: 'soc' }], 500000, flow);
      expect(rel(r!.metrics.cost.recurringUsd, o.re)).toBeLessThan(1e-12);
      expect(rel(r!.metrics.cost.nreUsd, o.nre)).toBeLessThan(1e-12);
    });

    it(`${flow}: one 5 nm chiplet design reused four times (homogeneous, 10 % D2D area)`, () => {
      const [r] = evaluateText(
        `name: four${HEADER}logicBudgetMm2: 600\nchiplets:\n  - { id: tile, count: 4, areaShare: 1, node: n5, powerW: 50, phy: ucie_advanced }\nlinks: [{ from: tile, to: tile, bandwidthGBps: 10 }]\npackage: { approach: fanout, ${options(flow)} }\n`,
        { plugins: [fanoutPlugin] },
      );
      const chips = [0, 1, 2, 3].map(() => ({
        node: 'n5' as const,
        moduleMm2: 150,
        d2dMm2: 15,
        design: 'tile',
      }));
      const o = actuaryFo(chips, 500000, flow);
      expect(rel(r!.metrics.cost.recurringUsd, o.re)).toBeLessThan(1e-12);
      expect(rel(r!.metrics.cost.nreUsd, o.nre)).toBeLessThan(1e-12);
    });

    it(`${flow}: distinct designs on two nodes`, () => {
      const [r] = evaluateText(
        `name: distinct${HEADER}logicBudgetMm2: 400\nchiplets:\n  - { id: a, areaShare: 0.5, node: n5, powerW: 50, phy: ucie_advanced }\n  - { id: b, areaShare: 0.25, node: n5, powerW: 50, phy: ucie_advanced }\n  - { id: io, areaShare: 0.25, node: n7, powerW: 20, phy: ucie_advanced }\nlinks: [{ from: a, to: b, bandwidthGBps: 10 }, { from: a, to: io, bandwidthGBps: 10 }]\npackage: { approach: fanout, ${options(flow)} }\n`,
        { plugins: [fanoutPlugin] },
      );
      const o = actuaryFo(
        [
          { node: 'n5', moduleMm2: 200, d2dMm2: 20, design: 'a' },
          { node: 'n5', moduleMm2: 100, d2dMm2: 10, design: 'b' },
          { node: 'n7', moduleMm2: 100, d2dMm2: 10, design: 'io' },
        ],
        500000,
        flow,
      );
      expect(rel(r!.metrics.cost.recurringUsd, o.re)).toBeLessThan(1e-12);
      expect(rel(r!.metrics.cost.nreUsd, o.nre)).toBeLessThan(1e-12);
    });
  }

  it('without actuaryQuirks the substrate NRE replaces the RE-as-NRE term (same $25 k fixed in this preset)', () => {
    const text = (quirks: boolean) =>
      `name: q${HEADER}chiplets:\n  - { id: soc, areaMm2: 400, node: n5, powerW: 100 }\npackage: { approach: fanout, options: { diesPerWafer: analytic, rdlArea: actuary, actuaryQuirks: ${quirks} } }\n`;
    const [withQuirks] = evaluateText(text(true), { plugins: [fanoutPlugin] });
    const [without] = evaluateText(text(false), { plugins: [fanoutPlugin] });
    const aPkg = 4 * 1.2 * 400;
    // Organic substrate NRE: 3000 $/mm² x A_pkg x single-die factor 1 + $0.3 M, instead of 0.005 x A_pkg.
    const delta = (3000 * aPkg + 3e5 - OS_COST_PER_MM2 * aPkg) / 500000;
    expect(without!.metrics.cost.nre.packageUsd - withQuirks!.metrics.cost.nre.packageUsd).toBeCloseTo(
      delta,
      9,
    );
    expect(without!.metrics.cost.recurringUsd).toBe(withQuirks!.metrics.cost.recurringUsd);
  });
});

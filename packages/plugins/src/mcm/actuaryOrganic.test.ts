/**
 * With the actuary-dac22 preset, the analytic dies-per-wafer option and the "actuary" substrate
 * area, monolithic and mcm reproduce Chiplet Actuary's organic-substrate RE and NRE per unit
 * (docs/reference/cost-yield-models.md §2, A1–A7). The oracle below is written from those equations directly,
 * independently of the plugin code.
 */
import { describe, expect, it } from 'vitest';
import { evaluateText } from '../testing/evaluateText.js';

// Chiplet Actuary parameter.ini values (docs/reference/cost-yield-models.md §2), 5 nm and 7 nm rows.
const NODE = {
  n5: { d0: 0.11, wafer: 16988, nre: 5.42e8 },
  n7: { d0: 0.09, wafer: 9346, nre: 2.98e8 },
} as const;
const D = 300;
const EDGE = 5;
const SCRIBE = 0.2;
const ALPHA = 10;

function nDie(a: number): number {
  const as = (Math.sqrt(a) + SCRIBE) ** 2;
  return (Math.PI * (D / 2 - EDGE) ** 2) / as - (Math.PI * (D - 2 * EDGE)) / Math.sqrt(2 * as);
}
function yieldNb(a: number, d0: number): number {
  return (1 + (d0 * a) / (100 * ALPHA)) ** -ALPHA;
}

interface OracleChip {
  node: keyof typeof NODE;
  moduleMm2: number; // logic area
  d2dMm2: number; // D2D PHY area (0 for a monolithic die)
  design: string;
}

/** Actuary's organic-substrate (OS) package: RE per unit and NRE per unit. */
function actuaryOs(chips: OracleChip[], volume: number): { re: number; nre: number } {
  let r = 0;
  let dLoss = 0;
  let dieArea = 0;
  for (const c of chips) {
    const a = c.moduleMm2 + c.d2dMm2;
    const n = NODE[c.node];
    const raw = n.wafer / nDie(a);
    const kgd = n.wafer / (nDie(a) * yieldNb(a, n.d0));
    r += raw + 0.005 * a; // raw die + C4 bump cost
    dLoss += kgd - raw;
    dieArea += a;
  }
  const aPkg = 4 * dieArea;
  const f = chips.length === 1 ? 1 : aPkg <= 289 ? 1.5 : aPkg <= 900 ? 1.75 : 2;
  const p = 0.005 * aPkg * f;
  const yb = 0.99 ** chips.length;
  const re = r + dLoss + p + p * (1 / yb - 1) + (r + dLoss) * (1 / yb - 1);

  let nre = 0;
  const seen = new Set<string>();
  const d2dNodes = new Set<string>();
  for (const c of chips) {
    const n = NODE[c.node];
    if (!seen.has(c.design)) {
      seen.add(c.design);
      nre += ((0.5 * n.nre) / 300) * c.moduleMm2; // module
      nre += ((0.3 * n.nre) / 300) * (c.moduleMm2 + c.d2dMm2) + 0.2 * n.nre; // chip
    }
    if (c.d2dMm2 > 0 && !d2dNodes.has(c.node)) {
      d2dNodes.add(c.node);
      nre += ((0.5 * n.nre) / 300) * 20; // D2D PHY module, charged as 20 mm² once per node
    }
  }
  nre += aPkg * 3000 * f + 3e5; // OS package NRE
  return { re, nre: nre / volume };
}

const HEADER = `
technology: { extends: actuary-dac22 }
system: { volumeUnits: 500000 }
`;
const OPTIONS = 'options: { diesPerWafer: analytic, substrateArea: actuary }';

describe('Chiplet Actuary organic-substrate model (actuary-dac22 preset)', () => {
  it('monolithic: one 600 mm² 5 nm die', () => {
    const [r] = evaluateText(
      `name: m${HEADER}chiplets:\n  - { id: soc, areaMm2: 600, node: n5, powerW: 100 }\npackage: { approach: monolithic, ${OPTIONS} }\n`,
    );
    const o = actuaryOs([{ node: 'n5', moduleMm2: 600, d2dMm2: 0, design: 'soc' }], 500000);
    expect(r!.metrics.cost.recurringUsd).toBeCloseTo(o.re, 9);
    expect(r!.metrics.cost.nreUsd).toBeCloseTo(o.nre, 9);
    expect(r!.metrics.cost.recurringUsd / o.re - 1).toBeLessThan(1e-12);
  });

  it('mcm, homogeneous: one 5 nm chiplet design reused four times (10 % D2D area)', () => {
    const [r] = evaluateText(
      `name: h${HEADER}logicBudgetMm2: 800\nchiplets:\n  - { id: tile, count: 4, areaShare: 1, node: n5, powerW: 50, phy: ucie_standard }\nlinks: [{ from: tile, to: tile, bandwidthGBps: 10 }]\npackage: { approach: mcm, ${OPTIONS} }\n`,
    );
    const chips = [0, 1, 2, 3].map(() => ({
      node: 'n5' as const,
      moduleMm2: 200,
      d2dMm2: 20,
      design: 'tile',
    }));
    const o = actuaryOs(chips, 500000);
    expect(Math.abs(r!.metrics.cost.recurringUsd / o.re - 1)).toBeLessThan(1e-12);
    expect(Math.abs(r!.metrics.cost.nreUsd / o.nre - 1)).toBeLessThan(1e-12);
  });

  it('mcm, distinct: different designs on two nodes each pay their NRE', () => {
    const [r] = evaluateText(
      `name: d${HEADER}logicBudgetMm2: 400\nchiplets:\n  - { id: a, areaShare: 0.5, node: n5, powerW: 50, phy: ucie_standard }\n  - { id: b, areaShare: 0.25, node: n5, powerW: 50, phy: ucie_standard }\n  - { id: io, areaShare: 0.25, node: n7, powerW: 20, phy: ucie_standard }\nlinks: [{ from: a, to: b, bandwidthGBps: 10 }, { from: a, to: io, bandwidthGBps: 10 }]\npackage: { approach: mcm, ${OPTIONS} }\n`,
    );
    const o = actuaryOs(
      [
        { node: 'n5', moduleMm2: 200, d2dMm2: 20, design: 'a' },
        { node: 'n5', moduleMm2: 100, d2dMm2: 10, design: 'b' },
        { node: 'n7', moduleMm2: 100, d2dMm2: 10, design: 'io' },
      ],
      500000,
    );
    expect(Math.abs(r!.metrics.cost.recurringUsd / o.re - 1)).toBeLessThan(1e-12);
    expect(Math.abs(r!.metrics.cost.nreUsd / o.nre - 1)).toBeLessThan(1e-12);
  });
});

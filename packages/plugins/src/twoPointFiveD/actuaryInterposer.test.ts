/**
 * With the actuary-dac22 preset, `diesPerWafer: analytic`, `interposerArea: actuary` and
 * `actuaryQuirks: true`, the 2.5d plugin reproduces Chiplet Actuary's SI (and FO chip-last) RE and
 * NRE per unit (docs/reference/cost-yield-models.md §2, A1–A6), bugs included. The oracle below is written from
 * those equations directly, independently of the plugin code. With `actuaryQuirks: false` the
 * documented fixes apply (docs/models/2.5d.md §7): micro-bumps per die instance, and the substrate
 * NRE from the organic substrate's NRE fields.
 */
import { describe, expect, it } from 'vitest';
import { evaluateText } from '../testing/evaluateText.js';
import { twoPointFiveDPlugin } from './plugin.js';

// Chiplet Actuary parameter.ini (docs/reference/cost-yield-models.md §2): 5 nm row, wafer geometry, packages.
const N5 = { d0: 0.11, wafer: 16988, nre: 5.42e8 };
const D = 300;
const EDGE = 5;
const SCRIBE = 0.2;
const ALPHA_LOGIC = 10;
const OS = {
  costPerMm2: 0.005,
  areaFactor: 4,
  nrePerMm2: 3000,
  nreFixed: 3e5,
  bondYield: 0.99,
  c4PerMm2: 0.005,
};
const U_BUMP_PER_MM2 = 0.01;
const PACKAGES = {
  // SI: the 55 nm wafer; NRE 1.2 x the 55 nm chip factors (1.2 x 28,000 $/mm², 1.2 x 5.6 M$).
  si: {
    wafer: 1937,
    d0: 0.06,
    alpha: 6,
    bondYield: 0.95,
    areaFactor: 1.1,
    nrePerMm2: 33600,
    nreFixed: 6.72e6,
  },
  // FO (RDL), chip-last: fo_NRE_cost_fixed as in parameter.ini (25,000 $).
  fo: {
    wafer: 1200,
    d0: 0.05,
    alpha: 3,
    bondYield: 0.98,
    areaFactor: 1.2,
    nrePerMm2: 25000,
    nreFixed: 25000,
  },
} as const;

function nDie(a: number): number {
  const as = a + 2 * SCRIBE * Math.sqrt(a) + SCRIBE ** 2;
  return (Math.PI * (D / 2 - EDGE) ** 2) / as - (Math.PI * (D - 2 * EDGE)) / Math.sqrt(2 * as);
}
function yieldNb(a: number, d0: number, alpha: number): number {
  return (1 + ((d0 / 100) * a) / alpha) ** -alpha;
}

interface OracleChip {
  moduleMm2: number;
  d2dMm2: number;
  /** Chip object: instances sharing it are one chip type used `num` times. */
  design: string;
}

/** Actuary's Advanced (SI / FO chip-last) package: RE and NRE per unit, its bugs included. */
function actuaryAdvanced(
  pkg: keyof typeof PACKAGES,
  chips: OracleChip[],
  volume: number,
): { re: number; nre: number; bumpOncePerType: number; bumpPerInstance: number; y2y3: number; aPkg: number } {
  const p = PACKAGES[pkg];
  let rawChips = 0;
  let defectChips = 0;
  let dieArea = 0;
  let bumpOncePerType = 0;
  let bumpPerInstance = 0;
  const types = new Set<string>();
  for (const c of chips) {
    const a = c.moduleMm2 + c.d2dMm2;
    const raw = N5.wafer / nDie(a);
    rawChips += raw;
    defectChips += N5.wafer / (nDie(a) * yieldNb(a, N5.d0, ALPHA_LOGIC)) - raw;
    dieArea += a;
    bumpPerInstance += a * U_BUMP_PER_MM2;
    if (!types.has(c.design)) {
      types.add(c.design);
      bumpOncePerType += a * U_BUMP_PER_MM2; // cost_raw_chips += chip.area * u_bump (not x num)
    }
  }
  rawChips += bumpOncePerType;
  const aInt = p.areaFactor * dieArea;
  const aPkg = OS.areaFactor * aInt;
  const cInt = p.wafer / nDie(aInt) + aInt * OS.c4PerMm2;
  const cSub = aPkg * OS.costPerMm2;
  const y1 = yieldNb(aInt, p.d0, p.alpha);
  const y2 = p.bondYield ** chips.length;
  const y3 = OS.bondYield;
  const defectPackage = cInt * (1 / (y1 * y2 * y3) - 1) + cSub * (1 / y3 - 1);
  const wasted = (rawChips + defectChips) * (1 / (y2 * y3) - 1);
  const re = rawChips + defectChips + cInt + cSub + defectPackage + wasted;

  let nre = 0;
  const seen = new Set<string>();
  for (const c of chips) {
    if (seen.has(c.design)) continue;
    seen.add(c.design);
    nre += ((0.5 * N5.nre) / 300) * c.moduleMm2; // module
    nre += ((0.3 * N5.nre) / 300) * (c.moduleMm2 + c.d2dMm2) + 0.2 * N5.nre; // chip
  }
  if (chips.some((c) => c.d2dMm2 > 0)) nre += ((0.5 * N5.nre) / 300) * 20; // D2D PHY once per node
  nre += aInt * p.nrePerMm2 + p.nreFixed + aPkg * OS.costPerMm2; // package: RE $/mm² as NRE (bug #3)
  return { re, nre: nre / volume, bumpOncePerType, bumpPerInstance, y2y3: y2 * y3, aPkg };
}

const VOLUME = 500000;

function design(
  carrier: string,
  quirks: boolean,
  chiplets: string,
  extraTech = '',
): { recurringUsd: number; nreUsd: number } {
  const text = `name: actuary-${carrier}
technology: { extends: actuary-dac22${extraTech} }
system: { volumeUnits: ${VOLUME} }
${chiplets}
package:
  approach: '2.5d'
  carrier: ${carrier}
  options: { diesPerWafer: analytic, interposerArea: actuary, substrateArea: actuary, actuaryQuirks: ${quirks} }
`;
  const [r] = evaluateText(text, { plugins: [twoPointFiveDPlugin] });
  return r!.metrics.cost;
}

const ONE_DIE = 'chiplets:\n  - { id: soc, areaMm2: 600, node: n5, powerW: 100 }';
const FOUR_TILES = (budgetMm2: number) =>
  `logicBudgetMm2: ${budgetMm2}\nchiplets:\n  - { id: tile, count: 4, areaShare: 1, node: n5, powerW: 50, phy: ucie_advanced }\nlinks: [{ from: tile, to: tile, bandwidthGBps: 10 }]`;
const tiles = (logicMm2: number): OracleChip[] =>
  [0, 1, 2, 3].map(() => ({ moduleMm2: logicMm2, d2dMm2: logicMm2 * 0.1, design: 'tile' }));

function rel(a: number, b: number): number {
  return Math.abs(a / b - 1);
}

describe('Chiplet Actuary SI package (actuary-dac22, actuaryQuirks: true)', () => {
  it('one 600 mm² 5 nm die on a silicon interposer', () => {
    const m = design('si_interposer', true, ONE_DIE);
    const o = actuaryAdvanced('si', [{ moduleMm2: 600, d2dMm2: 0, design: 'soc' }], VOLUME);
    expect(rel(m.recurringUsd, o.re)).toBeLessThan(1e-12);
    expect(rel(m.nreUsd, o.nre)).toBeLessThan(1e-12);
  });

  it('four homogeneous 150 mm² chiplets (+10 % D2D), no HBM, interposer below one reticle', () => {
    const m = design('si_interposer', true, FOUR_TILES(600));
    const o = actuaryAdvanced('si', tiles(150), VOLUME);
    expect(rel(m.recurringUsd, o.re)).toBeLessThan(1e-12);
    expect(rel(m.nreUsd, o.nre)).toBeLessThan(1e-12);
  });

  it('four 200 mm² chiplets: a stitched interposer matches once stitching yield is 1 (Actuary has no reticle)', () => {
    const noStitchLoss = ', carriers: { si_interposer: { stitchYield: 1 } }';
    const m = design('si_interposer', true, FOUR_TILES(800), noStitchLoss);
    const o = actuaryAdvanced('si', tiles(200), VOLUME);
    expect(rel(m.recurringUsd, o.re)).toBeLessThan(1e-12);
    expect(rel(m.nreUsd, o.nre)).toBeLessThan(1e-12);
    // With the preset's stitch yield (0.99 per stitch; 968 mm² needs one stitch) RE is higher.
    expect(design('si_interposer', true, FOUR_TILES(800)).recurringUsd).toBeGreaterThan(o.re);
  });

  it('FO (RDL interposer, chip-last): four 150 mm² chiplets', () => {
    const m = design('rdl_interposer', true, FOUR_TILES(600));
    const o = actuaryAdvanced('fo', tiles(150), VOLUME);
    expect(rel(m.recurringUsd, o.re)).toBeLessThan(1e-12);
    expect(rel(m.nreUsd, o.nre)).toBeLessThan(1e-12);
  });
});

describe('actuaryQuirks: false applies the documented fixes', () => {
  it('one die: same RE (one instance, one bump charge); substrate NRE from the organic NRE fields', () => {
    const fixed = design('si_interposer', false, ONE_DIE);
    const o = actuaryAdvanced('si', [{ moduleMm2: 600, d2dMm2: 0, design: 'soc' }], VOLUME);
    expect(rel(fixed.recurringUsd, o.re)).toBeLessThan(1e-12);
    // Substrate NRE: 3000 $/mm² x A_pkg x 1 (no layer factor under an interposer) + 0.3 M$,
    // instead of Actuary's 0.005 $/mm² x A_pkg.
    const expected = o.nre + (OS.nrePerMm2 * o.aPkg + OS.nreFixed - OS.costPerMm2 * o.aPkg) / VOLUME;
    expect(rel(fixed.nreUsd, expected)).toBeLessThan(1e-12);
  });

  it('four homogeneous chiplets: micro-bumps paid for every instance, and lost with them', () => {
    const quirky = design('si_interposer', true, FOUR_TILES(600));
    const fixed = design('si_interposer', false, FOUR_TILES(600));
    const o = actuaryAdvanced('si', tiles(150), VOLUME);
    // Three more dies' bumps (0.01 $/mm² x 165 mm² each), divided by the attach yields Y2·Y3.
    const extraBumps = o.bumpPerInstance - o.bumpOncePerType;
    expect(extraBumps).toBeCloseTo(3 * 0.01 * 165, 12);
    expect(rel(fixed.recurringUsd - quirky.recurringUsd, extraBumps / o.y2y3)).toBeLessThan(1e-9);
    const nreDelta = (OS.nrePerMm2 * o.aPkg + OS.nreFixed - OS.costPerMm2 * o.aPkg) / VOLUME;
    expect(rel(fixed.nreUsd - quirky.nreUsd, nreDelta)).toBeLessThan(1e-9);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { besselK0, besselK1 } from './bessel.js';
import {
  CompactThermalModel,
  compactThermal,
  compactThermalInto,
  prepareCompactThermal,
} from './compactThermal.js';
import type { CompactThermalOptions } from './compactThermal.js';
import { plateFromCooling, seriesResistanceMm2KPerW } from './inputs.js';
import { imageLatticeSum, PlateGreenFunction, plateGreenFunction } from './plateGreen.js';
import {
  REFERENCE_AMBIENT_C,
  REFERENCE_DIE_R_MM2K_PER_W,
  REFERENCE_HBM_R_MM2K_PER_W,
  REFERENCE_PACKAGE,
  REFERENCE_PLATE,
  REFERENCE_TIER_HYBRID_MM2K_PER_W,
  REFERENCE_TIER_MICROBUMP_MM2K_PER_W,
  referenceDie as die,
  referenceHbm as hbm,
} from './referencePackage.js';
import { SpectralThermalModel } from './spectralThermal.oracle.js';
import { leeSpreadingResistance } from './spreading.js';
import { thermalOutputLength } from './types.js';
import type { ThermalColumn, ThermalPackage, ThermalPlate, ThermalResult } from './types.js';

const L0 = new CompactThermalModel(REFERENCE_PACKAGE);
const L1 = new SpectralThermalModel(REFERENCE_PACKAGE);

/** Brute-force image lattice: every image within 45 λ. */
function bruteLattice(u: number, v: number, a: number, b: number, lambda: number): number {
  const reach = 45 * lambda;
  const mMax = Math.ceil(reach / (2 * a)) + 1;
  const nMax = Math.ceil(reach / (2 * b)) + 1;
  let sum = 0;
  for (let m = -mMax; m <= mMax; m++) {
    for (let n = -nMax; n <= nMax; n++) {
      if (m === 0 && n === 0) continue;
      sum += besselK0(Math.hypot(u - 2 * m * a, v - 2 * n * b) / lambda);
    }
  }
  return sum;
}

function peaks(r: ThermalResult): number[] {
  return r.columns.flatMap((c) => c.tiers.map((t) => t.peakC));
}
function means(r: ThermalResult): number[] {
  return r.columns.flatMap((c) => c.tiers.map((t) => t.meanC));
}

function stack(
  xMm: number,
  yMm: number,
  sizeMm: number,
  powersW: number[],
  bondMm2KPerW: number,
): ThermalColumn {
  return {
    xMm,
    yMm,
    widthMm: sizeMm,
    lengthMm: sizeMm,
    kind: 'si',
    tiers: powersW.map((powerW, k) => ({
      powerW,
      verticalResistanceMm2KPerW: k === 0 ? REFERENCE_DIE_R_MM2K_PER_W : bondMm2KPerW,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Arbitraries: non-overlapping layouts on a plate, one column per cell of a 4×4 grid of slots.

const SLOTS_PER_SIDE = 4;

function layoutArb(plate: ThermalPlate, maxColumns = 6): fc.Arbitrary<ThermalColumn[]> {
  const slotW = plate.widthMm / SLOTS_PER_SIDE;
  const slotL = plate.lengthMm / SLOTS_PER_SIDE;
  const column = fc
    .record({
      wFrac: fc.double({ min: 0.15, max: 0.95, noNaN: true }),
      lFrac: fc.double({ min: 0.15, max: 0.95, noNaN: true }),
      xFrac: fc.double({ min: 0, max: 1, noNaN: true }),
      yFrac: fc.double({ min: 0, max: 1, noNaN: true }),
      kind: fc.constantFrom('si' as const, 'hbm' as const),
      tiers: fc.array(
        fc.record({
          powerW: fc.double({ min: 0, max: 200, noNaN: true }),
          verticalResistanceMm2KPerW: fc.double({ min: 0.5, max: 80, noNaN: true }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    })
    .map((c) => ({ ...c }));
  return fc
    .uniqueArray(fc.integer({ min: 0, max: SLOTS_PER_SIDE * SLOTS_PER_SIDE - 1 }), {
      minLength: 1,
      maxLength: maxColumns,
    })
    .chain((slots) =>
      fc.tuple(fc.constant(slots), fc.array(column, { minLength: slots.length, maxLength: slots.length })),
    )
    .map(([slots, cols]) =>
      slots.map((slot, i) => {
        const c = cols[i]!;
        const w = c.wFrac * slotW;
        const l = c.lFrac * slotL;
        const sx = slot % SLOTS_PER_SIDE;
        const sy = Math.floor(slot / SLOTS_PER_SIDE);
        return {
          xMm: sx * slotW + w / 2 + c.xFrac * (slotW - w),
          yMm: sy * slotL + l / 2 + c.yFrac * (slotL - l),
          widthMm: w,
          lengthMm: l,
          kind: c.kind,
          tiers: c.tiers,
        };
      }),
    );
}

const plateArb: fc.Arbitrary<ThermalPlate> = fc.record({
  widthMm: fc.double({ min: 20, max: 100, noNaN: true }),
  lengthMm: fc.double({ min: 20, max: 100, noNaN: true }),
  thicknessMm: fc.double({ min: 1, max: 12, noNaN: true }),
  conductivityWPerMK: fc.double({ min: 100, max: 400, noNaN: true }),
  sinkResistanceKPerW: fc.double({ min: 0.02, max: 1, noNaN: true }),
});

/** Package (random plate) + layout on it. */
const caseArb = plateArb.chain((plate) =>
  fc.tuple(
    fc.constant<ThermalPackage>({ ...REFERENCE_PACKAGE, plate }),
    layoutArb(plate),
    fc.double({ min: 0, max: 3, noNaN: true }),
  ),
);

/** Small tables keep random-plate properties fast (each new plate builds one). */
const FAST: CompactThermalOptions = { greenTableCells: 32 };

// ---------------------------------------------------------------------------------------------

describe('Bessel functions (A&S 9.8.5-9.8.8)', () => {
  it('matches tabulated K0 and K1 values', () => {
    expect(besselK0(1)).toBeCloseTo(0.4210244382, 7);
    expect(besselK0(0.1)).toBeCloseTo(2.4270690247, 7);
    expect(besselK0(2)).toBeCloseTo(0.1138938727, 7);
    expect(besselK0(5)).toBeCloseTo(0.0036910983, 9);
    expect(besselK1(1)).toBeCloseTo(0.6019072302, 7);
    expect(besselK1(0.1)).toBeCloseTo(9.8538447809, 6);
    expect(besselK1(2)).toBeCloseTo(0.1398658818, 7);
    expect(besselK1(5)).toBeCloseTo(0.0040446134, 9);
  });

  it('is continuous where the two approximations meet and has the right limits', () => {
    expect(besselK0(2 - 1e-12)).toBeCloseTo(besselK0(2 + 1e-12), 7);
    expect(besselK1(2 - 1e-12)).toBeCloseTo(besselK1(2 + 1e-12), 6);
    expect(besselK0(0)).toBe(Infinity);
    expect(besselK0(-1)).toBeNaN();
    expect(besselK1(0)).toBe(Infinity);
  });
});

describe('vertical resistances (docs/reference/thermal-model.md §4.2)', () => {
  it('gives the reference die R″ = 10.9 mm²K/W (700 µm Si at 120 + 20 µm TIM at 4 + half the source layer)', () => {
    // 700/120 + 20/4 = 5.833 + 5.000 = 10.833; from mid-source-layer add 10/120 = 0.083 -> 10.917.
    expect(
      seriesResistanceMm2KPerW([
        { thicknessUm: 700, conductivityWPerMK: 120 },
        { thicknessUm: 20, conductivityWPerMK: 4 },
      ]),
    ).toBeCloseTo(10.833, 3);
    expect(REFERENCE_DIE_R_MM2K_PER_W).toBeCloseTo(10.9, 1);
    // HBM: 700/13 + 20/4 + 10/120 = 53.846 + 5 + 0.083.
    expect(REFERENCE_HBM_R_MM2K_PER_W).toBeCloseTo(58.929, 3);
  });

  it('rejects non-positive conductivity', () => {
    expect(() => seriesResistanceMm2KPerW([{ thicknessUm: 10, conductivityWPerMK: 0 }])).toThrow(RangeError);
  });

  it('adds R″·P/A per tier, deeper tiers carrying the power at or below them', () => {
    const col = stack(32, 32, 10, [30, 20, 10], REFERENCE_TIER_MICROBUMP_MM2K_PER_W);
    const t = L0.evaluate([col]).columns[0]!.tiers;
    // Tier 1 carries tiers 1 and 2 (30 W) through 9.9 mm²K/W over 100 mm²; tier 2 carries 10 W.
    expect(t[1]!.meanC - t[0]!.meanC).toBeCloseTo((30 * 9.9) / 100, 10);
    expect(t[2]!.meanC - t[1]!.meanC).toBeCloseTo((10 * 9.9) / 100, 10);
    expect(t[1]!.peakC - t[0]!.peakC).toBeCloseTo((30 * 9.9) / 100, 10);
    // Tier 0 sees all 60 W through the die bulk + TIM.
    const bare = { ...stack(32, 32, 10, [60], 0), tiers: [{ powerW: 60, verticalResistanceMm2KPerW: 0 }] };
    const plateOnly = L0.evaluate([bare]).columns[0]!.tiers[0]!;
    expect(t[0]!.meanC - plateOnly.meanC).toBeCloseTo((60 * REFERENCE_DIE_R_MM2K_PER_W) / 100, 10);
  });
});

describe('plate terms (docs/reference/thermal-model.md §4.3)', () => {
  it('reproduces the reference plate: h = 2441.4 W/m²K, λ = 36 mm', () => {
    expect(L0.heatTransferWPerM2K).toBeCloseTo(2441.4, 1);
    expect(L0.green.decayLengthMm).toBeCloseTo(36, 0);
    expect(
      plateFromCooling({
        name: 'ref',
        sinkResistanceKPerW: 0.1,
        plateWidthMm: 64,
        plateLengthMm: 64,
        lidThicknessMm: 1,
        sinkBaseThicknessMm: 6.9,
        plateConductivityWPerMK: 400,
      }),
    ).toEqual(REFERENCE_PLATE);
  });

  it('Lee spreading resistance, hand-computed for a 10×10 mm die on the reference plate', () => {
    // r1 = √(100/π) mm, r2 = √(4096/π) mm, ε = 0.15625, τ = 0.218787, Bi = 0.220387,
    // λc = π + 1/(√π·ε) = 6.752406, Φc = 1.102612,
    // ψavg = ½(1−ε)^1.5·Φc, ψmax = ετ/√π + (1−ε)Φc/√π, R = ψ/(√π·k·r1).
    const r = leeSpreadingResistance({
      sourceAreaMm2: 100,
      plateAreaMm2: 64 * 64,
      plateThicknessMm: 7.9,
      conductivityWPerMK: 400,
      heatTransferWPerM2K: 1 / (0.1 * 0.064 * 0.064),
    });
    expect(r.avgKPerW).toBeCloseTo(0.1068202, 6);
    expect(r.maxKPerW).toBeCloseTo(0.1360422, 6);
  });

  it('Lee spreading vanishes for a source covering the plate (max keeps the 1-D plate term)', () => {
    const r = leeSpreadingResistance({
      sourceAreaMm2: 4096,
      plateAreaMm2: 4096,
      plateThicknessMm: 7.9,
      conductivityWPerMK: 400,
      heatTransferWPerM2K: 2441.4,
    });
    expect(r.avgKPerW).toBe(0);
    expect(r.maxKPerW).toBeCloseTo(0.0079 / (400 * 0.064 * 0.064), 12);
  });

  it('the image lattice sum matches brute force', () => {
    for (const [a, b, lambda] of [
      [64, 64, 36],
      [64, 20, 36],
      [40, 40, 200],
    ] as const) {
      for (const [u, v] of [
        [0, 0],
        [3, 1],
        [a / 2, b / 2],
        [a, b],
        [b / 8, b - 0.5],
      ] as const) {
        const exact = bruteLattice(u, v, a, b, lambda);
        expect(Math.abs(imageLatticeSum(u, v, a, b, lambda, true) - exact)).toBeLessThan(
          1e-6 * Math.max(1, exact),
        );
      }
    }
  });

  it('the tabulated Green function matches the lattice sum, off grid and for both aspect ratios', () => {
    for (const plate of [REFERENCE_PLATE, { ...REFERENCE_PLATE, widthMm: 30, lengthMm: 70 }]) {
      const g = plateGreenFunction(plate);
      const a = plate.widthMm;
      const b = plate.lengthMm;
      const lambda = g.decayLengthMm;
      const s = (u: number, v: number): number => {
        const fu = Math.abs(u) % (2 * a);
        const fv = Math.abs(v) % (2 * b);
        const uu = fu > a ? 2 * a - fu : fu;
        const vv = fv > b ? 2 * b - fv : fv;
        return a >= b
          ? imageLatticeSum(uu, vv, a, b, lambda, false)
          : imageLatticeSum(vv, uu, b, a, lambda, false);
      };
      for (const [px, py, qx, qy] of [
        [10.3, 20.7, 17.1, 22.2],
        [5.55, 5.55, 24.9, 61.3],
        [a / 2, b / 2, a / 2 + 11, b / 2],
        [1, 1, a - 1, b - 1],
      ] as const) {
        const exact =
          g.uniformKPerW +
          g.k0CoefficientKPerW *
            (s(px - qx, py - qy) + s(px + qx, py - qy) + s(px - qx, py + qy) + s(px + qx, py + qy));
        expect(g.greenKPerW(px, py, qx, qy)).toBeCloseTo(exact, 5);
      }
    }
  });

  it('the table fills rows as lookups need them: any query order gives the same values', () => {
    // Two fresh tables of one plate, queried in opposite orders, fill their rows in different
    // orders; every value must agree to the bit, and match the lattice sum at grid nodes.
    fc.assert(
      fc.property(
        fc.record({
          widthMm: fc.double({ min: 20, max: 90, noNaN: true }),
          lengthMm: fc.double({ min: 20, max: 90, noNaN: true }),
        }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1 }), fc.double({ min: 0, max: 1 })), {
          minLength: 2,
          maxLength: 12,
        }),
        (size, fractions) => {
          const plate = { ...REFERENCE_PLATE, ...size };
          const cells = 16;
          const first = new PlateGreenFunction(plate, cells);
          const second = new PlateGreenFunction(plate, cells);
          const pts = fractions.map(([fx, fy]) => [fx * plate.widthMm, fy * plate.lengthMm] as const);
          const q = pts[0]!;
          const forward = pts.map(([x, y]) => first.greenKPerW(x, y, q[0], q[1]));
          const backward = [...pts].reverse().map(([x, y]) => second.greenKPerW(x, y, q[0], q[1]));
          expect(forward).toEqual(backward.reverse());
          // A grid node away from the origin: the table's own value, against the lattice sum.
          const a = plate.widthMm;
          const b = plate.lengthMm;
          const u = (3 * a) / cells;
          const v = (5 * b) / cells;
          const exact =
            a >= b
              ? imageLatticeSum(u, v, a, b, first.decayLengthMm, false)
              : imageLatticeSum(v, u, b, a, first.decayLengthMm, false);
          expect(first.imageSum(u, v)).toBeCloseTo(exact, 6);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('the Green function conserves energy: its plate mean is 1/(hA) + t/(kA)', () => {
    const g = plateGreenFunction(REFERENCE_PLATE);
    const cells = 160;
    let sum = 0;
    for (let i = 0; i < cells; i++) {
      for (let j = 0; j < cells; j++)
        sum += g.greenKPerW(((i + 0.5) * 64) / cells, ((j + 0.5) * 64) / cells, 20.2, 27.3);
    }
    expect(sum / cells ** 2).toBeCloseTo(0.1 + g.uniformKPerW, 4);
  });

  it('an off-centre die heats itself more, nothing at the centre', () => {
    const g = plateGreenFunction(REFERENCE_PLATE);
    expect(g.offCentreSelfKPerW(32, 32)).toBeCloseTo(0, 12);
    expect(g.offCentreSelfKPerW(20, 32)).toBeGreaterThan(0);
    expect(g.offCentreSelfKPerW(8, 32)).toBeGreaterThan(g.offCentreSelfKPerW(20, 32));
  });
});

describe('Level-0 model on the reference package', () => {
  it('a centred 10×10 mm, 150 W die: hand-computed from the pieces', () => {
    // R_self,mean = 0.1 + t/(kA) + R_avg = 0.1 + 0.0048218 + 0.1068202 = 0.2116420 K/W;
    // κ = 1 − 2/10 = 0.8; excess = κ(R_max − t/(kA) − R_avg) = 0.8·0.0243999 = 0.0195200;
    // R_v = 10.9167/100. Peak = 45 + 150·(0.2116420 + 0.0195200 + 0.1091667) = 96.049 °C.
    const t = L0.evaluate([die(32, 32, 10, 10, 150)]).columns[0]!.tiers[0]!;
    expect(t.peakC).toBeCloseTo(96.0493, 3);
    expect(t.meanC).toBeCloseTo(93.1213, 3);
  });

  it('a die covering the whole plate is uniform: T = T_amb + P·(R_sink + t/(kA) + R″/A)', () => {
    const P = 200;
    const r = L0.evaluate([die(32, 32, 64, 64, P)]).columns[0]!.tiers[0]!;
    const expected =
      REFERENCE_AMBIENT_C + P * (0.1 + 0.0079 / (400 * 0.064 ** 2) + REFERENCE_DIE_R_MM2K_PER_W / 4096);
    expect(r.meanC).toBeCloseTo(expected, 9);
    expect(r.peakC).toBeCloseTo(expected, 9);
    expect(L1.evaluate([die(32, 32, 64, 64, P)]).columns[0]!.tiers[0]!.meanC).toBeCloseTo(expected, 6);
  });

  it('with no columns the peak is ambient', () => {
    const r = L0.evaluate([]);
    expect(r.peakC).toBe(REFERENCE_AMBIENT_C);
    expect(r.columns).toEqual([]);
  });

  it('the hot path writes [peak, mean] per tier and returns the overall peak', () => {
    const cols = [die(20, 32, 10, 10, 100), stack(44, 32, 10, [80, 80], REFERENCE_TIER_HYBRID_MM2K_PER_W)];
    const out = new Float64Array(thermalOutputLength(cols));
    const peakC = compactThermalInto(L0, cols, out);
    const r = compactThermal({ ...REFERENCE_PACKAGE, columns: cols });
    expect(out.length).toBe(6);
    expect(Array.from(out)).toEqual([
      r.columns[0]!.tiers[0]!.peakC,
      r.columns[0]!.tiers[0]!.meanC,
      r.columns[1]!.tiers[0]!.peakC,
      r.columns[1]!.tiers[0]!.meanC,
      r.columns[1]!.tiers[1]!.peakC,
      r.columns[1]!.tiers[1]!.meanC,
    ]);
    expect(peakC).toBe(r.peakC);
    expect(r.hottestColumnIndex).toBe(1);
    expect(r.hottestTierIndex).toBe(1);
    expect(r.columns[1]!.peakC).toBe(r.peakC);
  });

  it('reuses geometry coefficients only while the footprints are unchanged', () => {
    const model = prepareCompactThermal(REFERENCE_PACKAGE);
    const cols = [die(20, 32, 10, 10, 100), hbm(40, 32, 12)];
    const first = model.evaluate(cols);
    cols[0] = die(20, 32, 10, 10, 150); // power only
    expect(model.evaluate(cols)).toEqual(new CompactThermalModel(REFERENCE_PACKAGE).evaluate(cols));
    cols[1] = hbm(45, 32, 12); // moved
    expect(model.evaluate(cols)).toEqual(new CompactThermalModel(REFERENCE_PACKAGE).evaluate(cols));
    cols.push(die(50, 10, 6, 6, 20)); // one more
    expect(model.evaluate(cols)).toEqual(new CompactThermalModel(REFERENCE_PACKAGE).evaluate(cols));
    cols.splice(0, 3, die(20, 32, 10, 10, 100), hbm(40, 32, 12));
    expect(model.evaluate(cols)).toEqual(first);
  });

  it('rejects invalid input with RangeError', () => {
    const bad: [string, () => unknown][] = [
      ['negative power', () => L0.evaluate([die(32, 32, 10, 10, -1)])],
      ['NaN power', () => L0.evaluate([die(32, 32, 10, 10, NaN)])],
      ['zero width', () => L0.evaluate([die(32, 32, 0, 10, 10)])],
      ['off the plate', () => L0.evaluate([die(3, 32, 10, 10, 10)])],
      ['overlap', () => L0.evaluate([die(30, 32, 10, 10, 10), die(36, 32, 10, 10, 10)])],
      ['no tiers', () => L0.evaluate([{ ...die(32, 32, 10, 10, 1), tiers: [] }])],
      ['negative R″', () => L0.evaluate([stack(32, 32, 10, [1, 1], -1)])],
      ['short output', () => L0.evaluateInto([die(32, 32, 10, 10, 1)], new Float64Array(1))],
      [
        'zero plate',
        () => new CompactThermalModel({ ...REFERENCE_PACKAGE, plate: { ...REFERENCE_PLATE, widthMm: 0 } }),
      ],
      [
        'zero sink R',
        () =>
          new CompactThermalModel({
            ...REFERENCE_PACKAGE,
            plate: { ...REFERENCE_PLATE, sinkResistanceKPerW: 0 },
          }),
      ],
      [
        'negative scale',
        () => new CompactThermalModel({ ...REFERENCE_PACKAGE, interposerCouplingScale: -1 }),
      ],
      [
        'zero decay length',
        () =>
          new CompactThermalModel({
            ...REFERENCE_PACKAGE,
            calibration: { ...REFERENCE_PACKAGE.calibration, edgeExcessSiLengthMm: 0 },
          }),
      ],
      ['NaN ambient', () => new CompactThermalModel({ ...REFERENCE_PACKAGE, ambientC: NaN })],
    ];
    for (const [name, f] of bad) expect(f, name).toThrow(RangeError);
    // Touching footprints are fine.
    expect(() => L0.evaluate([die(27, 32, 10, 10, 10), die(37, 32, 10, 10, 10)])).not.toThrow();
  });

  it('the single edge candidate of docs/reference/thermal-model.md §4.3 agrees for two dies, and overcounts a 2×2 cluster', () => {
    const summed = new CompactThermalModel(REFERENCE_PACKAGE, { edgeCandidates: 'summed' });
    for (const gapMm of [0.5, 1, 2, 4]) {
      const x = 5 + gapMm / 2;
      const pair = [die(32 - x, 32, 10, 10, 150), die(32 + x, 32, 10, 10, 0)];
      expect(peaks(L0.evaluate(pair))[1]).toBeCloseTo(peaks(summed.evaluate(pair))[1]!, 9);
    }
    const cluster = [
      die(27, 27, 9, 9, 100),
      die(37, 27, 9, 9, 100),
      die(27, 37, 9, 9, 100),
      die(37, 37, 9, 9, 100),
    ];
    const l1 = peaks(L1.evaluate(cluster))[0]!;
    expect(peaks(summed.evaluate(cluster))[0]! - l1).toBeGreaterThan(peaks(L0.evaluate(cluster))[0]! - l1);
  });

  it('lateral interposer coupling heats HBM victims only, and only when switched on', () => {
    const off = new CompactThermalModel({ ...REFERENCE_PACKAGE, interposerCouplingScale: 0 });
    const hbmCase = [die(25, 32, 20, 20, 300), hbm(41.5, 32, 0)];
    expect(peaks(L0.evaluate(hbmCase))[1]!).toBeGreaterThan(peaks(off.evaluate(hbmCase))[1]!);
    const siCase = [die(25, 32, 20, 20, 300), die(41.5, 32, 11, 11, 0)];
    expect(peaks(L0.evaluate(siCase))[1]!).toBe(peaks(off.evaluate(siCase))[1]!);
  });
});

describe('Level-0 against Level-1 (spectral) on reference-style cases', () => {
  // [name, columns, max |peak difference| K, max |mean difference| K]
  const cases: [string, ThermalColumn[], number, number][] = [
    ['10 mm die, 150 W, centred', [die(32, 32, 10, 10, 150)], 0.5, 0.5],
    ['20 mm die, 300 W, centred', [die(32, 32, 20, 20, 300)], 0.5, 0.7],
    ['26×32 mm GPU, 300 W', [die(32, 32, 26, 32, 300)], 0.5, 0.5],
    ['10 mm die, 12 mm off centre', [die(20, 32, 10, 10, 150)], 0.5, 0.5],
    ['10 mm die in a corner', [die(6, 6, 10, 10, 150)], 1.5, 1.5],
    ['two dies, 1 mm gap, both 150 W', [die(26.5, 32, 10, 10, 150), die(37.5, 32, 10, 10, 150)], 0.5, 0.7],
    ['two dies, 4 mm gap, one powered', [die(25, 32, 10, 10, 150), die(39, 32, 10, 10, 0)], 0.5, 0.5],
    ['two dies, 10 mm gap, one powered', [die(22, 32, 10, 10, 150), die(42, 32, 10, 10, 0)], 1, 0.5],
    [
      '3D: two 50 W tiers, µbump',
      [stack(32, 32, 10, [50, 50], REFERENCE_TIER_MICROBUMP_MM2K_PER_W)],
      0.5,
      0.5,
    ],
    [
      'GPU 300 W + 4 HBM 10 W at 3 mm',
      [die(32, 32, 26, 32, 300), hbm(10.5, 26, 10), hbm(10.5, 38, 10), hbm(53.5, 26, 10), hbm(53.5, 38, 10)],
      3,
      0.5,
    ],
    [
      '2×2 dies 100 W + 4 HBM',
      [
        die(22, 26.5, 9, 9, 100),
        die(32, 26.5, 9, 9, 100),
        die(22, 37.5, 9, 9, 100),
        die(32, 37.5, 9, 9, 100),
        hbm(44, 14, 10),
        hbm(44, 26, 10),
        hbm(44, 38, 10),
        hbm(44, 50, 10),
      ],
      3,
      0.7,
    ],
  ];
  for (const [name, cols, peakTolK, meanTolK] of cases) {
    it(name, () => {
      const a = L0.evaluate(cols);
      const b = L1.evaluate(cols);
      const pa = peaks(a);
      const pb = peaks(b);
      const ma = means(a);
      const mb = means(b);
      for (let i = 0; i < pa.length; i++) {
        expect(Math.abs(pa[i]! - pb[i]!), `peak ${i}`).toBeLessThanOrEqual(peakTolK);
        expect(Math.abs(ma[i]! - mb[i]!), `mean ${i}`).toBeLessThanOrEqual(meanTolK);
      }
    });
  }

  it('over-predicts (conservatively) the HBM peak next to a large GPU at a 1 mm gap', () => {
    // docs/reference/thermal-model.md §4 reports L0 and L1 over-predicting this peak by 1–2.5 K against the converged
    // reference; the calibrated edge excess is per watt whatever the aggressor's size.
    const cols = [
      die(32, 32, 26, 32, 300),
      hbm(12.5, 26, 10),
      hbm(12.5, 38, 10),
      hbm(51.5, 26, 10),
      hbm(51.5, 38, 10),
    ];
    const diff = peaks(L0.evaluate(cols))[1]! - peaks(L1.evaluate(cols))[1]!;
    expect(diff).toBeGreaterThan(0);
    expect(diff).toBeLessThan(5);
  });
});

describe('physical trends', () => {
  it('in a 3D stack the tier farther from the heat sink is hotter', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 2, maxLength: 5 }),
        fc.constantFrom(REFERENCE_TIER_MICROBUMP_MM2K_PER_W, REFERENCE_TIER_HYBRID_MM2K_PER_W),
        (powers, bond) => {
          for (const model of [L0, L1]) {
            const t = model.evaluate([stack(32, 32, 10, powers, bond)]).columns[0]!.tiers;
            for (let k = 1; k < t.length; k++) {
              expect(t[k]!.peakC).toBeGreaterThan(t[k - 1]!.peakC);
              expect(t[k]!.meanC).toBeGreaterThan(t[k - 1]!.meanC);
            }
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('lateral coupling falls with spacing in 2.5D: a neighbour further away heats a die less', () => {
    fc.assert(
      fc.property(
        // Up to 25 mm: the aggressor's far edge then reaches 60 mm of the 64 mm plate.
        fc.double({ min: 0, max: 20, noNaN: true }),
        fc.double({ min: 0.01, max: 5, noNaN: true }),
        fc.constantFrom('si' as const, 'hbm' as const),
        fc.double({ min: 0, max: 50, noNaN: true }),
        (gapMm, moreMm, kind, victimW) => {
          const victim = kind === 'si' ? die(15, 32, 10, 10, victimW) : hbm(15, 32, victimW, 10, 10);
          const at = (g: number): ThermalColumn[] => [victim, die(20 + g + 7.5, 32, 15, 15, 200)];
          const near = L0.evaluate(at(gapMm)).columns[0]!.tiers[0]!;
          const far = L0.evaluate(at(gapMm + moreMm)).columns[0]!.tiers[0]!;
          expect(far.peakC).toBeLessThanOrEqual(near.peakC + 1e-9);
          expect(far.meanC).toBeLessThanOrEqual(near.meanC + 1e-9);
          // The plate Green function falls strictly with distance, so the mean does too.
          expect(far.meanC).toBeLessThan(near.meanC);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('invariants (property-based)', () => {
  it('every temperature is finite and at or above ambient', () => {
    fc.assert(
      fc.property(caseArb, ([pkg, cols, scale]) => {
        const model = new CompactThermalModel({ ...pkg, interposerCouplingScale: scale }, FAST);
        const r = model.evaluate(cols);
        for (const t of [...peaks(r), ...means(r)]) {
          expect(Number.isFinite(t)).toBe(true);
          expect(t).toBeGreaterThanOrEqual(pkg.ambientC);
        }
        for (let i = 0; i < peaks(r).length; i++) expect(peaks(r)[i]!).toBeGreaterThanOrEqual(means(r)[i]!);
      }),
      { numRuns: 60 },
    );
  });

  it('no temperature decreases when any tier’s power increases', () => {
    fc.assert(
      fc.property(
        caseArb,
        fc.nat(),
        fc.nat(),
        fc.double({ min: 1e-6, max: 100, noNaN: true }),
        ([pkg, cols, scale], ci, ti, extraW) => {
          const model = new CompactThermalModel({ ...pkg, interposerCouplingScale: scale }, FAST);
          const c = ci % cols.length;
          const t = ti % cols[c]!.tiers.length;
          const before = model.evaluate(cols);
          const hotter = cols.map((col, i) =>
            i !== c
              ? col
              : {
                  ...col,
                  tiers: col.tiers.map((tier, k) =>
                    k !== t ? tier : { ...tier, powerW: tier.powerW + extraW },
                  ),
                },
          );
          const after = model.evaluate(hotter);
          // Exact: every coefficient is ≥ 0 and the sums are formed without subtraction.
          peaks(after).forEach((p, i) => expect(p).toBeGreaterThanOrEqual(peaks(before)[i]!));
          means(after).forEach((m, i) => expect(m).toBeGreaterThanOrEqual(means(before)[i]!));
          expect(after.peakC).toBeGreaterThanOrEqual(before.peakC);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('mirror-symmetric placements give equal temperatures', () => {
    fc.assert(
      fc.property(layoutArb(REFERENCE_PLATE), (cols) => {
        const mirrored = cols.map((c) => ({ ...c, xMm: REFERENCE_PLATE.widthMm - c.xMm }));
        const flipped = cols.map((c) => ({ ...c, yMm: REFERENCE_PLATE.lengthMm - c.yMm }));
        const a = L0.evaluate(cols);
        for (const other of [L0.evaluate(mirrored), L0.evaluate(flipped)]) {
          peaks(other).forEach((p, i) => expect(p).toBeCloseTo(peaks(a)[i]!, 8));
          means(other).forEach((m, i) => expect(m).toBeCloseTo(means(a)[i]!, 8));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('a symmetric layout gives its mirror-image dies equal temperatures', () => {
    const cols = [die(20, 32, 10, 10, 120), die(44, 32, 10, 10, 120), hbm(32, 14, 8), hbm(32, 50, 8)];
    const r = L0.evaluate(cols);
    expect(r.columns[0]!.peakC).toBeCloseTo(r.columns[1]!.peakC, 9);
    expect(r.columns[2]!.peakC).toBeCloseTo(r.columns[3]!.peakC, 9);
  });

  it('mean rises superpose linearly; peak rises scale with power', () => {
    fc.assert(
      fc.property(
        layoutArb(REFERENCE_PLATE),
        fc.array(fc.double({ min: 0, max: 200, noNaN: true }), { minLength: 18, maxLength: 18 }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        (cols, otherW, alpha) => {
          let n = 0;
          const second = cols.map((c) => ({
            ...c,
            tiers: c.tiers.map((t) => ({ ...t, powerW: otherW[n++ % 18]! })),
          }));
          const both = cols.map((c, i) => ({
            ...c,
            tiers: c.tiers.map((t, k) => ({ ...t, powerW: t.powerW + second[i]!.tiers[k]!.powerW })),
          }));
          const scaled = cols.map((c) => ({
            ...c,
            tiers: c.tiers.map((t) => ({ ...t, powerW: alpha * t.powerW })),
          }));
          const amb = REFERENCE_AMBIENT_C;
          const m1 = means(L0.evaluate(cols));
          const m2 = means(L0.evaluate(second));
          const m12 = means(L0.evaluate(both));
          m12.forEach((m, i) => expect(m - amb).toBeCloseTo(m1[i]! - amb + (m2[i]! - amb), 8));
          const p1 = peaks(L0.evaluate(cols));
          const ps = peaks(L0.evaluate(scaled));
          ps.forEach((p, i) => expect(p - amb).toBeCloseTo(alpha * (p1[i]! - amb), 8));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('Level 1 keeps the same invariants (fewer runs)', () => {
    fc.assert(
      fc.property(
        layoutArb(REFERENCE_PLATE, 4),
        fc.nat(),
        fc.double({ min: 1e-3, max: 100, noNaN: true }),
        (cols, ci, extraW) => {
          const before = L1.evaluate(cols);
          for (const t of [...peaks(before), ...means(before)]) {
            expect(Number.isFinite(t)).toBe(true);
            expect(t).toBeGreaterThanOrEqual(REFERENCE_AMBIENT_C);
          }
          const c = ci % cols.length;
          const hotter = cols.map((col, i) =>
            i !== c
              ? col
              : {
                  ...col,
                  tiers: col.tiers.map((t, k) => (k !== 0 ? t : { ...t, powerW: t.powerW + extraW })),
                },
          );
          const after = L1.evaluate(hotter);
          peaks(after).forEach((p, i) => expect(p).toBeGreaterThanOrEqual(peaks(before)[i]! - 1e-9));
          means(after).forEach((m, i) => expect(m).toBeGreaterThanOrEqual(means(before)[i]! - 1e-9));
        },
      ),
      { numRuns: 30 },
    );
  });
});

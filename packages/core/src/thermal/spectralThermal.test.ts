import { describe, expect, it } from 'vitest';
import { CompactThermalModel } from './compactThermal.js';
import {
  REFERENCE_AMBIENT_C,
  REFERENCE_CALIBRATION,
  REFERENCE_DIE_R_MM2K_PER_W,
  REFERENCE_PACKAGE,
  REFERENCE_PLATE,
  referenceDie as die,
} from './referencePackage.js';
import { SpectralThermalModel, spectralThermal } from './spectralThermal.oracle.js';
import type { ThermalColumn, ThermalPackage } from './types.js';

/** A bare source on the plate face: no die resistance, no in-die spreading (κ = 1). */
function bare(xMm: number, yMm: number, sizeMm: number, powerW: number): ThermalColumn {
  return {
    xMm,
    yMm,
    widthMm: sizeMm,
    lengthMm: sizeMm,
    kind: 'si',
    tiers: [{ powerW, verticalResistanceMm2KPerW: 0 }],
  };
}
const PLATE_ONLY: ThermalPackage = {
  ...REFERENCE_PACKAGE,
  calibration: { ...REFERENCE_CALIBRATION, cKappaMm: 0 },
};

describe('Level-1 spectral plate model', () => {
  it('converges with the number of modes: 32 modes within 0.1 % at the centre (§4.3)', () => {
    const rise = (modes: number): number =>
      new SpectralThermalModel(PLATE_ONLY, { modes }).evaluate([bare(32, 32, 10, 150)]).peakC -
      REFERENCE_AMBIENT_C;
    const fine = rise(256);
    expect(Math.abs(rise(32) - fine) / fine).toBeLessThan(1e-3);
  });

  it('agrees with Lee et al. for a centred source on a single plate', () => {
    // Lee replaces the square by a disc of equal area: within 1 % on the peak for ≥ 10 mm sources
    // (the doc's finding), ~2.5 % for a 5 mm one; within 3 % on the mean.
    const l0 = new CompactThermalModel(PLATE_ONLY);
    const l1 = new SpectralThermalModel(PLATE_ONLY, { modes: 128 });
    for (const [size, peakTol] of [
      [5, 0.03],
      [10, 0.01],
      [20, 0.01],
      [40, 0.01],
    ] as const) {
      const a = l0.evaluate([bare(32, 32, size, 100)]).columns[0]!.tiers[0]!;
      const b = l1.evaluate([bare(32, 32, size, 100)]).columns[0]!.tiers[0]!;
      const amb = REFERENCE_AMBIENT_C;
      expect(Math.abs(a.peakC - b.peakC) / (b.peakC - amb), `peak ${size}`).toBeLessThan(peakTol);
      expect(Math.abs(a.meanC - b.meanC) / (b.meanC - amb), `mean ${size}`).toBeLessThan(0.03);
    }
  });

  it('a source covering the plate sees the zero mode only: 1/(hA) + Σt/k/A', () => {
    const layers = [
      { thicknessMm: 5, conductivityWPerMK: 205 }, // Al sink base
      { thicknessMm: 0.05, conductivityWPerMK: 4 }, // TIM2
      { thicknessMm: 2, conductivityWPerMK: 400 }, // Cu lid
    ];
    const model = new SpectralThermalModel(REFERENCE_PACKAGE, { plateLayers: layers });
    const t = model.evaluate([die(32, 32, 64, 64, 100)]).columns[0]!.tiers[0]!;
    const areaM2 = 0.064 * 0.064;
    const sumTOverK = 0.005 / 205 + 0.00005 / 4 + 0.002 / 400;
    const expected =
      REFERENCE_AMBIENT_C + 100 * (0.1 + sumTOverK / areaM2 + REFERENCE_DIE_R_MM2K_PER_W / 4096);
    expect(t.meanC).toBeCloseTo(expected, 6);
    expect(t.peakC).toBeCloseTo(expected, 6);
  });

  it('splitting the plate into identical layers changes nothing', () => {
    const one = new SpectralThermalModel(REFERENCE_PACKAGE);
    const two = new SpectralThermalModel(REFERENCE_PACKAGE, {
      plateLayers: [
        { thicknessMm: 6.9, conductivityWPerMK: 400 },
        { thicknessMm: 1.0, conductivityWPerMK: 400 },
      ],
    });
    const cols = [die(20, 30, 10, 12, 120), die(44, 34, 8, 8, 60)];
    const a = one.evaluate(cols);
    const b = two.evaluate(cols);
    a.columns.forEach((c, i) => {
      expect(b.columns[i]!.tiers[0]!.peakC).toBeCloseTo(c.tiers[0]!.peakC, 9);
      expect(b.columns[i]!.tiers[0]!.meanC).toBeCloseTo(c.tiers[0]!.meanC, 9);
    });
  });

  it('the hot path and the convenience function agree', () => {
    const cols = [die(20, 30, 10, 12, 120), die(44, 34, 8, 8, 60)];
    const model = new SpectralThermalModel(REFERENCE_PACKAGE);
    const out = new Float64Array(4);
    const peakC = model.evaluateInto(cols, out);
    const r = spectralThermal({ ...REFERENCE_PACKAGE, columns: cols });
    expect(peakC).toBe(r.peakC);
    expect(out[0]).toBe(r.columns[0]!.tiers[0]!.peakC);
    expect(out[3]).toBe(r.columns[1]!.tiers[0]!.meanC);
  });

  it('rejects invalid options and input', () => {
    expect(() => new SpectralThermalModel(REFERENCE_PACKAGE, { modes: 0 })).toThrow(RangeError);
    expect(() => new SpectralThermalModel(REFERENCE_PACKAGE, { plateLayers: [] })).toThrow(RangeError);
    expect(
      () =>
        new SpectralThermalModel(REFERENCE_PACKAGE, {
          plateLayers: [{ thicknessMm: 1, conductivityWPerMK: -1 }],
        }),
    ).toThrow(RangeError);
    expect(() => new SpectralThermalModel(REFERENCE_PACKAGE).evaluate([die(32, 32, 10, 10, -5)])).toThrow(
      RangeError,
    );
    expect(
      () =>
        new SpectralThermalModel({ ...REFERENCE_PACKAGE, plate: { ...REFERENCE_PLATE, thicknessMm: -1 } }),
    ).toThrow(RangeError);
  });
});

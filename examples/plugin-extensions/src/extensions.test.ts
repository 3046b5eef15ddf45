/** The example's extensions on their own: registration, the yield formula, the guard band. */
import {
  buildTechnologyLibrary,
  defineExtensions,
  prepareCompactThermal,
  registryFromModules,
  type ThermalColumn,
  type ThermalPackage,
} from '@chiplet-dse/core';
import { describe, expect, it } from 'vitest';
import extensions, { compactGuardband, GUARD_BAND_K, murphyRectangularYield } from './index.js';

describe('extensions example', () => {
  it('registers one extension of each kind under its ids', () => {
    // The example requires the built-in plugins: an empty module stands in for them here.
    const reg = registryFromModules([
      { specifier: '@chiplet-dse/plugins', module: defineExtensions({}) },
      { specifier: 'chiplet-dse-extensions-example', module: extensions },
    ]);
    expect(reg.presetNames()).toContain('catch-organic');
    expect(reg.yieldModel('murphy-rectangular')).toBeDefined();
    expect(reg.thermalModel('compact-guardband')).toBe(compactGuardband);
    expect(reg.metric('derived.costPerGBps')?.unit).toBe('USD/(GB/s)');
    const lib = reg.presetLibrary('catch-organic')!;
    expect(lib.provenance['carriers.organic_substrate.costUsdPerMm2']).toEqual(['catch']);
    expect(lib.carriers['organic_substrate']!.costUsdPerMm2).toBeCloseTo(5 / 92903.04, 15);
  });

  it('Murphy rectangular: 1 at zero area, (1 - e^-2)/2 at λ = 1, above Poisson and at most 1', () => {
    expect(murphyRectangularYield(0, 0.1)).toBe(1);
    expect(murphyRectangularYield(100, 1)).toBeCloseTo((1 - Math.exp(-2)) / 2, 15);
    for (const d0 of [0.01, 0.5, 3, 40]) {
      const y = murphyRectangularYield(100, d0);
      expect(y).toBeGreaterThan(Math.exp(-d0));
      expect(y).toBeLessThanOrEqual(1);
    }
  });

  it('compact-guardband is the compact model plus the guard band', () => {
    const tech = buildTechnologyLibrary({});
    const pkg: ThermalPackage = {
      plate: { widthMm: 60, lengthMm: 60, thicknessMm: 4, conductivityWPerMK: 390, sinkResistanceKPerW: 0.2 },
      ambientC: 45,
      calibration: tech.thermalCalibration,
      interposerCouplingScale: 1,
    };
    const columns: ThermalColumn[] = [
      {
        xMm: 30,
        yMm: 30,
        widthMm: 15,
        lengthMm: 15,
        kind: 'si',
        tiers: [{ powerW: 100, verticalResistanceMm2KPerW: 20 }],
      },
    ];
    const base = prepareCompactThermal(pkg).evaluate(columns);
    const guarded = compactGuardband.prepare(pkg).evaluate(columns);
    expect(base.peakC).toBeGreaterThan(pkg.ambientC);
    expect(guarded.peakC).toBeCloseTo(base.peakC + GUARD_BAND_K, 12);
    expect(guarded.columns[0]!.tiers[0]!.meanC).toBeCloseTo(
      base.columns[0]!.tiers[0]!.meanC + GUARD_BAND_K,
      12,
    );
  });
});

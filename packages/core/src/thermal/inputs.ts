/**
 * Helpers that turn technology-library data into the thermal models' plain inputs.
 */
import type { Cooling } from '../technology/types.js';
import type { ThermalPlate } from './types.js';

/** One layer of a vertical stack: thickness in µm and through-plane conductivity. */
export interface VerticalLayer {
  thicknessUm: number;
  conductivityWPerMK: number;
}

/**
 * Area-specific series resistance R'' = Σ t/k of stacked layers, mm²·K/W
 * (t in µm over k in W/(m·K) is numerically mm²·K/W).
 */
export function seriesResistanceMm2KPerW(layers: readonly VerticalLayer[]): number {
  let sum = 0;
  for (const [i, l] of layers.entries()) {
    if (!(l.thicknessUm >= 0) || !Number.isFinite(l.thicknessUm)) {
      throw new RangeError(`layers[${i}].thicknessUm must be non-negative and finite, got ${l.thicknessUm}`);
    }
    if (!(l.conductivityWPerMK > 0) || !Number.isFinite(l.conductivityWPerMK)) {
      throw new RangeError(
        `layers[${i}].conductivityWPerMK must be positive and finite, got ${l.conductivityWPerMK}`,
      );
    }
    sum += l.thicknessUm / l.conductivityWPerMK;
  }
  return sum;
}

/** The lid and sink base of a cooling solution lumped into one plate (docs/reference/thermal-model.md §4.3). */
export function plateFromCooling(cooling: Cooling): ThermalPlate {
  return {
    widthMm: cooling.plateWidthMm,
    lengthMm: cooling.plateLengthMm,
    thicknessMm: cooling.lidThicknessMm + cooling.sinkBaseThicknessMm,
    conductivityWPerMK: cooling.plateConductivityWPerMK,
    sinkResistanceKPerW: cooling.sinkResistanceKPerW,
  };
}

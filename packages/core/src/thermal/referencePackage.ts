/**
 * Test helper: the canonical reference package of docs/reference/thermal-model.md §2 and the calibration of
 * §4.3–4.4, as plain inputs for the thermal models' tests and cross-checks. Not model code: the
 * models take every constant as a parameter; these are the values the reference document reports.
 */
import { seriesResistanceMm2KPerW } from './inputs.js';
import type { CompactThermalCalibration, ThermalColumn, ThermalPackage, ThermalPlate } from './types.js';

/** 64×64 mm Cu lid (1.0 mm) + Cu sink base (6.9 mm), k 400, HotSpot's r_convec = 0.1 K/W. */
export const REFERENCE_PLATE: ThermalPlate = {
  widthMm: 64,
  lengthMm: 64,
  thicknessMm: 1.0 + 6.9,
  conductivityWPerMK: 400,
  sinkResistanceKPerW: 0.1,
};

export const REFERENCE_CALIBRATION: CompactThermalCalibration = {
  cKappaMm: 2.0,
  edgeExcessSiKPerW: 0.05,
  edgeExcessSiLengthMm: 4.9,
  edgeExcessHbmKPerW: 0.033,
  edgeExcessHbmLengthMm: 4.6,
  interposerCouplingKPerW: 0.0122,
  interposerCouplingLengthMm: 2.27,
};

export const REFERENCE_AMBIENT_C = 45;

/** 2.5D on a silicon interposer (lateral coupling on). */
export const REFERENCE_PACKAGE: ThermalPackage = {
  plate: REFERENCE_PLATE,
  ambientC: REFERENCE_AMBIENT_C,
  calibration: REFERENCE_CALIBRATION,
  interposerCouplingScale: 1,
};

/**
 * Flip-chip die: 700 µm Si bulk (k 120) + 20 µm TIM1 (k 4), measured from the middle of the 20 µm
 * source layer (10 µm of Si): 10.92 mm²K/W, the doc's 10.9.
 */
export const REFERENCE_DIE_R_MM2K_PER_W = seriesResistanceMm2KPerW([
  { thicknessUm: 10, conductivityWPerMK: 120 },
  { thicknessUm: 700, conductivityWPerMK: 120 },
  { thicknessUm: 20, conductivityWPerMK: 4 },
]);

/** HBM stack: half the 20 µm Si base-die source layer + 700 µm effective HBM (k 13) + TIM1. */
export const REFERENCE_HBM_R_MM2K_PER_W = seriesResistanceMm2KPerW([
  { thicknessUm: 10, conductivityWPerMK: 120 },
  { thicknessUm: 700, conductivityWPerMK: 13 },
  { thicknessUm: 20, conductivityWPerMK: 4 },
]);

/** Between stacked tiers (thinned bulk + bond + BEOL), §4.2. */
export const REFERENCE_TIER_MICROBUMP_MM2K_PER_W = 9.9;
export const REFERENCE_TIER_HYBRID_MM2K_PER_W = 6.3;

/** A one-tier flip-chip die column. */
export function referenceDie(
  xMm: number,
  yMm: number,
  widthMm: number,
  lengthMm: number,
  powerW: number,
): ThermalColumn {
  return {
    xMm,
    yMm,
    widthMm,
    lengthMm,
    kind: 'si',
    tiers: [{ powerW, verticalResistanceMm2KPerW: REFERENCE_DIE_R_MM2K_PER_W }],
  };
}

/** An 11×11 mm HBM stack column. */
export function referenceHbm(
  xMm: number,
  yMm: number,
  powerW: number,
  widthMm = 11,
  lengthMm = 11,
): ThermalColumn {
  return {
    xMm,
    yMm,
    widthMm,
    lengthMm,
    kind: 'hbm',
    tiers: [{ powerW, verticalResistanceMm2KPerW: REFERENCE_HBM_R_MM2K_PER_W }],
  };
}

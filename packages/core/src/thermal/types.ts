/**
 * Plain-data inputs and outputs shared by the Level-0 (closed form) and Level-1 (spectral) thermal
 * models, and their validation. Lengths are in mm at the API; every constant comes in through these
 * objects (docs/reference/thermal-model.md §4), none is built into the models.
 */

/** Which edge-excess constants apply when this column is the heated victim. */
export type ThermalColumnKind = 'si' | 'hbm';

/** One powered tier (source plane) of a column. */
export interface ThermalTier {
  /** Power injected uniformly over the column footprint in this tier's source plane, W. */
  powerW: number;
  /**
   * Area-specific vertical resistance, mm²·K/W. Tier 0 (next to the lid): from its source plane to
   * the plate (die bulk + TIM1). Deeper tiers: between this tier's source plane and the tier above
   * (thinned bulk + bond + BEOL).
   */
  verticalResistanceMm2KPerW: number;
}

/** Something standing on the plate under the lid: a flip-chip die, an HBM stack or a 3D stack. */
export interface ThermalColumn {
  /** Centre of the footprint in plate coordinates (origin at a plate corner), mm. */
  xMm: number;
  yMm: number;
  widthMm: number;
  lengthMm: number;
  kind: ThermalColumnKind;
  /** Tiers ordered from the one touching the TIM/lid (index 0) downwards, away from the sink. */
  tiers: readonly ThermalTier[];
}

/** Lid and heat-sink base lumped into one plate, cooled on top through the sink resistance. */
export interface ThermalPlate {
  widthMm: number;
  lengthMm: number;
  thicknessMm: number;
  conductivityWPerMK: number;
  /** Heat sink from its base to ambient, K/W; the top-face HTC is h = 1/(R·A_plate). */
  sinkResistanceKPerW: number;
}

/**
 * Fitted constants of the compact model (docs/reference/thermal-model.md §4.3–4.4). Field names match the
 * technology library's `ThermalCalibration`, so that object can be passed as is.
 */
export interface CompactThermalCalibration {
  /** Lateral-spreading length inside a die: kappa = max(0, 1 - cKappa/L), L the shorter side, mm. */
  cKappaMm: number;
  /** Near-field excess at the edge of a victim facing a neighbour: a_E (K/W) and ℓ_E (mm). */
  edgeExcessSiKPerW: number;
  edgeExcessSiLengthMm: number;
  edgeExcessHbmKPerW: number;
  edgeExcessHbmLengthMm: number;
  /** Lateral coupling through a silicon interposer into HBM victims: g0 (K/W) and decay ℓ (mm). */
  interposerCouplingKPerW: number;
  interposerCouplingLengthMm: number;
}

/** Everything about the package that stays fixed while the dies and powers of a sweep change. */
export interface ThermalPackage {
  plate: ThermalPlate;
  ambientC: number;
  calibration: CompactThermalCalibration;
  /**
   * Multiplier on the interposer lateral coupling: 1 for the calibrated silicon interposer, 0 for
   * carriers that have none (organic substrate, RDL, fan-out); it scales roughly with interposer
   * thickness × k.
   */
  interposerCouplingScale: number;
}

export interface ThermalInput extends ThermalPackage {
  columns: readonly ThermalColumn[];
}

export interface TierTemperature {
  /** Hottest point of the tier's source plane, °C. */
  peakC: number;
  /** Area-weighted mean over the tier's source plane, °C. */
  meanC: number;
}

export interface ColumnTemperature {
  /** Hottest tier's peak, °C. */
  peakC: number;
  /** Same order as the input tiers (0 = next to the lid). */
  tiers: TierTemperature[];
}

export interface ThermalResult {
  /** Hottest point of the package, °C. */
  peakC: number;
  hottestColumnIndex: number;
  hottestTierIndex: number;
  columns: ColumnTemperature[];
}

/** Length of the Float64Array the `...Into` evaluators write: [peak, mean] per tier, in input order. */
export function thermalOutputLength(columns: readonly ThermalColumn[]): number {
  let n = 0;
  for (const c of columns) n += c.tiers.length;
  return 2 * n;
}

function requirePositive(value: number, what: string): void {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new RangeError(`${what} must be a positive finite number, got ${value}`);
  }
}

function requireNonNegative(value: number, what: string): void {
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw new RangeError(`${what} must be a non-negative finite number, got ${value}`);
  }
}

export function validatePlate(plate: ThermalPlate): void {
  requirePositive(plate.widthMm, 'plate.widthMm');
  requirePositive(plate.lengthMm, 'plate.lengthMm');
  requirePositive(plate.thicknessMm, 'plate.thicknessMm');
  requirePositive(plate.conductivityWPerMK, 'plate.conductivityWPerMK');
  requirePositive(plate.sinkResistanceKPerW, 'plate.sinkResistanceKPerW');
}

export function validatePackage(pkg: ThermalPackage): void {
  validatePlate(pkg.plate);
  if (!Number.isFinite(pkg.ambientC)) throw new RangeError(`ambientC must be finite, got ${pkg.ambientC}`);
  const c = pkg.calibration;
  requireNonNegative(c.cKappaMm, 'calibration.cKappaMm');
  requireNonNegative(c.edgeExcessSiKPerW, 'calibration.edgeExcessSiKPerW');
  requirePositive(c.edgeExcessSiLengthMm, 'calibration.edgeExcessSiLengthMm');
  requireNonNegative(c.edgeExcessHbmKPerW, 'calibration.edgeExcessHbmKPerW');
  requirePositive(c.edgeExcessHbmLengthMm, 'calibration.edgeExcessHbmLengthMm');
  requireNonNegative(c.interposerCouplingKPerW, 'calibration.interposerCouplingKPerW');
  requirePositive(c.interposerCouplingLengthMm, 'calibration.interposerCouplingLengthMm');
  requireNonNegative(pkg.interposerCouplingScale, 'interposerCouplingScale');
}

/** Geometric slack for "inside the plate" and "not overlapping", mm (rounding of placements). */
const GEOMETRY_TOLERANCE_MM = 1e-9;

/**
 * Checks sizes and positions: every footprint lies on the plate and no two footprints overlap
 * (touching is allowed). O(D²) comparisons, no allocation unless it throws.
 */
export function validateColumnGeometry(columns: readonly ThermalColumn[], plate: ThermalPlate): void {
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i]!;
    requirePositive(c.widthMm, `columns[${i}].widthMm`);
    requirePositive(c.lengthMm, `columns[${i}].lengthMm`);
    if (!Number.isFinite(c.xMm) || !Number.isFinite(c.yMm)) {
      throw new RangeError(`columns[${i}] centre must be finite, got (${c.xMm}, ${c.yMm})`);
    }
    if (c.kind !== 'si' && c.kind !== 'hbm') {
      throw new RangeError(`columns[${i}].kind must be 'si' or 'hbm', got ${String(c.kind)}`);
    }
    const hw = c.widthMm / 2;
    const hl = c.lengthMm / 2;
    if (
      c.xMm - hw < -GEOMETRY_TOLERANCE_MM ||
      c.xMm + hw > plate.widthMm + GEOMETRY_TOLERANCE_MM ||
      c.yMm - hl < -GEOMETRY_TOLERANCE_MM ||
      c.yMm + hl > plate.lengthMm + GEOMETRY_TOLERANCE_MM
    ) {
      throw new RangeError(
        `columns[${i}] footprint extends beyond the ${plate.widthMm}×${plate.lengthMm} mm plate`,
      );
    }
    for (let j = 0; j < i; j++) {
      const o = columns[j]!;
      const overlapX = (c.widthMm + o.widthMm) / 2 - Math.abs(c.xMm - o.xMm);
      const overlapY = (c.lengthMm + o.lengthMm) / 2 - Math.abs(c.yMm - o.yMm);
      if (overlapX > GEOMETRY_TOLERANCE_MM && overlapY > GEOMETRY_TOLERANCE_MM) {
        throw new RangeError(
          `columns[${i}] overlaps columns[${j}]; stack dies as tiers of one column instead`,
        );
      }
    }
  }
}

/** Checks every tier's power and vertical resistance (non-negative, finite) and that columns have tiers. */
export function validateColumnTiers(columns: readonly ThermalColumn[]): void {
  for (let i = 0; i < columns.length; i++) {
    const tiers = columns[i]!.tiers;
    if (tiers.length === 0) throw new RangeError(`columns[${i}] has no tiers`);
    for (let k = 0; k < tiers.length; k++) {
      const t = tiers[k]!;
      // Checked before the message is built: this runs on every evaluation (no allocation).
      if (!(t.powerW >= 0 && t.powerW < Infinity))
        requireNonNegative(t.powerW, `columns[${i}].tiers[${k}].powerW`);
      if (!(t.verticalResistanceMm2KPerW >= 0 && t.verticalResistanceMm2KPerW < Infinity))
        requireNonNegative(
          t.verticalResistanceMm2KPerW,
          `columns[${i}].tiers[${k}].verticalResistanceMm2KPerW`,
        );
    }
  }
}

/** Both checks above; throws RangeError naming the offending field. */
export function validateColumns(columns: readonly ThermalColumn[], plate: ThermalPlate): void {
  validateColumnGeometry(columns, plate);
  validateColumnTiers(columns);
}

/** Total power of a column's tiers at or below `fromTier`, summed bottom-up (keeps float monotonicity). */
export function powerAtOrBelowW(column: ThermalColumn, fromTier: number): number {
  let sum = 0;
  for (let k = column.tiers.length - 1; k >= fromTier; k--) sum += column.tiers[k]!.powerW;
  return sum;
}

/**
 * Writes [peak, mean] for each tier of one column given the plate-face temperatures above it
 * (docs/reference/thermal-model.md §4.2): tier 0 adds ΣP·R''_0/A; each deeper tier adds the power at or below it
 * times its R''/A, because that heat must pass up through every tier above on its way to the sink.
 * Returns the next free output index.
 */
export function writeTierTemperatures(
  column: ThermalColumn,
  platePeakC: number,
  plateMeanC: number,
  out: Float64Array,
  offset: number,
): number {
  const areaMm2 = column.widthMm * column.lengthMm;
  let riseK = 0;
  for (let k = 0; k < column.tiers.length; k++) {
    // mm²K/W over mm² gives K/W directly.
    riseK += (powerAtOrBelowW(column, k) * column.tiers[k]!.verticalResistanceMm2KPerW) / areaMm2;
    out[offset++] = platePeakC + riseK;
    out[offset++] = plateMeanC + riseK;
  }
  return offset;
}

/** Turns the flat [peak, mean] output of an `...Into` evaluator into the structured result. */
export function structureResult(
  columns: readonly ThermalColumn[],
  ambientC: number,
  out: Float64Array,
): ThermalResult {
  // With no columns nothing heats the package: the peak is ambient.
  const result: ThermalResult = {
    peakC: ambientC,
    hottestColumnIndex: -1,
    hottestTierIndex: -1,
    columns: [],
  };
  let f = 0;
  for (let i = 0; i < columns.length; i++) {
    const tiers: TierTemperature[] = [];
    let columnPeakC = -Infinity;
    for (let k = 0; k < columns[i]!.tiers.length; k++) {
      const peakC = out[f++]!;
      const meanC = out[f++]!;
      tiers.push({ peakC, meanC });
      if (peakC > columnPeakC) columnPeakC = peakC;
      if (result.hottestColumnIndex < 0 || peakC > result.peakC) {
        result.peakC = peakC;
        result.hottestColumnIndex = i;
        result.hottestTierIndex = k;
      }
    }
    result.columns.push({ peakC: columnPeakC, tiers });
  }
  return result;
}

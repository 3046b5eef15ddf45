/**
 * Level-0 compact thermal model (docs/reference/thermal-model.md §4.2–4.4): closed-form steady-state die
 * temperatures for design-space sweeps. Per die (column) i with total power P_i, on the plate face:
 *
 *   centre:        θc_i = P_i·R_self,peak,i + Σ_j P_j·(G_ij + Lc_ij)
 *   edge side s:   θs_i = P_i·R_self,edge,i + Σ_j P_j·(G_ij + E_ij,s + Ls_ij)
 *   mean:          θm_i = P_i·R_self,mean,i + Σ_j P_j·G_ij
 *   peak           = T_amb + max(θc_i, θs_i over the sides s)
 *   tier k:        + Σ_{tiers at or below k} P · R''_k / A_i   (accumulated from the lid down)
 *
 * R_self from Lee et al. (1995) with the in-die spreading factor κ (plus the off-centre image
 * correction), G the thin-plate Green's function with edge images (plateGreen.ts) between centres,
 * E the calibrated near-field excess a_E·exp(−d/ℓ_E) and L the interposer lateral coupling
 * g0·exp(−d/ℓ) into HBM victims, d the distance from the victim point to the aggressor's footprint.
 * The doc sums E over all neighbours into one edge candidate; here by default each of the four edge
 * midpoints is its own candidate and gets the excess of every neighbour at its own distance, which
 * is identical for one neighbour and stops a die ringed by neighbours from counting each one's
 * excess at the same point ('summed' restores the doc's form). See docs/models/thermal.md.
 *
 * Monotonicity: every candidate is a sum of powers times coefficients that depend on geometry
 * only, and every coefficient is ≥ 0 (R_self,edge is clamped at 0), so each candidate — and their
 * max — never decreases when any power grows, and never falls below ambient. The −(1−κ)
 * correction of the spectral model is folded into R_self,peak/edge here, so it never multiplies a
 * power with a negative weight.
 */
import { plateGreenFunction } from './plateGreen.js';
import type { PlateGreenFunction } from './plateGreen.js';
import { besselK1 } from './bessel.js';
import { leeSpreadingInto } from './spreading.js';
import {
  powerAtOrBelowW,
  structureResult,
  thermalOutputLength,
  validateColumnGeometry,
  validateColumnTiers,
  validatePackage,
  writeTierTemperatures,
} from './types.js';
import type { ThermalColumn, ThermalInput, ThermalPackage, ThermalResult } from './types.js';

export interface CompactThermalOptions {
  /** Cells per plate side of the tabulated plate Green's function (default 128). */
  greenTableCells?: number;
  /**
   * Add the extra self-heating an off-centre die gets from its own edge images (default true).
   * Lee's self-term assumes a centred die; this term is 0 at the plate centre.
   */
  offCentreSelfHeating?: boolean;
  /**
   * 'per-side' (default): one edge candidate per edge midpoint, each neighbour's excess at its own
   * distance. 'summed': the single edge candidate of docs/reference/thermal-model.md §4.3, Σ_j E_ij at the edge-to-edge gap.
   */
  edgeCandidates?: 'per-side' | 'summed';
}

/** Per-column geometry key and coefficient slots. */
const SLOT_X = 0;
const SLOT_Y = 1;
const SLOT_W = 2;
const SLOT_L = 3;
const SLOT_KIND = 4;
const SLOT_SELF_MEAN = 5;
const SLOT_SELF_PEAK = 6;
const SLOT_SELF_EDGE = 7;
const SLOT_POWER = 8;
const SLOT_LEE_AVG = 9;
const SLOT_LEE_MAX = 10;
const SLOTS = 11;

/** Edge midpoints of a die as offsets in units of its half width/length: +x, −x, +y, −y. */
const SIDE_DX = [1, -1, 0, 0] as const;
const SIDE_DY = [0, 0, 1, -1] as const;

/** Distance from point (px, py) to the rectangle centred at (cx, cy) of size w × l, mm. */
function pointToRectMm(px: number, py: number, cx: number, cy: number, w: number, l: number): number {
  const dx = Math.max(0, Math.abs(px - cx) - w / 2);
  const dy = Math.max(0, Math.abs(py - cy) - l / 2);
  return Math.sqrt(dx * dx + dy * dy);
}

/** A Level-0 model prepared for one package; evaluate it for any number of die placements. */
export class CompactThermalModel {
  readonly pkg: ThermalPackage;
  readonly green: PlateGreenFunction;
  /** h = 1/(R_sink·A_p), W/(m²K). */
  readonly heatTransferWPerM2K: number;
  private readonly plateAreaM2: number;
  private readonly plateThicknessM: number;
  private readonly offCentre: boolean;
  /** Edge candidates per die: 4 (per side) or 1 (summed). */
  private readonly sides: number;
  private readonly lee = new Float64Array(2);
  /** SLOTS per column index: geometry key, cached self terms, power. Grown on demand. */
  private slots = new Float64Array(0);
  /**
   * D×D coefficient matrices (victim row, aggressor column), K/W: mean (G), centre (G + lateral
   * at the centre), then one per edge candidate (G + E + lateral at that edge). They depend on
   * geometry only, so a call with the same footprints as the previous one (a power sweep) reuses
   * them.
   */
  private matrices = new Float64Array(0);
  private cachedCount = -1;

  constructor(pkg: ThermalPackage, options: CompactThermalOptions = {}) {
    validatePackage(pkg);
    // Copies, so a caller mutating its objects cannot desynchronise the geometry cache.
    this.pkg = { ...pkg, plate: { ...pkg.plate }, calibration: { ...pkg.calibration } };
    const p = this.pkg.plate;
    this.plateAreaM2 = p.widthMm * p.lengthMm * 1e-6;
    this.plateThicknessM = p.thicknessMm * 1e-3;
    this.heatTransferWPerM2K = 1 / (p.sinkResistanceKPerW * this.plateAreaM2);
    this.green = plateGreenFunction(p, options.greenTableCells ?? 128);
    this.offCentre = options.offCentreSelfHeating ?? true;
    const mode = options.edgeCandidates ?? 'per-side';
    if (mode !== 'per-side' && mode !== 'summed') {
      throw new RangeError(`edgeCandidates must be 'per-side' or 'summed', got ${String(mode)}`);
    }
    this.sides = mode === 'per-side' ? 4 : 1;
  }

  private sameGeometry(columns: readonly ThermalColumn[]): boolean {
    const n = columns.length;
    if (n !== this.cachedCount) return false;
    const s = this.slots;
    for (let i = 0; i < n; i++) {
      const c = columns[i]!;
      const o = i * SLOTS;
      if (
        s[o + SLOT_X] !== c.xMm ||
        s[o + SLOT_Y] !== c.yMm ||
        s[o + SLOT_W] !== c.widthMm ||
        s[o + SLOT_L] !== c.lengthMm ||
        s[o + SLOT_KIND] !== (c.kind === 'hbm' ? 1 : 0)
      ) {
        return false;
      }
    }
    return true;
  }

  /** Every geometry-only coefficient: self resistances per column and the pair matrices. */
  private buildCoefficients(columns: readonly ThermalColumn[]): void {
    const n = columns.length;
    if (this.slots.length < n * SLOTS) {
      // Keep the old slots: their cached self terms stay valid for the same column index.
      const grown = new Float64Array(n * SLOTS);
      grown.set(this.slots);
      this.slots = grown;
    }
    const nn = n * n;
    if (this.matrices.length < (2 + this.sides) * nn) this.matrices = new Float64Array((2 + this.sides) * nn);
    this.cachedCount = -1; // invalid until complete
    const s = this.slots;
    const mat = this.matrices;
    const plate = this.pkg.plate;
    const cal = this.pkg.calibration;
    const green = this.green;
    // 1-D terms of the plate: sink film 1/(h·A_p) = R_sink, and conduction t_p/(k_p·A_p).
    const filmKPerW = plate.sinkResistanceKPerW;
    const oneDKPerW = green.uniformKPerW;

    for (let i = 0; i < n; i++) {
      const c = columns[i]!;
      const o = i * SLOTS;
      // Lee's terms depend on the die size only; a placement sweep moves dies without resizing them.
      if (s[o + SLOT_W] !== c.widthMm || s[o + SLOT_L] !== c.lengthMm) {
        leeSpreadingInto(
          c.widthMm * c.lengthMm * 1e-6,
          this.plateAreaM2,
          this.plateThicknessM,
          plate.conductivityWPerMK,
          this.heatTransferWPerM2K,
          this.lee,
          0,
        );
        s[o + SLOT_LEE_AVG] = this.lee[0]!;
        s[o + SLOT_LEE_MAX] = this.lee[1]!;
      }
      const avg = s[o + SLOT_LEE_AVG]!;
      const max = s[o + SLOT_LEE_MAX]!;
      s[o + SLOT_X] = c.xMm;
      s[o + SLOT_Y] = c.yMm;
      s[o + SLOT_W] = c.widthMm;
      s[o + SLOT_L] = c.lengthMm;
      s[o + SLOT_KIND] = c.kind === 'hbm' ? 1 : 0;
      const kappa = Math.max(0, 1 - cal.cKappaMm / Math.min(c.widthMm, c.lengthMm));
      // Peak-over-mean of the plate face under a uniform source; ≥ 0 by construction of Lee's ψ.
      const excess = kappa * Math.max(0, max - oneDKPerW - avg);
      const offCentre = this.offCentre ? Math.max(0, green.offCentreSelfKPerW(c.xMm, c.yMm)) : 0;
      const mean = filmKPerW + oneDKPerW + avg + offCentre;
      s[o + SLOT_SELF_MEAN] = mean;
      s[o + SLOT_SELF_PEAK] = mean + excess;
      s[o + SLOT_SELF_EDGE] = Math.max(0, mean - excess);
      for (let m = 0; m < 2 + this.sides; m++) mat[m * nn + i * n + i] = 0;
      for (let j = 0; j < i; j++) {
        // Centre-to-centre G: within 2 % of the rectangle-mean value for gaps ≥ 0.5 mm (§4.3).
        const q = columns[j]!;
        const g = Math.max(0, green.greenKPerW(c.xMm, c.yMm, q.xMm, q.yMm));
        // Slope of the direct (nearest) image term along the centre line, for the far-field rise
        // across a victim toward its aggressor: d/dr [coef·K0(r/λ)] = −coef·K1(r/λ)/λ.
        const dx = c.xMm - q.xMm;
        const dy = c.yMm - q.yMm;
        const r = Math.sqrt(dx * dx + dy * dy);
        const lambda = green.decayLengthMm;
        const slope = this.sides === 4 ? (green.k0CoefficientKPerW * besselK1(r / lambda)) / (lambda * r) : 0;
        this.pairCoefficients(c, q, i * n + j, g, nn, slope * dx, slope * dy);
        this.pairCoefficients(q, c, j * n + i, g, nn, -slope * dx, -slope * dy);
      }
    }
    this.cachedCount = n;
  }

  /**
   * Coefficients of aggressor `a` heating victim `v` (matrix index idx). (fx, fy) is minus the
   * gradient of G's direct term at the victim's centre per mm, K/W/mm (pointing away from `a`).
   */
  private pairCoefficients(
    v: ThermalColumn,
    a: ThermalColumn,
    idx: number,
    g: number,
    nn: number,
    fx: number,
    fy: number,
  ): void {
    const mat = this.matrices;
    const cal = this.pkg.calibration;
    const isHbm = v.kind === 'hbm';
    const edgeKPerW = isHbm ? cal.edgeExcessHbmKPerW : cal.edgeExcessSiKPerW;
    const edgeLengthMm = isHbm ? cal.edgeExcessHbmLengthMm : cal.edgeExcessSiLengthMm;
    // Only low-vertical-conductance victims (HBM) trap interposer heat (§4.4).
    const lateralKPerW = isHbm ? cal.interposerCouplingKPerW * this.pkg.interposerCouplingScale : 0;
    const ellMm = cal.interposerCouplingLengthMm;
    let centre = g;
    if (lateralKPerW > 0) {
      centre +=
        lateralKPerW * Math.exp(-pointToRectMm(v.xMm, v.yMm, a.xMm, a.yMm, a.widthMm, a.lengthMm) / ellMm);
    }
    mat[idx] = g;
    mat[nn + idx] = centre;
    if (this.sides === 1) {
      // Edge-to-edge gap, as in docs/reference/thermal-model.md §4.3.
      const gx = Math.max(0, Math.abs(v.xMm - a.xMm) - (v.widthMm + a.widthMm) / 2);
      const gy = Math.max(0, Math.abs(v.yMm - a.yMm) - (v.lengthMm + a.lengthMm) / 2);
      const gapMm = Math.sqrt(gx * gx + gy * gy);
      let edge = g + edgeKPerW * Math.exp(-gapMm / edgeLengthMm);
      if (lateralKPerW > 0) edge += lateralKPerW * Math.exp(-gapMm / ellMm);
      mat[2 * nn + idx] = edge;
      return;
    }
    for (let side = 0; side < 4; side++) {
      const px = v.xMm + (SIDE_DX[side]! * v.widthMm) / 2;
      const py = v.yMm + (SIDE_DY[side]! * v.lengthMm) / 2;
      // For the edge that faces the aggressor this is the edge-to-edge gap of the doc.
      const d = pointToRectMm(px, py, a.xMm, a.yMm, a.widthMm, a.lengthMm);
      // The calibrated excess covers near neighbours; a far aggressor's field still rises toward
      // it across the victim: first-order change of G from the centre to this edge midpoint.
      const rise = -(SIDE_DX[side]! * v.widthMm * fx + SIDE_DY[side]! * v.lengthMm * fy) / 2;
      let edge = g + Math.max(rise, edgeKPerW * Math.exp(-d / edgeLengthMm));
      if (lateralKPerW > 0) edge += lateralKPerW * Math.exp(-d / ellMm);
      mat[(2 + side) * nn + idx] = edge;
    }
  }

  /**
   * Hot path: writes [peakC, meanC] for every tier (columns in order, tiers in order) into `out`
   * (length ≥ thermalOutputLength(columns)) and returns the overall peak, °C. Allocates nothing
   * once the internal buffers have grown to the largest die count seen; when the footprints are
   * the same as in the previous call only the power sums are redone. Not re-entrant.
   */
  evaluateInto(columns: readonly ThermalColumn[], out: Float64Array): number {
    this.writeInto(columns, out);
    let peakC = this.pkg.ambientC;
    const end = thermalOutputLength(columns);
    for (let f = 0; f < end; f += 2) if (out[f]! > peakC) peakC = out[f]!;
    return peakC;
  }

  /**
   * `evaluateInto` without the return value, for Plans (PreparedThermalModel.writeInto): a double
   * returned from a call that is not inlined is boxed, one allocation per point. With `point`, the
   * temperatures are those of a package at `point.ambientC`: the ambient only offsets the result
   * (T = T_amb + θ), so one prepared model serves every ambient, with the same numbers as a model
   * prepared at that ambient. (An object, not a number: a double argument would be boxed too.)
   */
  writeInto(
    columns: readonly ThermalColumn[],
    out: Float64Array,
    point?: { readonly ambientC: number },
  ): void {
    const n = columns.length;
    if (!this.sameGeometry(columns)) {
      validateColumnGeometry(columns, this.pkg.plate);
      this.buildCoefficients(columns);
    }
    validateColumnTiers(columns);
    if (out.length < thermalOutputLength(columns)) {
      throw new RangeError(`out has length ${out.length}, needs ${thermalOutputLength(columns)}`);
    }
    const s = this.slots;
    const mat = this.matrices;
    const nn = n * n;
    const sides = this.sides;
    for (let i = 0; i < n; i++) s[i * SLOTS + SLOT_POWER] = powerAtOrBelowW(columns[i]!, 0);

    const ambientC = point === undefined ? this.pkg.ambientC : point.ambientC;
    let f = 0;
    for (let i = 0; i < n; i++) {
      const o = i * SLOTS;
      const pi = s[o + SLOT_POWER]!;
      const row = i * n;
      let meanK = pi * s[o + SLOT_SELF_MEAN]!;
      let centreK = pi * s[o + SLOT_SELF_PEAK]!;
      for (let j = 0; j < n; j++) {
        const pj = s[j * SLOTS + SLOT_POWER]!;
        meanK += pj * mat[row + j]!;
        centreK += pj * mat[nn + row + j]!;
      }
      let plateK = centreK;
      const selfEdgeK = pi * s[o + SLOT_SELF_EDGE]!;
      for (let side = 0; side < sides; side++) {
        const base = (2 + side) * nn + row;
        let edgeK = selfEdgeK;
        for (let j = 0; j < n; j++) edgeK += s[j * SLOTS + SLOT_POWER]! * mat[base + j]!;
        if (edgeK > plateK) plateK = edgeK;
      }
      f = writeTierTemperatures(columns[i]!, ambientC + plateK, ambientC + meanK, out, f);
    }
  }

  /** Allocating convenience form of `evaluateInto`. */
  evaluate(columns: readonly ThermalColumn[]): ThermalResult {
    const out = new Float64Array(thermalOutputLength(columns));
    this.evaluateInto(columns, out);
    return structureResult(columns, this.pkg.ambientC, out);
  }
}

/** Prepares the Level-0 model for a package (the plate Green's function table is cached per plate). */
export function prepareCompactThermal(
  pkg: ThermalPackage,
  options?: CompactThermalOptions,
): CompactThermalModel {
  return new CompactThermalModel(pkg, options);
}

/** Hot path: see `CompactThermalModel.evaluateInto`. */
export function compactThermalInto(
  model: CompactThermalModel,
  columns: readonly ThermalColumn[],
  out: Float64Array,
): number {
  return model.evaluateInto(columns, out);
}

/** Convenience: Level-0 temperatures of one design point. */
export function compactThermal(input: ThermalInput, options?: CompactThermalOptions): ThermalResult {
  return new CompactThermalModel(input, options).evaluate(input.columns);
}

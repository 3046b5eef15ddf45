/**
 * Test-only oracle (not exported, not built into dist): no model uses it, so it left the public
 * API; compactThermal.test.ts keeps it as an independent check of the Level-0 closed form.
 *
 * Level-1 spectral plate model (docs/reference/thermal-model.md §4.3, Level 1).
 * The plate (one or more laterally uniform layers, adiabatic edges, film h on top) is solved exactly
 * in a cosine series — Muzychka, Culham & Yovanovich, ASME J. Electron. Packag. 125 (2003) 178,
 * generalised to N layers by the impedance recursion
 *   Z ← (Z + tanh(ζt)/(kζ)) / (1 + kζ·Z·tanh(ζt)),  starting from Z = 1/h at the sink face.
 * Each die injects its power uniformly over its footprint on the plate's heated face:
 *   θ(x,y) = 1/(ab) Σ_{m,n≥0} w_m w_n Z_mn Q_mn cos(λ_m x) cos(δ_n y),  Q_mn = Σ_j P_j f_m(j) g_n(j),
 * with w_0 = 1, w_{>0} = 2, f_m(j) = cos(λ_m X_j)·sinc(λ_m w_j/2), and likewise g_n.
 * Die temperatures follow §4.3 step 4: mean = θ̄_i + vertical terms; peak = max over the centre, edge
 * midpoints and corners of θ(p) + ΔT_lat(p), minus (1−κ)·P_i·(θ_ii(centre) − θ̄_ii) for in-die spreading.
 *
 * Monotonicity: the own-power weight at each candidate point, θ_ii(p) − (1−κ)(θ_ii(c) − θ̄_ii) per
 * watt, is clamped at 0, so raising a die's own power can never lower its peak; other dies enter
 * through the positive plate Green's function.
 */
import {
  powerAtOrBelowW,
  structureResult,
  thermalOutputLength,
  validateColumns,
  validatePackage,
  writeTierTemperatures,
} from './types.js';
import type { ThermalColumn, ThermalInput, ThermalPackage, ThermalResult } from './types.js';

export interface PlateLayer {
  thicknessMm: number;
  conductivityWPerMK: number;
}

export interface SpectralThermalOptions {
  /** Cosine modes per direction (M = N), default 32: centre within 0.1 %, edges within 2 % (§4.3). */
  modes?: number;
  /**
   * Plate layers from the heat-sink face down to the die face; default one layer from `plate`.
   * Their total thickness replaces plate.thicknessMm.
   */
  plateLayers?: readonly PlateLayer[];
}

/** Candidate points per die: x ∈ {X−w/2, X, X+w/2} × y ∈ {Y−l/2, Y, Y+l/2}. */
const POINTS_PER_AXIS = 3;

export class SpectralThermalModel {
  readonly pkg: ThermalPackage;
  readonly modes: number;
  /** Z_mn·w_m·w_n/(a·b), K/W, row-major (m, n), m,n = 0..modes. */
  private readonly weightedZ: Float64Array;
  private readonly widthM: number;
  private readonly lengthM: number;
  private scratchD = -1;
  private f = new Float64Array(0);
  private g = new Float64Array(0);
  private readonly q: Float64Array;
  private readonly own: Float64Array;
  private readonly row: Float64Array;
  private readonly rowOwn: Float64Array;
  private readonly cx: Float64Array;
  private readonly cy: Float64Array;
  private readonly pts = new Float64Array(POINTS_PER_AXIS * POINTS_PER_AXIS);
  private readonly ptsOwn = new Float64Array(POINTS_PER_AXIS * POINTS_PER_AXIS);

  constructor(pkg: ThermalPackage, options: SpectralThermalOptions = {}) {
    validatePackage(pkg);
    const modes = options.modes ?? 32;
    if (!Number.isInteger(modes) || modes < 1)
      throw new RangeError(`modes must be a positive integer, got ${modes}`);
    this.pkg = pkg;
    this.modes = modes;
    const p = pkg.plate;
    const layers = options.plateLayers ?? [
      { thicknessMm: p.thicknessMm, conductivityWPerMK: p.conductivityWPerMK },
    ];
    if (layers.length === 0) throw new RangeError('plateLayers must not be empty');
    for (const [i, l] of layers.entries()) {
      if (
        !(l.thicknessMm > 0) ||
        !(l.conductivityWPerMK > 0) ||
        !Number.isFinite(l.thicknessMm + l.conductivityWPerMK)
      ) {
        throw new RangeError(`plateLayers[${i}] needs positive finite thickness and conductivity`);
      }
    }
    this.widthM = p.widthMm * 1e-3;
    this.lengthM = p.lengthMm * 1e-3;
    const areaM2 = this.widthM * this.lengthM;
    const h = 1 / (p.sinkResistanceKPerW * areaM2);
    const m1 = modes + 1;
    this.weightedZ = new Float64Array(m1 * m1);
    for (let m = 0; m <= modes; m++) {
      const lam = (m * Math.PI) / this.widthM;
      for (let n = 0; n <= modes; n++) {
        const del = (n * Math.PI) / this.lengthM;
        const zeta = Math.sqrt(lam * lam + del * del);
        let z = 1 / h;
        for (const l of layers) {
          const t = l.thicknessMm * 1e-3;
          const k = l.conductivityWPerMK;
          if (zeta === 0) z += t / k;
          else {
            const th = Math.tanh(zeta * t);
            z = (z + th / (k * zeta)) / (1 + k * zeta * z * th);
          }
        }
        this.weightedZ[m * m1 + n] = ((m === 0 ? 1 : 2) * (n === 0 ? 1 : 2) * z) / areaM2;
      }
    }
    this.q = new Float64Array(m1 * m1);
    this.own = new Float64Array(m1 * m1);
    this.row = new Float64Array(m1);
    this.rowOwn = new Float64Array(m1);
    this.cx = new Float64Array(POINTS_PER_AXIS * m1);
    this.cy = new Float64Array(POINTS_PER_AXIS * m1);
  }

  /** cos(m·θ) for m = 0..modes by the Chebyshev recurrence (one cos per call). */
  private cosines(theta: number, out: Float64Array, offset: number): void {
    const c1 = Math.cos(theta);
    out[offset] = 1;
    if (this.modes >= 1) out[offset + 1] = c1;
    for (let m = 2; m <= this.modes; m++)
      out[offset + m] = 2 * c1 * out[offset + m - 1]! - out[offset + m - 2]!;
  }

  /** Source factors cos(mπX/L)·sinc(mπw/2L), m = 0..modes. */
  private sourceFactors(
    centreMm: number,
    sizeMm: number,
    plateMm: number,
    out: Float64Array,
    offset: number,
  ): void {
    const a = (Math.PI * centreMm) / plateMm;
    const half = (Math.PI * sizeMm) / (2 * plateMm);
    const ca = Math.cos(a);
    const ch = Math.cos(half);
    const sh = Math.sin(half);
    // cos(ma) and sin(m·half) by recurrences; sinc = sin(m·half)/(m·half).
    let cPrev = 1;
    let cCur = ca;
    let sPrev = 0;
    let sCur = sh;
    out[offset] = 1;
    for (let m = 1; m <= this.modes; m++) {
      out[offset + m] = (cCur * sCur) / (m * half);
      const cNext = 2 * ca * cCur - cPrev;
      const sNext = 2 * ch * sCur - sPrev;
      cPrev = cCur;
      cCur = cNext;
      sPrev = sCur;
      sCur = sNext;
    }
  }

  /**
   * Writes [peakC, meanC] per tier like `CompactThermalModel.evaluateInto` and returns the overall
   * peak, °C. Allocates only when the die count grows past what it has seen. Not re-entrant.
   */
  evaluateInto(columns: readonly ThermalColumn[], out: Float64Array): number {
    const plate = this.pkg.plate;
    validateColumns(columns, plate);
    if (out.length < thermalOutputLength(columns)) {
      throw new RangeError(`out has length ${out.length}, needs ${thermalOutputLength(columns)}`);
    }
    const n = columns.length;
    const m1 = this.modes + 1;
    if (n > this.scratchD) {
      this.f = new Float64Array(n * m1);
      this.g = new Float64Array(n * m1);
      this.scratchD = n;
    }
    const { f, g, q, own, row, rowOwn, cx, cy, pts, ptsOwn } = this;
    const wz = this.weightedZ;
    q.fill(0);
    for (let j = 0; j < n; j++) {
      const c = columns[j]!;
      this.sourceFactors(c.xMm, c.widthMm, plate.widthMm, f, j * m1);
      this.sourceFactors(c.yMm, c.lengthMm, plate.lengthMm, g, j * m1);
      const pj = powerAtOrBelowW(c, 0);
      if (pj === 0) continue;
      for (let m = 0; m < m1; m++) {
        const pf = pj * f[j * m1 + m]!;
        for (let k = 0; k < m1; k++) q[m * m1 + k] = q[m * m1 + k]! + pf * g[j * m1 + k]!;
      }
    }
    for (let i = 0; i < m1 * m1; i++) q[i] = q[i]! * wz[i]!;

    const cal = this.pkg.calibration;
    const lateralKPerW = cal.interposerCouplingKPerW * this.pkg.interposerCouplingScale;
    const ellMm = cal.interposerCouplingLengthMm;
    const ambientC = this.pkg.ambientC;
    let peakC = ambientC;
    let o = 0;
    for (let i = 0; i < n; i++) {
      const c = columns[i]!;
      const pi = powerAtOrBelowW(c, 0);
      const fi = i * m1;
      // Own unit-power coefficients and the mean of the total field over die i.
      let meanK = 0;
      let ownMeanKPerW = 0;
      for (let m = 0; m < m1; m++) {
        const fm = f[fi + m]!;
        for (let k = 0; k < m1; k++) {
          const w = fm * g[fi + k]!;
          const idx = m * m1 + k;
          meanK += q[idx]! * w;
          own[idx] = wz[idx]! * w;
          ownMeanKPerW += own[idx]! * w;
        }
      }
      for (let a = 0; a < POINTS_PER_AXIS; a++) {
        const dxMm = ((a - 1) * c.widthMm) / 2;
        const dyMm = ((a - 1) * c.lengthMm) / 2;
        this.cosines((Math.PI * (c.xMm + dxMm)) / plate.widthMm, cx, a * m1);
        this.cosines((Math.PI * (c.yMm + dyMm)) / plate.lengthMm, cy, a * m1);
      }
      for (let a = 0; a < POINTS_PER_AXIS; a++) {
        row.fill(0);
        rowOwn.fill(0);
        for (let m = 0; m < m1; m++) {
          const cm = cx[a * m1 + m]!;
          for (let k = 0; k < m1; k++) {
            row[k] = row[k]! + q[m * m1 + k]! * cm;
            rowOwn[k] = rowOwn[k]! + own[m * m1 + k]! * cm;
          }
        }
        for (let b = 0; b < POINTS_PER_AXIS; b++) {
          let t = 0;
          let tOwn = 0;
          for (let k = 0; k < m1; k++) {
            t += row[k]! * cy[b * m1 + k]!;
            tOwn += rowOwn[k]! * cy[b * m1 + k]!;
          }
          pts[a * POINTS_PER_AXIS + b] = t;
          ptsOwn[a * POINTS_PER_AXIS + b] = tOwn;
        }
      }
      const kappa = Math.max(0, 1 - cal.cKappaMm / Math.min(c.widthMm, c.lengthMm));
      const centre = POINTS_PER_AXIS + 1;
      const spreadKPerW = (1 - kappa) * Math.max(0, ptsOwn[centre]! - ownMeanKPerW);
      let best = 0;
      for (let a = 0; a < POINTS_PER_AXIS; a++) {
        for (let b = 0; b < POINTS_PER_AXIS; b++) {
          const p = a * POINTS_PER_AXIS + b;
          const others = Math.max(0, pts[p]! - pi * ptsOwn[p]!);
          let cand = others + pi * Math.max(0, ptsOwn[p]! - spreadKPerW);
          if (lateralKPerW > 0 && c.kind === 'hbm') {
            const px = c.xMm + ((a - 1) * c.widthMm) / 2;
            const py = c.yMm + ((b - 1) * c.lengthMm) / 2;
            let lat = 0;
            for (let j = 0; j < n; j++) {
              if (j === i) continue;
              const d = columns[j]!;
              const pj = powerAtOrBelowW(d, 0);
              if (pj === 0) continue;
              const ddx = Math.max(0, Math.abs(px - d.xMm) - d.widthMm / 2);
              const ddy = Math.max(0, Math.abs(py - d.yMm) - d.lengthMm / 2);
              lat += pj * Math.exp(-Math.sqrt(ddx * ddx + ddy * ddy) / ellMm);
            }
            cand += lateralKPerW * lat;
          }
          if (cand > best) best = cand;
        }
      }
      const end = writeTierTemperatures(c, ambientC + best, ambientC + Math.max(0, meanK), out, o);
      for (; o < end; o += 2) if (out[o]! > peakC) peakC = out[o]!;
    }
    return peakC;
  }

  evaluate(columns: readonly ThermalColumn[]): ThermalResult {
    const out = new Float64Array(thermalOutputLength(columns));
    this.evaluateInto(columns, out);
    return structureResult(columns, this.pkg.ambientC, out);
  }
}

export function prepareSpectralThermal(
  pkg: ThermalPackage,
  options?: SpectralThermalOptions,
): SpectralThermalModel {
  return new SpectralThermalModel(pkg, options);
}

/** Convenience: Level-1 temperatures of one design point. */
export function spectralThermal(input: ThermalInput, options?: SpectralThermalOptions): ThermalResult {
  return new SpectralThermalModel(input, options).evaluate(input.columns);
}

/**
 * Thin-plate (Winkler) Green's function of the lid/sink plate with adiabatic edges
 * (docs/reference/thermal-model.md §4.3, Level 0 mutual term):
 *
 *   G(p,q) = t_p/(k_p·A_p) + 1/(2π·k_p·t_p) · Σ_images K0(|p − q_img|/λ),   λ = √(k_p·t_p/h)
 *
 * The images of q reflect it across every plate edge; together they form four copies of the
 * lattice (2m·a, 2n·b), so the sum is S(px−qx, py−qy) + S(px+qx, py−qy) + S(px−qx, py+qy)
 * + S(px+qx, py+qy) with S the doubly periodic lattice sum below. Instead of truncating to a few
 * rings, S is summed to convergence once per plate and tabulated; a sweep then pays a few table
 * look-ups (and one exact K0 for close pairs) per die pair.
 */
import { besselK0 } from './bessel.js';
import type { ThermalPlate } from './types.js';

const EULER_GAMMA = 0.5772156649015329;
/** Series are summed until a term falls below this fraction of the running sum. */
const SUM_TOLERANCE = 1e-15;
/** K0(x) is below 1e-18 past this argument, so images farther than this many λ are dropped. */
const K0_NEGLIGIBLE_ARGUMENT = 40;
/** Above this λ/b ratio the m = 0 column uses the log-subtracted spectral form (see below). */
const DIRECT_COLUMN_MAX_LAMBDA_RATIO = 4;
/** Upper bound on spectral terms (reached only for absurd aspect ratios). */
const MAX_TERMS = 4096;

/** How the m = 0 image column is summed for a given u (see `imageLatticeSum`). */
const BRANCH_SPECTRAL = 0;
const BRANCH_DIRECT = 1;
const BRANCH_LOG = 2;

function branchFor(u: number, b: number, lambda: number): number {
  if (u >= b / 4) return BRANCH_SPECTRAL;
  return lambda <= DIRECT_COLUMN_MAX_LAMBDA_RATIO * b ? BRANCH_DIRECT : BRANCH_LOG;
}

/**
 * Coefficients c_k of the part of S(u, ·) that is a cosine series in v: S_reg(u, v) =
 * Σ_k c_k·cos(πkv/b) + pointTerm(u, v). Returns how many were written.
 */
function rowCoefficients(u: number, a: number, b: number, lambda: number, coef: Float64Array): number {
  const kappa = Math.PI / b;
  const invLambda2 = 1 / (lambda * lambda);
  const pre = Math.PI / (2 * b);
  const branch = branchFor(u, b, lambda);
  let count = 0;
  let total = 0;
  for (let k = 0; k < MAX_TERMS; k++) {
    const gamma = Math.sqrt(invLambda2 + k * kappa * k * kappa);
    const weight = k === 0 ? pre : 2 * pre;
    // m ≠ 0 columns: Σ_{m≠0} e^{−|u−2ma|γ} = (e^{−(2a−u)γ} + e^{−(2a+u)γ}) / (1 − e^{−2aγ}).
    const far =
      (weight * (Math.exp(-(2 * a - u) * gamma) + Math.exp(-(2 * a + u) * gamma))) /
      gamma /
      -Math.expm1(-2 * a * gamma);
    let near = 0;
    if (branch === BRANCH_SPECTRAL) near = (weight * Math.exp(-u * gamma)) / gamma;
    else if (branch === BRANCH_LOG) {
      near =
        k === 0
          ? pre * lambda * Math.exp(-u / lambda)
          : weight * (Math.exp(-u * gamma) / gamma - Math.exp(-k * kappa * u) / (kappa * k));
    }
    coef[k] = far + near;
    count = k + 1;
    total += Math.abs(far + near);
    if (k === 0) continue;
    if (branch === BRANCH_LOG) {
      // Terms are ≈ (b/λ)²/(2π²k³), so the tail past k is ≈ (b/λ)²/(4π²k²); S ≥ πλ/2b > 6 here.
      if ((b / lambda) ** 2 / (4 * Math.PI * Math.PI * k * k) < 1e-10 && far < SUM_TOLERANCE * total) break;
    } else if (Math.abs(far + near) < SUM_TOLERANCE * total) break;
  }
  return count;
}

/** The part of S_reg(u, v) that is not a cosine series in v (direct term excluded). */
function pointTerm(u: number, v: number, b: number, lambda: number): number {
  const branch = branchFor(u, b, lambda);
  const r = Math.hypot(u, v);
  if (branch === BRANCH_SPECTRAL) return -besselK0(r / lambda);
  if (branch === BRANCH_DIRECT) {
    // At most (40·4b + b)/2b ≈ 81 image pairs.
    let sum = 0;
    for (let n = 1; n < MAX_TERMS; n++) {
      sum +=
        besselK0(Math.hypot(u, v - 2 * n * b) / lambda) + besselK0(Math.hypot(u, v + 2 * n * b) / lambda);
      if ((2 * n * b - v) / lambda > K0_NEGLIGIBLE_ARGUMENT) break;
    }
    return sum;
  }
  const kappa = Math.PI / b;
  // Limit of −½·ln(ψ² + φ²) − K0(r/λ) as r → 0: −ln(2κλ) + γ_E.
  if (r < 1e-9 * b) return EULER_GAMMA - Math.log(2 * kappa * lambda);
  const psi = kappa * u;
  const logPart = -0.5 * Math.log(1 - 2 * Math.exp(-psi) * Math.cos(kappa * v) + Math.exp(-2 * psi));
  return logPart - besselK0(r / lambda);
}

/**
 * Σ_m Σ_n K0(√((u−2ma)² + (v−2nb)²)/λ) for 0 ≤ u ≤ a, 0 ≤ v ≤ b and a ≥ b (all in the same length
 * unit), optionally without the singular (0,0) term.
 *
 * Columns m ≠ 0 use the Poisson-summed (spectral) form of a column of images,
 *   Σ_n K0(√(x² + (v−2nb)²)/λ) = (π/2b)·Σ_k ε_k·cos(πkv/b)·e^{−|x|γ_k}/γ_k,  γ_k = √(λ⁻² + (πk/b)²),
 * whose sum over m ≠ 0 is geometric in closed form; it converges like e^{−πk·a/b}, fast for a ≥ b.
 * The m = 0 column uses the same form when u ≥ b/4; closer to the source it is summed directly when
 * λ ≤ 4b, and otherwise with the 1/k part of the series summed in closed form,
 * Σ_k cos(kφ)e^{−kψ}/k = −½·ln(1 − 2e^{−ψ}cos φ + e^{−2ψ}), so the remainder falls like (b/λ)²/k³.
 */
export function imageLatticeSum(
  u: number,
  v: number,
  a: number,
  b: number,
  lambda: number,
  excludeDirect: boolean,
): number {
  const coef = new Float64Array(MAX_TERMS);
  const count = rowCoefficients(u, a, b, lambda, coef);
  let s = pointTerm(u, v, b, lambda);
  for (let k = 0; k < count; k++) s += coef[k]! * Math.cos((k * Math.PI * v) / b);
  return excludeDirect ? s : s + besselK0(Math.hypot(u, v) / lambda);
}

/**
 * Tabulated plate Green's function; build once per plate (see `plateGreenFunction`).
 *
 * The table holds S_reg = S − K0(r/λ) (smooth at the origin) and S itself on the grid
 * u_i = i·a/cells, v_j = j·b/cells. It is filled one row at a time (a row runs along the shorter
 * side), when a lookup first needs it: a design's few dies touch a few rows, and a full table of a
 * 128-cell plate costs about 20 ms, most of it in the rows near the edge where the image column
 * is summed directly. A row's values do not depend on which rows were filled before it.
 * Within a row the cosine part is shared and cos(πk·j/cells) repeats with period 2·cells, so a row
 * costs about (cells+1)·K multiply-adds plus the point terms.
 */
export class PlateGreenFunction {
  readonly widthMm: number;
  readonly lengthMm: number;
  /** Winkler decay length λ = √(k_p·t_p/h), mm. */
  readonly decayLengthMm: number;
  /** Uniform part t_p/(k_p·A_p) of G, K/W. */
  readonly uniformKPerW: number;
  /** 1/(2π·k_p·t_p), K/W per unit of K0. */
  readonly k0CoefficientKPerW: number;
  private readonly cells: number;
  private readonly invStepX: number;
  private readonly invStepY: number;
  private readonly nearRadius2: number;
  /** S − K0(r/λ) on the grid (smooth at the origin), and S itself (+∞ at the origin); row-major in y. */
  private readonly regular: Float64Array;
  private readonly full: Float64Array;
  /** The lattice sum runs along the longer side: rows are columns in x when the plate is wider. */
  private readonly rowsAlongX: boolean;
  /** 1 where a row of the tables is filled. */
  private readonly filled: Uint8Array;
  private readonly coef = new Float64Array(MAX_TERMS);
  private readonly cosTable: Float64Array;
  /** Σ of the self-images of a source at the plate centre, for the off-centre self correction. */
  readonly centreSelfImageSum: number;

  constructor(plate: ThermalPlate, cells = 128) {
    if (!Number.isInteger(cells) || cells < 8)
      throw new RangeError(`cells must be an integer >= 8, got ${cells}`);
    const a = plate.widthMm;
    const b = plate.lengthMm;
    const tM = plate.thicknessMm * 1e-3;
    const areaM2 = a * b * 1e-6;
    const k = plate.conductivityWPerMK;
    // λ² = k·t/h with h = 1/(R·A_p).
    const lambda = 1e3 * Math.sqrt(k * tM * plate.sinkResistanceKPerW * areaM2);
    this.decayLengthMm = lambda;
    this.uniformKPerW = tM / (k * areaM2);
    this.k0CoefficientKPerW = 1 / (2 * Math.PI * k * tM);
    this.widthMm = a;
    this.lengthMm = b;
    this.cells = cells;
    this.invStepX = cells / a;
    this.invStepY = cells / b;
    // Bilinear error of K0(r/λ) is ≈ h²/(4r²) of its scale; past 24 cells that is < 5e-4.
    const nearRadius = (24 * Math.max(a, b)) / cells;
    this.nearRadius2 = nearRadius * nearRadius;
    const n1 = cells + 1;
    this.regular = new Float64Array(n1 * n1);
    this.full = new Float64Array(n1 * n1);
    this.rowsAlongX = a >= b;
    this.filled = new Uint8Array(n1);
    this.cosTable = new Float64Array(2 * cells);
    for (let m = 0; m < 2 * cells; m++) this.cosTable[m] = Math.cos((Math.PI * m) / cells);
    this.centreSelfImageSum = this.selfImageSum(a / 2, b / 2);
  }

  /** Fills row i of both tables: u = i·long/cells along the longer side, v along the shorter. */
  private fillRow(i: number): void {
    const cells = this.cells;
    const n1 = cells + 1;
    const alongX = this.rowsAlongX;
    const long = alongX ? this.widthMm : this.lengthMm;
    const short = alongX ? this.lengthMm : this.widthMm;
    const lambda = this.decayLengthMm;
    const coef = this.coef;
    const cosTable = this.cosTable;
    const u = (i * long) / cells;
    const count = rowCoefficients(u, long, short, lambda, coef);
    for (let j = 0; j < n1; j++) {
      let s = pointTerm(u, (j * short) / cells, short, lambda);
      for (let k = 0; k < count; k++) s += coef[k]! * cosTable[(k * j) % (2 * cells)]!;
      const ix = alongX ? i : j;
      const iy = alongX ? j : i;
      const idx = iy * n1 + ix;
      this.regular[idx] = s;
      this.full[idx] =
        s + besselK0(Math.hypot((ix * this.widthMm) / cells, (iy * this.lengthMm) / cells) / lambda);
    }
    this.filled[i] = 1;
  }

  private lookup(table: Float64Array, u: number, v: number): number {
    const c = this.cells;
    const gx = u * this.invStepX;
    const gy = v * this.invStepY;
    // Truncation (not floor) keeps a -1e-12 rounding excursion in cell 0.
    let ix = gx | 0;
    let iy = gy | 0;
    if (ix >= c) ix = c - 1;
    if (iy >= c) iy = c - 1;
    const row = this.rowsAlongX ? ix : iy;
    if (this.filled[row] === 0) this.fillRow(row);
    if (this.filled[row + 1] === 0) this.fillRow(row + 1);
    const fx = gx - ix;
    const fy = gy - iy;
    const i00 = iy * (c + 1) + ix;
    const i01 = i00 + c + 1;
    const v00 = table[i00]!;
    const v10 = table[i00 + 1]!;
    return (
      v00 + fx * (v10 - v00) + fy * (table[i01]! - v00 + fx * (table[i01 + 1]! - table[i01]! - v10 + v00))
    );
  }

  /** Lattice sum S at any offset (mm); exact K0 for the direct term when it is close. */
  imageSum(du: number, dv: number): number {
    const a = this.widthMm;
    const b = this.lengthMm;
    // S is even and 2a-/2b-periodic: fold into [0,a]×[0,b]. Offsets of points on the plate are
    // within ±2a, so the modulo is only a fallback.
    let u = du < 0 ? -du : du;
    if (u > a) u = u <= 2 * a ? 2 * a - u : fold(u, a);
    let v = dv < 0 ? -dv : dv;
    if (v > b) v = v <= 2 * b ? 2 * b - v : fold(v, b);
    const r2 = u * u + v * v;
    if (r2 < this.nearRadius2)
      return this.lookup(this.regular, u, v) + besselK0(Math.sqrt(r2) / this.decayLengthMm);
    return this.lookup(this.full, u, v);
  }

  /** Plate-face temperature rise at p per watt injected at q (both in plate mm), K/W. */
  greenKPerW(px: number, py: number, qx: number, qy: number): number {
    const s =
      this.imageSum(px - qx, py - qy) +
      this.imageSum(px + qx, py - qy) +
      this.imageSum(px - qx, py + qy) +
      this.imageSum(px + qx, py + qy);
    return this.uniformKPerW + this.k0CoefficientKPerW * s;
  }

  /** Σ K0 over a source's own images (the direct term excluded), source at (x, y) mm. */
  selfImageSum(x: number, y: number): number {
    if (this.filled[0] === 0) this.fillRow(0);
    return this.regular[0]! + this.imageSum(2 * x, 0) + this.imageSum(0, 2 * y) + this.imageSum(2 * x, 2 * y);
  }

  /**
   * Extra self-heating of a source at (x, y) over the same source at the plate centre, K/W.
   * Lee's closed form assumes a centred source; its own images bring it closer to the edges.
   */
  offCentreSelfKPerW(x: number, y: number): number {
    return this.k0CoefficientKPerW * (this.selfImageSum(x, y) - this.centreSelfImageSum);
  }
}

/** Folds an offset into [0, half] for a function that is even and 2·half-periodic. */
function fold(x: number, half: number): number {
  let y = Math.abs(x) % (2 * half);
  if (y > half) y = 2 * half - y;
  return y;
}

const cache = new Map<string, PlateGreenFunction>();
const CACHE_LIMIT = 32;

/** Shared, cached Green's function table for a plate (building one costs a few ms). */
export function plateGreenFunction(plate: ThermalPlate, cells = 128): PlateGreenFunction {
  const key = `${plate.widthMm}|${plate.lengthMm}|${plate.thicknessMm}|${plate.conductivityWPerMK}|${plate.sinkResistanceKPerW}|${cells}`;
  let g = cache.get(key);
  if (g === undefined) {
    g = new PlateGreenFunction(plate, cells);
    if (cache.size >= CACHE_LIMIT) {
      const oldest = cache.keys().next();
      if (oldest.done !== true) cache.delete(oldest.value);
    }
    cache.set(key, g);
  }
  return g;
}

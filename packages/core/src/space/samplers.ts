/**
 * Counter-based samplers of the unit cube: every sample index s gives the same point wherever and
 * in whatever order it is computed, so any range of indices can be evaluated on any machine.
 *
 * - random: a 32-bit hash (MurmurHash3 x86_32 mixing and finaliser) of the words
 *   (stream tag, seed low, seed high, s low, s high, draw number); two draws make one 53-bit
 *   uniform in [0, 1). No generator state is carried from one sample to the next.
 * - sobol: Sobol points in Gray-code order (the order of Joe & Kuo's generator and of
 *   scipy.stats.qmc.Sobol), computed directly from s, with the Joe & Kuo (2008) "new-joe-kuo-6.21201"
 *   direction numbers for the first 32 dimensions; optional linear matrix scramble + digital shift.
 * - halton: radical inverse of s in the d-th prime base; optional scramble by a random permutation
 *   of the digits for each digit position (as scipy's Halton scramble).
 */

const TWO_32 = 4294967296;
const TWO_53 = 9007199254740992;

// --- hashing -------------------------------------------------------------------------------------

function mix(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finalise(h: number, lengthBytes: number): number {
  h ^= lengthBytes;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Stream tags, so that the random sampler and the scramblers never share draws. */
export const STREAM_RANDOM = 0x52414e44; // "RAND"
export const STREAM_SOBOL = 0x534f424c; // "SOBL"
export const STREAM_HALTON = 0x48414c54; // "HALT"

/**
 * The hash state of (stream, seed, s) before the draw number is mixed in. seed and s are
 * integers in [0, 2^53).
 */
export function sampleKey(stream: number, seed: number, s: number): number {
  let h = mix(0x9747b28c, stream);
  h = mix(h, seed >>> 0);
  h = mix(h, Math.floor(seed / TWO_32) >>> 0);
  h = mix(h, s >>> 0);
  return mix(h, Math.floor(s / TWO_32) >>> 0);
}

/** Draw number `n` (a 32-bit unsigned integer) of the sample whose key is given. */
export function drawWord(key: number, n: number): number {
  return finalise(mix(key, n), 24);
}

/** Uniform double in [0, 1) with 53 random bits: draws 2j and 2j + 1 of the key. */
export function drawUniform(key: number, j: number): number {
  const a = drawWord(key, 2 * j) >>> 5; // 27 bits
  const b = drawWord(key, 2 * j + 1) >>> 6; // 26 bits
  return (a * 67108864 + b) / TWO_53;
}

/** Fills out[0..dims) with the uniforms of sample s (seeded random strategy). */
export function randomPoint(seed: number, s: number, out: Float64Array, dims = out.length): void {
  const key = sampleKey(STREAM_RANDOM, seed, s);
  for (let j = 0; j < dims; j++) out[j] = drawUniform(key, j);
}

// --- Sobol ----------------------------------------------------------------------------------------

/**
 * Joe & Kuo new-joe-kuo-6.21201, dimensions 2..32: [s (degree), a (coefficients), m_1..m_s].
 * Dimension 1 is the van der Corput sequence (all m = 1).
 */
const JOE_KUO: readonly (readonly number[])[] = [
  [1, 0, 1],
  [2, 1, 1, 3],
  [3, 1, 1, 3, 1],
  [3, 2, 1, 1, 1],
  [4, 1, 1, 1, 3, 3],
  [4, 4, 1, 3, 5, 13],
  [5, 2, 1, 1, 5, 5, 17],
  [5, 4, 1, 1, 5, 5, 5],
  [5, 7, 1, 1, 7, 11, 19],
  [5, 11, 1, 1, 5, 1, 1],
  [5, 13, 1, 1, 1, 3, 11],
  [5, 14, 1, 3, 5, 5, 31],
  [6, 1, 1, 3, 3, 9, 7, 49],
  [6, 13, 1, 1, 1, 15, 21, 21],
  [6, 16, 1, 3, 1, 13, 27, 49],
  [6, 19, 1, 1, 1, 15, 7, 5],
  [6, 22, 1, 3, 1, 15, 13, 25],
  [6, 25, 1, 1, 5, 5, 19, 61],
  [7, 1, 1, 3, 7, 11, 23, 15, 103],
  [7, 4, 1, 3, 7, 13, 13, 15, 69],
  [7, 7, 1, 1, 3, 13, 7, 35, 63],
  [7, 8, 1, 3, 5, 9, 1, 25, 53],
  [7, 14, 1, 3, 1, 13, 9, 35, 107],
  [7, 19, 1, 3, 1, 5, 27, 61, 31],
  [7, 21, 1, 1, 5, 11, 19, 41, 61],
  [7, 28, 1, 3, 5, 3, 3, 13, 69],
  [7, 31, 1, 1, 7, 13, 1, 19, 1],
  [7, 32, 1, 3, 7, 5, 13, 19, 59],
  [7, 37, 1, 1, 3, 9, 25, 29, 41],
  [7, 41, 1, 3, 5, 13, 23, 1, 55],
  [7, 42, 1, 3, 7, 3, 13, 59, 17],
];

export const SOBOL_MAX_DIMENSIONS = JOE_KUO.length + 1;

/** Direction numbers V[d * 32 + b] (bit b = 0 is the most significant digit), unscrambled. */
function sobolDirections(dims: number): Uint32Array {
  if (dims > SOBOL_MAX_DIMENSIONS)
    throw new RangeError(`sobol: at most ${SOBOL_MAX_DIMENSIONS} dimensions, asked for ${dims}`);
  const v = new Uint32Array(dims * 32);
  for (let b = 0; b < 32; b++) v[b] = 2 ** (31 - b);
  for (let d = 1; d < dims; d++) {
    const row = JOE_KUO[d - 1]!;
    const s = row[0]!;
    const a = row[1]!;
    const base = d * 32;
    for (let b = 0; b < Math.min(s, 32); b++) v[base + b] = (row[2 + b]! * 2 ** (31 - b)) >>> 0;
    for (let b = s; b < 32; b++) {
      let x = v[base + b - s]! ^ (v[base + b - s]! >>> s);
      for (let k = 1; k < s; k++) if (((a >>> (s - 1 - k)) & 1) === 1) x ^= v[base + b - k]!;
      v[base + b] = x >>> 0;
    }
  }
  return v;
}

function parity32(x: number): number {
  x ^= x >>> 16;
  x ^= x >>> 8;
  x ^= x >>> 4;
  x ^= x >>> 2;
  x ^= x >>> 1;
  return x & 1;
}

/** Precomputed Sobol generator for a number of dimensions, optionally scrambled from a seed. */
export interface SobolTable {
  readonly dims: number;
  readonly directions: Uint32Array;
  /** Digital shift per dimension (all zero when not scrambled). */
  readonly shifts: Uint32Array;
}

/**
 * Scrambling (when asked): each dimension's generator matrix is multiplied by a random
 * lower-triangular binary matrix with unit diagonal (Matoušek's linear matrix scramble), and the
 * points get a random digital shift (XOR). Both keep the (t, m, s)-net structure.
 */
export function sobolTable(dims: number, scramble = false, seed = 0): SobolTable {
  const directions = sobolDirections(dims);
  const shifts = new Uint32Array(dims);
  if (scramble) {
    for (let d = 0; d < dims; d++) {
      const key = sampleKey(STREAM_SOBOL, seed, d);
      // Row r of the scrambling matrix: output digit r (bit 31 - r) is the parity of row & v.
      const rows = new Uint32Array(32);
      for (let r = 0; r < 32; r++) {
        const above = r === 0 ? 0 : (drawWord(key, r) & ~(2 ** (32 - r) - 1)) >>> 0;
        rows[r] = (above | (2 ** (31 - r))) >>> 0;
      }
      for (let b = 0; b < 32; b++) {
        const x = directions[d * 32 + b]!;
        let y = 0;
        for (let r = 0; r < 32; r++) if (parity32(rows[r]! & x) === 1) y += 2 ** (31 - r);
        directions[d * 32 + b] = y >>> 0;
      }
      shifts[d] = drawWord(key, 32);
    }
  }
  return { dims, directions, shifts };
}

/** The 32-bit integer coordinates of Sobol point s (Gray-code order), s in [0, 2^32). */
export function sobolWord(table: SobolTable, s: number, d: number): number {
  let g = (s ^ (s >>> 1)) >>> 0;
  let x = table.shifts[d]!;
  const base = d * 32;
  while (g !== 0) {
    const low = g & -g;
    x ^= table.directions[base + 31 - Math.clz32(low)]!;
    g = (g ^ low) >>> 0;
  }
  return x >>> 0;
}

/** Fills out[0..dims) with Sobol point s in [0, 1). */
export function sobolPoint(table: SobolTable, s: number, out: Float64Array): void {
  for (let d = 0; d < table.dims; d++) out[d] = sobolWord(table, s, d) / TWO_32;
}

// --- Halton ---------------------------------------------------------------------------------------

/** The first n primes. */
export function firstPrimes(n: number): number[] {
  const out: number[] = [];
  for (let c = 2; out.length < n; c++) if (out.every((p) => p * p > c || c % p !== 0)) out.push(c);
  return out;
}

export interface HaltonTable {
  readonly dims: number;
  readonly bases: Int32Array;
  /**
   * Per dimension, per digit position, a permutation of the digits (concatenated); empty when not
   * scrambled. Digit positions beyond the number of digits that fill 53 bits are ignored.
   */
  readonly perms: readonly Int32Array[];
  /** Number of digit positions per dimension (scrambled only). */
  readonly digits: Int32Array;
  /**
   * Per dimension (scrambled only), tail[pos] = what the digit positions pos.. add when the
   * remaining digits of the index are all zero, so the digit loop stops at the index's length.
   */
  readonly tails: readonly Float64Array[];
}

export function haltonTable(dims: number, scramble = false, seed = 0): HaltonTable {
  const bases = Int32Array.from(firstPrimes(dims));
  const digits = new Int32Array(dims);
  const perms: Int32Array[] = [];
  const tails: Float64Array[] = [];
  if (scramble) {
    for (let d = 0; d < dims; d++) {
      const b = bases[d]!;
      const n = Math.ceil(53 / Math.log2(b));
      digits[d] = n;
      const key = sampleKey(STREAM_HALTON, seed, d);
      const perm = new Int32Array(n * b);
      let draw = 0;
      for (let pos = 0; pos < n; pos++) {
        const p = perm.subarray(pos * b, pos * b + b);
        for (let i = 0; i < b; i++) p[i] = i;
        for (let i = b - 1; i > 0; i--) {
          const j = Math.floor((drawWord(key, draw++) / TWO_32) * (i + 1));
          const t = p[i]!;
          p[i] = p[j]!;
          p[j] = t;
        }
      }
      perms.push(perm);
      const tail = new Float64Array(n + 1);
      for (let pos = n - 1; pos >= 0; pos--) tail[pos] = tail[pos + 1]! + perm[pos * b]! * b ** -(pos + 1);
      tails.push(tail);
    }
  }
  return { dims, bases, perms, digits, tails };
}

/** Coordinate d of Halton point s (s an integer in [0, 2^53)), in [0, 1). */
export function haltonCoordinate(table: HaltonTable, s: number, d: number): number {
  const b = table.bases[d]!;
  const perm = table.perms[d];
  let u = 0;
  let scale = 1 / b;
  let k = s;
  if (perm === undefined) {
    while (k > 0) {
      const digit = k % b;
      u += digit * scale;
      k = (k - digit) / b; // exact: k - digit is a multiple of b
      scale /= b;
    }
    return u;
  }
  const n = table.digits[d]!;
  let pos = 0;
  for (; pos < n && k > 0; pos++) {
    const digit = k % b;
    u += perm[pos * b + digit]! * scale;
    k = (k - digit) / b;
    scale /= b;
  }
  u += table.tails[d]![pos]!;
  return u < 1 ? u : 1 - Number.EPSILON / 2;
}

/** Fills out[0..dims) with Halton point s in [0, 1). */
export function haltonPoint(table: HaltonTable, s: number, out: Float64Array): void {
  for (let d = 0; d < table.dims; d++) out[d] = haltonCoordinate(table, s, d);
}

/** Level of a uniform u in [0, 1) among n levels: floor(u * n), kept below n. */
export function levelOf(u: number, n: number): number {
  const k = Math.floor(u * n);
  return k < n ? k : n - 1;
}

/**
 * Objective clouds for the Pareto bench phases: seeded (mulberry32) so that every phase and every
 * run filters exactly the same points.
 */

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type CloudKind = 'uniform' | 'anti';

/**
 * n points in [0, 1)^m, row-major. Uniform: i.i.d. U(0, 1). Anti-correlated: normalised to sum 1
 * plus U(0, 1e-3) noise per objective, so most points are non-dominated (3-D, 10^6 points: about
 * three quarters are on the front).
 */
export function cloud(n: number, m: number, kind: CloudKind, seed = 1): Float64Array {
  const rnd = mulberry32(seed);
  const v = new Float64Array(n * m);
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += v[r * m + i] = rnd();
    if (kind === 'anti')
      for (let i = 0; i < m; i++) v[r * m + i] = (v[r * m + i] as number) / s + rnd() * 1e-3;
  }
  return v;
}

/** FNV-1a over the point indices and the bits of the values: equal fronts give equal hashes. */
export function frontHash(indices: Float64Array, values: Float64Array): string {
  let h = 0x811c9dc5;
  for (const arr of [indices, values]) {
    const bytes = new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength);
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

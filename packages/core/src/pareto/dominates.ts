/**
 * Pareto dominance on flat, row-major arrays of objective values. Every objective is MINIMISED
 * (callers negate maximised ones). Definitions: docs/models/pareto.md §1.
 */

/**
 * True when row `a` (starting at `aOff`) dominates row `b` (starting at `bOff`): `a_i <= b_i` for
 * every objective and `a_i < b_i` for at least one. Identical rows do not dominate each other, and
 * a row never dominates itself. A NaN compares false both ways, so a row containing NaN neither
 * dominates nor is dominated (the filters reject NaN up front).
 */
export function dominates(
  a: ArrayLike<number>,
  aOff: number,
  b: ArrayLike<number>,
  bOff: number,
  m: number,
): boolean {
  let strict = false;
  for (let i = 0; i < m; i++) {
    const x = a[aOff + i] as number;
    const y = b[bOff + i] as number;
    if (x > y) return false;
    if (x < y) strict = true;
    else if (x !== y) return false; // NaN
  }
  return strict;
}

/** True when `a_i <= b_i` for every objective (dominates or equals). */
export function weaklyDominates(
  a: ArrayLike<number>,
  aOff: number,
  b: ArrayLike<number>,
  bOff: number,
  m: number,
): boolean {
  for (let i = 0; i < m; i++) {
    if (!((a[aOff + i] as number) <= (b[bOff + i] as number))) return false;
  }
  return true;
}

/** True when the two rows hold the same objective vector (`-0` equals `0`). */
export function sameObjectives(
  a: ArrayLike<number>,
  aOff: number,
  b: ArrayLike<number>,
  bOff: number,
  m: number,
): boolean {
  for (let i = 0; i < m; i++) {
    if ((a[aOff + i] as number) !== (b[bOff + i] as number)) return false;
  }
  return true;
}

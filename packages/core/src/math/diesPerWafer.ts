/**
 * Analytic (gross) dies per wafer, the form used by Chiplet Actuary (Feng & Ma, DAC 2022, eq. A1 in
 * docs/models/shared-math.md) and, switched off, in CATCH: the usable disc area over the
 * scribe-inflated die area, minus a perimeter term for the partial dies lost around the edge.
 *
 *   N = π (d/2 − e)² / A_s − π (d − 2e) / √(2 A_s)
 *
 * The result is real-valued on purpose (Actuary does not floor it; flooring is the caller's
 * choice) and clamped at 0, since the formula goes negative once a die no longer fits.
 */
import { assertNonNegative, assertPositive } from './guards.js';

function usableDiameterMm(waferDiameterMm: number, edgeExclusionMm: number): number {
  assertPositive(waferDiameterMm, 'waferDiameterMm');
  assertNonNegative(edgeExclusionMm, 'edgeExclusionMm');
  const usable = waferDiameterMm - 2 * edgeExclusionMm;
  if (!(usable > 0)) {
    throw new RangeError(
      `edgeExclusionMm (${edgeExclusionMm}) leaves no usable wafer of diameter ${waferDiameterMm} mm`,
    );
  }
  return usable;
}

/**
 * Dies per wafer for a scribe-inflated die area `inflatedAreaMm2` (A_s, mm², scribe already
 * added) on a usable disc of diameter `usableDiameterMm`. Shared by the square and rectangular
 * forms; inputs are validated by the callers.
 */
function analyticCount(usableDiameter: number, inflatedAreaMm2: number): number {
  const n =
    (Math.PI * usableDiameter * usableDiameter) / (4 * inflatedAreaMm2) -
    (Math.PI * usableDiameter) / Math.sqrt(2 * inflatedAreaMm2);
  return n > 0 ? n : 0;
}

/**
 * Analytic dies per wafer for a die of area `dieAreaMm2`, treated as a square of side √A, so the
 * scribe-inflated area is A_s = (√A + s)². Real-valued, never negative.
 *
 * @param waferDiameterMm wafer diameter d, mm (e.g. 300)
 * @param edgeExclusionMm edge exclusion e, mm: the ring lost all round the wafer
 * @param dieAreaMm2 die area A, mm² (> 0)
 * @param scribeWidthMm scribe lane (dicing street) s, mm, added once per die side
 */
export function diesPerWafer(
  waferDiameterMm: number,
  edgeExclusionMm: number,
  dieAreaMm2: number,
  scribeWidthMm: number,
): number {
  const usable = usableDiameterMm(waferDiameterMm, edgeExclusionMm);
  assertPositive(dieAreaMm2, 'dieAreaMm2');
  assertNonNegative(scribeWidthMm, 'scribeWidthMm');
  const side = Math.sqrt(dieAreaMm2) + scribeWidthMm;
  return analyticCount(usable, side * side);
}

/**
 * Analytic dies per wafer for a rectangular die `dieWidthMm` × `dieHeightMm`, with
 * A_s = (w + s)(h + s). For a square die this equals `diesPerWafer`. Real-valued, never
 * negative. The formula depends on the area only, so a long thin die is counted as generously as
 * a square one; use `exactDiesPerWafer` when the aspect ratio matters.
 */
export function diesPerWaferRect(
  waferDiameterMm: number,
  edgeExclusionMm: number,
  dieWidthMm: number,
  dieHeightMm: number,
  scribeWidthMm: number,
): number {
  const usable = usableDiameterMm(waferDiameterMm, edgeExclusionMm);
  assertPositive(dieWidthMm, 'dieWidthMm');
  assertPositive(dieHeightMm, 'dieHeightMm');
  assertNonNegative(scribeWidthMm, 'scribeWidthMm');
  return analyticCount(usable, (dieWidthMm + scribeWidthMm) * (dieHeightMm + scribeWidthMm));
}

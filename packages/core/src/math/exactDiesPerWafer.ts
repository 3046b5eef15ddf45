/**
 * Exact counts of whole rectangles on a carrier: dies on a wafer (CATCH's grid-aligned packing,
 * Graening et al. 2025) and packages or interposers on a rectangular panel.
 *
 * Wafer: cells of pitch W × H ((w + s) × (h + s)) on an axis-aligned grid must lie wholly inside
 * the usable disc of radius R = d/2 − e. Fix the row phase y0. A row's usable chord L is set by its
 * edge farther from the centre, and m = ⌊L/W⌋ cells fit in it at the right column phase x0, m − 1
 * otherwise. The phases that fit m form an arc of half-length h = (L − mW)/2 on the circle of phases
 * [0, W), centred on x0 = 0 when m is even and on x0 = W/2 when m is odd (the chord is symmetric
 * about the wafer centre). So, with t ∈ [0, W/2] the distance of x0 from 0 (the count is symmetric
 * in x0), the best column phase maximises #{even rows: h ≥ t} + #{odd rows: W/2 − h ≤ t}: two
 * small sorts and a merge, exact. Row phases are sampled at fixed fractions of the row pitch; both
 * grid orientations are tried and the larger count wins. Why the count is non-increasing in die
 * width and height: docs/models/shared-math.md.
 */
import { assertNonNegative, assertPositive } from './guards.js';

/**
 * Row phases sampled per half row pitch: y0 = k·H/(2S), k = 0..S (the other half of the pitch is
 * the mirror image). With 16, counts match a 400-phase search within 2 dies (0.7 %) over random
 * dies of 0.5 to 80 mm a side, and CATCH's table is met or beaten. Fixed rather than adapted to the
 * die size, because a fixed set of phase fractions is what makes the count monotone in die size.
 */
export const DEFAULT_ROW_PHASE_STEPS = 16;

/** Up to this length a plain insertion sort is cheapest. */
const INSERTION_SORT_MAX = 24;

/** Reusable buffers of one `exactDiesPerWafer` call, sized for its largest row count. */
interface Scratch {
  evenHalfSlack: Float64Array;
  oddArcStart: Float64Array;
  sorted: Float64Array;
  bucketStart: Int32Array;
}

function insertionSort(values: Float64Array, length: number): void {
  for (let i = 1; i < length; i++) {
    const v = values[i]!;
    let j = i - 1;
    while (j >= 0 && values[j]! > v) {
      values[j + 1] = values[j]!;
      j--;
    }
    values[j + 1] = v;
  }
}

/**
 * Sorts values[0..length) ascending in place; all values lie in [0, upper] (give or take rounding).
 * Longer inputs are bucket-sorted (one bucket per value, then an insertion pass over nearly sorted
 * data): expected O(length) where TypedArray#sort is O(n log n) with a large constant.
 */
function sortPrefix(values: Float64Array, length: number, upper: number, scratch: Scratch): void {
  if (length <= INSERTION_SORT_MAX) {
    insertionSort(values, length);
    return;
  }
  const { sorted, bucketStart } = scratch;
  const scale = length / upper;
  const last = length - 1;
  bucketStart.fill(0, 0, length + 1);
  for (let i = 0; i < length; i++) {
    const b = Math.min(last, Math.max(0, Math.floor(values[i]! * scale)));
    bucketStart[b + 1]!++;
  }
  for (let b = 1; b <= length; b++) bucketStart[b]! += bucketStart[b - 1]!;
  for (let i = 0; i < length; i++) {
    const v = values[i]!;
    const b = Math.min(last, Math.max(0, Math.floor(v * scale)));
    sorted[bucketStart[b]!++] = v;
  }
  insertionSort(sorted, length);
  for (let i = 0; i < length; i++) values[i] = sorted[i]!;
}

/**
 * Best count for rows of height `rowPitch` stacked across the disc, with cells of pitch
 * `cellPitch` along each row. `scratch` holds buffers of at least the row count, reused across
 * phases so that the loops do not allocate.
 */
function bestCountForRowOrientation(
  radiusMm: number,
  cellPitch: number,
  rowPitch: number,
  phaseSteps: number,
  scratch: Scratch,
): number {
  const { evenHalfSlack, oddArcStart } = scratch;
  const radiusSq = radiusMm * radiusMm;
  const halfPitch = cellPitch / 2;
  let best = 0;
  for (let step = 0; step <= phaseSteps; step++) {
    const y0 = (rowPitch * step) / (2 * phaseSteps);
    const kMin = Math.ceil((-radiusMm - y0) / rowPitch);
    const kMax = Math.floor((radiusMm - y0) / rowPitch) - 1;
    let guaranteed = 0;
    let evens = 0;
    let odds = 0;
    for (let k = kMin; k <= kMax; k++) {
      const yLow = y0 + k * rowPitch;
      const yHigh = yLow + rowPitch;
      // The row's narrowest chord is at whichever of its edges lies farther from the centre.
      const farSq = Math.max(yLow * yLow, yHigh * yHigh);
      if (farSq > radiusSq) continue;
      const chord = 2 * Math.sqrt(radiusSq - farSq);
      const fit = Math.floor(chord / cellPitch);
      if (fit === 0) continue;
      guaranteed += fit - 1;
      // Clamp: rounding can leave a slack of -1 ulp when a cell touches the edge exactly.
      const halfSlack = Math.max(0, (chord - fit * cellPitch) / 2);
      if (fit % 2 === 0) evenHalfSlack[evens++] = halfSlack;
      else oddArcStart[odds++] = halfPitch - halfSlack;
    }
    sortPrefix(evenHalfSlack, evens, halfPitch, scratch);
    sortPrefix(oddArcStart, odds, halfPitch, scratch);
    // At t = 0 every even arc covers and no odd arc does (each starts above 0); sweeping t up,
    // odd arcs join at their start and even arcs leave after their end (closed arcs: join first).
    let covering = evens;
    let mostCovering = evens;
    let e = 0;
    for (let o = 0; o < odds; o++) {
      const t = oddArcStart[o]!;
      while (e < evens && evenHalfSlack[e]! < t) {
        covering--;
        e++;
      }
      covering++;
      if (covering > mostCovering) mostCovering = covering;
    }
    const count = guaranteed + mostCovering;
    if (count > best) best = count;
  }
  return best;
}

/**
 * Exact number of whole dies of `dieWidthMm` × `dieHeightMm` (plus `scribeWidthMm` per side
 * pitch) on the usable disc of a wafer, grid-aligned, best grid phase found as described in the
 * module comment. An integer, never negative.
 *
 * @param waferDiameterMm wafer diameter d, mm
 * @param edgeExclusionMm edge exclusion e, mm: usable disc diameter is d − 2e
 * @param dieWidthMm die width w, mm (> 0)
 * @param dieHeightMm die height h, mm (> 0)
 * @param scribeWidthMm scribe lane / dicing street s, mm: cell pitch is (w + s) × (h + s)
 * @param rowPhaseSteps row phases tried per half pitch (accuracy/speed trade-off; the count is
 *   monotone in die size for any fixed value)
 */
export function exactDiesPerWafer(
  waferDiameterMm: number,
  edgeExclusionMm: number,
  dieWidthMm: number,
  dieHeightMm: number,
  scribeWidthMm: number,
  rowPhaseSteps: number = DEFAULT_ROW_PHASE_STEPS,
): number {
  assertPositive(waferDiameterMm, 'waferDiameterMm');
  assertNonNegative(edgeExclusionMm, 'edgeExclusionMm');
  assertPositive(dieWidthMm, 'dieWidthMm');
  assertPositive(dieHeightMm, 'dieHeightMm');
  assertNonNegative(scribeWidthMm, 'scribeWidthMm');
  if (!(Number.isInteger(rowPhaseSteps) && rowPhaseSteps >= 1)) {
    throw new RangeError(`rowPhaseSteps must be an integer >= 1, got ${String(rowPhaseSteps)}`);
  }
  const radiusMm = waferDiameterMm / 2 - edgeExclusionMm;
  if (!(radiusMm > 0)) {
    throw new RangeError(
      `edgeExclusionMm (${edgeExclusionMm}) leaves no usable wafer of diameter ${waferDiameterMm} mm`,
    );
  }
  const pitchX = dieWidthMm + scribeWidthMm;
  const pitchY = dieHeightMm + scribeWidthMm;
  if (pitchX > 2 * radiusMm || pitchY > 2 * radiusMm) return 0;
  // One arc per row; sized for the orientation with the more rows.
  const maxRows = Math.ceil((2 * radiusMm) / Math.min(pitchX, pitchY)) + 2;
  const scratch: Scratch = {
    evenHalfSlack: new Float64Array(maxRows),
    oddArcStart: new Float64Array(maxRows),
    sorted: new Float64Array(maxRows),
    bucketStart: new Int32Array(maxRows + 1),
  };
  const rowsAlongX = bestCountForRowOrientation(radiusMm, pitchX, pitchY, rowPhaseSteps, scratch);
  const rowsAlongY = bestCountForRowOrientation(radiusMm, pitchY, pitchX, rowPhaseSteps, scratch);
  return Math.max(rowsAlongX, rowsAlongY);
}

/**
 * Relative tolerance on "fits exactly": panel sizes and kerfs are decimal millimetres, and e.g.
 * 57.8 + 0.2 is 58.00000000000001 in binary, which would lose a whole column at an exact fit.
 */
const EXACT_FIT_TOLERANCE = 1e-9;

/** Items of length `itemMm` in a row of `usableMm`, `kerfMm` between neighbours: n·item + (n−1)·kerf ≤ usable. */
function fitAlong(usableMm: number, itemMm: number, kerfMm: number): number {
  return Math.floor((usableMm + kerfMm) / (itemMm + kerfMm) + EXACT_FIT_TOLERANCE);
}

/**
 * Number of `itemWidthMm` × `itemHeightMm` rectangles (packages, interposers) on a rectangular
 * panel: a grid with `kerfMm` between neighbouring items, inside a border of `edgeMm` on every side
 * (the border also takes the outermost saw cuts, so n items need n·item + (n − 1)·kerf). Both
 * orientations of the item are tried and the larger count wins. Unlike the wafer count, which
 * follows CATCH in giving every die a full scribe lane, this reproduces the reference
 * wafer-vs-panel table (docs/reference/technology-facts.md §3) in both its baseline and its sensitivity columns.
 *
 * @param panelWidthMm panel width, mm
 * @param panelHeightMm panel height, mm
 * @param edgeMm unusable border on each side of the panel, mm
 * @param itemWidthMm item width, mm (> 0)
 * @param itemHeightMm item height, mm (> 0)
 * @param kerfMm saw kerf between neighbouring items, mm
 */
export function rectanglesPerPanel(
  panelWidthMm: number,
  panelHeightMm: number,
  edgeMm: number,
  itemWidthMm: number,
  itemHeightMm: number,
  kerfMm: number,
): number {
  assertPositive(panelWidthMm, 'panelWidthMm');
  assertPositive(panelHeightMm, 'panelHeightMm');
  assertNonNegative(edgeMm, 'edgeMm');
  assertPositive(itemWidthMm, 'itemWidthMm');
  assertPositive(itemHeightMm, 'itemHeightMm');
  assertNonNegative(kerfMm, 'kerfMm');
  const usableWidth = panelWidthMm - 2 * edgeMm;
  const usableHeight = panelHeightMm - 2 * edgeMm;
  if (!(usableWidth > 0 && usableHeight > 0)) {
    throw new RangeError(
      `edgeMm (${edgeMm}) leaves no usable area on a ${panelWidthMm} × ${panelHeightMm} mm panel`,
    );
  }
  const asGiven = fitAlong(usableWidth, itemWidthMm, kerfMm) * fitAlong(usableHeight, itemHeightMm, kerfMm);
  const rotated = fitAlong(usableWidth, itemHeightMm, kerfMm) * fitAlong(usableHeight, itemWidthMm, kerfMm);
  return Math.max(asGiven, rotated);
}

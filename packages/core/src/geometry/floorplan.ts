/**
 * Side-by-side floorplan of dies and memory stacks on one carrier, and the rectangle geometry the
 * bandwidth and thermal models read from it (facing shoreline, edge gaps, centre distances).
 *
 * Algorithm (docs/models/floorplan-and-bandwidth.md §1):
 *  1. Dies, in input order, are packed into rows of `c` dies (shelf packing): dies in a row
 *     sit `dieSpacingMm` apart, centred on the row's height; rows are `dieSpacingMm` apart and
 *     each row is centred on the widest one. This is the die array.
 *  2. Memory stacks go in `k` columns on each side of the die array, split evenly between the
 *     sides (the left side takes the odd one); a stack goes to the side its die is on where the
 *     even split allows. On each side the stacks are ordered by their die's height and dealt
 *     round-robin into the columns; each column is placed as close as possible (least squares,
 *     pool-adjacent-violators) to the heights of the dies the stacks attach to.
 *  3. `c` is searched over 1..n (up to FULL_ROW_SEARCH dies; beyond, around the square-array value
 *     sqrt(n·meanHeight/meanWidth)) and `k` over 1..(stacks per side); the layout with the smallest
 *     carrier area wins (ties: squarer, fewer memory columns, more dies per row). Cost is
 *     O(#c · #k · (n + m log m)).
 *  Input order and a search set that does not depend on sizes make the die-array outline
 *  monotone: every candidate's outline grows (weakly) with any die's width or height, and so
 *  does their minimum — a die that grows never shrinks its carrier (cost models rely on it).
 */

export type FloorplanItemKind = 'die' | 'memory';

export interface FloorplanItem {
  id: string;
  widthMm: number;
  heightMm: number;
  kind: FloorplanItemKind;
  /** For memories: id of the die whose PHY the stack hangs off ('' or absent: unattached). */
  attachedTo?: string;
}

/** An axis-aligned rectangle; (xMm, yMm) is its lower-left corner. */
export interface RectMm {
  xMm: number;
  yMm: number;
  widthMm: number;
  heightMm: number;
}

export interface Placement extends RectMm {
  id: string;
  kind: FloorplanItemKind;
}

export interface CarrierOutline {
  widthMm: number;
  heightMm: number;
  areaMm2: number;
}

export interface FloorplanOptions {
  /** Least edge-to-edge distance between any two items, mm. */
  dieSpacingMm: number;
  /** Distance from the outermost items to the carrier edge, mm. */
  edgeMarginMm: number;
}

export interface Floorplan {
  /** One placement per input item, in input order; the carrier's lower-left corner is (0, 0). */
  placements: Placement[];
  carrier: CarrierOutline;
  /** Dies per row of the die array that was chosen. */
  diesPerRow: number;
  /** Memory columns on each side of the die array (0 without memories). */
  memoryColumnsPerSide: number;
}

/** Up to this many dies every row length is tried (the result is then monotone in die sizes). */
const FULL_ROW_SEARCH = 32;
/** Beyond that, die-per-row candidates span [c0 / f, c0 · f] around the square-array value c0. */
const ROW_SEARCH_FACTOR = 2;
/** Relative tolerance when comparing candidate areas and aspect, so float noise cannot decide. */
const COMPARE_REL_TOLERANCE = 1e-9;

function checkPositive(value: number, name: string): void {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new RangeError(`${name} must be a positive finite number, got ${value}`);
  }
}

function checkNonNegative(value: number, name: string): void {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new RangeError(`${name} must be a non-negative finite number, got ${value}`);
  }
}

/**
 * Least-squares placement of a column of stacked items: `bottoms[i]` holds the desired bottom edge of
 * item i on entry and the placed one on return; items keep their order and sit at least `spacingMm`
 * apart. Substituting z_i = y_i − offset_i turns the spacing constraints into z non-decreasing, an
 * isotonic regression solved exactly by pool-adjacent-violators in O(len).
 */
function packColumn(bottoms: number[], heights: number[], spacingMm: number): void {
  const len = bottoms.length;
  const offsets: number[] = new Array<number>(len);
  let offset = 0;
  for (let i = 0; i < len; i++) {
    offsets[i] = offset;
    offset += (heights[i] ?? 0) + spacingMm;
  }
  const blockMean: number[] = [];
  const blockCount: number[] = [];
  for (let i = 0; i < len; i++) {
    let mean = (bottoms[i] ?? 0) - (offsets[i] ?? 0);
    let cnt = 1;
    while (blockMean.length > 0 && (blockMean[blockMean.length - 1] ?? 0) > mean) {
      const prevCnt = blockCount.pop() ?? 0;
      const prevMean = blockMean.pop() ?? 0;
      mean = (prevMean * prevCnt + mean * cnt) / (prevCnt + cnt);
      cnt += prevCnt;
    }
    blockMean.push(mean);
    blockCount.push(cnt);
  }
  let i = 0;
  for (let b = 0; b < blockMean.length; b++) {
    const mean = blockMean[b] ?? 0;
    const cnt = blockCount[b] ?? 0;
    for (let j = 0; j < cnt; j++, i++) bottoms[i] = mean + (offsets[i] ?? 0);
  }
}

/**
 * Deterministic side-by-side floorplan (see the module comment for the algorithm). Every pair of
 * items is at least `dieSpacingMm` apart and every item at least `edgeMarginMm` inside the carrier,
 * which is the bounding box of the placements grown by the margin.
 */
export function sideBySideFloorplan(items: readonly FloorplanItem[], options: FloorplanOptions): Floorplan {
  const { dieSpacingMm: spacing, edgeMarginMm: margin } = options;
  checkNonNegative(spacing, 'dieSpacingMm');
  checkNonNegative(margin, 'edgeMarginMm');
  const count = items.length;
  if (count === 0) throw new RangeError('a floorplan needs at least one item');

  const indexById = new Map<string, number>();
  let dieCount = 0;
  for (let i = 0; i < count; i++) {
    const item = items[i] as FloorplanItem;
    checkPositive(item.widthMm, `item '${item.id}' widthMm`);
    checkPositive(item.heightMm, `item '${item.id}' heightMm`);
    if (indexById.has(item.id)) throw new RangeError(`duplicate floorplan item id '${item.id}'`);
    indexById.set(item.id, i);
    if (item.kind === 'die') dieCount++;
  }

  // Without dies there is no array to flank: lay the memories out as if they were dies.
  const arrayIdx: number[] = [];
  const memIdx: number[] = [];
  for (let i = 0; i < count; i++) {
    if (dieCount === 0 || (items[i] as FloorplanItem).kind === 'die') arrayIdx.push(i);
    else memIdx.push(i);
  }

  // Die a memory attaches to (-1: unattached, or attached to something that is not a placed die).
  const attachedDie = new Int32Array(count).fill(-1);
  for (const m of memIdx) {
    const target = (items[m] as FloorplanItem).attachedTo;
    const d = target === undefined || target === '' ? undefined : indexById.get(target);
    if (d !== undefined && (items[d] as FloorplanItem).kind === 'die') attachedDie[m] = d;
  }

  const n = arrayIdx.length;
  let sumW = 0;
  let sumH = 0;
  for (const i of arrayIdx) {
    sumW += (items[i] as FloorplanItem).widthMm;
    sumH += (items[i] as FloorplanItem).heightMm;
  }
  const squareRow = Math.sqrt((n * sumH) / sumW);
  const fullSearch = n <= FULL_ROW_SEARCH;
  const cMin = fullSearch ? 1 : Math.max(1, Math.min(n, Math.floor(squareRow / ROW_SEARCH_FACTOR)));
  const cMax = fullSearch ? n : Math.max(cMin, Math.min(n, Math.ceil(squareRow * ROW_SEARCH_FACTOR)));
  const m = memIdx.length;
  const leftCount = Math.ceil(m / 2);
  const kMax = Math.max(1, leftCount);

  const xs = new Float64Array(count);
  const ys = new Float64Array(count);
  const bestXs = new Float64Array(count);
  const bestYs = new Float64Array(count);
  let best = { area: Infinity, aspect: Infinity, k: 0, c: 0, minX: 0, minY: 0, width: 0, height: 0 };
  const prefX = new Float64Array(count);
  /** Desired centre height of each memory: its die's centre (the array's centre if unattached). */
  const targetY = new Float64Array(count);

  for (let c = cMin; c <= cMax; c++) {
    // 1. Die array in rows of c, origin at its lower-left corner.
    const rows = Math.ceil(n / c);
    let arrayW = 0;
    for (let r = 0; r < rows; r++) {
      let rowW = -spacing;
      for (let t = r * c; t < Math.min(n, r * c + c); t++) {
        rowW += (items[arrayIdx[t] as number] as FloorplanItem).widthMm + spacing;
      }
      arrayW = Math.max(arrayW, rowW);
    }
    let rowY = 0;
    for (let r = 0; r < rows; r++) {
      const end = Math.min(n, r * c + c);
      let rowW = -spacing;
      let rowH = 0;
      for (let t = r * c; t < end; t++) {
        const it = items[arrayIdx[t] as number] as FloorplanItem;
        rowW += it.widthMm + spacing;
        rowH = Math.max(rowH, it.heightMm);
      }
      let x = (arrayW - rowW) / 2;
      for (let t = r * c; t < end; t++) {
        const i = arrayIdx[t] as number;
        const it = items[i] as FloorplanItem;
        xs[i] = x;
        ys[i] = rowY + (rowH - it.heightMm) / 2;
        x += it.widthMm + spacing;
      }
      rowY += rowH + spacing;
    }
    const arrayH = rowY - spacing;

    // 2a. Which side each memory goes to: by its die's horizontal position, split evenly.
    for (const i of memIdx) {
      const d = attachedDie[i] as number;
      prefX[i] = d < 0 ? 0 : (xs[d] as number) + (items[d] as FloorplanItem).widthMm / 2 - arrayW / 2;
      targetY[i] = d < 0 ? arrayH / 2 : (ys[d] as number) + (items[d] as FloorplanItem).heightMm / 2;
    }
    const bySide = memIdx.slice().sort((a, b) => (prefX[a] as number) - (prefX[b] as number) || a - b);
    const byHeight = (a: number, b: number): number =>
      (targetY[a] as number) - (targetY[b] as number) || a - b;
    const left = bySide.slice(0, leftCount).sort(byHeight);
    const right = bySide.slice(leftCount).sort(byHeight);

    for (let k = 1; k <= kMax; k++) {
      // 2b. k columns per side, dealt round-robin so every column spans the die array's height.
      let minX = 0;
      let maxX = arrayW;
      let minY = 0;
      let maxY = arrayH;
      for (let side = 0; side < 2; side++) {
        const list = side === 0 ? left : right;
        let edgeX = side === 0 ? -spacing : arrayW + spacing;
        for (let col = 0; col < k && col < list.length; col++) {
          const members: number[] = [];
          for (let t = col; t < list.length; t += k) members.push(list[t] as number);
          let colW = 0;
          const bottoms: number[] = [];
          const heights: number[] = [];
          for (const i of members) {
            const it = items[i] as FloorplanItem;
            colW = Math.max(colW, it.widthMm);
            bottoms.push((targetY[i] as number) - it.heightMm / 2);
            heights.push(it.heightMm);
          }
          packColumn(bottoms, heights, spacing);
          const colX = side === 0 ? edgeX - colW : edgeX;
          for (let t = 0; t < members.length; t++) {
            const i = members[t] as number;
            const it = items[i] as FloorplanItem;
            // Centre each stack on its column so narrower stacks keep their distance to both neighbours.
            xs[i] = colX + (colW - it.widthMm) / 2;
            ys[i] = bottoms[t] as number;
            minY = Math.min(minY, ys[i] as number);
            maxY = Math.max(maxY, (ys[i] as number) + it.heightMm);
          }
          if (side === 0) {
            minX = Math.min(minX, colX);
            edgeX = colX - spacing;
          } else {
            maxX = Math.max(maxX, colX + colW);
            edgeX = colX + colW + spacing;
          }
        }
      }

      // 3. Keep the candidate with the smallest carrier.
      const width = maxX - minX;
      const height = maxY - minY;
      const carrierArea = (width + 2 * margin) * (height + 2 * margin);
      const aspect = Math.abs(width - height);
      const tol = COMPARE_REL_TOLERANCE * Math.max(carrierArea, best.area === Infinity ? 0 : best.area);
      const better =
        carrierArea < best.area - tol ||
        (carrierArea <= best.area + tol &&
          (aspect < best.aspect - COMPARE_REL_TOLERANCE * (width + height) ||
            (aspect <= best.aspect + COMPARE_REL_TOLERANCE * (width + height) &&
              (k < best.k || (k === best.k && c > best.c)))));
      if (better) {
        best = { area: carrierArea, aspect, k, c, minX, minY, width, height };
        bestXs.set(xs);
        bestYs.set(ys);
      }
    }
  }

  const placements: Placement[] = new Array<Placement>(count);
  for (let i = 0; i < count; i++) {
    const it = items[i] as FloorplanItem;
    placements[i] = {
      id: it.id,
      kind: it.kind,
      xMm: (bestXs[i] as number) - best.minX + margin,
      yMm: (bestYs[i] as number) - best.minY + margin,
      widthMm: it.widthMm,
      heightMm: it.heightMm,
    };
  }
  const carrierW = best.width + 2 * margin;
  const carrierH = best.height + 2 * margin;
  return {
    placements,
    carrier: { widthMm: carrierW, heightMm: carrierH, areaMm2: carrierW * carrierH },
    diesPerRow: best.c,
    memoryColumnsPerSide: m === 0 ? 0 : best.k,
  };
}

/**
 * Signed separations of two rectangles along x and y: positive is the gap between them on that
 * axis, negative the length of their overlap there.
 */
function separations(a: RectMm, b: RectMm): [number, number] {
  const dx = Math.max(a.xMm, b.xMm) - Math.min(a.xMm + a.widthMm, b.xMm + b.widthMm);
  const dy = Math.max(a.yMm, b.yMm) - Math.min(a.yMm + a.heightMm, b.yMm + b.heightMm);
  return [dx, dy];
}

/**
 * Length of the facing edges of two rectangles (the overlap of their projections on the axis the
 * edges run along), if the gap between those edges is at most `maxGapMm`; 0 for rectangles that
 * overlap, are diagonal to each other, or only touch at a corner.
 */
export function facingShorelineMm(a: RectMm, b: RectMm, maxGapMm: number): number {
  const [dx, dy] = separations(a, b);
  if (dx >= 0 && dy < 0) return dx <= maxGapMm ? -dy : 0;
  if (dy >= 0 && dx < 0) return dy <= maxGapMm ? -dx : 0;
  return 0;
}

/** Shortest (Euclidean) distance between two rectangles; 0 if they touch or overlap. */
export function edgeGapMm(a: RectMm, b: RectMm): number {
  const [dx, dy] = separations(a, b);
  return Math.hypot(Math.max(0, dx), Math.max(0, dy));
}

/**
 * Shortest distance between two rectangles along orthogonal (x then y) wiring: the least length
 * of a Manhattan-routed wire between their edges. Equals `edgeGapMm` for facing rectangles.
 */
export function manhattanEdgeGapMm(a: RectMm, b: RectMm): number {
  const [dx, dy] = separations(a, b);
  return Math.max(0, dx) + Math.max(0, dy);
}

/** Euclidean distance between the centres of two rectangles. */
export function centreDistanceMm(a: RectMm, b: RectMm): number {
  return Math.hypot(
    a.xMm + a.widthMm / 2 - b.xMm - b.widthMm / 2,
    a.yMm + a.heightMm / 2 - b.yMm - b.heightMm / 2,
  );
}

export function perimeterMm(r: RectMm): number {
  return 2 * (r.widthMm + r.heightMm);
}

/**
 * Visible facing shoreline of `rects[index]` towards every other rectangle: along each of its four
 * edges, each stretch of edge is credited to the nearest rectangle straight in front of it within
 * `maxGapMm` (farther rectangles behind it are shadowed). Writes `out[j]` (mm) for every j
 * (`out[index]` = 0); the sum over j never exceeds the perimeter. O(R log R) per call.
 */
export function visibleShorelinesMm(
  rects: readonly RectMm[],
  index: number,
  maxGapMm: number,
  out: Float64Array | number[],
): void {
  const a = rects[index];
  if (a === undefined) throw new RangeError(`no rectangle at index ${index}`);
  const count = rects.length;
  for (let j = 0; j < count; j++) out[j] = 0;
  const cand: number[] = [];
  const gaps = new Float64Array(count);
  const los = new Float64Array(count);
  const his = new Float64Array(count);
  const claimed: number[] = [];
  // side 0: right (+x), 1: left (−x), 2: top (+y), 3: bottom (−y)
  for (let side = 0; side < 4; side++) {
    cand.length = 0;
    for (let j = 0; j < count; j++) {
      if (j === index) continue;
      const b = rects[j] as RectMm;
      let gap: number;
      let lo: number;
      let hi: number;
      if (side < 2) {
        gap = side === 0 ? b.xMm - (a.xMm + a.widthMm) : a.xMm - (b.xMm + b.widthMm);
        lo = Math.max(a.yMm, b.yMm);
        hi = Math.min(a.yMm + a.heightMm, b.yMm + b.heightMm);
      } else {
        gap = side === 2 ? b.yMm - (a.yMm + a.heightMm) : a.yMm - (b.yMm + b.heightMm);
        lo = Math.max(a.xMm, b.xMm);
        hi = Math.min(a.xMm + a.widthMm, b.xMm + b.widthMm);
      }
      if (gap < 0 || gap > maxGapMm || hi <= lo) continue;
      gaps[j] = gap;
      los[j] = lo;
      his[j] = hi;
      cand.push(j);
    }
    if (cand.length === 0) continue;
    cand.sort((p, q) => (gaps[p] as number) - (gaps[q] as number) || p - q);
    // Nearest first: each claims what is left of its projection. `claimed` holds sorted disjoint [lo, hi] pairs.
    claimed.length = 0;
    for (const j of cand) {
      const lo = los[j] as number;
      const hi = his[j] as number;
      let covered = 0;
      for (let t = 0; t < claimed.length; t += 2) {
        covered += Math.max(0, Math.min(hi, claimed[t + 1] as number) - Math.max(lo, claimed[t] as number));
      }
      out[j] = (out[j] as number) + Math.max(0, hi - lo - covered);
      insertInterval(claimed, lo, hi);
    }
  }
}

/** Adds [lo, hi] to a sorted list of disjoint intervals stored as flat pairs, merging overlaps. */
function insertInterval(list: number[], lo: number, hi: number): void {
  let newLo = lo;
  let newHi = hi;
  const kept: number[] = [];
  for (let t = 0; t < list.length; t += 2) {
    const l = list[t] as number;
    const h = list[t + 1] as number;
    if (h < newLo || l > newHi) kept.push(l, h);
    else {
      newLo = Math.min(newLo, l);
      newHi = Math.max(newHi, h);
    }
  }
  let pos = 0;
  while (pos < kept.length && (kept[pos] as number) < newLo) pos += 2;
  kept.splice(pos, 0, newLo, newHi);
  list.length = 0;
  for (const v of kept) list.push(v);
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FloorplanItem, RectMm } from './index.js';
import {
  centreDistanceMm,
  edgeGapMm,
  facingShorelineMm,
  manhattanEdgeGapMm,
  perimeterMm,
  sideBySideFloorplan,
  visibleShorelinesMm,
} from './index.js';

const EPS = 1e-9;

const rect = (xMm: number, yMm: number, widthMm: number, heightMm: number): RectMm => ({
  xMm,
  yMm,
  widthMm,
  heightMm,
});

/** Signed separation along x and y (positive: gap, negative: overlap), computed independently. */
function separation(a: RectMm, b: RectMm): { dx: number; dy: number } {
  const dx = Math.max(b.xMm - (a.xMm + a.widthMm), a.xMm - (b.xMm + b.widthMm));
  const dy = Math.max(b.yMm - (a.yMm + a.heightMm), a.yMm - (b.yMm + b.heightMm));
  return { dx, dy };
}

describe('sideBySideFloorplan', () => {
  it('puts a single item at the margin and sizes the carrier as item + 2·margin', () => {
    const fp = sideBySideFloorplan([{ id: 'a', widthMm: 10, heightMm: 20, kind: 'die' }], {
      dieSpacingMm: 0.5,
      edgeMarginMm: 1,
    });
    expect(fp.placements).toEqual([{ id: 'a', kind: 'die', xMm: 1, yMm: 1, widthMm: 10, heightMm: 20 }]);
    expect(fp.carrier).toEqual({ widthMm: 12, heightMm: 22, areaMm2: 264 });
  });

  it('places two equal square dies side by side (equal-area tie goes to the wider row)', () => {
    // One row: (2·10 + 1) + 2·2 = 25 wide, 10 + 2·2 = 14 high; a column would be 14 × 25, same area.
    const fp = sideBySideFloorplan(
      [
        { id: 'a', widthMm: 10, heightMm: 10, kind: 'die' },
        { id: 'b', widthMm: 10, heightMm: 10, kind: 'die' },
      ],
      { dieSpacingMm: 1, edgeMarginMm: 2 },
    );
    expect(fp.diesPerRow).toBe(2);
    expect(fp.placements.map((p) => [p.xMm, p.yMm])).toEqual([
      [2, 2],
      [13, 2],
    ]);
    expect(fp.carrier.widthMm).toBeCloseTo(25, 12);
    expect(fp.carrier.heightMm).toBeCloseTo(14, 12);
    expect(fp.carrier.areaMm2).toBeCloseTo(350, 9);
  });

  it('flanks an H100-like die with three HBM stacks per side', () => {
    // Die 26 × 32, six 11 × 11 stacks, spacing 1, margin 1. One column per side: 3·11 + 2·1 = 35 tall,
    // centred on the die centre (y = 16) -> spans -1.5..33.5. Width 11 + 1 + 26 + 1 + 11 = 50.
    // Carrier (50 + 2) × (35 + 2) = 52 × 37 = 1924 mm² (two columns per side would give 76 × 34).
    const items: FloorplanItem[] = [{ id: 'gpu', widthMm: 26, heightMm: 32, kind: 'die' }];
    for (let i = 0; i < 6; i++) {
      items.push({ id: `hbm${i}`, widthMm: 11, heightMm: 11, kind: 'memory', attachedTo: 'gpu' });
    }
    const fp = sideBySideFloorplan(items, { dieSpacingMm: 1, edgeMarginMm: 1 });
    expect(fp.memoryColumnsPerSide).toBe(1);
    expect(fp.carrier.widthMm).toBeCloseTo(52, 9);
    expect(fp.carrier.heightMm).toBeCloseTo(37, 9);
    expect(fp.carrier.areaMm2).toBeCloseTo(1924, 9);
    const at = (id: string): [number, number] => {
      const p = fp.placements.find((q) => q.id === id);
      return p === undefined ? [NaN, NaN] : [p.xMm, p.yMm];
    };
    const close = (got: [number, number], want: [number, number]): void => {
      expect(got[0]).toBeCloseTo(want[0], 9);
      expect(got[1]).toBeCloseTo(want[1], 9);
    };
    close(at('gpu'), [13, 2.5]);
    close(at('hbm0'), [1, 1]);
    close(at('hbm1'), [1, 13]);
    close(at('hbm2'), [1, 25]);
    close(at('hbm3'), [40, 1]);
    close(at('hbm4'), [40, 13]);
    close(at('hbm5'), [40, 25]);
  });

  it('puts a 2 × 2 die array between its memories, each stack on its own die side', () => {
    // Four 10 × 10 dies (2 × 2 array, 21 × 21), two 5 × 5 stacks per die, spacing 1, margin 1.
    // Per side one column of 4: 4·5 + 3 = 23 tall, least-squares centred on its dies -> y -1..22.
    // Carrier (5 + 1 + 21 + 1 + 5 + 2) × (23 + 2) = 35 × 25 = 875 mm².
    const items: FloorplanItem[] = [];
    for (let d = 0; d < 4; d++) items.push({ id: `iod${d}`, widthMm: 10, heightMm: 10, kind: 'die' });
    for (let d = 0; d < 4; d++) {
      for (let s = 0; s < 2; s++) {
        items.push({ id: `hbm${d}.${s}`, widthMm: 5, heightMm: 5, kind: 'memory', attachedTo: `iod${d}` });
      }
    }
    const fp = sideBySideFloorplan(items, { dieSpacingMm: 1, edgeMarginMm: 1 });
    expect(fp.diesPerRow).toBe(2);
    expect(fp.memoryColumnsPerSide).toBe(1);
    expect(fp.carrier.widthMm).toBeCloseTo(35, 9);
    expect(fp.carrier.heightMm).toBeCloseTo(25, 9);
    const byId = new Map(fp.placements.map((p) => [p.id, p]));
    for (let d = 0; d < 4; d++) {
      const die = byId.get(`iod${d}`);
      for (let s = 0; s < 2; s++) {
        const mem = byId.get(`hbm${d}.${s}`);
        if (die === undefined || mem === undefined) throw new Error('missing placement');
        const dieOnLeft = die.xMm + die.widthMm / 2 < fp.carrier.widthMm / 2;
        if (dieOnLeft) expect(mem.xMm + mem.widthMm).toBeLessThanOrEqual(die.xMm);
        else expect(mem.xMm).toBeGreaterThanOrEqual(die.xMm + die.widthMm);
      }
    }
    // The left column, bottom to top, holds the stacks of the lower left die first.
    const left = fp.placements.filter((p) => p.kind === 'memory' && p.xMm < 2).sort((p, q) => p.yMm - q.yMm);
    expect(left).toHaveLength(4);
    [1, 7, 13, 19].forEach((y, i) => expect(left[i]?.yMm).toBeCloseTo(y, 9));
    expect(left.map((p) => p.id)).toEqual(['hbm0.0', 'hbm0.1', 'hbm2.0', 'hbm2.1']);
  });

  it('lays out memories without dies as an array', () => {
    const fp = sideBySideFloorplan(
      [
        { id: 'm0', widthMm: 4, heightMm: 4, kind: 'memory' },
        { id: 'm1', widthMm: 4, heightMm: 4, kind: 'memory' },
      ],
      { dieSpacingMm: 1, edgeMarginMm: 0 },
    );
    expect(fp.carrier.areaMm2).toBeCloseTo(36, 9);
  });

  it('rejects invalid input with RangeError', () => {
    const opts = { dieSpacingMm: 1, edgeMarginMm: 1 };
    expect(() => sideBySideFloorplan([], opts)).toThrow(RangeError);
    expect(() => sideBySideFloorplan([{ id: 'a', widthMm: 0, heightMm: 1, kind: 'die' }], opts)).toThrow(
      RangeError,
    );
    expect(() => sideBySideFloorplan([{ id: 'a', widthMm: 1, heightMm: -2, kind: 'die' }], opts)).toThrow(
      RangeError,
    );
    expect(() => sideBySideFloorplan([{ id: 'a', widthMm: NaN, heightMm: 1, kind: 'die' }], opts)).toThrow(
      RangeError,
    );
    expect(() =>
      sideBySideFloorplan([{ id: 'a', widthMm: 1, heightMm: 1, kind: 'die' }], {
        dieSpacingMm: -1,
        edgeMarginMm: 1,
      }),
    ).toThrow(RangeError);
    expect(() =>
      sideBySideFloorplan(
        [
          { id: 'a', widthMm: 1, heightMm: 1, kind: 'die' },
          { id: 'a', widthMm: 1, heightMm: 1, kind: 'die' },
        ],
        opts,
      ),
    ).toThrow(RangeError);
  });

  const itemsArb = fc
    .record({
      dies: fc.array(
        fc.record({
          w: fc.double({ min: 0.5, max: 40, noNaN: true }),
          h: fc.double({ min: 0.5, max: 40, noNaN: true }),
        }),
        { minLength: 0, maxLength: 10 },
      ),
      mems: fc.array(
        fc.record({
          w: fc.double({ min: 0.5, max: 15, noNaN: true }),
          h: fc.double({ min: 0.5, max: 15, noNaN: true }),
          attach: fc.nat(12),
        }),
        { minLength: 0, maxLength: 12 },
      ),
    })
    .filter((r) => r.dies.length + r.mems.length > 0)
    .map((r) => {
      const items: FloorplanItem[] = r.dies.map((d, i) => ({
        id: `d${i}`,
        widthMm: d.w,
        heightMm: d.h,
        kind: 'die',
      }));
      r.mems.forEach((m, i) => {
        // attach indices past the dies leave the stack unattached
        const attachedTo = m.attach < r.dies.length ? `d${m.attach}` : m.attach % 2 === 0 ? '' : 'nowhere';
        items.push({ id: `m${i}`, widthMm: m.w, heightMm: m.h, kind: 'memory', attachedTo });
      });
      return items;
    });
  const optsArb = fc.record({
    dieSpacingMm: fc.double({ min: 0, max: 3, noNaN: true }),
    edgeMarginMm: fc.double({ min: 0, max: 3, noNaN: true }),
  });

  it('never overlaps items and keeps them at least dieSpacingMm apart on some axis', () => {
    fc.assert(
      fc.property(itemsArb, optsArb, (items, opts) => {
        const { placements } = sideBySideFloorplan(items, opts);
        for (let i = 0; i < placements.length; i++) {
          for (let j = i + 1; j < placements.length; j++) {
            const { dx, dy } = separation(placements[i] as RectMm, placements[j] as RectMm);
            expect(Math.max(dx, dy)).toBeGreaterThanOrEqual(opts.dieSpacingMm - EPS);
            expect(edgeGapMm(placements[i] as RectMm, placements[j] as RectMm)).toBeGreaterThanOrEqual(
              opts.dieSpacingMm - EPS,
            );
          }
        }
      }),
    );
  });

  it('keeps every item inside the carrier by its margin, sizes preserved, area ≥ silicon', () => {
    fc.assert(
      fc.property(itemsArb, optsArb, (items, opts) => {
        const fp = sideBySideFloorplan(items, opts);
        const m = opts.edgeMarginMm;
        let silicon = 0;
        fp.placements.forEach((p, i) => {
          const item = items[i] as FloorplanItem;
          expect(p.id).toBe(item.id);
          expect(p.widthMm).toBe(item.widthMm);
          expect(p.heightMm).toBe(item.heightMm);
          expect(p.xMm).toBeGreaterThanOrEqual(m - EPS);
          expect(p.yMm).toBeGreaterThanOrEqual(m - EPS);
          expect(p.xMm + p.widthMm).toBeLessThanOrEqual(fp.carrier.widthMm - m + EPS);
          expect(p.yMm + p.heightMm).toBeLessThanOrEqual(fp.carrier.heightMm - m + EPS);
          silicon += p.widthMm * p.heightMm;
        });
        expect(fp.carrier.areaMm2).toBeGreaterThanOrEqual(silicon * (1 - EPS));
        expect(fp.carrier.areaMm2).toBeCloseTo(fp.carrier.widthMm * fp.carrier.heightMm, 6);
        // The outline is the tight bounding box plus margins: some item touches each margin line.
        const minX = Math.min(...fp.placements.map((p) => p.xMm));
        const minY = Math.min(...fp.placements.map((p) => p.yMm));
        const maxX = Math.max(...fp.placements.map((p) => p.xMm + p.widthMm));
        const maxY = Math.max(...fp.placements.map((p) => p.yMm + p.heightMm));
        expect(minX).toBeCloseTo(m, 9);
        expect(minY).toBeCloseTo(m, 9);
        expect(maxX).toBeCloseTo(fp.carrier.widthMm - m, 9);
        expect(maxY).toBeCloseTo(fp.carrier.heightMm - m, 9);
      }),
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(itemsArb, optsArb, (items, opts) => {
        expect(sideBySideFloorplan(items, opts)).toEqual(sideBySideFloorplan(items, opts));
      }),
      { numRuns: 50 },
    );
  });

  it('stays cheap for a large system', () => {
    const items: FloorplanItem[] = [];
    for (let i = 0; i < 200; i++)
      items.push({ id: `d${i}`, widthMm: 5 + (i % 7), heightMm: 6 + (i % 5), kind: 'die' });
    for (let i = 0; i < 32; i++) {
      items.push({ id: `m${i}`, widthMm: 11, heightMm: 11, kind: 'memory', attachedTo: `d${i}` });
    }
    const t0 = performance.now();
    const fp = sideBySideFloorplan(items, { dieSpacingMm: 0.2, edgeMarginMm: 1 });
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(fp.placements).toHaveLength(232);
  });
});

describe('rectangle geometry', () => {
  it('measures facing shoreline as the overlap of facing edges within the gap', () => {
    const a = rect(0, 0, 10, 10);
    const b = rect(11, 4, 5, 20); // right of a, gap 1, y overlap 4..10
    expect(facingShorelineMm(a, b, 1)).toBe(6);
    expect(facingShorelineMm(b, a, 1)).toBe(6);
    expect(facingShorelineMm(a, b, 0.5)).toBe(0);
    const c = rect(2, 10, 3, 3); // on top of a, touching: gap 0, x overlap 2..5
    expect(facingShorelineMm(a, c, 0)).toBe(3);
    expect(facingShorelineMm(a, rect(11, 11, 2, 2), 5)).toBe(0); // diagonal
    expect(facingShorelineMm(a, rect(10, 10, 2, 2), 5)).toBe(0); // corner touch
    expect(facingShorelineMm(a, rect(5, 5, 10, 10), 5)).toBe(0); // overlapping
  });

  it('measures edge gaps and centre distances', () => {
    const a = rect(0, 0, 1, 1);
    const b = rect(4, 5, 1, 1); // dx 3, dy 4
    expect(edgeGapMm(a, b)).toBeCloseTo(5, 12);
    expect(manhattanEdgeGapMm(a, b)).toBeCloseTo(7, 12);
    expect(centreDistanceMm(a, b)).toBeCloseTo(Math.sqrt(41), 12);
    expect(edgeGapMm(a, rect(1, 0, 1, 1))).toBe(0);
    expect(edgeGapMm(a, rect(0.5, 0.5, 1, 1))).toBe(0);
    expect(edgeGapMm(a, rect(3, 0.2, 1, 1))).toBeCloseTo(2, 12);
    expect(perimeterMm(rect(0, 0, 3, 4))).toBe(14);
  });

  it('credits each stretch of edge to the nearest rectangle in front of it', () => {
    const rects = [rect(0, 0, 10, 10), rect(11, 0, 5, 4), rect(20, 0, 5, 10), rect(0, 11, 10, 2)];
    const out = new Float64Array(4);
    visibleShorelinesMm(rects, 0, 10, out);
    // right edge: B takes y 0..4, C (gap 10) the remaining 4..10; top edge: D takes 10.
    expect(Array.from(out)).toEqual([0, 4, 6, 10]);
    visibleShorelinesMm(rects, 0, 5, out);
    expect(Array.from(out)).toEqual([0, 4, 0, 10]);
    // three in a row: the middle one shadows the far one
    visibleShorelinesMm([rect(0, 0, 10, 10), rect(11, 0, 10, 10), rect(22, 0, 10, 10)], 0, 100, out);
    expect(Array.from(out.subarray(0, 3))).toEqual([0, 10, 0]);
  });

  const rectArb = fc
    .record({
      x: fc.double({ min: -50, max: 50, noNaN: true }),
      y: fc.double({ min: -50, max: 50, noNaN: true }),
      w: fc.double({ min: 0.01, max: 30, noNaN: true }),
      h: fc.double({ min: 0.01, max: 30, noNaN: true }),
    })
    .map((r) => rect(r.x, r.y, r.w, r.h));

  it('facing shoreline is symmetric and never longer than the shorter facing edge', () => {
    fc.assert(
      fc.property(rectArb, rectArb, fc.double({ min: 0, max: 100, noNaN: true }), (a, b, gap) => {
        const s = facingShorelineMm(a, b, gap);
        expect(s).toBe(facingShorelineMm(b, a, gap));
        expect(s).toBeGreaterThanOrEqual(0);
        const { dx } = separation(a, b);
        const edgeA = dx >= 0 ? a.heightMm : a.widthMm;
        const edgeB = dx >= 0 ? b.heightMm : b.widthMm;
        expect(s).toBeLessThanOrEqual(Math.min(edgeA, edgeB) + EPS);
        if (s > 0) expect(edgeGapMm(a, b)).toBeLessThanOrEqual(gap + EPS);
      }),
    );
  });

  it('edge gap is symmetric, ≤ Manhattan gap ≤ √2·edge gap, and ≤ centre distance', () => {
    fc.assert(
      fc.property(rectArb, rectArb, (a, b) => {
        const g = edgeGapMm(a, b);
        expect(g).toBe(edgeGapMm(b, a));
        expect(g).toBeGreaterThanOrEqual(0);
        expect(g).toBeLessThanOrEqual(manhattanEdgeGapMm(a, b) + EPS);
        expect(manhattanEdgeGapMm(a, b)).toBeLessThanOrEqual(Math.SQRT2 * g + EPS);
        expect(g).toBeLessThanOrEqual(centreDistanceMm(a, b) + EPS);
      }),
    );
  });

  it('visible shorelines never sum above the perimeter', () => {
    fc.assert(
      fc.property(
        fc.array(rectArb, { minLength: 1, maxLength: 12 }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (rs, gap) => {
          const out = new Float64Array(rs.length);
          for (let i = 0; i < rs.length; i++) {
            visibleShorelinesMm(rs, i, gap, out);
            let sum = 0;
            for (let j = 0; j < rs.length; j++) {
              expect(out[j]).toBeGreaterThanOrEqual(0);
              expect(out[j]).toBeLessThanOrEqual(
                facingShorelineMm(rs[i] as RectMm, rs[j] as RectMm, gap) + EPS,
              );
              sum += out[j] as number;
            }
            expect(out[i]).toBe(0);
            expect(sum).toBeLessThanOrEqual(perimeterMm(rs[i] as RectMm) + EPS);
          }
        },
      ),
    );
  });
});

describe('floorplan monotonicity', () => {
  it('a die that grows never shrinks the carrier (dies only)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            w: fc.double({ min: 1, max: 30, noNaN: true }),
            h: fc.double({ min: 1, max: 30, noNaN: true }),
          }),
          {
            minLength: 1,
            maxLength: 9,
          },
        ),
        fc.nat(),
        fc.double({ min: 1, max: 2, noNaN: true }),
        fc.double({ min: 1, max: 2, noNaN: true }),
        (dims, pick, kw, kh) => {
          const items = dims.map((d, i) => ({
            id: `d${i}`,
            widthMm: d.w,
            heightMm: d.h,
            kind: 'die' as const,
          }));
          const i = pick % items.length;
          const grown = items.map((it, j) =>
            j === i ? { ...it, widthMm: it.widthMm * kw, heightMm: it.heightMm * kh } : it,
          );
          const opts = { dieSpacingMm: 0.5, edgeMarginMm: 1 };
          const a0 = sideBySideFloorplan(items, opts).carrier.areaMm2;
          const a1 = sideBySideFloorplan(grown, opts).carrier.areaMm2;
          expect(a1).toBeGreaterThanOrEqual(a0 * (1 - 1e-12));
        },
      ),
      { numRuns: 300 },
    );
  });
});

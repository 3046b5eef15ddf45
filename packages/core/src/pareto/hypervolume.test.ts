import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hypervolume } from './hypervolume.js';

/** Grid-counting oracle on integer coordinates: unit cells [c, c+1)^m below the reference. */
function gridVolume(points: number[][], ref: number[]): number {
  const m = ref.length;
  const cell = new Array<number>(m).fill(0);
  let count = 0;
  const lo = Math.min(0, ...points.flat());
  const walk = (d: number): void => {
    if (d === m) {
      if (points.some((p) => p.every((x, i) => x <= (cell[i] as number)))) count++;
      return;
    }
    for (let c = lo; c < (ref[d] as number); c++) {
      cell[d] = c;
      walk(d + 1);
    }
  };
  walk(0);
  return count;
}

/** Inclusion-exclusion oracle for real coordinates (small n). */
function inclusionExclusion(points: number[][], ref: number[]): number {
  const inside = points.filter((p) => p.every((x, i) => x < (ref[i] as number)));
  let total = 0;
  for (let mask = 1; mask < 1 << inside.length; mask++) {
    let vol = 1;
    let bits = 0;
    for (let i = 0; i < ref.length; i++) {
      let max = -Infinity;
      for (let k = 0; k < inside.length; k++) {
        if (mask & (1 << k)) max = Math.max(max, (inside[k] as number[])[i] as number);
      }
      vol *= (ref[i] as number) - max;
    }
    for (let k = mask; k; k &= k - 1) bits++;
    total += bits % 2 === 1 ? vol : -vol;
  }
  return total;
}

const hv = (points: number[][], ref: number[]): number => hypervolume(points.flat(), ref.length, ref);

const intCloud = (maxM: number, maxN: number, maxC: number) =>
  fc.integer({ min: 1, max: maxM }).chain((m) =>
    fc.record({
      ref: fc.array(fc.integer({ min: 1, max: maxC }), { minLength: m, maxLength: m }),
      points: fc.array(fc.array(fc.integer({ min: 0, max: maxC }), { minLength: m, maxLength: m }), {
        maxLength: maxN,
      }),
      extra: fc.array(fc.integer({ min: 0, max: maxC }), { minLength: m, maxLength: m }),
    }),
  );

describe('hypervolume: hand values', () => {
  it('2-D, 3-D, 1-D and 4-D cases', () => {
    expect(
      hv(
        [
          [1, 2],
          [2, 1],
        ],
        [3, 3],
      ),
    ).toBe(3);
    expect(hv([[0, 0, 0]], [1, 1, 1])).toBe(1);
    expect(
      hv(
        [
          [0, 0, 1],
          [1, 1, 0],
        ],
        [2, 2, 2],
      ),
    ).toBe(5); // 4 + 2 - 1
    expect(hv([[3], [1], [2]], [5])).toBe(4);
    expect(hv([[0, 0, 0, 0]], [1, 2, 3, 4])).toBe(24);
    expect(
      hv(
        [
          [0, 0, 0, 1],
          [1, 1, 1, 0],
        ],
        [2, 2, 2, 2],
      ),
    ).toBe(8 + 2 - 1);
  });

  it('points that do not strictly dominate the reference contribute nothing', () => {
    expect(hv([[3, 0]], [3, 3])).toBe(0);
    expect(hv([[0, 5, 0]], [3, 3, 3])).toBe(0);
    expect(
      hv(
        [
          [Infinity, 0],
          [1, 1],
        ],
        [2, 2],
      ),
    ).toBe(1);
    expect(hv([], [1, 1])).toBe(0);
  });

  it('rejects bad input', () => {
    expect(() => hypervolume([1, 2], 2, [3])).toThrow(/reference point has 1/);
    expect(() => hv([[1, 2]], [3, Infinity])).toThrow(/reference\[1\]/);
    expect(() => hv([[1, NaN]], [3, 3])).toThrow(/NaN/);
    expect(() => hv([[1, -Infinity]], [3, 3])).toThrow(/infinite/);
    expect(hypervolume([1, 1, 0, 0], 2, [2, 2], 1)).toBe(1); // only the first row
  });
});

describe('hypervolume: properties', () => {
  it('equals the grid-counting oracle on integer coordinates (m = 1..5)', () => {
    fc.assert(
      fc.property(intCloud(5, 12, 5), ({ ref, points }) => {
        expect(hv(points, ref)).toBe(gridVolume(points, ref));
      }),
      { numRuns: 400 },
    );
  });

  it('equals inclusion-exclusion on real coordinates (m = 2..5)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }).chain((m) =>
          fc.array(fc.array(fc.double({ min: -1, max: 2, noNaN: true }), { minLength: m, maxLength: m }), {
            maxLength: 8,
          }),
        ),
        (points) => {
          const m = (points[0] ?? [0, 0]).length;
          const ref = new Array<number>(m).fill(1);
          const expected = inclusionExclusion(points, ref);
          expect(hv(points, ref)).toBeCloseTo(expected, 9);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is monotone (adding a point never decreases it) and ignores dominated points (exact on integers)', () => {
    fc.assert(
      fc.property(intCloud(4, 20, 8), ({ ref, points, extra }) => {
        const base = hv(points, ref);
        expect(hv([...points, extra], ref)).toBeGreaterThanOrEqual(base);
        // A point weakly dominated by an existing one (p + non-negative shift) changes nothing.
        if (points.length > 0) {
          const p = points[0] as number[];
          const dominated = p.map((x, i) => x + ((extra[i] as number) % 3));
          expect(hv([...points, dominated], ref)).toBe(base);
          expect(hv([dominated, ...points, p], ref)).toBe(base);
        }
        // And does not depend on the order.
        expect(hv([...points].reverse(), ref)).toBe(base);
      }),
      { numRuns: 300 },
    );
  });

  it('3-D front of a few thousand points: matches the 4-D sweep with a flat last objective', () => {
    let s = 7;
    const rnd = (): number => {
      s = (s * 16807) % 2147483647;
      return s / 2147483647;
    };
    const pts3: number[] = [];
    const pts4: number[] = [];
    for (let k = 0; k < 3000; k++) {
      const a = rnd();
      const b = rnd() * (1 - a);
      const row = [a, b, 1 - a - b];
      pts3.push(...row);
      pts4.push(...row, 0);
    }
    const v3 = hypervolume(pts3, 3, [1.1, 1.1, 1.1]);
    expect(v3).toBeGreaterThan(0);
    expect(hypervolume(pts4, 4, [1.1, 1.1, 1.1, 2])).toBeCloseTo(2 * v3, 9);
  });
});

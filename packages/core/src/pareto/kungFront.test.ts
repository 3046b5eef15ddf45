import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kungNonDominated } from './kungFront.js';

/** Distinct vectors in lexicographic order, as kungNonDominated expects. */
function prepare(rows: number[][]): number[][] {
  const seen = new Map<string, number[]>();
  for (const r of rows) seen.set(r.map((x) => x + 0).join(','), r);
  return [...seen.values()].sort((a, b) => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
    return 0;
  });
}

function bruteForce(rows: number[][]): number[] {
  const dom = (a: number[], b: number[]): boolean =>
    a.every((x, i) => x <= (b[i] as number)) && a.some((x, i) => x < (b[i] as number));
  return rows.flatMap((r, i) => (rows.some((q) => dom(q, r)) ? [] : [i]));
}

describe('kungNonDominated', () => {
  it('equals brute force on clouds with many ties per objective (m = 2..6, up to 400 points)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 0, max: 400 }),
        fc.constantFrom(3, 8, 1000),
        fc.boolean(),
        fc.integer(),
        (m, n, levels, anti, seed) => {
          let s = seed >>> 0 || 1;
          const rnd = (): number => {
            s = (Math.imul(s, 48271) >>> 0) % 2147483647 || 1;
            return s / 2147483647;
          };
          const raw: number[][] = [];
          for (let k = 0; k < n; k++) {
            const u = Array.from({ length: m }, () => rnd());
            const sum = u.reduce((a, b) => a + b, 0);
            raw.push(u.map((x) => Math.floor((anti ? x / sum : x) * levels)));
          }
          const rows = prepare(raw);
          const got = Array.from(kungNonDominated(Float64Array.from(rows.flat()), m, rows.length)).sort(
            (a, b) => a - b,
          );
          expect(got).toEqual(bruteForce(rows));
        },
      ),
      { numRuns: 150 },
    );
  });
});

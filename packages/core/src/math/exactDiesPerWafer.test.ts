import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diesPerWaferRect } from './diesPerWafer.js';
import { exactDiesPerWafer, rectanglesPerPanel } from './exactDiesPerWafer.js';

describe('exactDiesPerWafer (grid-aligned exact packing, CATCH C3)', () => {
  it("meets or beats CATCH's published grid-exact counts, within 2 %", () => {
    // CATCH (300 mm, 0.1 mm edge exclusion, 0.13 mm dicing, square dies): 637, 308, 70.
    const catchTable: [number, number][] = [
      [100, 637],
      [200, 308],
      [800, 70],
    ];
    for (const [area, published] of catchTable) {
      const side = Math.sqrt(area);
      const n = exactDiesPerWafer(300, 0.1, side, side, 0.13);
      expect(n).toBeGreaterThanOrEqual(published);
      expect(n).toBeLessThanOrEqual(published * 1.02);
    }
  });

  it('finds the best grid of an independent brute force', () => {
    // python3 brute force, independent of this code: every cell of a (w+s)x(h+s) grid enumerated
    // and kept when all 4 corners lie in the disc of radius 149.9, over a 120x120 grid of
    // (x, y) phases -> 637, 310, 71 for 100, 200, 800 mm^2.
    expect(exactDiesPerWafer(300, 0.1, 10, 10, 0.13)).toBe(637);
    expect(exactDiesPerWafer(300, 0.1, Math.sqrt(200), Math.sqrt(200), 0.13)).toBe(310);
    expect(exactDiesPerWafer(300, 0.1, Math.sqrt(800), Math.sqrt(800), 0.13)).toBe(71);
  });

  it('reproduces the wafer column of the reference wafer-vs-panel table', () => {
    // docs/reference/technology-facts.md §3: 300 mm wafer, 3 mm edge exclusion, 0.2 mm kerf.
    expect(exactDiesPerWafer(300, 3, 80, 80, 0.2)).toBe(6);
    expect(exactDiesPerWafer(300, 3, 70, 70, 0.2)).toBe(8);
    expect(exactDiesPerWafer(300, 3, 60, 70, 0.2)).toBe(10);
    expect(exactDiesPerWafer(300, 3, 52, 52, 0.2)).toBe(17);
    expect(exactDiesPerWafer(300, 3, 120, 120, 0.2)).toBe(2);
    // The table says 63 for one 26x33 mm reticle; a better grid phase fits 64 (confirmed by the
    // python3 corner-check brute force over a 100x100 phase grid).
    expect(exactDiesPerWafer(300, 3, 26, 33, 0.2)).toBe(64);
    // Sensitivity (5 mm edge, 1 mm kerf): ASE's "9 interposers of 5.5x reticle per wafer".
    expect(exactDiesPerWafer(300, 5, 60, 70, 1)).toBe(9);
    expect(exactDiesPerWafer(300, 5, 80, 80, 1)).toBe(5);
  });

  it('handles degenerate sizes', () => {
    expect(exactDiesPerWafer(300, 5, 300, 1, 0)).toBe(0);
    expect(exactDiesPerWafer(300, 5, 291, 1, 0)).toBe(0);
    // A 1x1 mm cell centred on the wafer always fits once the disc is wide enough.
    expect(exactDiesPerWafer(10, 0, 1, 1, 0)).toBeGreaterThan(0);
    expect(Number.isInteger(exactDiesPerWafer(300, 3, 7.3, 4.1, 0.1))).toBe(true);
  });

  it('rejects invalid input with RangeError', () => {
    expect(() => exactDiesPerWafer(300, 3, 0, 10, 0.1)).toThrow(RangeError);
    expect(() => exactDiesPerWafer(300, 3, 10, -10, 0.1)).toThrow(RangeError);
    expect(() => exactDiesPerWafer(300, -3, 10, 10, 0.1)).toThrow(RangeError);
    expect(() => exactDiesPerWafer(300, 150, 10, 10, 0.1)).toThrow(/usable wafer/);
    expect(() => exactDiesPerWafer(300, 3, 10, 10, 0.1, 0)).toThrow(/rowPhaseSteps/);
    expect(() => exactDiesPerWafer(300, 3, 10, 10, 0.1, 2.5)).toThrow(/rowPhaseSteps/);
  });

  it('is fast enough to call per design point', () => {
    // Loose bound (CI machines vary): 200 calls over 1..800 mm^2 dies well under a second.
    const t0 = performance.now();
    for (let i = 1; i <= 200; i++) exactDiesPerWafer(300, 3, Math.sqrt(4 * i), Math.sqrt(4 * i), 0.1);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  const process = fc.record({
    edge: fc.double({ min: 0, max: 6, noNaN: true }),
    scribe: fc.double({ min: 0, max: 0.5, noNaN: true }),
  });
  const side = fc.double({ min: 1, max: 60, noNaN: true });

  it('property: never exceeds usable disc area / cell area', () => {
    fc.assert(
      fc.property(process, side, side, (p, w, h) => {
        const r = 150 - p.edge;
        const n = exactDiesPerWafer(300, p.edge, w, h, p.scribe);
        expect(Number.isInteger(n) && n >= 0).toBe(true);
        expect(n).toBeLessThanOrEqual((Math.PI * r * r) / ((w + p.scribe) * (h + p.scribe)));
      }),
    );
  });

  it('property: non-increasing as the die, the scribe or the edge exclusion grows', () => {
    // Holds exactly for a fixed set of phase fractions: shrinking a grid about the wafer centre
    // keeps every cell inside the disc (see docs/models/shared-math.md). Also checked with
    // 20 000 runs while developing.
    const grow = fc.double({ min: 0, max: 20, noNaN: true });
    fc.assert(
      fc.property(process, side, side, grow, grow, grow, (p, w, h, dw, dh, d) => {
        const base = exactDiesPerWafer(300, p.edge, w, h, p.scribe);
        expect(exactDiesPerWafer(300, p.edge, w + dw, h, p.scribe)).toBeLessThanOrEqual(base);
        expect(exactDiesPerWafer(300, p.edge, w, h + dh, p.scribe)).toBeLessThanOrEqual(base);
        expect(exactDiesPerWafer(300, p.edge, w + dw, h + dh, p.scribe)).toBeLessThanOrEqual(base);
        expect(exactDiesPerWafer(300, p.edge, w, h, p.scribe + d / 40)).toBeLessThanOrEqual(base);
        expect(exactDiesPerWafer(300, p.edge + d / 4, w, h, p.scribe)).toBeLessThanOrEqual(base);
      }),
      { numRuns: 300 },
    );
  });

  it('property: does not depend on which side is called width', () => {
    fc.assert(
      fc.property(process, side, side, (p, w, h) => {
        expect(exactDiesPerWafer(300, p.edge, w, h, p.scribe)).toBe(
          exactDiesPerWafer(300, p.edge, h, w, p.scribe),
        );
      }),
    );
  });

  it('property: within 5 % above the analytic formula for square 4-100 mm^2 dies', () => {
    // Range checked beforehand with python3 over 1500 random cases: exact/analytic - 1 in
    // [0.003, 0.031]. The gap widens for larger dies (CATCH: +10 % at 800 mm^2).
    fc.assert(
      fc.property(process, fc.double({ min: 4, max: 100, noNaN: true }), (p, area) => {
        const a = Math.sqrt(area);
        const exact = exactDiesPerWafer(300, p.edge, a, a, p.scribe);
        const analytic = diesPerWaferRect(300, p.edge, a, a, p.scribe);
        expect(exact).toBeGreaterThanOrEqual(analytic);
        expect(exact).toBeLessThanOrEqual(analytic * 1.05);
      }),
    );
  });
});

describe('rectanglesPerPanel', () => {
  it('reproduces the reference wafer-vs-panel table (10 mm panel edge, 0.2 mm kerf)', () => {
    // n = floor((usable + kerf)/(item + kerf)) per axis, both orientations, by hand:
    // 600x600, 80x80: floor(580.2/80.2)=7 -> 49; 510x515: floor(490.2/80.2)=6, floor(495.2/80.2)=6 -> 36.
    expect(rectanglesPerPanel(600, 600, 10, 80, 80, 0.2)).toBe(49);
    expect(rectanglesPerPanel(510, 515, 10, 80, 80, 0.2)).toBe(36);
    expect(rectanglesPerPanel(310, 310, 10, 80, 80, 0.2)).toBe(9);
    // 60x70 on 510x515: 8x7 = 56 as given vs 6x8 = 48 rotated.
    expect(rectanglesPerPanel(510, 515, 10, 60, 70, 0.2)).toBe(56);
    expect(rectanglesPerPanel(510, 515, 10, 70, 60, 0.2)).toBe(56);
    // 26x33 on 600x600: floor(580.2/26.2)=22, floor(580.2/33.2)=17 -> 374.
    expect(rectanglesPerPanel(600, 600, 10, 26, 33, 0.2)).toBe(374);
    expect(rectanglesPerPanel(600, 600, 10, 52, 52, 0.2)).toBe(121);
    expect(rectanglesPerPanel(510, 515, 10, 120, 120, 0.2)).toBe(16);
  });

  it('reproduces the sensitivity columns (15 mm panel edge, 1 mm kerf between items)', () => {
    // 80x80 on 510x515: floor(481/81)=5, floor(486/81)=6 -> 30 (a full kerf per item would give 25).
    expect(rectanglesPerPanel(510, 515, 15, 80, 80, 1)).toBe(30);
    // 26x33 on 510x515: rotated floor(481/34)=14 x floor(486/27)=18 -> 252.
    expect(rectanglesPerPanel(510, 515, 15, 26, 33, 1)).toBe(252);
    expect(rectanglesPerPanel(600, 600, 15, 26, 33, 1)).toBe(336);
    expect(rectanglesPerPanel(600, 600, 15, 52, 52, 1)).toBe(100);
    expect(rectanglesPerPanel(310, 310, 15, 60, 70, 1)).toBe(12);
  });

  it('counts an exact fit despite decimal rounding', () => {
    // 10 items of 32.1 mm with 9 kerfs of 0.2 mm need exactly 322.8 mm = 342.8 - 2*10. In binary,
    // (342.8 - 20 + 0.2)/(32.1 + 0.2) = 9.999999999999998 (node), which a bare floor makes 9.
    expect(rectanglesPerPanel(342.8, 342.8, 10, 32.1, 32.1, 0.2)).toBe(100);
    expect(rectanglesPerPanel(342.7, 342.7, 10, 32.1, 32.1, 0.2)).toBe(81);
  });

  it('returns 0 when the item does not fit and rejects invalid input', () => {
    expect(rectanglesPerPanel(100, 100, 10, 81, 10, 0)).toBe(0);
    expect(() => rectanglesPerPanel(100, 100, 50, 10, 10, 0)).toThrow(/usable area/);
    expect(() => rectanglesPerPanel(100, 100, 10, 0, 10, 0)).toThrow(RangeError);
    expect(() => rectanglesPerPanel(100, 100, 10, 10, 10, -1)).toThrow(RangeError);
  });

  it('property: n items and n - 1 kerfs fit, n + 1 would not; non-increasing in item size', () => {
    const len = fc.double({ min: 1, max: 200, noNaN: true });
    fc.assert(
      fc.property(len, len, fc.double({ min: 0, max: 50, noNaN: true }), (w, h, grow) => {
        const n = rectanglesPerPanel(600, 600, 10, w, h, 0.2);
        // Area bound: each item takes at most (w + kerf)(h + kerf) of a (580 + kerf)^2 square.
        expect(n).toBeLessThanOrEqual((580.2 * 580.2) / ((w + 0.2) * (h + 0.2)) + 1e-4);
        expect(rectanglesPerPanel(600, 600, 10, w + grow, h, 0.2)).toBeLessThanOrEqual(n);
        expect(rectanglesPerPanel(600, 600, 10, w, h + grow, 0.2)).toBeLessThanOrEqual(n);
      }),
    );
  });
});

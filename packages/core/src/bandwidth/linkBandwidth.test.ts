import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LinkSpec } from '../design/types.js';
import type { FloorplanItem, Placement } from '../geometry/index.js';
import { manhattanEdgeGapMm, sideBySideFloorplan } from '../geometry/index.js';
import type { D2dPhy } from '../technology/types.js';
import {
  hbmBandwidthGBps,
  hbmInterfacePowerW,
  hbmStackPowerW,
  ioPowerW,
  phyModuleBandwidthGBps,
  phyModulesOnShoreline,
  phyShorelineDensityGBpsPerMm,
  shorelineBandwidthGBps,
  sideBySideLinkBandwidth,
  stackedBandwidthFromPitchGBps,
  stackedBandwidthGBps,
} from './index.js';

const EPS = 1e-9;

function phy(overrides: Partial<D2dPhy>): D2dPhy {
  return {
    name: 'test',
    lanesPerModule: 16,
    dataRateGbps: 32,
    moduleShorelineMm: 0.5715,
    bumpPitchUm: 110,
    areaBandwidthGBpsPerMm2: 0,
    energyPjPerBit: 0.5,
    latencyNs: 2,
    reachMm: 25,
    signalBondFraction: 0.65,
    dieAreaOverheadFraction: 0,
    carrierKinds: [],
    ...overrides,
  };
}

// UCIe 1.0 figures: x16 at 32 GT/s on a 0.5715 mm module (standard), x64 on 0.3888 mm (advanced).
const UCIE_S = phy({ name: 'UCIe-S' });
const UCIE_A = phy({
  name: 'UCIe-A',
  lanesPerModule: 64,
  moduleShorelineMm: 0.3888,
  bumpPitchUm: 45,
  energyPjPerBit: 0.25,
  reachMm: 2,
});
const UCIE_3D = phy({
  name: 'UCIe-3D',
  lanesPerModule: 0,
  dataRateGbps: 4,
  moduleShorelineMm: 0,
  bumpPitchUm: 9,
  areaBandwidthGBpsPerMm2: 4000,
  energyPjPerBit: 0.05,
  reachMm: 0,
});
const PHYS: Record<string, D2dPhy> = { s: UCIE_S, a: UCIE_A, d3: UCIE_3D };

const place = (id: string, xMm: number, yMm: number, widthMm = 10, heightMm = 10): Placement => ({
  id,
  kind: 'die',
  xMm,
  yMm,
  widthMm,
  heightMm,
});

describe('PHY bandwidth densities', () => {
  it('reproduces the published UCIe shoreline densities', () => {
    // 2 · 16 · 32 / 8 / 0.5715 = 223.97 GB/s/mm;  2 · 64 · 32 / 8 / 0.3888 = 1316.87 GB/s/mm
    expect(phyShorelineDensityGBpsPerMm(UCIE_S)).toBeCloseTo(223.972, 3);
    expect(phyShorelineDensityGBpsPerMm(UCIE_A)).toBeCloseTo(1316.872, 3);
    expect(Math.round(phyShorelineDensityGBpsPerMm(UCIE_S))).toBe(224);
    expect(Math.round(phyShorelineDensityGBpsPerMm(UCIE_A))).toBe(1317);
    expect(phyModuleBandwidthGBps(UCIE_S)).toBe(128);
    expect(phyModuleBandwidthGBps(UCIE_A)).toBe(512);
    expect(phyShorelineDensityGBpsPerMm(UCIE_3D)).toBe(0);
  });

  it('counts whole modules on a shoreline', () => {
    expect(phyModulesOnShoreline(UCIE_S, 10)).toBe(17); // 17 · 0.5715 = 9.7155
    expect(phyModulesOnShoreline(UCIE_S, 3 * 0.5715)).toBe(3); // exact fit survives rounding
    expect(phyModulesOnShoreline(UCIE_S, 0.57)).toBe(0);
    expect(phyModulesOnShoreline(UCIE_3D, 10)).toBe(0);
    expect(shorelineBandwidthGBps(UCIE_A, 10)).toBe(25 * 512); // 25 · 0.3888 = 9.72
    expect(() => phyModulesOnShoreline(UCIE_S, -1)).toThrow(RangeError);
  });

  it('gives UCIe-3D about 4 TB/s per mm² at 9 µm pitch', () => {
    // 1 / 0.009² = 12,345.7 bonds/mm² · 0.65 · 4 Gb/s / 8 = 4,012.3 GB/s/mm²
    const fromPitch = stackedBandwidthFromPitchGBps({
      overlapAreaMm2: 1,
      bondPitchUm: 9,
      signalFraction: 0.65,
      dataRateGbps: 4,
    });
    expect(fromPitch).toBeCloseTo(4012.346, 2);
    expect(Math.abs(fromPitch - 4000) / 4000).toBeLessThan(0.01);
    expect(stackedBandwidthGBps(UCIE_3D, 10)).toBe(40000);
    expect(() =>
      stackedBandwidthFromPitchGBps({
        overlapAreaMm2: 1,
        bondPitchUm: 0,
        signalFraction: 0.5,
        dataRateGbps: 4,
      }),
    ).toThrow(RangeError);
    expect(() =>
      stackedBandwidthFromPitchGBps({
        overlapAreaMm2: 1,
        bondPitchUm: 9,
        signalFraction: 1.5,
        dataRateGbps: 4,
      }),
    ).toThrow(RangeError);
  });

  it('computes HBM bandwidth and power and link I/O power', () => {
    const hbm3 = { bandwidthGBpsPerStack: 819, energyPjPerBit: 3.9, powerWPerStack: 26 };
    expect(hbmBandwidthGBps(hbm3, 6)).toBe(4914);
    // 1000 GB/s · 8 bit/B · 0.5 pJ/bit = 4e12 bit/s · 0.5e-12 J = 4 W
    expect(ioPowerW(1000, 0.5)).toBeCloseTo(4, 12);
    // 3350 GB/s · 8 · 3.9 pJ/bit = 104.52 W
    expect(hbmInterfacePowerW(hbm3, 3350)).toBeCloseTo(104.52, 9);
    expect(hbmStackPowerW(hbm3, 5)).toBe(130);
    expect(() => ioPowerW(-1, 0.5)).toThrow(RangeError);
  });
});

describe('sideBySideLinkBandwidth', () => {
  const dies = [
    { id: 'A', phy: 's' },
    { id: 'B', phy: 's' },
    { id: 'C', phy: 's' },
  ];
  const row = [place('A', 0, 0), place('B', 11, 0), place('C', 22, 0)];

  it('gives adjacent dies their facing shoreline and far dies a share of free perimeter', () => {
    const links: LinkSpec[] = [
      { from: 'A', to: 'B', bandwidthGBps: 1000 },
      { from: 'A', to: 'C', bandwidthGBps: 500 },
    ];
    const r = sideBySideLinkBandwidth(row, dies, links, PHYS);
    // A–B face over 10 mm: 17 modules · 128 GB/s = 2176 GB/s.
    expect(r.links[0]?.availableGBps).toBe(2176);
    expect(r.allocations[0]?.mode).toBe('adjacent');
    // A–C: gap 12 mm ≤ 25 mm reach; B shadows C, so each end offers its free perimeter 40 − 10 = 30 mm:
    // 52 modules · 128 = 6656 GB/s.
    expect(r.allocations[1]?.mode).toBe('shared-perimeter');
    expect(r.allocations[1]?.gapMm).toBe(12);
    expect(r.allocations[1]?.fromShorelineMm).toBeCloseTo(30, 12);
    expect(r.links[1]?.availableGBps).toBe(6656);
    expect(r.aggregateD2dGBps).toBe(2176 + 6656);
    expect(r.outOfReach).toEqual([false, false]);
    expect(r.links[0]).toMatchObject({
      from: 'A',
      to: 'B',
      requiredGBps: 1000,
      energyPjPerBit: 0.5,
      latencyNs: 2,
    });
    expect(r.links[0]?.ioPowerW).toBeCloseTo(4, 12);
  });

  it('flags links beyond the PHY reach and gives them nothing', () => {
    const advanced = dies.map((d) => ({ ...d, phy: 'a' }));
    const links: LinkSpec[] = [
      { from: 'A', to: 'B', bandwidthGBps: 1000 },
      { from: 'A', to: 'C', bandwidthGBps: 500 },
    ];
    const r = sideBySideLinkBandwidth(row, advanced, links, PHYS);
    expect(r.links[0]?.availableGBps).toBe(12800); // 25 · 512
    expect(r.outOfReach).toEqual([false, true]);
    expect(r.allocations[1]).toMatchObject({ mode: 'out-of-reach', gapMm: 12, reachMm: 2 });
    expect(r.links[1]?.availableGBps).toBe(0);
    expect(r.links[1]?.ioPowerW).toBeCloseTo(500 * 8 * 0.25e-3, 12);
  });

  it('splits the facing shoreline among links of the same pair and takes the weaker end', () => {
    const r = sideBySideLinkBandwidth(
      row.slice(0, 2),
      [
        { id: 'A', phy: 'a' },
        { id: 'B', phy: 'a' },
      ],
      [
        { from: 'A', to: 'B', bandwidthGBps: 1 },
        { from: 'B', to: 'A', bandwidthGBps: 1 },
      ],
      PHYS,
    );
    // 5 mm each: 12 modules · 512 = 6144 GB/s
    expect(r.links.map((l) => l.availableGBps)).toEqual([6144, 6144]);

    // Mixed PHYs: the standard end limits (17 · 128) and the link takes the worse energy.
    const mixed = sideBySideLinkBandwidth(
      [place('A', 0, 0), place('B', 11, 0)],
      [
        { id: 'A', phy: 'a' },
        { id: 'B', phy: 's' },
      ],
      [{ from: 'A', to: 'B', bandwidthGBps: 100 }],
      PHYS,
    );
    expect(mixed.links[0]?.availableGBps).toBe(2176);
    expect(mixed.links[0]?.energyPjPerBit).toBe(0.5);
  });

  it('counts memories against a die’s free perimeter', () => {
    // A with an HBM-like block above it (facing 10 mm) and C far right: free perimeter 40 − 10 = 30 mm.
    const placements: Placement[] = [
      place('A', 0, 0),
      { id: 'M', kind: 'memory', xMm: 0, yMm: 11, widthMm: 10, heightMm: 11 },
      place('C', 30, 0),
    ];
    const r = sideBySideLinkBandwidth(
      placements,
      [
        { id: 'A', phy: 's' },
        { id: 'C', phy: 's' },
      ],
      [{ from: 'A', to: 'C', bandwidthGBps: 1 }],
      PHYS,
    );
    // C faces A across 20 mm of empty carrier (within reach): adjacent, 10 mm facing.
    expect(r.allocations[0]?.mode).toBe('adjacent');
    expect(r.links[0]?.availableGBps).toBe(2176);
    const diag = sideBySideLinkBandwidth(
      [placements[0] as Placement, placements[1] as Placement, place('C', 15, 15)],
      [
        { id: 'A', phy: 's' },
        { id: 'C', phy: 's' },
      ],
      [{ from: 'A', to: 'C', bandwidthGBps: 1 }],
      PHYS,
    );
    // diagonal: A offers 40 − 10 = 30 mm (52 modules); C faces M over y 15..22 at 5 mm, offers 33 mm (57)
    expect(diag.allocations[0]?.mode).toBe('shared-perimeter');
    expect(diag.allocations[0]?.gapMm).toBe(10);
    expect(diag.links[0]?.availableGBps).toBe(52 * 128);
  });

  it('gives an area-array PHY nothing side by side', () => {
    const r = sideBySideLinkBandwidth(
      row.slice(0, 2),
      [
        { id: 'A', phy: 'd3' },
        { id: 'B', phy: 'd3' },
      ],
      [{ from: 'A', to: 'B', bandwidthGBps: 1 }],
      PHYS,
    );
    expect(r.links[0]?.availableGBps).toBe(0);
    expect(r.outOfReach).toEqual([true]); // reach 0 mm < 1 mm gap
  });

  it('rejects unknown dies, PHYs, placements and self-links with RangeError', () => {
    const two = [
      { id: 'A', phy: 's' },
      { id: 'B', phy: 's' },
    ];
    expect(() => sideBySideLinkBandwidth(row, two, [{ from: 'A', to: 'Z', bandwidthGBps: 1 }], PHYS)).toThrow(
      RangeError,
    );
    expect(() => sideBySideLinkBandwidth(row, two, [{ from: 'A', to: 'A', bandwidthGBps: 1 }], PHYS)).toThrow(
      RangeError,
    );
    expect(() => sideBySideLinkBandwidth(row, [{ id: 'A', phy: 'nope' }], [], PHYS)).toThrow(RangeError);
    expect(() => sideBySideLinkBandwidth(row, [{ id: 'A', phy: 'constructor' }], [], PHYS)).toThrow(
      RangeError,
    );
    expect(() => sideBySideLinkBandwidth(row, [{ id: 'Q', phy: 's' }], [], PHYS)).toThrow(RangeError);
    expect(() =>
      sideBySideLinkBandwidth(row, two, [{ from: 'A', to: 'B', bandwidthGBps: -1 }], PHYS),
    ).toThrow(RangeError);
  });

  const phyArb = fc.record({
    lanesPerModule: fc.integer({ min: 1, max: 128 }),
    dataRateGbps: fc.double({ min: 1, max: 64, noNaN: true }),
    moduleShorelineMm: fc.double({ min: 0.1, max: 2, noNaN: true }),
    reachMm: fc.double({ min: 0, max: 40, noNaN: true }),
    energyPjPerBit: fc.double({ min: 0, max: 2, noNaN: true }),
  });

  const systemArb = fc
    .record({
      dies: fc.array(
        fc.record({
          w: fc.double({ min: 1, max: 30, noNaN: true }),
          h: fc.double({ min: 1, max: 30, noNaN: true }),
        }),
        { minLength: 2, maxLength: 8 },
      ),
      mems: fc.array(fc.nat(7), { maxLength: 6 }),
      links: fc.array(
        fc.record({ a: fc.nat(7), b: fc.nat(7), gbps: fc.double({ min: 0, max: 5000, noNaN: true }) }),
        {
          maxLength: 12,
        },
      ),
      spacingMm: fc.double({ min: 0.05, max: 5, noNaN: true }),
      phys: fc.array(phyArb, { minLength: 1, maxLength: 2 }),
    })
    .map((s) => {
      const n = s.dies.length;
      const items: FloorplanItem[] = s.dies.map((d, i) => ({
        id: `d${i}`,
        widthMm: d.w,
        heightMm: d.h,
        kind: 'die',
      }));
      s.mems.forEach((a, i) =>
        items.push({ id: `m${i}`, widthMm: 11, heightMm: 11, kind: 'memory', attachedTo: `d${a % n}` }),
      );
      const fp = sideBySideFloorplan(items, { dieSpacingMm: s.spacingMm, edgeMarginMm: 1 });
      const phys: Record<string, D2dPhy> = {};
      s.phys.forEach((p, i) => (phys[`p${i}`] = phy(p)));
      const dieRefs = s.dies.map((_, i) => ({ id: `d${i}`, phy: `p${i % s.phys.length}` }));
      const links: LinkSpec[] = s.links
        .filter((l) => l.a % n !== l.b % n)
        .map((l) => ({ from: `d${l.a % n}`, to: `d${l.b % n}`, bandwidthGBps: l.gbps }));
      return { placements: fp.placements, dieRefs, links, phys };
    });

  it('is non-negative, within the PHY limit of the smaller die, and consistent with reach', () => {
    fc.assert(
      fc.property(systemArb, ({ placements, dieRefs, links, phys }) => {
        const r = sideBySideLinkBandwidth(placements, dieRefs, links, phys);
        expect(r.links).toHaveLength(links.length);
        let sum = 0;
        r.links.forEach((m, l) => {
          const link = links[l] as LinkSpec;
          const pa = placements.find((p) => p.id === link.from) as Placement;
          const pb = placements.find((p) => p.id === link.to) as Placement;
          const phyA = phys[dieRefs.find((d) => d.id === link.from)?.phy ?? ''] as D2dPhy;
          const phyB = phys[dieRefs.find((d) => d.id === link.to)?.phy ?? ''] as D2dPhy;
          const limitA = phyShorelineDensityGBpsPerMm(phyA) * 2 * (pa.widthMm + pa.heightMm);
          const limitB = phyShorelineDensityGBpsPerMm(phyB) * 2 * (pb.widthMm + pb.heightMm);
          expect(m.availableGBps).toBeGreaterThanOrEqual(0);
          expect(m.availableGBps).toBeLessThanOrEqual(Math.min(limitA, limitB) * (1 + EPS));
          const gap = manhattanEdgeGapMm(pa, pb);
          const beyond = gap > Math.min(phyA.reachMm, phyB.reachMm);
          expect(r.outOfReach[l]).toBe(beyond);
          if (beyond) expect(m.availableGBps).toBe(0);
          expect(m.ioPowerW).toBeCloseTo(link.bandwidthGBps * 8 * m.energyPjPerBit * 1e-3, 9);
          sum += m.availableGBps;
        });
        expect(r.aggregateD2dGBps).toBeCloseTo(sum, 6);
      }),
    );
  });

  it('never loses bandwidth when the data rate goes up', () => {
    fc.assert(
      fc.property(systemArb, fc.double({ min: 1, max: 4, noNaN: true }), (sys, factor) => {
        const faster: Record<string, D2dPhy> = {};
        for (const [id, p] of Object.entries(sys.phys))
          faster[id] = { ...p, dataRateGbps: p.dataRateGbps * factor };
        const slow = sideBySideLinkBandwidth(sys.placements, sys.dieRefs, sys.links, sys.phys);
        const fast = sideBySideLinkBandwidth(sys.placements, sys.dieRefs, sys.links, faster);
        slow.links.forEach((m, l) =>
          expect(fast.links[l]?.availableGBps).toBeGreaterThanOrEqual(m.availableGBps * (1 - EPS)),
        );
      }),
    );
  });

  it('keeps a facing pair at full bandwidth up to the reach, then drops it to zero', () => {
    fc.assert(
      fc.property(
        phyArb,
        fc.double({ min: 0, max: 50, noNaN: true }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        (p, gap, offset) => {
          const phys = { p: phy(p) };
          const refs = [
            { id: 'A', phy: 'p' },
            { id: 'B', phy: 'p' },
          ];
          const link: LinkSpec[] = [{ from: 'A', to: 'B', bandwidthGBps: 1 }];
          const r = sideBySideLinkBandwidth(
            [place('A', 0, 0), place('B', 10 + gap, offset)],
            refs,
            link,
            phys,
          );
          const placedGap = 10 + gap - 10; // the gap as floats represent it
          const expected = placedGap <= p.reachMm ? shorelineBandwidthGBps(phys.p, 10 - Math.abs(offset)) : 0;
          expect(r.links[0]?.availableGBps).toBeCloseTo(expected, 9);
        },
      ),
    );
  });
});

/**
 * D2D links of side-by-side dies: bandwidth per link from the floorplan and the PHY (core's
 * `sideBySideLinkBandwidth`, docs/models/floorplan-and-bandwidth.md §2), optionally capped by the
 * shoreline a carrier's wiring grants each link (embedded bridges: only where the bridges are,
 * docs/models/2.5d.md §5), I/O power per die, signal bond counts and infeasibility reasons.
 * Signal bonds are counted for the PHY modules the required bandwidth needs, so the bond count
 * (and so the cost) does not depend on which pairs the floorplan happens to make face.
 */
import {
  phyModuleBandwidthGBps,
  shorelineBandwidthGBps,
  sideBySideLinkBandwidth,
  type CarrierKind,
  type InfeasibilityReason,
  type LinkMetrics,
  type Placement,
  type ResolvedDesign,
  type TechnologyLibrary,
} from '@chiplet-dse/core';

export interface LinkResult {
  links: LinkMetrics[];
  aggregateD2dGBps: number;
  /** Per die index: I/O power added to the die (half of each of its links). */
  ioPowerWByDie: number[];
  /** Per die index: D2D signal bonds (TX + RX lanes of the PHY modules the die's links use). */
  signalBondsByDie: number[];
  ioPowerW: number;
  energyPjPerBit: number;
  reasons: InfeasibilityReason[];
}

/** What a link's wiring allows at each end, beyond the PHY and the floorplan. */
export interface LinkShorelineCap {
  /** Shoreline the link may use at each end, mm (0: no wiring at all). */
  shorelineMm: number;
  /** Why the wiring is limited, for infeasibility messages ("no bridge: ..."). */
  why: string;
}

export function sideBySideLinks(
  design: ResolvedDesign,
  tech: TechnologyLibrary,
  placements: readonly Placement[],
  carrierKind: CarrierKind,
  caps: readonly (LinkShorelineCap | undefined)[] = [],
): LinkResult {
  const n = design.dies.length;
  const ioPowerWByDie = new Array<number>(n).fill(0);
  const signalBondsByDie = new Array<number>(n).fill(0);
  const reasons: InfeasibilityReason[] = [];
  if (design.links.length === 0) {
    return {
      links: [],
      aggregateD2dGBps: 0,
      ioPowerWByDie,
      signalBondsByDie,
      ioPowerW: 0,
      energyPjPerBit: 0,
      reasons,
    };
  }
  const index = new Map(design.dies.map((d, i) => [d.id, i] as const));
  const linked = design.dies.filter((d) => d.hasD2d);
  for (const d of linked) {
    const phy = tech.phys[d.phy]!;
    if (phy.carrierKinds.length > 0 && !phy.carrierKinds.includes(carrierKind)) {
      reasons.push({
        code: 'other',
        message: `${d.id}: PHY ${d.phy} is not built for a ${carrierKind} carrier (it is for ${phy.carrierKinds.join(', ')})`,
        value: 0,
        limit: 0,
      });
    }
  }
  const r = sideBySideLinkBandwidth(placements, linked, design.links, tech.phys);
  const links: LinkMetrics[] = [];
  let aggregateD2dGBps = 0;
  let ioPowerW = 0;
  let weighted = 0;
  let required = 0;
  r.links.forEach((base, k) => {
    const alloc = r.allocations[k]!;
    const a = index.get(base.from)!;
    const b = index.get(base.to)!;
    const phyA = tech.phys[design.dies[a]!.phy]!;
    const phyB = tech.phys[design.dies[b]!.phy]!;
    const cap = caps[k];
    let availableGBps = base.availableGBps;
    if (cap !== undefined && r.outOfReach[k] !== true) {
      // Whole PHY modules on the shoreline both the floorplan and the wiring grant, at each end.
      availableGBps = Math.min(
        shorelineBandwidthGBps(phyA, Math.min(alloc.fromShorelineMm, cap.shorelineMm)),
        shorelineBandwidthGBps(phyB, Math.min(alloc.toShorelineMm, cap.shorelineMm)),
      );
    }
    const l: LinkMetrics = { ...base, availableGBps };
    links.push(l);
    aggregateD2dGBps += availableGBps;
    ioPowerWByDie[a]! += l.ioPowerW / 2;
    ioPowerWByDie[b]! += l.ioPowerW / 2;
    ioPowerW += l.ioPowerW;
    weighted += l.energyPjPerBit * l.requiredGBps;
    required += l.requiredGBps;
    for (const [i, phy] of [
      [a, phyA],
      [b, phyB],
    ] as const) {
      const moduleGBps = phyModuleBandwidthGBps(phy);
      // PHY modules built at this end: enough for the required bandwidth.
      const modules = moduleGBps > 0 ? Math.ceil(l.requiredGBps / moduleGBps) : 0;
      signalBondsByDie[i]! += modules * phy.lanesPerModule * 2;
    }
    if (r.outOfReach[k] === true) {
      reasons.push({
        code: 'link-reach',
        message: `link ${l.from} -> ${l.to}: dies ${alloc.gapMm.toFixed(1)} mm apart, beyond the PHY reach of ${alloc.reachMm} mm`,
        value: alloc.gapMm,
        limit: alloc.reachMm,
      });
    } else if (cap !== undefined && cap.shorelineMm === 0) {
      reasons.push({
        code: 'link-reach',
        message: `link ${l.from} -> ${l.to}: ${cap.why}`,
        value: alloc.gapMm,
        limit: 0,
      });
    } else if (availableGBps < l.requiredGBps) {
      const shore = Math.min(alloc.fromShorelineMm, cap?.shorelineMm ?? Infinity);
      reasons.push({
        code: 'link-bandwidth',
        message: `link ${l.from} -> ${l.to}: ${availableGBps.toFixed(0)} GB/s available on ${shore.toFixed(1)} mm of shoreline${cap === undefined ? '' : ` (${cap.why})`}, ${l.requiredGBps.toFixed(0)} GB/s required`,
        value: availableGBps,
        limit: l.requiredGBps,
      });
    }
  });
  return {
    links,
    aggregateD2dGBps,
    ioPowerWByDie,
    signalBondsByDie,
    ioPowerW,
    energyPjPerBit: required > 0 ? weighted / required : 0,
    reasons,
  };
}

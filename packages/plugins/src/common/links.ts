/** D2D links of side-by-side dies: bandwidth per link, I/O power per die, signal bond counts. */
import {
  phyModuleBandwidthGBps,
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

export function sideBySideLinks(
  design: ResolvedDesign,
  tech: TechnologyLibrary,
  placements: readonly Placement[],
  carrierKind: CarrierKind,
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
  let ioPowerW = 0;
  let weighted = 0;
  let required = 0;
  r.links.forEach((l, k) => {
    const a = index.get(l.from)!;
    const b = index.get(l.to)!;
    ioPowerWByDie[a]! += l.ioPowerW / 2;
    ioPowerWByDie[b]! += l.ioPowerW / 2;
    ioPowerW += l.ioPowerW;
    weighted += l.energyPjPerBit * l.requiredGBps;
    required += l.requiredGBps;
    for (const [i, die] of [
      [a, design.dies[a]!],
      [b, design.dies[b]!],
    ] as const) {
      const phy = tech.phys[die.phy]!;
      const moduleGBps = phyModuleBandwidthGBps(phy);
      // PHY modules built at this end: enough for the required bandwidth, at most what fits.
      const modules =
        moduleGBps > 0
          ? Math.min(Math.ceil(l.requiredGBps / moduleGBps), Math.floor(l.availableGBps / moduleGBps))
          : 0;
      signalBondsByDie[i]! += modules * phy.lanesPerModule * 2;
    }
    if (r.outOfReach[k] === true) {
      reasons.push({
        code: 'link-reach',
        message: `link ${l.from} -> ${l.to}: dies ${r.allocations[k]!.gapMm.toFixed(1)} mm apart, beyond the PHY reach of ${r.allocations[k]!.reachMm} mm`,
        value: r.allocations[k]!.gapMm,
        limit: r.allocations[k]!.reachMm,
      });
    } else if (l.availableGBps < l.requiredGBps) {
      reasons.push({
        code: 'link-bandwidth',
        message: `link ${l.from} -> ${l.to}: ${l.availableGBps.toFixed(0)} GB/s available on ${r.allocations[k]!.fromShorelineMm.toFixed(1)} mm of shoreline, ${l.requiredGBps.toFixed(0)} GB/s required`,
        value: l.availableGBps,
        limit: l.requiredGBps,
      });
    }
  });
  return {
    links: r.links,
    aggregateD2dGBps: r.aggregateD2dGBps,
    ioPowerWByDie,
    signalBondsByDie,
    ioPowerW,
    energyPjPerBit: required > 0 ? weighted / required : 0,
    reasons,
  };
}

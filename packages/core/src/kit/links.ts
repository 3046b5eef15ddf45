/**
 * D2D links of side-by-side dies: bandwidth per link from the floorplan and the PHY
 * (`sideBySideLinkBandwidth`, docs/models/floorplan-and-bandwidth.md §2), optionally capped per
 * link by what the carrier's wiring grants: the shoreline an embedded bridge covers
 * (docs/models/2.5d.md §5) or the wires an RDL carries across the shoreline
 * (docs/models/fanout.md). Also I/O power per die, D2D signal bonds per die and the
 * infeasibility reasons of the links.
 *
 * Signal bonds are counted per PHY module built at each end of a link. Which modules are built is
 * the `phyModules` choice: "required" builds enough for the required bandwidth whatever the link
 * can carry (the bond count, so the cost, does not depend on which pairs the floorplan happens to
 * make face); "usable" builds at most the modules the link can use.
 */
import {
  phyModuleBandwidthGBps,
  shorelineBandwidthGBps,
  sideBySideLinkBandwidth,
} from '../bandwidth/linkBandwidth.js';
import type { ResolvedDesign } from '../design/types.js';
import type { Placement } from '../geometry/floorplan.js';
import type { InfeasibilityReason, LinkMetrics } from '../metrics/types.js';
import type { CarrierKind, D2dPhy, TechnologyLibrary } from '../technology/types.js';

const MM_PER_UM = 1e-3;
const BITS_PER_BYTE = 8;
/** A line and a space make one wiring pitch. */
const LINES_AND_SPACES_PER_PITCH = 2;
/** Slack when counting whole wires on a shoreline (an exact multiple must not lose a wire). */
const WIRE_FIT_REL_TOLERANCE = 1e-9;

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
  /** Per link: what the PHY modules on the shoreline offer, before any cap. */
  phyGBps: number[];
  /** Per link: what the wiring cap carries (Infinity without a wiring cap). */
  wiringGBps: number[];
  /**
   * Per link: no bandwidth whatever is required (out of the PHY's reach, or no wiring): a
   * link-reach reason. Otherwise the link falls short when availableGBps < requiredGBps.
   */
  blocked: boolean[];
}

/** What a link's wiring allows at each end, beyond the PHY and the floorplan (a bridge). */
export interface LinkShorelineCap {
  /** Shoreline the link may use at each end, mm (0: no wiring at all). */
  shorelineMm: number;
  /** Why the wiring is limited, for infeasibility messages ("no bridge: ..."). */
  why: string;
}

/** Wiring that carries every link (an RDL): whole wires per layer across the link's shoreline. */
export interface LinkWiringCap {
  /** Line width (= space) of the signal layers, µm. */
  lineSpaceUm: number;
  signalLayers: number;
}

export interface SideBySideLinkOptions {
  /** A wiring capacity applied to every link. */
  wiring?: LinkWiringCap;
  /** PHY modules built (and so signal bonds counted) at each end; default "required". */
  phyModules?: 'required' | 'usable';
}

/** Wires per mm of shoreline on one layer: 1000 / (2 · line/space in µm). */
export function rdlWiresPerMmPerLayer(lineSpaceUm: number): number {
  return 1 / (LINES_AND_SPACES_PER_PITCH * lineSpaceUm * MM_PER_UM);
}

/**
 * Bandwidth RDL wiring can carry across `shorelineMm` of die edge, both directions together:
 * ⌊shoreline · wires/mm⌋ · signal layers · data rate / 8 [GB/s] (each wire carries one lane of
 * one direction at the PHY's data rate).
 */
export function rdlWiringBandwidthGBps(
  shorelineMm: number,
  lineSpaceUm: number,
  signalLayers: number,
  dataRateGbps: number,
): number {
  const wiresPerLayer = Math.floor(
    shorelineMm * rdlWiresPerMmPerLayer(lineSpaceUm) * (1 + WIRE_FIT_REL_TOLERANCE),
  );
  return (wiresPerLayer * signalLayers * dataRateGbps) / BITS_PER_BYTE;
}

/**
 * The links of a design whose linked dies sit side by side at `placements`. `caps` (per design
 * link, undefined for none) limits a link to the shoreline the carrier's wiring covers at each end;
 * `options.wiring` caps every link by the wires an RDL carries across its shoreline.
 */
export function sideBySideLinks(
  design: ResolvedDesign,
  tech: TechnologyLibrary,
  placements: readonly Placement[],
  carrierKind: CarrierKind,
  caps: readonly (LinkShorelineCap | undefined)[] = [],
  options: SideBySideLinkOptions = {},
): LinkResult {
  const wiringCap = options.wiring;
  const usableModules = options.phyModules === 'usable';
  const n = design.dies.length;
  const ioPowerWByDie = new Array<number>(n).fill(0);
  const signalBondsByDie = new Array<number>(n).fill(0);
  const reasons: InfeasibilityReason[] = [];
  const phyGBps: number[] = [];
  const wiringGBps: number[] = [];
  const blocked: boolean[] = [];
  if (design.links.length === 0) {
    return {
      links: [],
      aggregateD2dGBps: 0,
      ioPowerWByDie,
      signalBondsByDie,
      ioPowerW: 0,
      energyPjPerBit: 0,
      reasons,
      phyGBps,
      wiringGBps,
      blocked,
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
    const wiringShorelineMm = Math.min(alloc.fromShorelineMm, alloc.toShorelineMm);
    let wiring = Number.POSITIVE_INFINITY;
    if (wiringCap !== undefined) {
      wiring = rdlWiringBandwidthGBps(
        wiringShorelineMm,
        wiringCap.lineSpaceUm,
        wiringCap.signalLayers,
        Math.min(phyA.dataRateGbps, phyB.dataRateGbps),
      );
      availableGBps = Math.min(availableGBps, wiring);
    }
    phyGBps.push(base.availableGBps);
    wiringGBps.push(wiring);
    const l: LinkMetrics = { ...base, availableGBps };
    links.push(l);
    aggregateD2dGBps += availableGBps;
    ioPowerWByDie[a]! += l.ioPowerW / 2;
    ioPowerWByDie[b]! += l.ioPowerW / 2;
    ioPowerW += l.ioPowerW;
    weighted += l.energyPjPerBit * l.requiredGBps;
    required += l.requiredGBps;
    signalBondsByDie[a]! += linkEndSignalBonds(phyA, l.requiredGBps, availableGBps, usableModules);
    signalBondsByDie[b]! += linkEndSignalBonds(phyB, l.requiredGBps, availableGBps, usableModules);
    blocked.push(r.outOfReach[k] === true || (cap !== undefined && cap.shorelineMm === 0));
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
      let shore: number;
      let why: string;
      if (wiringCap !== undefined) {
        shore = wiringShorelineMm;
        why =
          wiring < base.availableGBps
            ? ` (RDL wiring (${wiringCap.signalLayers} signal layers at ${wiringCap.lineSpaceUm} µm line/space) carries ${wiring.toFixed(0)} GB/s)`
            : ` (PHY modules offer ${base.availableGBps.toFixed(0)} GB/s)`;
      } else {
        shore = Math.min(alloc.fromShorelineMm, cap?.shorelineMm ?? Infinity);
        why = cap === undefined ? '' : ` (${cap.why})`;
      }
      reasons.push({
        code: 'link-bandwidth',
        message: `link ${l.from} -> ${l.to}: ${availableGBps.toFixed(0)} GB/s available on ${shore.toFixed(1)} mm of shoreline${why}, ${l.requiredGBps.toFixed(0)} GB/s required`,
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
    phyGBps,
    wiringGBps,
    blocked,
  };
}

/**
 * D2D signal bonds at one end of a link: the TX and RX lanes of the PHY modules built there,
 * enough for the required bandwidth ("usable": at most the modules the link can use).
 */
export function linkEndSignalBonds(
  phy: D2dPhy,
  requiredGBps: number,
  availableGBps: number,
  usableModules: boolean,
): number {
  const moduleGBps = phyModuleBandwidthGBps(phy);
  const modules =
    moduleGBps > 0
      ? usableModules
        ? Math.min(Math.ceil(requiredGBps / moduleGBps), Math.floor(availableGBps / moduleGBps))
        : Math.ceil(requiredGBps / moduleGBps)
      : 0;
  return modules * phy.lanesPerModule * 2;
}

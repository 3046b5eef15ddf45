/**
 * First-order D2D link and memory bandwidth, energy and latency from the PHY records of the
 * technology library and the room a floorplan gives each link
 * (docs/models/floorplan-and-bandwidth.md §2). Units: GB/s (10⁹ bytes/s), mm, pJ/bit, W, ns.
 */
import type { LinkSpec } from '../design/types.js';
import type { Placement, RectMm } from '../geometry/floorplan.js';
import { manhattanEdgeGapMm, perimeterMm, visibleShorelinesMm } from '../geometry/floorplan.js';
import type { LinkMetrics } from '../metrics/types.js';
import type { D2dPhy, HbmGeneration } from '../technology/types.js';

const BITS_PER_BYTE = 8;
/** A link carries lanes in both directions. */
const DIRECTIONS = 2;
/** GB/s · 8 bit/B · pJ/bit = 10⁹ · 10⁻¹² W = 10⁻³ W. */
const W_PER_GBPS_BIT_PJ = 1e-3;
const MM_PER_UM = 1e-3;
/**
 * Relative slack when counting whole modules on a shoreline, so that a shoreline of exactly
 * n module widths (e.g. 3 × 0.5715 mm) is not lost to float rounding.
 */
const MODULE_FIT_REL_TOLERANCE = 1e-9;

function checkNonNegative(value: number, name: string): void {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new RangeError(`${name} must be a non-negative finite number, got ${value}`);
  }
}

function checkPositive(value: number, name: string): void {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new RangeError(`${name} must be a positive finite number, got ${value}`);
  }
}

/** Bandwidth of one PHY module, both directions: 2 · lanes · rate / 8 [GB/s]. */
export function phyModuleBandwidthGBps(phy: Pick<D2dPhy, 'lanesPerModule' | 'dataRateGbps'>): number {
  checkNonNegative(phy.lanesPerModule, 'lanesPerModule');
  checkNonNegative(phy.dataRateGbps, 'dataRateGbps');
  return (DIRECTIONS * phy.lanesPerModule * phy.dataRateGbps) / BITS_PER_BYTE;
}

/**
 * Shoreline bandwidth density of an edge PHY, both directions: module bandwidth / module shoreline
 * [GB/s per mm of die edge]; 0 for area-array (3D) PHYs, which have no module shoreline.
 */
export function phyShorelineDensityGBpsPerMm(
  phy: Pick<D2dPhy, 'lanesPerModule' | 'dataRateGbps' | 'moduleShorelineMm'>,
): number {
  checkNonNegative(phy.moduleShorelineMm, 'moduleShorelineMm');
  if (phy.moduleShorelineMm === 0) return 0;
  return phyModuleBandwidthGBps(phy) / phy.moduleShorelineMm;
}

/** Whole PHY modules that fit on `shorelineMm` of die edge (0 for area-array PHYs). */
export function phyModulesOnShoreline(phy: Pick<D2dPhy, 'moduleShorelineMm'>, shorelineMm: number): number {
  checkNonNegative(shorelineMm, 'shorelineMm');
  checkNonNegative(phy.moduleShorelineMm, 'moduleShorelineMm');
  if (phy.moduleShorelineMm === 0) return 0;
  return Math.floor((shorelineMm / phy.moduleShorelineMm) * (1 + MODULE_FIT_REL_TOLERANCE));
}

/** Bandwidth of the whole modules that fit on `shorelineMm` of die edge, both directions [GB/s]. */
export function shorelineBandwidthGBps(
  phy: Pick<D2dPhy, 'lanesPerModule' | 'dataRateGbps' | 'moduleShorelineMm'>,
  shorelineMm: number,
): number {
  return phyModulesOnShoreline(phy, shorelineMm) * phyModuleBandwidthGBps(phy);
}

/** Stacked (3D) link bandwidth from the PHY's area density: overlap · density [GB/s]. */
export function stackedBandwidthGBps(
  phy: Pick<D2dPhy, 'areaBandwidthGBpsPerMm2'>,
  overlapAreaMm2: number,
): number {
  checkNonNegative(overlapAreaMm2, 'overlapAreaMm2');
  checkNonNegative(phy.areaBandwidthGBpsPerMm2, 'areaBandwidthGBpsPerMm2');
  return overlapAreaMm2 * phy.areaBandwidthGBpsPerMm2;
}

export interface BondPitchLinkInput {
  overlapAreaMm2: number;
  /** Pitch of a square bond array, µm: 1 / pitch² bonds per unit area. */
  bondPitchUm: number;
  /** Share of bonds that carry data (the rest: power, ground, clock, redundancy), 0..1. */
  signalFraction: number;
  /** Data rate per signal bond, Gb/s. */
  dataRateGbps: number;
}

/**
 * Stacked (3D) link bandwidth from the bond array: overlap / pitch² · signal fraction · rate / 8
 * [GB/s], both directions together (each signal bond carries one direction).
 */
export function stackedBandwidthFromPitchGBps(input: BondPitchLinkInput): number {
  checkNonNegative(input.overlapAreaMm2, 'overlapAreaMm2');
  checkPositive(input.bondPitchUm, 'bondPitchUm');
  checkNonNegative(input.dataRateGbps, 'dataRateGbps');
  if (!(input.signalFraction >= 0 && input.signalFraction <= 1)) {
    throw new RangeError(`signalFraction must lie in [0, 1], got ${input.signalFraction}`);
  }
  const pitchMm = input.bondPitchUm * MM_PER_UM;
  const bonds = input.overlapAreaMm2 / (pitchMm * pitchMm);
  return (bonds * input.signalFraction * input.dataRateGbps) / BITS_PER_BYTE;
}

/** Peak memory bandwidth of `stacks` HBM stacks [GB/s]. */
export function hbmBandwidthGBps(
  generation: Pick<HbmGeneration, 'bandwidthGBpsPerStack'>,
  stacks: number,
): number {
  checkNonNegative(stacks, 'stacks');
  return stacks * generation.bandwidthGBpsPerStack;
}

/** I/O power of moving `bandwidthGBps` at `energyPjPerBit`: GB/s · 8 · pJ/bit · 10⁻³ [W]. */
export function ioPowerW(bandwidthGBps: number, energyPjPerBit: number): number {
  checkNonNegative(bandwidthGBps, 'bandwidthGBps');
  checkNonNegative(energyPjPerBit, 'energyPjPerBit');
  return bandwidthGBps * BITS_PER_BYTE * energyPjPerBit * W_PER_GBPS_BIT_PJ;
}

/** HBM interface power at the memory bandwidth actually used, from the generation's energy per bit [W]. */
export function hbmInterfacePowerW(
  generation: Pick<HbmGeneration, 'energyPjPerBit'>,
  usedGBps: number,
): number {
  return ioPowerW(usedGBps, generation.energyPjPerBit);
}

/** HBM power from the library's per-stack figure (an upper bound at full bandwidth) [W]. */
export function hbmStackPowerW(generation: Pick<HbmGeneration, 'powerWPerStack'>, stacks: number): number {
  checkNonNegative(stacks, 'stacks');
  return stacks * generation.powerWPerStack;
}

/** How a side-by-side link got its shoreline. */
export type LinkPlacementMode = 'adjacent' | 'shared-perimeter' | 'out-of-reach';

export interface LinkAllocation {
  mode: LinkPlacementMode;
  /** Least Manhattan edge-to-edge distance between the two dies, mm. */
  gapMm: number;
  /** Reach the gap was checked against: the smaller of the two PHYs' reaches, mm. */
  reachMm: number;
  /** Shoreline granted at the `from` and `to` ends, mm. */
  fromShorelineMm: number;
  toShorelineMm: number;
}

export interface SideBySideLinkResult {
  /** One entry per input link, in input order. */
  links: LinkMetrics[];
  /** Sum of available bandwidth over the links, GB/s. */
  aggregateD2dGBps: number;
  /** Per link: true when the dies are farther apart than the PHY reach (available bandwidth 0). */
  outOfReach: boolean[];
  allocations: LinkAllocation[];
}

/** What the link model needs of a die: its id (matching a placement) and its PHY id. */
export interface DiePhyRef {
  id: string;
  phy: string;
}

/**
 * Bandwidth, energy, latency and I/O power of side-by-side D2D links on a floorplan.
 *
 * Per die, each stretch of edge facing a die or memory within the die's PHY reach (nearest one
 * wins) is committed to that neighbour; the rest is free perimeter. A link between dies that face
 * each other uses their facing shoreline (split evenly if several links join the same pair); a
 * link between non-facing dies within reach gets an even share of each end's free perimeter
 * among that end's non-facing links; beyond reach it gets nothing and is flagged. Each end offers
 * the whole modules of its PHY that fit on its shoreline; the link gets the smaller offer. When the
 * two ends have different PHYs the link takes the worse energy, latency and reach.
 *
 * `placements` may contain memories and other obstacles; every die must have a placement with its id.
 */
export function sideBySideLinkBandwidth(
  placements: readonly (RectMm & Pick<Placement, 'id'>)[],
  dies: readonly DiePhyRef[],
  links: readonly LinkSpec[],
  phys: Readonly<Record<string, D2dPhy>>,
): SideBySideLinkResult {
  const placementCount = placements.length;
  const placementById = new Map<string, number>();
  for (let p = 0; p < placementCount; p++) placementById.set((placements[p] as Placement).id, p);

  const dieCount = dies.length;
  const dieById = new Map<string, number>();
  const diePlacement = new Int32Array(dieCount);
  const diePhy: D2dPhy[] = new Array<D2dPhy>(dieCount);
  for (let d = 0; d < dieCount; d++) {
    const die = dies[d] as DiePhyRef;
    const p = placementById.get(die.id);
    if (p === undefined) throw new RangeError(`die '${die.id}' has no placement in the floorplan`);
    const phy = Object.hasOwn(phys, die.phy) ? phys[die.phy] : undefined;
    if (phy === undefined) throw new RangeError(`die '${die.id}' uses unknown PHY '${die.phy}'`);
    checkNonNegative(phy.reachMm, `PHY '${die.phy}' reachMm`);
    dieById.set(die.id, d);
    diePlacement[d] = p;
    diePhy[d] = phy;
  }

  // Only dies that carry links need their shoreline worked out.
  const linkCount = links.length;
  const fromDie = new Int32Array(linkCount);
  const toDie = new Int32Array(linkCount);
  const needsShoreline = new Uint8Array(dieCount);
  for (let l = 0; l < linkCount; l++) {
    const link = links[l] as LinkSpec;
    const a = dieById.get(link.from);
    const b = dieById.get(link.to);
    if (a === undefined) throw new RangeError(`link ${link.from} -> ${link.to}: unknown die '${link.from}'`);
    if (b === undefined) throw new RangeError(`link ${link.from} -> ${link.to}: unknown die '${link.to}'`);
    if (a === b) throw new RangeError(`link ${link.from} -> ${link.to} joins a die to itself`);
    checkNonNegative(link.bandwidthGBps, `link ${link.from} -> ${link.to} bandwidthGBps`);
    fromDie[l] = a;
    toDie[l] = b;
    needsShoreline[a] = 1;
    needsShoreline[b] = 1;
  }

  // facing[d · P + p]: shoreline of die d committed to placement p; free[d]: the rest of its perimeter.
  const facing = new Float64Array(dieCount * placementCount);
  const free = new Float64Array(dieCount);
  const row = new Float64Array(placementCount);
  for (let d = 0; d < dieCount; d++) {
    if (needsShoreline[d] === 0) continue;
    const p = diePlacement[d] as number;
    visibleShorelinesMm(placements, p, (diePhy[d] as D2dPhy).reachMm, row);
    let occupied = 0;
    for (let q = 0; q < placementCount; q++) occupied += row[q] as number;
    facing.set(row, d * placementCount);
    free[d] = Math.max(0, perimeterMm(placements[p] as RectMm) - occupied);
  }

  // First pass: classify each link; count facing links per die pair and non-facing links per die.
  const modes: LinkPlacementMode[] = new Array<LinkPlacementMode>(linkCount);
  const gaps = new Float64Array(linkCount);
  const reaches = new Float64Array(linkCount);
  const pairLinks = new Map<number, number>();
  const sharedLinks = new Int32Array(dieCount);
  for (let l = 0; l < linkCount; l++) {
    const a = fromDie[l] as number;
    const b = toDie[l] as number;
    const pa = diePlacement[a] as number;
    const pb = diePlacement[b] as number;
    const gap = manhattanEdgeGapMm(placements[pa] as RectMm, placements[pb] as RectMm);
    const reach = Math.min((diePhy[a] as D2dPhy).reachMm, (diePhy[b] as D2dPhy).reachMm);
    gaps[l] = gap;
    reaches[l] = reach;
    if (gap > reach) {
      modes[l] = 'out-of-reach';
    } else if (
      (facing[a * placementCount + pb] as number) > 0 ||
      (facing[b * placementCount + pa] as number) > 0
    ) {
      modes[l] = 'adjacent';
      const key = Math.min(a, b) * dieCount + Math.max(a, b);
      pairLinks.set(key, (pairLinks.get(key) ?? 0) + 1);
    } else {
      modes[l] = 'shared-perimeter';
      sharedLinks[a] = (sharedLinks[a] as number) + 1;
      sharedLinks[b] = (sharedLinks[b] as number) + 1;
    }
  }

  // Second pass: shoreline per end, whole modules per end, the smaller offer.
  const result: LinkMetrics[] = new Array<LinkMetrics>(linkCount);
  const allocations: LinkAllocation[] = new Array<LinkAllocation>(linkCount);
  const outOfReach: boolean[] = new Array<boolean>(linkCount);
  let aggregate = 0;
  for (let l = 0; l < linkCount; l++) {
    const link = links[l] as LinkSpec;
    const a = fromDie[l] as number;
    const b = toDie[l] as number;
    const phyA = diePhy[a] as D2dPhy;
    const phyB = diePhy[b] as D2dPhy;
    const mode = modes[l] as LinkPlacementMode;
    let shoreA = 0;
    let shoreB = 0;
    if (mode === 'adjacent') {
      const share = pairLinks.get(Math.min(a, b) * dieCount + Math.max(a, b)) ?? 1;
      shoreA = (facing[a * placementCount + (diePlacement[b] as number)] as number) / share;
      shoreB = (facing[b * placementCount + (diePlacement[a] as number)] as number) / share;
    } else if (mode === 'shared-perimeter') {
      shoreA = (free[a] as number) / (sharedLinks[a] as number);
      shoreB = (free[b] as number) / (sharedLinks[b] as number);
    }
    const available = Math.min(shorelineBandwidthGBps(phyA, shoreA), shorelineBandwidthGBps(phyB, shoreB));
    const energy = Math.max(phyA.energyPjPerBit, phyB.energyPjPerBit);
    aggregate += available;
    outOfReach[l] = mode === 'out-of-reach';
    allocations[l] = {
      mode,
      gapMm: gaps[l] as number,
      reachMm: reaches[l] as number,
      fromShorelineMm: shoreA,
      toShorelineMm: shoreB,
    };
    result[l] = {
      from: link.from,
      to: link.to,
      requiredGBps: link.bandwidthGBps,
      availableGBps: available,
      energyPjPerBit: energy,
      latencyNs: Math.max(phyA.latencyNs, phyB.latencyNs),
      ioPowerW: ioPowerW(link.bandwidthGBps, energy),
    };
  }
  return { links: result, aggregateD2dGBps: aggregate, outOfReach, allocations };
}

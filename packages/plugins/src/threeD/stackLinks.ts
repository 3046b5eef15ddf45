/**
 * D2D links of stacked designs (docs/models/3d.md §3): a link inside one stack is vertical and
 * gets the bonded overlap times the PHY's area bandwidth density; a link between stacks is
 * side by side and leaves each stack through the edge PHY of its bottom die, on the floorplan of
 * the stacks' footprints (the kit's `sideBySideLinks`).
 */
import {
  ioPowerW,
  sideBySideLinks,
  stackedBandwidthFromPitchGBps,
  stackedBandwidthGBps,
  type BondingProcess,
  type CarrierKind,
  type D2dPhy,
  type InfeasibilityReason,
  type LinkMetrics,
  type LinkSpec,
  type Placement,
  type ResolvedDesign,
  type TechnologyLibrary,
} from '@chiplet-dse/core';

import { overlapMm2, type StackStructure } from './stacks.js';

const BITS_PER_BYTE = 8;

export interface StackLinkResult {
  /** One entry per design link, in design order. */
  links: LinkMetrics[];
  aggregateD2dGBps: number;
  /** Per design die index: I/O power added to the die (half of each of its links). */
  ioPowerWByDie: number[];
  /** Per design die index: D2D signal bonds of side-by-side links (bottom dies only). */
  signalBondsByDie: number[];
  /**
   * Per design die index of an upper tier: signal TSVs through the die below it that its
   * face-to-back bond needs for the vertical links crossing that bond.
   */
  signalTsvsByDie: number[];
  /** Per die: signal bonds of the vertical links crossing the bond under it (any orientation). */
  verticalSignalsByDie: number[];
  ioPowerW: number;
  energyPjPerBit: number;
  reasons: InfeasibilityReason[];
}

/**
 * Bandwidth one end's PHY can offer over a bonded overlap, GB/s: the bond array, overlap / pitch²
 * × signal fraction × data rate / 8, at the coarser of the bond pitch and the PHY's own bump pitch
 * (a PHY laid out for 45 µm bumps gains no signals from a finer bond, and a 9 µm PHY loses them
 * on 36 µm micro-bumps); for area-array (3D) PHYs at most overlap × areaBandwidthGBpsPerMm2.
 */
export function verticalOfferGBps(phy: D2dPhy, bonding: BondingProcess, overlapAreaMm2: number): number {
  const bondArray = stackedBandwidthFromPitchGBps({
    overlapAreaMm2,
    bondPitchUm: Math.max(bonding.pitchUm, phy.bumpPitchUm),
    signalFraction: phy.signalBondFraction,
    dataRateGbps: phy.dataRateGbps,
  });
  if (phy.areaBandwidthGBpsPerMm2 > 0) return Math.min(stackedBandwidthGBps(phy, overlapAreaMm2), bondArray);
  return bondArray;
}

/**
 * The design the side-by-side links between stacks are evaluated on: the bottom dies (one per
 * column, in column order) and the links between stacks, re-attached to those bottom dies.
 */
export function footprintLinkDesign(
  design: ResolvedDesign,
  structure: StackStructure,
  crossLinks: readonly LinkSpec[],
): ResolvedDesign {
  const linkedBottoms = new Set(crossLinks.flatMap((l) => [l.from, l.to]));
  return {
    ...design,
    dies: structure.columns.map((c) => ({
      ...c.tiers[0]!.die,
      hasD2d: linkedBottoms.has(c.tiers[0]!.die.id),
    })),
    links: [...crossLinks],
  };
}

/** A link between stacks as seen on the footprints: between the bottom dies of its columns. */
export function crossLinkSpec(structure: StackStructure, link: LinkSpec): LinkSpec | undefined {
  const a = structure.where.get(link.from);
  const b = structure.where.get(link.to);
  if (a === undefined || b === undefined || a.column === b.column) return undefined;
  return {
    from: structure.columns[a.column]!.tiers[0]!.die.id,
    to: structure.columns[b.column]!.tiers[0]!.die.id,
    bandwidthGBps: link.bandwidthGBps,
  };
}

export function stackLinks(
  design: ResolvedDesign,
  tech: TechnologyLibrary,
  structure: StackStructure,
  placements: readonly Placement[],
  carrierKind: CarrierKind,
): StackLinkResult {
  const n = design.dies.length;
  const ioPowerWByDie = new Array<number>(n).fill(0);
  const signalBondsByDie = new Array<number>(n).fill(0);
  const signalTsvsByDie = new Array<number>(n).fill(0);
  const verticalSignalsByDie = new Array<number>(n).fill(0);
  const reasons: InfeasibilityReason[] = [];
  const dieIndex = new Map(design.dies.map((d, i) => [d.id, i] as const));
  const links = new Array<LinkMetrics>(design.links.length);

  // Sort the links: vertical (both ends in one stack) or side by side (between stacks).
  const vertical: { k: number; column: number; lo: number; hi: number }[] = [];
  const crossK: number[] = [];
  const crossLinks: LinkSpec[] = [];
  const hopShares = structure.columns.map((c) => new Array<number>(c.tiers.length).fill(0));
  design.links.forEach((l, k) => {
    const a = structure.where.get(l.from);
    const b = structure.where.get(l.to);
    if (a === undefined || b === undefined) {
      // Only for designs validate refuses (a die in a nested stack): no bandwidth.
      links[k] = {
        from: l.from,
        to: l.to,
        requiredGBps: l.bandwidthGBps,
        availableGBps: 0,
        energyPjPerBit: 0,
        latencyNs: 0,
        ioPowerW: 0,
      };
      return;
    }
    if (a.column === b.column) {
      const lo = Math.min(a.level, b.level);
      const hi = Math.max(a.level, b.level);
      vertical.push({ k, column: a.column, lo, hi });
      for (let h = lo + 1; h <= hi; h++) hopShares[a.column]![h]! += 1;
    } else {
      crossK.push(k);
      crossLinks.push(crossLinkSpec(structure, l)!);
    }
  });

  // Vertical links: each bond they cross is shared evenly by the links crossing it.
  for (const v of vertical) {
    const l = design.links[v.k]!;
    const tiers = structure.columns[v.column]!.tiers;
    const phyA = tech.phys[design.dies[dieIndex.get(l.from)!]!.phy]!;
    const phyB = tech.phys[design.dies[dieIndex.get(l.to)!]!.phy]!;
    let available = Number.POSITIVE_INFINITY;
    for (let h = v.lo + 1; h <= v.hi; h++) {
      const upper = tiers[h]!;
      const bonding = tech.bonding[upper.bondingId]!;
      const overlap = overlapMm2(upper.die, tiers[h - 1]!.die);
      const hop = Math.min(
        verticalOfferGBps(phyA, bonding, overlap),
        verticalOfferGBps(phyB, bonding, overlap),
      );
      available = Math.min(available, hop / hopShares[v.column]![h]!);
    }
    const energy = Math.max(phyA.energyPjPerBit, phyB.energyPjPerBit);
    const power = ioPowerW(l.bandwidthGBps, energy);
    ioPowerWByDie[dieIndex.get(l.from)!]! += power / 2;
    ioPowerWByDie[dieIndex.get(l.to)!]! += power / 2;
    // Signal TSVs: one per lane needed for the required bandwidth at the slower end's data rate.
    const rateGbps = Math.min(phyA.dataRateGbps, phyB.dataRateGbps);
    const tsvs = rateGbps > 0 ? Math.ceil((l.bandwidthGBps * BITS_PER_BYTE) / rateGbps) : 0;
    for (let h = v.lo + 1; h <= v.hi; h++) {
      const upper = tiers[h]!;
      verticalSignalsByDie[upper.dieIndex]! += tsvs;
      if (upper.node.orientation === 'face-to-back') signalTsvsByDie[upper.dieIndex]! += tsvs;
    }
    links[v.k] = {
      from: l.from,
      to: l.to,
      requiredGBps: l.bandwidthGBps,
      availableGBps: available,
      energyPjPerBit: energy,
      latencyNs: Math.max(phyA.latencyNs, phyB.latencyNs),
      ioPowerW: power,
    };
    if (available < l.bandwidthGBps) {
      reasons.push({
        code: 'link-bandwidth',
        message: `vertical link ${l.from} -> ${l.to}: ${available.toFixed(0)} GB/s available over the bonded overlap, ${l.bandwidthGBps.toFixed(0)} GB/s required`,
        value: available,
        limit: l.bandwidthGBps,
      });
    }
  }

  // Side-by-side links between stacks: on the floorplan of the bottom dies, with their PHYs.
  if (crossLinks.length > 0) {
    const bottoms = structure.columns.map((c) => c.tiers[0]!);
    const side = sideBySideLinks(
      footprintLinkDesign(design, structure, crossLinks),
      tech,
      placements,
      carrierKind,
    );
    bottoms.forEach((t, j) => {
      ioPowerWByDie[t.dieIndex]! += side.ioPowerWByDie[j]!;
      signalBondsByDie[t.dieIndex]! += side.signalBondsByDie[j]!;
    });
    side.links.forEach((m, j) => {
      const l = design.links[crossK[j]!]!;
      links[crossK[j]!] = { ...m, from: l.from, to: l.to };
    });
    reasons.push(...side.reasons);
  }

  let aggregate = 0;
  let io = 0;
  let weighted = 0;
  let required = 0;
  for (const m of links) {
    aggregate += m.availableGBps;
    io += m.ioPowerW;
    weighted += m.energyPjPerBit * m.requiredGBps;
    required += m.requiredGBps;
  }
  return {
    links,
    aggregateD2dGBps: aggregate,
    ioPowerWByDie,
    signalBondsByDie,
    signalTsvsByDie,
    verticalSignalsByDie,
    ioPowerW: io,
    energyPjPerBit: required > 0 ? weighted / required : 0,
    reasons,
  };
}

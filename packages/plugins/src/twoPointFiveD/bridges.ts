/**
 * Embedded bridges (EMIB / CoWoS-L LSI class): which neighbours need bridges, how many, and how
 * much shoreline they cover (docs/models/2.5d.md §3.2). One bridge per `bridgeEdgeCoverageMm` of
 * the shared edge of each linked pair of dies and of each HBM stack and its die (at least one),
 * after ECO-CHIP's one 5 x 5 mm bridge per 10 mm of shared edge (Sudarshan et al., HPCA 2024).
 */
import { facingShorelineMm, manhattanEdgeGapMm, type Carrier, type Placement } from '@chiplet-dse/core';

/** Relative slack so that a shoreline of exactly n coverages (e.g. 20 mm at 10 mm) needs n bridges. */
const COUNT_REL_TOLERANCE = 1e-9;

export interface BridgePairInput {
  /** Placement ids of the two neighbours (die-die, or die-stack). */
  a: string;
  b: string;
  kind: 'd2d' | 'hbm';
}

export interface BridgePair extends BridgePairInput {
  /** Longest edge the two footprints can share: the shorter of their long sides, mm. */
  edgeMm: number;
  /** Facing shoreline of the two placed footprints, with a gap a bridge can span, mm (0: none). */
  facingMm: number;
  /** Least (Manhattan) edge-to-edge gap of the two placed footprints, mm. */
  gapMm: number;
  bridges: number;
  /** Shoreline the bridges carry wires on in the floorplan: min(facing, bridges x bridge length), mm. */
  coveredMm: number;
}

/** The longest edge two footprints can share when placed long side to long side, mm. */
export function sharedEdgeMm(
  a: { widthMm: number; heightMm: number },
  b: { widthMm: number; heightMm: number },
): number {
  return Math.min(Math.max(a.widthMm, a.heightMm), Math.max(b.widthMm, b.heightMm));
}

/**
 * Bridges needed by one pair: one per `bridgeEdgeCoverageMm` of the edge the pair shares when
 * placed to face each other, at least one. The count comes from the footprints, not from where
 * the floorplan put them, so the cost of a design does not jump when the floorplan reorders its
 * dies; a pair the floorplan does not make face gets no wiring (its links are infeasible). A
 * bridge lies under both edges, its length `bridgeLengthMm` along them and its width
 * `bridgeWidthMm` across the gap, so only footprints facing each other across at most
 * `bridgeWidthMm` are wired.
 */
export function bridgePair(carrier: Carrier, a: Placement, b: Placement, kind: 'd2d' | 'hbm'): BridgePair {
  const edgeMm = sharedEdgeMm(a, b);
  const bridges = Math.max(1, Math.ceil((edgeMm / carrier.bridgeEdgeCoverageMm) * (1 - COUNT_REL_TOLERANCE)));
  const facingMm = facingShorelineMm(a, b, carrier.bridgeWidthMm);
  return {
    a: a.id,
    b: b.id,
    kind,
    edgeMm,
    facingMm,
    gapMm: manhattanEdgeGapMm(a, b),
    bridges,
    coveredMm: Math.min(facingMm, bridges * carrier.bridgeLengthMm),
  };
}

/** Every pair's bridges, in input order; pairs are expected unique (unordered). */
export function planBridges(
  carrier: Carrier,
  placements: readonly Placement[],
  pairs: readonly BridgePairInput[],
): BridgePair[] {
  const byId = new Map(placements.map((p) => [p.id, p] as const));
  return pairs.map((p) => bridgePair(carrier, byId.get(p.a)!, byId.get(p.b)!, p.kind));
}

/** Unordered key of a pair of ids. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

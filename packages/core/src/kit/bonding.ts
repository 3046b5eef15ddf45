/**
 * Which bonding process attaches each die and each HBM stack to the carrier, and what placing
 * them costs and yields (CATCH's per-placement and per-bond yields; docs/models/2.5d.md §4).
 */
import type { ResolvedDesign } from '../design/types.js';
import type { BondingProcess, Carrier, TechnologyLibrary } from '../technology/types.js';

/**
 * Bonding process id of each die and each stack: the one the design's assembly tree names for it,
 * else the carrier's `dieBonding`.
 */
export function attachBondingIds(
  design: ResolvedDesign,
  carrier: Carrier,
): { dies: string[]; stacks: string[] } {
  const named = new Map<string, string>();
  for (const node of design.package.assembly.children) {
    if (node.bonding !== '') named.set(node.ref, node.bonding);
  }
  return {
    dies: design.dies.map((d) => named.get(d.id) ?? carrier.dieBonding),
    stacks: design.memories.map((m) => named.get(m.id) ?? carrier.dieBonding),
  };
}

/** The first bonding id of `attachBondingIds` that the library does not have, if any. */
export function missingBondingId(design: ResolvedDesign, tech: TechnologyLibrary): string | undefined {
  const ids = attachBondingIds(design, tech.carriers[design.package.carrier]!);
  return [...ids.dies, ...ids.stacks].find((id) => tech.bonding[id] === undefined);
}

export interface AttachTotals {
  /** The bonding process of each die and each stack. */
  dieBondings: BondingProcess[];
  stackBondings: BondingProcess[];
  /** Σ bump $/mm² x die area over the dies (the bumps come with the die). */
  bumpUsd: number;
  /** Σ placement cost of every die and stack. */
  placeUsd: number;
  /** Π over dies of y_die·y_bond^(signal bonds) and over stacks of y_die. */
  yield: number;
}

/**
 * Bumps, placement cost and attach yield of every die and stack. A stack's bond count is not in
 * the library (HBM's ~1,700 signals per stack are not a field): its attach yield is the
 * per-placement yield only.
 */
export function attachTotals(
  design: ResolvedDesign,
  tech: TechnologyLibrary,
  signalBondsByDie: readonly number[],
): AttachTotals {
  const ids = attachBondingIds(design, tech.carriers[design.package.carrier]!);
  const dieBondings = ids.dies.map((id) => tech.bonding[id]!);
  const stackBondings = ids.stacks.map((id) => tech.bonding[id]!);
  let bumpUsd = 0;
  let placeUsd = 0;
  let y = 1;
  dieBondings.forEach((b, i) => {
    bumpUsd += b.costUsdPerMm2 * design.dies[i]!.areaMm2;
    placeUsd += b.costUsdPerDie;
    y *= b.yieldPerDie * Math.pow(b.yieldPerBond, signalBondsByDie[i] ?? 0);
  });
  for (const b of stackBondings) {
    placeUsd += b.costUsdPerDie;
    y *= b.yieldPerDie;
  }
  return { dieBondings, stackBondings, bumpUsd, placeUsd, yield: y };
}

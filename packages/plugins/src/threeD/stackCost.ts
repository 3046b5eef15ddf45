/**
 * Yield and cost of building stacks (docs/models/3d.md §2): the yield of one bond step (CATCH C6
 * with intra-stack bonds counted), die-to-wafer stacks of known-good dies as a sequential
 * assembly flow, wafer-to-wafer stacks whose dies are bonded untested, and the package flow that
 * takes finished stacks as sub-assemblies.
 */
import {
  YIELD_FLOOR,
  assemblyFlowCost,
  dieCost,
  testPassYield,
  type BondingProcess,
  type DieCost,
  type DiesPerWaferMethod,
  type FlowItem,
  type FlowResult,
  type RecurringCostBreakdown,
  type ResolvedDesign,
  type TechnologyLibrary,
} from '@chiplet-dse/core';
import { overlapMm2, type StackColumn } from './stacks.js';

const MM_PER_UM = 1e-3;
const MM2_PER_CM2 = 100;

/** Pads of a bond array over the overlap, A / pitch² (bond cost and reporting). */
export function bondedPads(bonding: BondingProcess, overlapAreaMm2: number): number {
  const pitchMm = bonding.pitchUm * MM_PER_UM;
  return overlapAreaMm2 / (pitchMm * pitchMm);
}

/**
 * Yield of one bond step (CATCH C6): y_die · y_bond^signals · y_TSV^TSVs / (1 + D_diel · A_overlap),
 * D_diel converted from /cm² to /mm². As in CATCH, the per-bond yield applies to signal bonds
 * (power, ground and dummy pads are many in parallel; area defects such as voids are the
 * dielectric term), but unlike CATCH (its issue #2) the signals between dies of the same stack
 * count. Floored at YIELD_FLOOR so extreme counts stay finite.
 */
export function bondStepYield(
  bonding: BondingProcess,
  overlapAreaMm2: number,
  signalBonds: number,
  signalTsvs: number,
): number {
  const dielectric = bondDielectricYield(bonding, overlapAreaMm2);
  const y =
    bonding.yieldPerDie *
    Math.pow(bonding.yieldPerBond, signalBonds) *
    Math.pow(bonding.tsvYieldPerTsv, signalTsvs) *
    dielectric;
  return Math.max(y, YIELD_FLOOR);
}

/** The dielectric (area defect) term of a bond step, 1 / (1 + D_diel · A_overlap). */
export function bondDielectricYield(bonding: BondingProcess, overlapAreaMm2: number): number {
  return 1 / (1 + (bonding.dielectricDefectDensityPerCm2 * overlapAreaMm2) / MM2_PER_CM2);
}

/** Cost of a bond step: per die placed and bonded, plus pad cost over the bonded overlap. */
export function bondStepCostUsd(bonding: BondingProcess, overlapAreaMm2: number): number {
  return bonding.costUsdPerDie + bonding.costUsdPerMm2 * overlapAreaMm2;
}

export interface StackBond {
  /** Design die index of the die bonded in this step (the upper one). */
  dieIndex: number;
  overlapMm2: number;
  yield: number;
  costUsd: number;
}

/** The bond steps of a column in build order (tier 1 onto tier 0, then tier 2, ...). */
export function columnBonds(
  column: StackColumn,
  tech: TechnologyLibrary,
  signalTsvsByDie: readonly number[],
  verticalSignalsByDie: readonly number[],
): StackBond[] {
  const bonds: StackBond[] = [];
  for (let h = 1; h < column.tiers.length; h++) {
    const upper = column.tiers[h]!;
    const bonding = tech.bonding[upper.bondingId]!;
    const overlap = overlapMm2(upper.die, column.tiers[h - 1]!.die);
    bonds.push({
      dieIndex: upper.dieIndex,
      overlapMm2: overlap,
      yield: bondStepYield(
        bonding,
        overlap,
        verticalSignalsByDie[upper.dieIndex] ?? 0,
        signalTsvsByDie[upper.dieIndex] ?? 0,
      ),
      costUsd: bondStepCostUsd(bonding, overlap),
    });
  }
  return bonds;
}

export interface ColumnCost {
  /** Cost of one good stack by category, including what its own build scrapped. */
  recurring: RecurringCostBreakdown;
  costUsd: number;
  /** Π of the stack's bond-step yields. */
  bondYield: number;
  /** Probability that a stack passed on to assembly holds no bad die (test escapes). */
  escapeQuality: number;
  /** Silicon and die test part of costUsd before bonding losses (the known-good-die cost). */
  siliconUsd: number;
}

/**
 * Die to wafer: tested dies (known good, cost per tested die from dieCosts) are bonded one by one
 * in build order; die k enters at its own bond step, and a failed step scraps the partial stack
 * (assemblyFlowCost). A stack of one die is just its tested die.
 */
export function d2wColumnCost(
  column: StackColumn,
  perDie: readonly DieCost[],
  bonds: readonly StackBond[],
): ColumnCost {
  const items: FlowItem[] = [];
  let escapeQuality = 1;
  let siliconUsd = 0;
  column.tiers.forEach((t, level) => {
    const c = perDie[t.dieIndex]!;
    const entryStep = Math.max(0, level - 1);
    items.push({ category: 'rawDies', costUsd: c.rawUsd, entryStep, loss: 'wastedGoodDies' });
    items.push({ category: 'defectLoss', costUsd: c.defectLossUsd, entryStep, loss: 'wastedGoodDies' });
    items.push({ category: 'test', costUsd: c.testUsd, entryStep, loss: 'wastedGoodDies' });
    escapeQuality *= c.outgoingQuality;
    siliconUsd += c.rawUsd + c.defectLossUsd + c.testUsd;
  });
  bonds.forEach((b, s) =>
    items.push({ category: 'bondingAssembly', costUsd: b.costUsd, entryStep: s, loss: 'packageScrap' }),
  );
  const flow = assemblyFlowCost(
    items,
    bonds.map((b) => b.yield),
  );
  return {
    recurring: flow.recurring,
    costUsd: flow.recurringUsd,
    bondYield: flow.flowYield,
    escapeQuality,
    siliconUsd,
  };
}

/**
 * Wafer to wafer: whole wafers of the common footprint are bonded untested, so a stack is good
 * only if every die and every bond is: Y_s = Π Y_i · Π Y_bond. The bonded stack is tested
 * (coverage c, Y_T = 1 − (1 − Y_s)·c) and costs (Σ raw_i + bonds + test) / Y_T per passing
 * stack. What die i loses splits into its own defect loss raw_i(1/Y_T,i − 1), Y_T,i its pass
 * yield had it been tested alone, and the good dies killed by a bad partner or bond,
 * raw_i(1/Y_T − 1/Y_T,i) (≥ 0 since Y_s ≤ Y_i).
 */
export function w2wColumnCost(
  column: StackColumn,
  design: ResolvedDesign,
  tech: TechnologyLibrary,
  method: DiesPerWaferMethod,
  bonds: readonly StackBond[],
): ColumnCost {
  const footprint = column.tiers[0]!.die;
  const coverage = tech.test.coverage;
  const dies = column.tiers.map((t) =>
    dieCost(
      footprint.widthMm,
      footprint.heightMm,
      tech.nodes[t.die.node]!,
      design.system.yieldModel,
      tech.test,
      method,
    ),
  );
  let stackYield = 1;
  let rawUsd = 0;
  let testUsd = 0;
  for (const c of dies) {
    stackYield *= c.dieYield;
    rawUsd += c.rawUsd;
    testUsd += c.testUsd;
  }
  let bondUsd = 0;
  let bondYield = 1;
  for (const b of bonds) {
    bondYield *= b.yield;
    bondUsd += b.costUsd;
  }
  stackYield = Math.max(stackYield * bondYield, YIELD_FLOOR);
  const passYield = testPassYield(stackYield, coverage);
  let defectLossUsd = 0;
  let wastedUsd = 0;
  for (const c of dies) {
    const alonePass = testPassYield(c.dieYield, coverage);
    defectLossUsd += c.rawUsd * (1 / alonePass - 1);
    wastedUsd += c.rawUsd * Math.max(0, 1 / passYield - 1 / alonePass);
  }
  const scrapUsd = (bondUsd + testUsd) * (1 / passYield - 1);
  const recurring: RecurringCostBreakdown = {
    rawDiesUsd: rawUsd,
    defectLossUsd,
    carrierUsd: 0,
    bondingAssemblyUsd: bondUsd,
    testUsd,
    componentsUsd: 0,
    packageScrapUsd: scrapUsd,
    wastedGoodDiesUsd: wastedUsd,
  };
  return {
    recurring,
    costUsd: rawUsd + defectLossUsd + wastedUsd + bondUsd + testUsd + scrapUsd,
    bondYield,
    escapeQuality: stackYield / passYield,
    siliconUsd: (rawUsd + testUsd) / passYield,
  };
}

export interface SubAssembly {
  recurring: RecurringCostBreakdown;
  /** Step of the package flow at which it is placed (its first chance to be scrapped). */
  entryStep: number;
}

const COST_CATEGORIES = [
  'rawDies',
  'defectLoss',
  'carrier',
  'bondingAssembly',
  'test',
  'components',
] as const;

/**
 * The package flow with finished stacks as sub-assemblies. A stack is built apart from the
 * others, so its bond steps scrap only itself: its cost per good stack enters the package flow
 * like a purchased part, each category as an item whose later losses are wasted good dies; the
 * losses inside its own build stay in their categories and, when a later package step fails,
 * are lost again as wasted good dies. Totals stay the sums of the parts.
 */
export function packageFlowCost(
  subs: readonly SubAssembly[],
  items: readonly FlowItem[],
  stepYields: readonly number[],
): FlowResult {
  const all: FlowItem[] = [...items];
  for (const s of subs) {
    for (const cat of COST_CATEGORIES) {
      const costUsd = s.recurring[`${cat}Usd`];
      if (costUsd > 0) all.push({ category: cat, costUsd, entryStep: s.entryStep, loss: 'wastedGoodDies' });
    }
  }
  const flow = assemblyFlowCost(all, stepYields);
  const recurring = { ...flow.recurring };
  let total = flow.recurringUsd;
  for (const s of subs) {
    let survival = 1;
    for (let k = Math.max(0, s.entryStep); k < stepYields.length; k++) survival *= stepYields[k]!;
    const inner = s.recurring.packageScrapUsd + s.recurring.wastedGoodDiesUsd;
    const lostLater = inner * (1 / survival - 1);
    recurring.packageScrapUsd += s.recurring.packageScrapUsd;
    recurring.wastedGoodDiesUsd += s.recurring.wastedGoodDiesUsd + lostLater;
    total += inner + lostLater;
  }
  return { recurring, recurringUsd: total, flowYield: flow.flowYield };
}

/**
 * Sequential assembly-flow cost: every item (a die, a carrier, a bonding step's cost) enters the
 * flow at some step; each step succeeds with a yield; a failed step scraps everything already in
 * the unit. The cost of a good unit is then Σ_i c_i / Π_{s ≥ e_i} Y_s, and what an item loses to
 * later failures, c_i (1/Π − 1), is package scrap (carriers, assembly work) or wasted good dies
 * (dies and purchased parts). Chiplet Actuary's OS, FO (chip-first and chip-last) and SI formulas
 * and CATCH's bottom-up (self + children + assembly)/Y_asm are special cases (docs/models/cost.md).
 */
import type { RecurringCostBreakdown } from '../metrics/types.js';

export type CostCategory = 'rawDies' | 'defectLoss' | 'carrier' | 'bondingAssembly' | 'test' | 'components';
export type LossCategory = 'packageScrap' | 'wastedGoodDies';

export interface FlowItem {
  category: CostCategory;
  costUsd: number;
  /** Index of the first step whose failure scraps this item. */
  entryStep: number;
  /** Where this item's losses to later failures are reported. */
  loss: LossCategory;
}

export interface FlowResult {
  recurring: RecurringCostBreakdown;
  recurringUsd: number;
  /** Product of all step yields. */
  flowYield: number;
}

/** Yields of the steps must be in (0, 1]; items may enter at 0 .. stepYields.length. */
export function assemblyFlowCost(items: readonly FlowItem[], stepYields: readonly number[]): FlowResult {
  const n = stepYields.length;
  // survival[e] = Π_{s ≥ e} Y_s: the chance an item that entered at step e ends in a good unit.
  const survival = new Array<number>(n + 1);
  survival[n] = 1;
  for (let s = n - 1; s >= 0; s--) {
    const y = stepYields[s]!;
    if (!(y > 0 && y <= 1)) throw new RangeError(`step ${s} yield ${y} is outside (0, 1]`);
    survival[s] = survival[s + 1]! * y;
  }
  const recurring: RecurringCostBreakdown = {
    rawDiesUsd: 0,
    defectLossUsd: 0,
    carrierUsd: 0,
    bondingAssemblyUsd: 0,
    testUsd: 0,
    componentsUsd: 0,
    packageScrapUsd: 0,
    wastedGoodDiesUsd: 0,
  };
  let total = 0;
  for (const item of items) {
    if (!(item.costUsd >= 0)) throw new RangeError(`flow item cost ${item.costUsd} must be >= 0`);
    const e = Math.min(Math.max(item.entryStep, 0), n);
    const lost = item.costUsd * (1 / survival[e]! - 1);
    recurring[`${item.category}Usd`] += item.costUsd;
    recurring[`${item.loss}Usd`] += lost;
    total += item.costUsd + lost;
  }
  return { recurring, recurringUsd: total, flowYield: survival[0]! };
}

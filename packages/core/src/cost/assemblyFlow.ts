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
/** The recurring parts in row order (metrics/row.ts RECURRING_PARTS): a category's index. */
export const FLOW_PARTS = [
  'rawDies',
  'defectLoss',
  'carrier',
  'bondingAssembly',
  'test',
  'components',
  'packageScrap',
  'wastedGoodDies',
] as const satisfies readonly (CostCategory | LossCategory)[];

/** Index of a category in FLOW_PARTS. */
export function flowPartIndex(category: CostCategory | LossCategory): number {
  return FLOW_PARTS.indexOf(category);
}

/**
 * A flow compiled for a Plan: each item's category, loss category (as FLOW_PARTS indices) and
 * entry step, with scratch for the survival products. Per point, set `costs` and `stepYields`
 * and call `assemblyFlowInto`.
 */
export interface CompiledFlow {
  readonly category: Int32Array;
  readonly loss: Int32Array;
  readonly entryStep: Int32Array;
  readonly costs: Float64Array;
  readonly stepYields: Float64Array;
  readonly survival: Float64Array;
}

export function compileFlow(items: readonly Omit<FlowItem, 'costUsd'>[], steps: number): CompiledFlow {
  return {
    category: Int32Array.from(items, (i) => flowPartIndex(i.category)),
    loss: Int32Array.from(items, (i) => flowPartIndex(i.loss)),
    entryStep: Int32Array.from(items, (i) => i.entryStep),
    costs: new Float64Array(items.length),
    stepYields: new Float64Array(steps),
    survival: new Float64Array(steps + 1),
  };
}

/**
 * The flow's recurring parts, written (not added) to out[at .. at + 8) in FLOW_PARTS order; the
 * flow yield Π Y_s is then `flow.survival[0]`. Returns false when a step yield is outside (0, 1]
 * or a cost is negative (the caller reports it; this never throws, for Plans). It returns a
 * boolean, not the yield: a double returned from a call that is not inlined is boxed.
 */
export function assemblyFlowInto(flow: CompiledFlow, out: Float64Array, at: number): boolean {
  const n = flow.stepYields.length;
  // survival[e] = Π_{s ≥ e} Y_s: the chance an item that entered at step e ends in a good unit.
  const survival = flow.survival;
  survival[n] = 1;
  for (let s = n - 1; s >= 0; s--) {
    const y = flow.stepYields[s]!;
    if (!(y > 0 && y <= 1)) return false;
    survival[s] = survival[s + 1]! * y;
  }
  for (let p = 0; p < FLOW_PARTS.length; p++) out[at + p] = 0;
  for (let i = 0; i < flow.costs.length; i++) {
    const cost = flow.costs[i]!;
    if (!(cost >= 0)) return false;
    const e = Math.min(Math.max(flow.entryStep[i]!, 0), n);
    const lost = cost * (1 / survival[e]! - 1);
    out[at + flow.category[i]!]! += cost;
    out[at + flow.loss[i]!]! += lost;
  }
  return true;
}

export function assemblyFlowCost(items: readonly FlowItem[], stepYields: readonly number[]): FlowResult {
  const n = stepYields.length;
  for (let s = n - 1; s >= 0; s--) {
    const y = stepYields[s]!;
    if (!(y > 0 && y <= 1)) throw new RangeError(`step ${s} yield ${y} is outside (0, 1]`);
  }
  for (const item of items)
    if (!(item.costUsd >= 0)) throw new RangeError(`flow item cost ${item.costUsd} must be >= 0`);
  // One implementation: the record is read off the compiled form, so Plans get the same numbers.
  const flow = compileFlow(items, n);
  items.forEach((item, i) => (flow.costs[i] = item.costUsd));
  flow.stepYields.set(stepYields);
  const parts = new Float64Array(FLOW_PARTS.length);
  assemblyFlowInto(flow, parts, 0);
  const flowYield = flow.survival[0]!;
  const recurring = {} as RecurringCostBreakdown;
  FLOW_PARTS.forEach((part, p) => (recurring[`${part}Usd`] = parts[p]!));
  let total = 0;
  items.forEach((item, i) => {
    const e = Math.min(Math.max(flow.entryStep[i]!, 0), n);
    total += item.costUsd + item.costUsd * (1 / flow.survival[e]! - 1);
  });
  return { recurring, recurringUsd: total, flowYield };
}

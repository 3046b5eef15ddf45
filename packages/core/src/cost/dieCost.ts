/**
 * Cost of one die from wafer to tested die: dies per wafer, yield, known-good-die cost with test
 * coverage (Chiplet Actuary A1–A3, CATCH C3 and C5; docs/models/cost.md).
 */
import type { DieInstance } from '../design/types.js';
import { diesPerWaferRect } from '../math/diesPerWafer.js';
import { exactDiesPerWafer } from '../math/exactDiesPerWafer.js';
import { outgoingQuality, testPassYield } from '../math/knownGoodDieCost.js';
import { dieYield } from '../math/yieldModels.js';
import type { ProcessNode, TestProcess, YieldModelId } from '../technology/types.js';

export type DiesPerWaferMethod = 'exact' | 'analytic';

/**
 * The exact count is the costliest step of a die's cost (tens of µs) and sweeps ask for the same
 * few die sizes millions of times: memoise it. A pure function, so the cache changes no result.
 */
const EXACT_CACHE_LIMIT = 4096;
const exactCache = new Map<string, number>();

export function cachedExactDiesPerWafer(
  waferDiameterMm: number,
  edgeExclusionMm: number,
  widthMm: number,
  heightMm: number,
  scribeWidthMm: number,
): number {
  const key = `${waferDiameterMm}|${edgeExclusionMm}|${widthMm}|${heightMm}|${scribeWidthMm}`;
  const hit = exactCache.get(key);
  if (hit !== undefined) return hit;
  const n = exactDiesPerWafer(waferDiameterMm, edgeExclusionMm, widthMm, heightMm, scribeWidthMm);
  if (exactCache.size >= EXACT_CACHE_LIMIT) exactCache.clear();
  exactCache.set(key, n);
  return n;
}

export interface DieCost {
  diesPerWafer: number;
  dieYield: number;
  /** Fraction of dies passing wafer test, and the fraction of those truly good. */
  testPassYield: number;
  outgoingQuality: number;
  /** Wafer cost per die site. */
  rawUsd: number;
  testUsd: number;
  /** Cost per die that passed test: (raw + test) / testPassYield. */
  testedDieUsd: number;
  /** testedDieUsd − raw − test: what defective dies cost the good ones. */
  defectLossUsd: number;
}

export function dieCost(
  widthMm: number,
  heightMm: number,
  node: ProcessNode,
  yieldModel: YieldModelId,
  test: TestProcess,
  method: DiesPerWaferMethod,
): DieCost {
  const areaMm2 = widthMm * heightMm;
  const dpw =
    method === 'exact'
      ? cachedExactDiesPerWafer(
          node.waferDiameterMm,
          node.edgeExclusionMm,
          widthMm,
          heightMm,
          node.scribeWidthMm,
        )
      : diesPerWaferRect(node.waferDiameterMm, node.edgeExclusionMm, widthMm, heightMm, node.scribeWidthMm);
  if (!(dpw >= 1)) {
    // Fewer than one die per wafer: the die does not fit the wafer at all.
    throw new RangeError(
      `a ${widthMm.toFixed(1)} x ${heightMm.toFixed(1)} mm die does not fit a ${node.waferDiameterMm} mm wafer`,
    );
  }
  const y = dieYield(
    yieldModel,
    areaMm2,
    node.defectDensityPerCm2,
    node.clusteringAlpha,
    node.criticalLayers,
  );
  const pass = testPassYield(y, test.coverage);
  const rawUsd = node.waferPriceUsd / dpw;
  const testUsd = test.costUsdPerMm2 * areaMm2;
  const testedDieUsd = (rawUsd + testUsd) / pass;
  return {
    diesPerWafer: dpw,
    dieYield: y,
    testPassYield: pass,
    outgoingQuality: outgoingQuality(y, test.coverage),
    rawUsd,
    testUsd,
    testedDieUsd,
    defectLossUsd: testedDieUsd - rawUsd - testUsd,
  };
}

/** Die cost of a die instance on its node. */
export function dieInstanceCost(
  die: DieInstance,
  node: ProcessNode,
  yieldModel: YieldModelId,
  test: TestProcess,
  method: DiesPerWaferMethod,
): DieCost {
  return dieCost(die.widthMm, die.heightMm, node, yieldModel, test, method);
}

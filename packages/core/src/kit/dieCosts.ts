/** Die costs and yields of every die instance of a design, and their sums. */
import { dieInstanceCost, type DieCost, type DiesPerWaferMethod } from '../cost/dieCost.js';
import type { ResolvedDesign } from '../design/types.js';
import type { TechnologyLibrary } from '../technology/types.js';

export interface DieCosts {
  perDie: DieCost[];
  rawUsd: number;
  testUsd: number;
  defectLossUsd: number;
  /** Σ cost per tested die (raw + test + defect loss). */
  testedUsd: number;
  /** Π outgoing quality: probability that no bad die escaped wafer test into the unit. */
  escapeQuality: number;
  /** Π die yields. */
  dieYieldProduct: number;
}

export function dieCosts(
  design: ResolvedDesign,
  tech: TechnologyLibrary,
  method: DiesPerWaferMethod,
): DieCosts {
  const perDie: DieCost[] = [];
  let rawUsd = 0;
  let testUsd = 0;
  let defectLossUsd = 0;
  let escapeQuality = 1;
  let dieYieldProduct = 1;
  for (const d of design.dies) {
    const c = dieInstanceCost(d, tech.nodes[d.node]!, design.system.yieldModel, tech.test, method);
    perDie.push(c);
    rawUsd += c.rawUsd;
    testUsd += c.testUsd;
    defectLossUsd += c.defectLossUsd;
    escapeQuality *= c.outgoingQuality;
    dieYieldProduct *= c.dieYield;
  }
  return {
    perDie,
    rawUsd,
    testUsd,
    defectLossUsd,
    testedUsd: rawUsd + testUsd + defectLossUsd,
    escapeQuality,
    dieYieldProduct,
  };
}

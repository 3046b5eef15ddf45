/**
 * Wafer-made carriers (silicon or RDL interposer, glass, bridges): cost per carrier from its
 * process wafer, yield with stitching beyond one reticle (Chiplet Actuary A5, CATCH C2 stitch
 * term; docs/models/2.5d.md).
 */
import type { DiesPerWaferMethod } from '../cost/dieCost.js';
import { diesPerWaferRect } from '../math/diesPerWafer.js';
import { exactDiesPerWafer } from '../math/exactDiesPerWafer.js';
import { negativeBinomialYield } from '../math/yieldModels.js';
import type { Carrier, TechnologyLibrary } from '../technology/types.js';

export interface WaferCarrierCost {
  /** Carriers per wafer of the carrier's process. */
  perWafer: number;
  /** Wafer share + per-mm² cost (Actuary adds 0.005 $/mm² of interposer for its C4 bumps). */
  costUsd: number;
  /** Defect yield x stitch yield. */
  yield: number;
  /** Reticle stitches needed: ceil(area / reticle area) − 1. */
  stitches: number;
}

export function waferCarrierCost(
  carrier: Carrier,
  tech: TechnologyLibrary,
  widthMm: number,
  heightMm: number,
  method: DiesPerWaferMethod,
): WaferCarrierCost {
  const node = tech.nodes[carrier.processNode]!;
  const areaMm2 = widthMm * heightMm;
  const perWafer =
    method === 'exact'
      ? exactDiesPerWafer(node.waferDiameterMm, node.edgeExclusionMm, widthMm, heightMm, node.scribeWidthMm)
      : diesPerWaferRect(node.waferDiameterMm, node.edgeExclusionMm, widthMm, heightMm, node.scribeWidthMm);
  // A carrier too large for the wafer costs at least a whole wafer; size limits are reported
  // separately as infeasibility, so keep the number finite here.
  const effectivePerWafer = Math.max(perWafer, 1);
  const reticleMm2 = node.reticleWidthMm * node.reticleHeightMm;
  const stitches = Math.max(0, Math.ceil(areaMm2 / reticleMm2 - 1e-9) - 1);
  const defectYield = negativeBinomialYield(areaMm2, carrier.defectDensityPerCm2, carrier.clusteringAlpha);
  return {
    perWafer,
    costUsd: node.waferPriceUsd / effectivePerWafer + carrier.costUsdPerMm2 * areaMm2,
    yield: defectYield * Math.pow(carrier.stitchYield, stitches),
    stitches,
  };
}

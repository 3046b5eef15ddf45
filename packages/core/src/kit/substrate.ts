/** Organic package substrate: area, layer factor and cost (Chiplet Actuary A4, extended). */
import type { Carrier } from '../technology/types.js';

/** Actuary's layer factor: single-die packages use one factor, multi-die ones step with area. */
export function layerFactor(carrier: Carrier, areaMm2: number, dieCount: number): number {
  if (dieCount <= 1) return carrier.singleDieLayerFactor;
  for (const step of carrier.layerFactorSteps) if (areaMm2 <= step.maxAreaMm2) return step.factor;
  return carrier.layerFactorSteps[carrier.layerFactorSteps.length - 1]!.factor;
}

/**
 * Substrate area: "actuary" = factor x the area of what sits on it; "floorplan" = the larger of
 * that escape area and the floorplan outline (the substrate must hold the dies it carries).
 */
export function substrateAreaMm2(
  carrier: Carrier,
  model: string,
  onTopAreaMm2: number,
  floorplanAreaMm2: number,
): number {
  const escape = carrier.substrateAreaFactor * onTopAreaMm2;
  return model === 'actuary' ? escape : Math.max(escape, floorplanAreaMm2);
}

export function substrateCostUsd(carrier: Carrier, areaMm2: number, factor: number): number {
  return carrier.costUsdPerMm2 * areaMm2 * factor;
}

export function substrateNreUsd(carrier: Carrier, areaMm2: number, factor: number): number {
  return carrier.nreUsdPerMm2 * areaMm2 * factor + carrier.nreFixedUsd;
}

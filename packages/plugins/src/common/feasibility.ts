/** Limits every approach checks: reticle per die, carrier size. */
import {
  reticleIssues,
  type InfeasibilityReason,
  type ResolvedDesign,
  type TechnologyLibrary,
  type Carrier,
} from '@chiplet-dse/core';

export function reticleReasons(design: ResolvedDesign, tech: TechnologyLibrary): InfeasibilityReason[] {
  return reticleIssues(design, tech).map((r) => ({
    code: 'reticle-limit' as const,
    message: `${r.dieId}: ${r.areaMm2.toFixed(0)} mm² does not fit the ${r.limitMm2} mm² reticle field`,
    value: r.areaMm2,
    limit: r.limitMm2,
  }));
}

export function carrierSizeReasons(
  carrierId: string,
  carrier: Carrier,
  areaMm2: number,
): InfeasibilityReason[] {
  if (carrier.maxAreaMm2 > 0 && areaMm2 > carrier.maxAreaMm2) {
    return [
      {
        code: 'carrier-size-limit',
        message: `${carrierId}: ${areaMm2.toFixed(0)} mm² exceeds the ${carrier.maxAreaMm2} mm² limit of ${carrier.name}`,
        value: areaMm2,
        limit: carrier.maxAreaMm2,
      },
    ];
  }
  return [];
}

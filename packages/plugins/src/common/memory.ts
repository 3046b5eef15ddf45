/** HBM stacks placed beside the dies: purchase cost, bandwidth, power (docs/models/2.5d.md). */
import { hbmBandwidthGBps, type ResolvedDesign, type TechnologyLibrary } from '@chiplet-dse/core';
import { layerResistanceMm2KPerW } from './thermal.js';

export interface MemoryTotals {
  costUsd: number;
  bandwidthGBps: number;
  /** Stack power from the library (an upper bound at full bandwidth). */
  powerW: number;
}

export function memoryTotals(design: ResolvedDesign, tech: TechnologyLibrary): MemoryTotals {
  let costUsd = 0;
  let bandwidthGBps = 0;
  let powerW = 0;
  for (const m of design.memories) {
    const g = tech.hbm[m.generation]!;
    costUsd += g.costUsdPerStack;
    bandwidthGBps += hbmBandwidthGBps(g, 1);
    powerW += g.powerWPerStack;
  }
  return { costUsd, bandwidthGBps, powerW };
}

/** R'' from an HBM stack's base-die source plane to the lid: the stack at its effective k + TIM. */
export function hbmStackResistance(tech: TechnologyLibrary, generation: string): number {
  const c = tech.thermalCalibration;
  return (
    layerResistanceMm2KPerW(c.dieBulkThicknessUm, tech.hbm[generation]!.thermalConductivityWPerMK) +
    layerResistanceMm2KPerW(c.timThicknessUm, tech.materials['tim']!.conductivityWPerMK)
  );
}

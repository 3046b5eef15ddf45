/**
 * HBM stacks placed beside the dies: purchase cost, bandwidth, interface and stack power
 * (docs/models/2.5d.md).
 */
import { hbmBandwidthGBps, hbmInterfacePowerW } from '../bandwidth/linkBandwidth.js';
import type { MemoryInstance, ResolvedDesign } from '../design/types.js';
import type { FloorplanItem } from '../geometry/floorplan.js';
import type { TechnologyLibrary } from '../technology/types.js';

export interface MemoryTotals {
  /** Purchase cost of every stack (known-good stacks are bought whether connected or not). */
  costUsd: number;
  /** Bandwidth of the connected stacks, each at full bandwidth. */
  bandwidthGBps: number;
  /** Interface (I/O) power of the connected stacks at full bandwidth. */
  ioPowerW: number;
  /** Stack power of the connected stacks from the library (an upper bound at full bandwidth). */
  powerW: number;
  /** Per memory index: the stack's power if connected, else 0. */
  powerWByStack: number[];
}

/**
 * Totals of the design's HBM stacks. `connected` says which stacks reach a die (their bandwidth
 * and power count); by default every stack does.
 */
export function memoryTotals(
  design: ResolvedDesign,
  tech: TechnologyLibrary,
  connected: (m: MemoryInstance) => boolean = () => true,
): MemoryTotals {
  let costUsd = 0;
  let bandwidthGBps = 0;
  let ioPowerW = 0;
  let powerW = 0;
  const powerWByStack = design.memories.map((m) => {
    const g = tech.hbm[m.generation]!;
    costUsd += g.costUsdPerStack;
    if (!connected(m)) return 0;
    const bw = hbmBandwidthGBps(g, 1);
    bandwidthGBps += bw;
    ioPowerW += hbmInterfacePowerW(g, bw);
    powerW += g.powerWPerStack;
    return g.powerWPerStack;
  });
  return { costUsd, bandwidthGBps, ioPowerW, powerW, powerWByStack };
}

/**
 * Floorplan items of the design's HBM stacks (their library footprints), each beside the die it
 * is attached to (`attachedTo` maps the die id, e.g. to the bottom die of a stack of dies).
 */
export function hbmFloorplanItems(
  design: ResolvedDesign,
  tech: TechnologyLibrary,
  attachedTo: (dieId: string) => string = (id) => id,
): FloorplanItem[] {
  return design.memories.map((m) => {
    const g = tech.hbm[m.generation]!;
    return {
      id: m.id,
      widthMm: g.footprintWidthMm,
      heightMm: g.footprintLengthMm,
      kind: 'memory' as const,
      attachedTo: attachedTo(m.attachedTo),
    };
  });
}

/** Silicon area of the design: Σ die areas + Σ HBM stack footprints, mm². */
export function dieAndStackAreaMm2(design: ResolvedDesign, tech: TechnologyLibrary): number {
  let areaMm2 = 0;
  for (const d of design.dies) areaMm2 += d.areaMm2;
  for (const m of design.memories) {
    const g = tech.hbm[m.generation]!;
    areaMm2 += g.footprintWidthMm * g.footprintLengthMm;
  }
  return areaMm2;
}

/**
 * The numbers of one design point: everything a Plan reads that may vary between points of one
 * structure. Indices follow the compiled design: dies in `design.dies` order, links in
 * `design.links` order, components in `design.components` order. One PointNumbers is allocated
 * per structure and refilled for every point (`writePointNumbers`), so the per-point path
 * allocates nothing.
 */
import type { ResolvedDesign } from '../design/types.js';

export interface PointNumbers {
  /** Units produced over the product's life (NRE is amortised over it). */
  volumeUnits: number;
  ambientC: number;
  maxJunctionC: number;
  /** Full die area including the D2D PHY area, mm². */
  readonly dieAreaMm2: Float64Array;
  /** Die logic area without the PHY overhead, mm². */
  readonly dieLogicAreaMm2: Float64Array;
  readonly dieWidthMm: Float64Array;
  readonly dieHeightMm: Float64Array;
  readonly diePowerW: Float64Array;
  /** Required bandwidth of each link, GB/s. */
  readonly linkBandwidthGBps: Float64Array;
  readonly componentWidthMm: Float64Array;
  readonly componentHeightMm: Float64Array;
  readonly componentCostUsd: Float64Array;
  readonly componentPowerW: Float64Array;
}

/** The scalar and array fields of a PointNumbers, for copying and comparing them. */
const SCALARS = ['volumeUnits', 'ambientC', 'maxJunctionC'] as const;
const ARRAYS = [
  'dieAreaMm2',
  'dieLogicAreaMm2',
  'dieWidthMm',
  'dieHeightMm',
  'diePowerW',
  'linkBandwidthGBps',
  'componentWidthMm',
  'componentHeightMm',
  'componentCostUsd',
  'componentPowerW',
] as const;

/** Copies the numbers of `from` into `to` (both of one structure). */
export function copyPointNumbers(from: PointNumbers, to: PointNumbers): void {
  for (const f of SCALARS) to[f] = from[f];
  for (const f of ARRAYS) to[f].set(from[f]);
}

/** Whether two PointNumbers of one structure hold the same numbers (NaN equals NaN). */
export function samePointNumbers(a: PointNumbers, b: PointNumbers): boolean {
  for (const f of SCALARS) if (!Object.is(a[f], b[f])) return false;
  for (const f of ARRAYS) {
    const x = a[f];
    const y = b[f];
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
  }
  return true;
}

/** A PointNumbers sized for `design`'s structure, filled with its numbers. */
export function pointNumbersOf(design: ResolvedDesign): PointNumbers {
  const nd = design.dies.length;
  const nc = design.components.length;
  const x: PointNumbers = {
    volumeUnits: 0,
    ambientC: 0,
    maxJunctionC: 0,
    dieAreaMm2: new Float64Array(nd),
    dieLogicAreaMm2: new Float64Array(nd),
    dieWidthMm: new Float64Array(nd),
    dieHeightMm: new Float64Array(nd),
    diePowerW: new Float64Array(nd),
    linkBandwidthGBps: new Float64Array(design.links.length),
    componentWidthMm: new Float64Array(nc),
    componentHeightMm: new Float64Array(nc),
    componentCostUsd: new Float64Array(nc),
    componentPowerW: new Float64Array(nc),
  };
  writePointNumbers(design, x);
  return x;
}

/** Copies `design`'s numbers into `x` (which must have been made for the same structure). */
export function writePointNumbers(design: ResolvedDesign, x: PointNumbers): void {
  x.volumeUnits = design.system.volumeUnits;
  x.ambientC = design.system.ambientC;
  x.maxJunctionC = design.system.maxJunctionC;
  for (let i = 0; i < design.dies.length; i++) {
    const d = design.dies[i]!;
    x.dieAreaMm2[i] = d.areaMm2;
    x.dieLogicAreaMm2[i] = d.logicAreaMm2;
    x.dieWidthMm[i] = d.widthMm;
    x.dieHeightMm[i] = d.heightMm;
    x.diePowerW[i] = d.powerW;
  }
  for (let k = 0; k < design.links.length; k++) x.linkBandwidthGBps[k] = design.links[k]!.bandwidthGBps;
  for (let c = 0; c < design.components.length; c++) {
    const p = design.components[c]!;
    x.componentWidthMm[c] = p.widthMm;
    x.componentHeightMm[c] = p.heightMm;
    x.componentCostUsd[c] = p.costUsd;
    x.componentPowerW[c] = p.powerW;
  }
}

/**
 * The design of `structure` with the numbers of `x`: a new object, `structure` untouched. For
 * plans that evaluate through record-based models; it allocates, so a plan written for speed
 * reads `x` directly instead.
 */
export function designAt<D extends ResolvedDesign>(structure: D, x: PointNumbers): D {
  return {
    ...structure,
    system: {
      ...structure.system,
      volumeUnits: x.volumeUnits,
      ambientC: x.ambientC,
      maxJunctionC: x.maxJunctionC,
    },
    dies: structure.dies.map((d, i) => ({
      ...d,
      areaMm2: x.dieAreaMm2[i]!,
      logicAreaMm2: x.dieLogicAreaMm2[i]!,
      widthMm: x.dieWidthMm[i]!,
      heightMm: x.dieHeightMm[i]!,
      powerW: x.diePowerW[i]!,
    })),
    links: structure.links.map((l, k) => ({ ...l, bandwidthGBps: x.linkBandwidthGBps[k]! })),
    components: structure.components.map((c, j) => ({
      ...c,
      widthMm: x.componentWidthMm[j]!,
      heightMm: x.componentHeightMm[j]!,
      costUsd: x.componentCostUsd[j]!,
      powerW: x.componentPowerW[j]!,
    })),
  };
}

/**
 * The flat metrics row: one Float64Array per design point, written by `Plan.evaluate`.
 *
 * A row starts with the fixed scalar fields of `ROW` (costs, yields, bandwidth, peak temperature,
 * geometry, the infeasibility mask), then one die yield per die, five numbers per link and two
 * per thermal entry, in the order of the plan's `RowLayout`. The nested `Metrics` record of
 * metrics/types.ts is built from it by `buildMetrics`, off the per-point path. Totals and
 * feasibility are derived once, here (`finishRow`), not by each plugin.
 */
import { INFEASIBILITY_CODES } from './types.js';
import type {
  InfeasibilityCode,
  InfeasibilityReason,
  LinkMetrics,
  Metrics,
  RecurringCostBreakdown,
  NreCostBreakdown,
} from './types.js';

/** Index of each scalar field of a row. */
export const ROW = {
  totalUsd: 0,
  recurringUsd: 1,
  nreUsd: 2,
  rawDiesUsd: 3,
  defectLossUsd: 4,
  carrierUsd: 5,
  bondingAssemblyUsd: 6,
  testUsd: 7,
  componentsUsd: 8,
  packageScrapUsd: 9,
  wastedGoodDiesUsd: 10,
  nreDesignUsd: 11,
  nreMasksUsd: 12,
  nreD2dPhyUsd: 13,
  nrePackageUsd: 14,
  knownGoodDieUsd: 15,
  carrierYield: 16,
  assemblyYield: 17,
  packageYield: 18,
  compoundYield: 19,
  aggregateD2dGBps: 20,
  memoryGBps: 21,
  energyPjPerBit: 22,
  ioPowerW: 23,
  peakTempC: 24,
  packageAreaMm2: 25,
  carrierAreaMm2: 26,
  siliconAreaMm2: 27,
  packageWidthMm: 28,
  packageHeightMm: 29,
  /** Bit set of the infeasibility codes present (REASON_BIT); 0 = feasible. */
  reasonMask: 30,
  /** 1 when feasible, 0 when not (derived from reasonMask by finishRow). */
  feasible: 31,
} as const;
export const ROW_SCALARS = 32;

/** Fields of one link's block, in order. */
export const LINK_FIELDS = [
  'requiredGBps',
  'availableGBps',
  'energyPjPerBit',
  'latencyNs',
  'ioPowerW',
] as const;
export const LINK_STRIDE = LINK_FIELDS.length;
/** One thermal entry: its heat (W) then its peak temperature (°C). */
export const THERMAL_STRIDE = 2;

export { INFEASIBILITY_CODES };
/** The mask bit of an infeasibility code. */
export function reasonBit(code: InfeasibilityCode): number {
  return 1 << INFEASIBILITY_CODES.indexOf(code);
}

/** The recurring cost categories, in row order (rawDiesUsd .. wastedGoodDiesUsd). */
export const RECURRING_PARTS: readonly (keyof RecurringCostBreakdown)[] = [
  'rawDiesUsd',
  'defectLossUsd',
  'carrierUsd',
  'bondingAssemblyUsd',
  'testUsd',
  'componentsUsd',
  'packageScrapUsd',
  'wastedGoodDiesUsd',
];
const NRE_PARTS: readonly [keyof NreCostBreakdown, number][] = [
  ['designUsd', ROW.nreDesignUsd],
  ['masksUsd', ROW.nreMasksUsd],
  ['d2dPhyUsd', ROW.nreD2dPhyUsd],
  ['packageUsd', ROW.nrePackageUsd],
];

/** The shape of a plan's rows: what each variable block holds. */
export interface RowLayout {
  readonly pluginId: string;
  readonly pluginVersion: string;
  /** Die instance ids, in the order of the die-yield block. */
  readonly dieIds: readonly string[];
  /** The links of the link block, in order. */
  readonly links: readonly { readonly from: string; readonly to: string }[];
  /** Ids of the thermal entries (dies, memory stacks, components, ...), in order. */
  readonly thermalIds: readonly string[];
  readonly dieYieldAt: number;
  readonly linkAt: number;
  readonly thermalAt: number;
  /** Row length. */
  readonly length: number;
}

export function rowLayout(spec: {
  pluginId: string;
  pluginVersion: string;
  dieIds: readonly string[];
  links: readonly { from: string; to: string }[];
  thermalIds: readonly string[];
}): RowLayout {
  const dieYieldAt = ROW_SCALARS;
  const linkAt = dieYieldAt + spec.dieIds.length;
  const thermalAt = linkAt + LINK_STRIDE * spec.links.length;
  return {
    pluginId: spec.pluginId,
    pluginVersion: spec.pluginVersion,
    dieIds: [...spec.dieIds],
    links: spec.links.map((l) => ({ from: l.from, to: l.to })),
    thermalIds: [...spec.thermalIds],
    dieYieldAt,
    linkAt,
    thermalAt,
    length: thermalAt + THERMAL_STRIDE * spec.thermalIds.length,
  };
}

/**
 * Derives what a plugin does not write: recurringUsd and nreUsd as the sums of their parts,
 * totalUsd, and `feasible` from the reason mask. Plans call it last.
 */
export function finishRow(out: Float64Array): void {
  let recurring = 0;
  for (let f = ROW.rawDiesUsd; f <= ROW.wastedGoodDiesUsd; f++) recurring += out[f]!;
  const nre =
    out[ROW.nreDesignUsd]! + out[ROW.nreMasksUsd]! + out[ROW.nreD2dPhyUsd]! + out[ROW.nrePackageUsd]!;
  out[ROW.recurringUsd] = recurring;
  out[ROW.nreUsd] = nre;
  out[ROW.totalUsd] = recurring + nre;
  out[ROW.feasible] = out[ROW.reasonMask] === 0 ? 1 : 0;
}

/**
 * Writes a metrics record into a row of `layout` (for plans that evaluate through record-based
 * models), then finishes it. The record's dies, links and thermal entries must be those of the
 * layout, in its order.
 */
export function writeMetricsRow(layout: RowLayout, m: Metrics, out: Float64Array): void {
  const c = m.cost;
  RECURRING_PARTS.forEach((part, i) => (out[ROW.rawDiesUsd + i] = c.recurring[part]));
  for (const [part, f] of NRE_PARTS) out[f] = c.nre[part];
  out[ROW.knownGoodDieUsd] = c.knownGoodDieUsd;
  out[ROW.carrierYield] = m.yields.carrier;
  out[ROW.assemblyYield] = m.yields.assembly;
  out[ROW.packageYield] = m.yields.package;
  out[ROW.compoundYield] = m.yields.compound;
  out[ROW.aggregateD2dGBps] = m.bandwidth.aggregateD2dGBps;
  out[ROW.memoryGBps] = m.bandwidth.memoryGBps;
  out[ROW.energyPjPerBit] = m.bandwidth.energyPjPerBit;
  out[ROW.ioPowerW] = m.bandwidth.ioPowerW;
  out[ROW.peakTempC] = m.thermal.peakTempC;
  out[ROW.packageAreaMm2] = m.geometry.packageAreaMm2;
  out[ROW.carrierAreaMm2] = m.geometry.carrierAreaMm2;
  out[ROW.siliconAreaMm2] = m.geometry.siliconAreaMm2;
  out[ROW.packageWidthMm] = m.geometry.packageWidthMm;
  out[ROW.packageHeightMm] = m.geometry.packageHeightMm;
  let mask = 0;
  for (const r of m.feasibility.reasons) mask |= reasonBit(r.code);
  out[ROW.reasonMask] = mask;
  m.yields.dies.forEach((d, i) => (out[layout.dieYieldAt + i] = d.dieYield));
  m.bandwidth.links.forEach((l, k) => {
    const at = layout.linkAt + LINK_STRIDE * k;
    LINK_FIELDS.forEach((f, j) => (out[at + j] = l[f]));
  });
  m.thermal.dies.forEach((t, i) => {
    out[layout.thermalAt + THERMAL_STRIDE * i] = t.powerW;
    out[layout.thermalAt + THERMAL_STRIDE * i + 1] = t.tempC;
  });
  finishRow(out);
}

/** The nested metrics record of a row, with the reasons the plan gave for a non-zero mask. */
export function buildMetrics(
  layout: RowLayout,
  row: Float64Array,
  reasons: readonly InfeasibilityReason[],
): Metrics {
  const recurring = {} as RecurringCostBreakdown;
  RECURRING_PARTS.forEach((part, i) => (recurring[part] = row[ROW.rawDiesUsd + i]!));
  const nre = {} as NreCostBreakdown;
  for (const [part, f] of NRE_PARTS) nre[part] = row[f]!;
  const links: LinkMetrics[] = layout.links.map((l, k) => {
    const at = layout.linkAt + LINK_STRIDE * k;
    const out = { from: l.from, to: l.to } as LinkMetrics;
    LINK_FIELDS.forEach((f, j) => (out[f] = row[at + j]!));
    return out;
  });
  return {
    pluginId: layout.pluginId,
    pluginVersion: layout.pluginVersion,
    cost: {
      totalUsd: row[ROW.totalUsd]!,
      recurringUsd: row[ROW.recurringUsd]!,
      nreUsd: row[ROW.nreUsd]!,
      recurring,
      nre,
      knownGoodDieUsd: row[ROW.knownGoodDieUsd]!,
    },
    yields: {
      dies: layout.dieIds.map((id, i) => ({ id, dieYield: row[layout.dieYieldAt + i]! })),
      carrier: row[ROW.carrierYield]!,
      assembly: row[ROW.assemblyYield]!,
      package: row[ROW.packageYield]!,
      compound: row[ROW.compoundYield]!,
    },
    bandwidth: {
      links,
      aggregateD2dGBps: row[ROW.aggregateD2dGBps]!,
      memoryGBps: row[ROW.memoryGBps]!,
      energyPjPerBit: row[ROW.energyPjPerBit]!,
      ioPowerW: row[ROW.ioPowerW]!,
    },
    thermal: {
      dies: layout.thermalIds.map((id, i) => ({
        id,
        powerW: row[layout.thermalAt + THERMAL_STRIDE * i]!,
        tempC: row[layout.thermalAt + THERMAL_STRIDE * i + 1]!,
      })),
      peakTempC: row[ROW.peakTempC]!,
    },
    geometry: {
      packageAreaMm2: row[ROW.packageAreaMm2]!,
      carrierAreaMm2: row[ROW.carrierAreaMm2]!,
      siliconAreaMm2: row[ROW.siliconAreaMm2]!,
      packageWidthMm: row[ROW.packageWidthMm]!,
      packageHeightMm: row[ROW.packageHeightMm]!,
    },
    feasibility: { feasible: row[ROW.feasible] === 1, reasons: [...reasons] },
  };
}

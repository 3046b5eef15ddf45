/**
 * The metrics record every packaging plugin returns for a design. All money is per good unit
 * (a packaged system that passes final test); recurring parts sum to `recurringUsd`, NRE parts to
 * `nreUsd`, and `totalUsd = recurringUsd + nreUsd`.
 */

export interface RecurringCostBreakdown {
  /** Wafer cost of the dies that end up in the unit (raw die cost incl. bumps). */
  rawDiesUsd: number;
  /** Extra wafer cost to cover defective dies (KGD cost minus raw cost). */
  defectLossUsd: number;
  /** Carrier(s): substrate, interposer, bridges, RDL, including their own defect loss. */
  carrierUsd: number;
  /** Die attach, bonding, underfill and assembly steps (incl. memory stacks' placement). */
  bondingAssemblyUsd: number;
  /** Wafer-sort and package test. */
  testUsd: number;
  /** Purchased components: HBM stacks, packaged memories, passives. */
  componentsUsd: number;
  /** Carriers scrapped because assembly (or an untested carrier) failed. */
  packageScrapUsd: number;
  /** Good dies and components lost in failed assemblies. */
  wastedGoodDiesUsd: number;
}

export interface NreCostBreakdown {
  /** Chip design and integration NRE, amortised. */
  designUsd: number;
  masksUsd: number;
  d2dPhyUsd: number;
  packageUsd: number;
}

export interface CostMetrics {
  totalUsd: number;
  recurringUsd: number;
  nreUsd: number;
  recurring: RecurringCostBreakdown;
  nre: NreCostBreakdown;
  /** Recurring wafer cost of the dies only (raw + defect loss): what AMD compares. */
  knownGoodDieUsd: number;
}

export interface DieYield {
  id: string;
  /** Probability a die is free of killer defects. */
  dieYield: number;
}

export interface YieldMetrics {
  dies: DieYield[];
  carrier: number;
  assembly: number;
  /** Fraction of assembled units that pass (carrier x assembly x test escapes). */
  package: number;
  /** Product of every yield a unit's silicon passes through: dies, carrier and assembly. */
  compound: number;
}

export interface LinkMetrics {
  from: string;
  to: string;
  requiredGBps: number;
  availableGBps: number;
  energyPjPerBit: number;
  latencyNs: number;
  /** I/O power at the required bandwidth, W (split between the two ends). */
  ioPowerW: number;
}

export interface BandwidthMetrics {
  links: LinkMetrics[];
  /** Sum of available D2D bandwidth over the links. */
  aggregateD2dGBps: number;
  memoryGBps: number;
  /** Average D2D energy per bit, weighted by required bandwidth. */
  energyPjPerBit: number;
  /** D2D + memory interface power, W. */
  ioPowerW: number;
}

export interface DieTemperature {
  id: string;
  powerW: number;
  tempC: number;
}

export interface ThermalMetrics {
  dies: DieTemperature[];
  peakTempC: number;
}

export interface GeometryMetrics {
  /** Package substrate area. */
  packageAreaMm2: number;
  /** Interposer, RDL or bridge-carrier area (equal to package area for single-level packages). */
  carrierAreaMm2: number;
  /** Sum of die and memory footprints. */
  siliconAreaMm2: number;
  packageWidthMm: number;
  packageHeightMm: number;
}

/** Why a design point is infeasible; the order is the bit order of a metrics row's reason mask. */
export const INFEASIBILITY_CODES = [
  'reticle-limit',
  'carrier-size-limit',
  'over-temperature',
  'link-bandwidth',
  'link-reach',
  'stack-footprint',
  'other',
] as const;

export type InfeasibilityCode = (typeof INFEASIBILITY_CODES)[number];

export interface InfeasibilityReason {
  code: InfeasibilityCode;
  message: string;
  /** The offending value and the limit, in the unit the message names. */
  value: number;
  limit: number;
}

export interface FeasibilityMetrics {
  feasible: boolean;
  reasons: InfeasibilityReason[];
}

export interface Metrics {
  pluginId: string;
  pluginVersion: string;
  cost: CostMetrics;
  yields: YieldMetrics;
  bandwidth: BandwidthMetrics;
  thermal: ThermalMetrics;
  geometry: GeometryMetrics;
  feasibility: FeasibilityMetrics;
}

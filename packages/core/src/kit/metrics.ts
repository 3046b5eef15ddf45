/**
 * The metrics record of a design point assembled from a model's parts: costs, yields, links,
 * memory, thermal and geometry. What every model would otherwise write by hand is derived here,
 * as `finishRow` derives it for a row (metrics/row.ts): recurringUsd and nreUsd as the sums of
 * their parts, totalUsd, the known-good-die cost, the compound yield and `feasible`.
 */
import type { FlowResult } from '../cost/assemblyFlow.js';
import type { ResolvedDesign } from '../design/types.js';
import type {
  DieTemperature,
  GeometryMetrics,
  InfeasibilityReason,
  LinkMetrics,
  Metrics,
  NreCostBreakdown,
} from '../metrics/types.js';
import { RECURRING_PARTS } from '../metrics/row.js';
import type { DieCosts } from './dieCosts.js';

export interface MetricsParts {
  /** Recurring cost per good unit by category (an assembly flow's result). */
  flow: Pick<FlowResult, 'recurring'>;
  /** NRE per unit by category. */
  nre: NreCostBreakdown;
  /** Die costs and yields of every die instance (`dieCosts`). */
  dies: Pick<DieCosts, 'perDie' | 'rawUsd' | 'defectLossUsd' | 'testUsd' | 'dieYieldProduct'>;
  /** Cost of the known-good silicon per unit; default: Σ raw + defect loss + test of the dies. */
  knownGoodDieUsd?: number;
  yields: {
    carrier: number;
    assembly: number;
    package: number;
    /** Default: Π die yields x carrier x assembly. */
    compound?: number;
  };
  /** D2D links (`sideBySideLinks` or a model's own). */
  links: Pick<LinkResultLike, 'links' | 'aggregateD2dGBps' | 'energyPjPerBit' | 'ioPowerW'>;
  /** Memory bandwidth and interface power (none by default). */
  memory?: { bandwidthGBps: number; ioPowerW: number };
  thermal: { dies: DieTemperature[]; peakTempC: number };
  geometry: GeometryMetrics;
  /** Every infeasibility reason, in the order to report them. */
  reasons: InfeasibilityReason[];
}

interface LinkResultLike {
  links: LinkMetrics[];
  aggregateD2dGBps: number;
  energyPjPerBit: number;
  ioPowerW: number;
}

export function assembleMetrics(
  plugin: { id: string; version: string },
  design: ResolvedDesign,
  p: MetricsParts,
): Metrics {
  let recurringUsd = 0;
  for (const part of RECURRING_PARTS) recurringUsd += p.flow.recurring[part];
  const nreUsd = p.nre.designUsd + p.nre.masksUsd + p.nre.d2dPhyUsd + p.nre.packageUsd;
  const dc = p.dies;
  const y = p.yields;
  return {
    pluginId: plugin.id,
    pluginVersion: plugin.version,
    cost: {
      totalUsd: recurringUsd + nreUsd,
      recurringUsd,
      nreUsd,
      recurring: p.flow.recurring,
      nre: p.nre,
      knownGoodDieUsd: p.knownGoodDieUsd ?? dc.rawUsd + dc.defectLossUsd + dc.testUsd,
    },
    yields: {
      dies: design.dies.map((d, i) => ({ id: d.id, dieYield: dc.perDie[i]!.dieYield })),
      carrier: y.carrier,
      assembly: y.assembly,
      package: y.package,
      compound: y.compound ?? dc.dieYieldProduct * y.carrier * y.assembly,
    },
    bandwidth: {
      links: p.links.links,
      aggregateD2dGBps: p.links.aggregateD2dGBps,
      memoryGBps: p.memory?.bandwidthGBps ?? 0,
      energyPjPerBit: p.links.energyPjPerBit,
      ioPowerW: p.links.ioPowerW + (p.memory?.ioPowerW ?? 0),
    },
    thermal: { dies: p.thermal.dies, peakTempC: p.thermal.peakTempC },
    geometry: p.geometry,
    feasibility: { feasible: p.reasons.length === 0, reasons: p.reasons },
  };
}

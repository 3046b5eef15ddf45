/** Side-by-side table of the metrics of several evaluated designs. */
import type { Metrics, PreparedCase } from '@chiplet-dse/core';
import { fmtPercent, renderTable, wrapText, type Row } from './table.js';
import { formatAlike } from './units.js';

export interface EvaluatedCase {
  prepared: PreparedCase;
  metrics: Metrics;
}

function describeDies(p: PreparedCase): string {
  const groups = new Map<string, { n: number; area: number; node: string }>();
  for (const d of p.design.dies) {
    const g = groups.get(d.groupId) ?? { n: 0, area: d.areaMm2, node: d.node };
    g.n += 1;
    groups.set(d.groupId, g);
  }
  return [...groups.values()].map((g) => `${g.n}x${g.area.toFixed(0)}mm² ${g.node}`).join(' + ');
}

/**
 * The metrics of several designs side by side, one design a column; with `maxWidth`, the design
 * columns that do not fit go into blocks below. Numbers are printed alike per row (the same
 * decimals for every design), and the cost rows all alike (one precision for the cost block).
 */
export function metricsTable(cases: EvaluatedCase[], maxWidth?: number): string {
  const v = (f: (c: EvaluatedCase) => string) => cases.map(f);
  /** Values of one row, the same decimals for all (at most maxDecimals). */
  const alike = (f: (m: Metrics) => number, maxDecimals = 2) =>
    formatAlike(
      cases.map((c) => f(c.metrics)),
      maxDecimals,
    );
  const costs: ((m: Metrics) => number)[] = [];
  /** A cost row: its values are formatted with all the others (below). */
  const usd = (f: (m: Metrics) => number) => {
    costs.push(f);
    return [] as string[];
  };
  const rows: Row[] = [
    { label: 'approach', values: v((c) => `${c.metrics.pluginId} ${c.metrics.pluginVersion}`) },
    { label: 'dies', values: v((c) => describeDies(c.prepared)) },
    { label: 'carrier', values: v((c) => c.prepared.design.package.carrier) },
    { label: 'Cost per good unit (USD)', values: [], heading: true },
    { label: '  total', values: usd((m) => m.cost.totalUsd) },
    { label: '  recurring', values: usd((m) => m.cost.recurringUsd) },
    { label: '    raw dies', values: usd((m) => m.cost.recurring.rawDiesUsd) },
    { label: '    defect loss', values: usd((m) => m.cost.recurring.defectLossUsd) },
    { label: '    carrier', values: usd((m) => m.cost.recurring.carrierUsd) },
    { label: '    bonding & assembly', values: usd((m) => m.cost.recurring.bondingAssemblyUsd) },
    { label: '    test', values: usd((m) => m.cost.recurring.testUsd) },
    { label: '    components (HBM ...)', values: usd((m) => m.cost.recurring.componentsUsd) },
    { label: '    package scrap', values: usd((m) => m.cost.recurring.packageScrapUsd) },
    { label: '    wasted good dies', values: usd((m) => m.cost.recurring.wastedGoodDiesUsd) },
    { label: '  NRE per unit', values: usd((m) => m.cost.nreUsd) },
    { label: '    design', values: usd((m) => m.cost.nre.designUsd) },
    { label: '    masks', values: usd((m) => m.cost.nre.masksUsd) },
    { label: '    D2D PHY', values: usd((m) => m.cost.nre.d2dPhyUsd) },
    { label: '    package', values: usd((m) => m.cost.nre.packageUsd) },
    { label: '  known-good-die cost', values: usd((m) => m.cost.knownGoodDieUsd) },
    { label: 'Yield', values: [], heading: true },
    {
      label: '  die (lowest)',
      values: v((c) => fmtPercent(Math.min(...c.metrics.yields.dies.map((d) => d.dieYield)))),
    },
    { label: '  carrier', values: v((c) => fmtPercent(c.metrics.yields.carrier)) },
    { label: '  assembly', values: v((c) => fmtPercent(c.metrics.yields.assembly)) },
    { label: '  package', values: v((c) => fmtPercent(c.metrics.yields.package)) },
    { label: '  compound', values: v((c) => fmtPercent(c.metrics.yields.compound)) },
    { label: 'Bandwidth', values: [], heading: true },
    { label: '  D2D aggregate (GB/s)', values: alike((m) => m.bandwidth.aggregateD2dGBps, 0) },
    {
      label: '  D2D links met',
      values: v((c) => {
        const l = c.metrics.bandwidth.links;
        return `${l.filter((x) => x.availableGBps >= x.requiredGBps).length}/${l.length}`;
      }),
    },
    { label: '  memory (GB/s)', values: alike((m) => m.bandwidth.memoryGBps, 0) },
    { label: '  D2D energy (pJ/bit)', values: alike((m) => m.bandwidth.energyPjPerBit, 3) },
    { label: '  I/O power (W)', values: alike((m) => m.bandwidth.ioPowerW) },
    { label: 'Thermal', values: [], heading: true },
    { label: '  peak junction (°C)', values: alike((m) => m.thermal.peakTempC, 1) },
    {
      label: '  hottest die',
      values: v((c) => {
        const dies = c.metrics.thermal.dies;
        if (dies.length === 0) return '-';
        const hot = dies.reduce((a, b) => (b.tempC > a.tempC ? b : a));
        return `${hot.id} ${hot.tempC.toFixed(1)}`;
      }),
    },
    { label: 'Geometry', values: [], heading: true },
    { label: '  package (mm²)', values: alike((m) => m.geometry.packageAreaMm2, 0) },
    { label: '  carrier (mm²)', values: alike((m) => m.geometry.carrierAreaMm2, 0) },
    { label: '  silicon (mm²)', values: alike((m) => m.geometry.siliconAreaMm2, 0) },
    { label: 'Feasible', values: v((c) => (c.metrics.feasibility.feasible ? 'yes' : 'NO')) },
  ];
  // The cost block at one precision (cents): every cost value of every design formatted together.
  const costTexts = formatAlike(
    cases.flatMap((c) => costs.map((f) => f(c.metrics))),
    2,
    2,
  );
  let k = 0;
  for (const r of rows)
    if (r.values.length === 0 && r.heading !== true) {
      r.values = cases.map((_, i) => costTexts[i * costs.length + k]!);
      k += 1;
    }
  let out = renderTable(['design', ...cases.map((c) => c.prepared.name)], rows, { maxWidth });
  const notes = cases.flatMap((c) =>
    c.metrics.feasibility.reasons.flatMap((r) =>
      wrapText(`  ${c.prepared.name}: ${r.code}: ${r.message}`, maxWidth, '    '),
    ),
  );
  if (notes.length > 0) out += `\n\nInfeasible because:\n${notes.join('\n')}`;
  return out;
}

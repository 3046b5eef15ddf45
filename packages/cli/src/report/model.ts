/**
 * The report's content as data: the front in display order, the scatter rows, the table columns
 * and the ECharts options of every chart. Pure (no I/O); page.ts turns it into HTML.
 */
import type { Metrics } from '@chiplet-dse/core';
import type { FrontFile, FrontPoint, SummaryData } from '@chiplet-dse/core/explore';
import type { EChartsOption } from 'echarts';
import { formatValue, metricLabel, metricUnit, metricName } from './labels.js';
import type { PointsSample } from './readSweep.js';

/** One chart of the page: its container id, section, and option (datasets added in the browser). */
export interface ChartSpec {
  id: string;
  /** 'scatter' charts get the point datasets (all sampled points, then the front) in the browser. */
  dataset?: 'scatter';
  option: EChartsOption;
}

export interface ScatterData {
  /** Row layout: [pointIndex, objective values..., parameter levels...]. */
  points: number[][];
  front: number[][];
  objectives: { metric: string; label: string; goal: string }[];
  parameters: { name: string; labels: string[] }[];
}

export interface TableColumn {
  label: string;
  /** Title attribute (the metric path, or the goal). */
  title: string;
  numeric: boolean;
}

export interface TableCell {
  text: string;
  /** Sort key: a number for numeric columns, else the text. */
  sort: number | string;
  title?: string;
}

export interface ReportModel {
  design: string;
  summary: SummaryData | undefined;
  front: FrontFile;
  /** Front points in display order (best first on the first objective). */
  ordered: FrontPoint[];
  sample: { shown: number; feasible: number; rows: number; fromPointsFile: boolean; limit: number };
  scatter: ScatterData;
  table: { columns: TableColumn[]; rows: TableCell[][] };
  charts: { scatter: ChartSpec[]; cost: ChartSpec; yields: ChartSpec; temperatures: ChartSpec };
}

/** The recurring cost parts in stacking order, with their labels. */
export const RECURRING_PARTS: readonly (readonly [keyof Metrics['cost']['recurring'], string])[] = [
  ['rawDiesUsd', 'raw dies'],
  ['defectLossUsd', 'defect loss'],
  ['carrierUsd', 'carrier'],
  ['bondingAssemblyUsd', 'bonding & assembly'],
  ['testUsd', 'test'],
  ['componentsUsd', 'components'],
  ['packageScrapUsd', 'package scrap'],
  ['wastedGoodDiesUsd', 'wasted good dies'],
];

/** Columns of the front table after parameters and objectives (skipped when an objective). */
const KEY_METRICS: readonly (readonly [path: string, get: (m: Metrics) => number])[] = [
  ['cost.totalUsd', (m) => m.cost.totalUsd],
  ['cost.recurringUsd', (m) => m.cost.recurringUsd],
  ['cost.nreUsd', (m) => m.cost.nreUsd],
  ['cost.knownGoodDieUsd', (m) => m.cost.knownGoodDieUsd],
  ['yields.compound', (m) => m.yields.compound],
  ['yields.package', (m) => m.yields.package],
  ['thermal.peakTempC', (m) => m.thermal.peakTempC],
  ['bandwidth.memoryGBps', (m) => m.bandwidth.memoryGBps],
  ['bandwidth.aggregateD2dGBps', (m) => m.bandwidth.aggregateD2dGBps],
  ['geometry.packageAreaMm2', (m) => m.geometry.packageAreaMm2],
];

/** Rounds to `digits` significant digits (keeps the inlined JSON small). */
export function roundSig(x: number, digits = 6): number {
  return Number.isFinite(x) && x !== 0 ? Number(x.toPrecision(digits)) : x;
}

/** Label of a front design on category axes. */
export const designLabel = (p: FrontPoint) => `#${p.pointIndex}`;

/** The die with the lowest yield (undefined for a design without dies). */
export function lowestDie(m: Metrics): { id: string; dieYield: number } | undefined {
  let low: { id: string; dieYield: number } | undefined;
  for (const d of m.yields.dies) if (low === undefined || d.dieYield < low.dieYield) low = d;
  return low;
}

/** Axis label with the unit, and "log scale" when the axis is logarithmic. */
export function axisName(metric: string, log: boolean): string {
  if (!log) return metricLabel(metric);
  const unit = metricUnit(metric);
  return `${metricName(metric)} (${unit === '' ? '' : `${unit}, `}log scale)`;
}

/** A log axis pays off when every value is positive and they span two decades or more. */
export function wantsLogAxis(values: Iterable<number>): boolean {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return lo > 0 && hi / lo >= 100;
}

/**
 * Plot area inside the given margins, shrunk so that tick labels and axis names stay inside too
 * (ECharts 6 outer bounds).
 */
const gridBox = (top: number, bottom: number) => ({
  left: 8,
  right: 24,
  top,
  bottom,
  outerBoundsMode: 'same' as const,
  outerBoundsContain: 'all' as const,
});

const FRONT_COLOR = '#d62728';
const POINT_COLOR = '#8c9bab';

function scatterCharts(scatter: ScatterData, frontOnly: boolean): ChartSpec[] {
  const m = scatter.objectives.length;
  const charts: ChartSpec[] = [];
  const column = (rows: number[][], j: number) => rows.map((r) => r[1 + j]!);
  for (let a = 0; a < m; a++)
    for (let b = a + 1; b < m; b++) {
      const ox = scatter.objectives[a]!;
      const oy = scatter.objectives[b]!;
      const logX = wantsLogAxis([...column(scatter.points, a), ...column(scatter.front, a)]);
      const logY = wantsLogAxis([...column(scatter.points, b), ...column(scatter.front, b)]);
      const axis = (metric: string, log: boolean, x: boolean) => ({
        type: log ? ('log' as const) : ('value' as const),
        name: axisName(metric, log),
        nameLocation: 'middle' as const,
        nameGap: x ? 32 : 52,
        nameTextStyle: { fontSize: 13, fontWeight: 'bold' as const },
        scale: true,
        splitLine: { lineStyle: { color: '#eceff3' } },
      });
      const encode = { x: 1 + a, y: 1 + b };
      charts.push({
        id: `chart-scatter-${a}-${b}`,
        dataset: 'scatter',
        option: {
          animation: false,
          title: {
            text: `${metricName(ox.metric)} vs ${metricName(oy.metric)}`,
            subtext: `${ox.goal} x, ${oy.goal} y`,
            left: 'center',
            textStyle: { fontSize: 14 },
          },
          grid: gridBox(84, 8),
          legend: { top: 44, data: frontOnly ? ['Pareto front'] : ['feasible designs', 'Pareto front'] },
          tooltip: { trigger: 'item', formatter: '@point' },
          xAxis: axis(ox.metric, logX, true),
          yAxis: axis(oy.metric, logY, false),
          series: [
            ...(frontOnly
              ? []
              : [
                  {
                    type: 'scatter' as const,
                    name: 'feasible designs',
                    datasetIndex: 0,
                    encode,
                    symbolSize: 5,
                    itemStyle: { color: POINT_COLOR, opacity: 0.55 },
                    large: true,
                    largeThreshold: 4000,
                    progressive: 0,
                  },
                ]),
            {
              type: 'scatter' as const,
              name: 'Pareto front',
              datasetIndex: 1,
              encode,
              symbolSize: 10,
              z: 5,
              itemStyle: { color: FRONT_COLOR, borderColor: '#fff', borderWidth: 1 },
              emphasis: { scale: 1.4 },
            },
          ],
        },
      });
    }
  return charts;
}

function categoryAxis(labels: string[]) {
  return {
    type: 'category' as const,
    data: labels,
    name: 'front design (point index)',
    nameLocation: 'middle' as const,
    nameGap: labels.length > 12 ? 52 : 30,
    nameTextStyle: { fontSize: 13, fontWeight: 'bold' as const },
    axisLabel: { rotate: labels.length > 12 ? 45 : 0, interval: 0, hideOverlap: true },
  };
}

function valueAxis(name: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'value' as const,
    name,
    nameLocation: 'middle' as const,
    nameGap: 56,
    nameTextStyle: { fontSize: 13, fontWeight: 'bold' as const },
    splitLine: { lineStyle: { color: '#eceff3' } },
    ...extra,
  };
}

/** dataZoom for category charts with more designs than fit. */
const zoomFor = (n: number) =>
  n > 40
    ? [
        { type: 'slider' as const, xAxisIndex: 0, bottom: 0, endValue: 39 },
        { type: 'inside' as const, xAxisIndex: 0 },
      ]
    : [];

function costChart(ordered: FrontPoint[]): ChartSpec {
  const labels = ordered.map(designLabel);
  const money = (x: number) => Math.round(x * 100) / 100;
  return {
    id: 'chart-cost',
    option: {
      animation: false,
      title: {
        text: 'Cost per good unit: recurring breakdown and amortised NRE',
        left: 'center',
        textStyle: { fontSize: 14 },
      },
      grid: gridBox(70, ordered.length > 40 ? 48 : 8),
      legend: { type: 'scroll', top: 28 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: categoryAxis(labels),
      yAxis: valueAxis('cost per good unit (USD)'),
      dataZoom: zoomFor(ordered.length),
      series: [
        ...RECURRING_PARTS.map(([key, name]) => ({
          type: 'bar' as const,
          name,
          stack: 'cost',
          emphasis: { focus: 'series' as const },
          data: ordered.map((p) => money(p.metrics.cost.recurring[key])),
        })),
        {
          type: 'bar' as const,
          name: 'NRE (amortised)',
          stack: 'cost',
          emphasis: { focus: 'series' as const },
          itemStyle: {
            color: '#4d4d4d',
            decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: -Math.PI / 4 },
          },
          data: ordered.map((p) => money(p.metrics.cost.nreUsd)),
        },
      ],
    },
  };
}

function yieldChart(ordered: FrontPoint[]): ChartSpec {
  const labels = ordered.map(designLabel);
  const y = (x: number | undefined) => (x === undefined ? null : Math.round(x * 10000) / 10000);
  return {
    id: 'chart-yields',
    option: {
      animation: false,
      title: { text: 'Yields', left: 'center', textStyle: { fontSize: 14 } },
      grid: gridBox(64, ordered.length > 40 ? 48 : 8),
      legend: { top: 28 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: categoryAxis(labels),
      yAxis: valueAxis('yield (fraction of units)', { min: 0, max: 1 }),
      dataZoom: zoomFor(ordered.length),
      series: [
        {
          type: 'bar' as const,
          name: 'compound yield',
          data: ordered.map((p) => y(p.metrics.yields.compound)),
        },
        {
          type: 'bar' as const,
          name: 'package yield',
          data: ordered.map((p) => y(p.metrics.yields.package)),
        },
        {
          type: 'bar' as const,
          name: 'lowest die yield',
          data: ordered.map((p) => y(lowestDie(p.metrics)?.dieYield)),
        },
      ],
    },
  };
}

/** Die kind of a die instance id: "tile#3" -> "tile". */
export const dieKind = (id: string) => id.replace(/#\d+$/, '');

function temperatureChart(ordered: FrontPoint[]): ChartSpec {
  const labels = ordered.map(designLabel);
  const kinds: string[] = [];
  for (const p of ordered)
    for (const d of p.metrics.thermal.dies) if (!kinds.includes(dieKind(d.id))) kinds.push(dieKind(d.id));
  return {
    id: 'chart-temperatures',
    option: {
      animation: false,
      title: { text: 'Die temperatures', left: 'center', textStyle: { fontSize: 14 } },
      grid: gridBox(64, ordered.length > 40 ? 48 : 8),
      legend: { type: 'scroll', top: 28 },
      tooltip: { trigger: 'item', formatter: '@die' },
      xAxis: categoryAxis(labels),
      yAxis: valueAxis('die temperature (°C)', { scale: true }),
      dataZoom: zoomFor(ordered.length),
      series: kinds.map((kind) => ({
        type: 'scatter' as const,
        name: kind,
        symbolSize: 9,
        data: ordered.flatMap((p) =>
          p.metrics.thermal.dies
            .filter((d) => dieKind(d.id) === kind)
            .map((d) => [designLabel(p), roundSig(d.tempC, 5), d.id, roundSig(d.powerW, 4)]),
        ),
      })),
    },
  };
}

function frontTable(front: FrontFile, ordered: FrontPoint[]): ReportModel['table'] {
  const objectiveMetrics = front.objectives.map((o) => o.metric);
  const metricCols = KEY_METRICS.filter(([path]) => !objectiveMetrics.includes(path));
  const isNumber = (s: string) => s.trim() !== '' && Number.isFinite(Number(s));
  const numericParam = front.parameters.map((n) =>
    ordered.every((p) => isNumber(String(p.parameters[n] ?? ''))),
  );
  const columns: TableColumn[] = [
    { label: 'point', title: 'index of the point in the design space', numeric: true },
    ...front.parameters.map((n, j) => ({ label: n, title: 'parameter', numeric: numericParam[j]! })),
    ...front.objectives.map((o) => ({
      label: `${metricLabel(o.metric)} ${o.goal === 'maximize' ? '↑' : '↓'}`,
      title: `objective: ${o.goal} ${o.metric}`,
      numeric: true,
    })),
    ...metricCols.map(([path]) => ({ label: metricLabel(path), title: path, numeric: true })),
    {
      label: 'lowest die yield',
      title: 'yields.dies: the lowest die yield (die id in the tooltip)',
      numeric: true,
    },
    { label: 'plugin', title: 'packaging plugin', numeric: false },
  ];
  const num = (x: number): TableCell => ({ text: formatValue(x), sort: Number.isFinite(x) ? x : -Infinity });
  const rows = ordered.map((p) => {
    const low = lowestDie(p.metrics);
    return [
      { text: String(p.pointIndex), sort: p.pointIndex },
      ...front.parameters.map((n, j) => {
        const v = String(p.parameters[n] ?? '');
        return { text: v, sort: numericParam[j] ? Number(v) : v };
      }),
      ...p.objectives.map(num),
      ...metricCols.map(([, get]) => num(get(p.metrics))),
      low === undefined ? { text: '–', sort: -Infinity } : { ...num(low.dieYield), title: low.id },
      { text: p.metrics.pluginId, sort: p.metrics.pluginId },
    ];
  });
  return { columns, rows };
}

/** Orders the front best-first on the first objective (ties by point index). */
export function orderFront(front: FrontFile): FrontPoint[] {
  const sign = front.objectives[0]?.goal === 'maximize' ? -1 : 1;
  return [...front.points].sort(
    (a, b) => sign * ((a.objectives[0] ?? 0) - (b.objectives[0] ?? 0)) || a.pointIndex - b.pointIndex,
  );
}

export function buildReportModel(
  front: FrontFile,
  summary: SummaryData | undefined,
  sample: PointsSample | undefined,
  limit: number,
): ReportModel {
  const ordered = orderFront(front);
  // Parameter labels: the sample's levels first, then any label only the front has.
  const labels = front.parameters.map((_, j) => [...(sample?.labels[j] ?? [])]);
  const levelOf = (j: number, label: string) => {
    const list = labels[j]!;
    let k = list.indexOf(label);
    if (k < 0) k = list.push(label) - 1;
    return k;
  };
  const frontRows = ordered.map((p) => [
    p.pointIndex,
    ...p.objectives.map((v) => roundSig(v)),
    ...front.parameters.map((n, j) => levelOf(j, String(p.parameters[n] ?? ''))),
  ]);
  const pointRows = (sample?.points ?? []).map((p) => [
    p.pointIndex,
    ...p.objectives.map((v) => roundSig(v)),
    ...p.levels,
  ]);
  const scatter: ScatterData = {
    points: pointRows,
    front: frontRows,
    objectives: front.objectives.map((o) => ({
      metric: o.metric,
      goal: o.goal,
      label: metricLabel(o.metric),
    })),
    parameters: front.parameters.map((name, j) => ({ name, labels: labels[j]! })),
  };
  return {
    design: front.design,
    summary,
    front,
    ordered,
    sample: {
      shown: pointRows.length,
      feasible: sample?.feasible ?? 0,
      rows: sample?.rows ?? 0,
      fromPointsFile: sample !== undefined,
      limit,
    },
    scatter,
    table: frontTable(front, ordered),
    charts: {
      scatter: scatterCharts(scatter, sample === undefined),
      cost: costChart(ordered),
      yields: yieldChart(ordered),
      temperatures: temperatureChart(ordered),
    },
  };
}

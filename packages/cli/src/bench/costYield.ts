/**
 * The `costyield` bench phase: cost per good system over a Chiplet Actuary-style grid (die area x
 * chiplet count x node x defect density x volume), N equal dies side by side on an organic
 * substrate (Actuary's OS package; docs/models/cost.md), in one tight loop on one thread.
 *
 * Everything comes from the public kit and math functions; nothing of the equations is written
 * here. What a compiled plan keeps per structure is worked out before the timed loop, with the
 * functions the organic-package plan calls when sizes change (packages/plugins/src/sip/kernel.ts):
 * resolved die sizes, dies per wafer per (area, node), substrate area, layer factor, substrate
 * cost and yield, bump and placement cost, attach yield, chip and package NRE. Per point the loop
 * does what depends on the point's defect density and volume: die yield (negative binomial), test
 * pass yield, tested-die cost, escapes, the assembly flow, NRE per unit, totals.
 *
 * The check evaluates a few grid points through the ordinary path (design text -> prepareCase ->
 * plan -> metrics) and reports the largest relative difference of `cost.totalUsd`.
 */
import {
  assemblyFlowInto,
  attachTotals,
  buildTechnologyLibrary,
  chipNreTotalUsd,
  compileFlow,
  dieCost,
  evaluatePrepared,
  finishRow,
  layerFactor,
  loadPluginRegistry,
  negativeBinomialYield,
  parseDesignText,
  prepareCase,
  ROW,
  ROW_SCALARS,
  substrateAreaMm2,
  substrateCostUsd,
  substrateNreUsd,
  testPassYield,
  type CompiledFlow,
  type FlowItem,
  type PluginRegistry,
  type ResolvedDesign,
  type TechnologyLibrary,
} from '@chiplet-dse/core';

/** The grid: bench inputs (Actuary's exploration spans about these ranges). */
export interface CostYieldGrid {
  areasMm2: number[];
  chipletCounts: number[];
  nodes: string[];
  defectDensitiesPerCm2: number[];
  volumesUnits: number[];
}

function linspace(min: number, max: number, steps: number): number[] {
  return Array.from({ length: steps }, (_, i) => min + ((max - min) * i) / (steps - 1));
}

function logspaceIntegers(min: number, max: number, steps: number): number[] {
  return Array.from({ length: steps }, (_, i) => Math.round(min * (max / min) ** (i / (steps - 1))));
}

export function costYieldGrid(tech: TechnologyLibrary, areaSteps: number): CostYieldGrid {
  return {
    areasMm2: linspace(10, 800, areaSteps),
    chipletCounts: Array.from({ length: 16 }, (_, i) => i + 1),
    // Logic nodes: the ones with a design NRE (interposer and RDL "nodes" have none).
    nodes: Object.keys(tech.nodes).filter((id) => tech.nodes[id]!.designNreUsdPerMm2 > 0),
    defectDensitiesPerCm2: linspace(0.02, 0.32, 16),
    volumesUnits: logspaceIntegers(10_000, 10_000_000, 10),
  };
}

export function gridPoints(g: CostYieldGrid): number {
  return (
    g.areasMm2.length *
    g.chipletCounts.length *
    g.nodes.length *
    g.defectDensitiesPerCm2.length *
    g.volumesUnits.length
  );
}

const CARRIER = 'organic_substrate';
const YIELD_MODEL = 'negative-binomial';

/** The design the ordinary path evaluates for one grid point (Actuary's OS package options). */
export function equivalentDesignText(
  areaMm2: number,
  chiplets: number,
  node: string,
  defectDensityPerCm2: number,
  volumeUnits: number,
): string {
  return JSON.stringify({
    name: 'costyield-check',
    technology: { nodes: { [node]: { defectDensityPerCm2 } } },
    system: { volumeUnits, yieldModel: YIELD_MODEL },
    chiplets: [{ id: 'die', count: chiplets, areaMm2, node, powerW: 1 }],
    package: {
      approach: 'mcm',
      carrier: CARRIER,
      options: { diesPerWafer: 'exact', substrateArea: 'actuary' },
    },
  });
}

function prepareText(text: string, registry: PluginRegistry) {
  const loaded = parseDesignText(text, 'costyield-check.json');
  return prepareCase(loaded, loaded.cases[0]!, registry, { reticleIsInputError: false });
}

/** What the plan keeps per (area, count): the package. Per (area, node): the die. */
interface PackageValues {
  knownGoodSubstrateUsd: number;
  packageNreUsd: number;
  bumpUsd: number;
  placeUsd: number;
  attachYield: number;
}
interface DieValues {
  rawUsd: number;
  areaMm2: number;
  chipNreUsd: number;
  masksNreUsd: number;
}

/**
 * The compiled form of the grid: per-structure values in flat arrays, the flow as the organic
 * plan compiles it, and `evaluate` for one point writing a row (total at ROW.totalUsd).
 */
export class CostYieldPlan {
  readonly packages: PackageValues[] = [];
  readonly dies: DieValues[] = [];
  readonly alpha: Float64Array;
  readonly row = new Float64Array(ROW_SCALARS);
  private readonly flow: CompiledFlow;
  private readonly coverage: number;
  private readonly testUsdPerMm2: number;
  private readonly packageCoverage: number;

  constructor(
    readonly grid: CostYieldGrid,
    readonly tech: TechnologyLibrary,
    templates: ResolvedDesign[],
  ) {
    const carrier = tech.carriers[CARRIER]!;
    const nodes = grid.nodes.map((id) => tech.nodes[id]!);
    this.alpha = Float64Array.from(nodes, (n) => n.clusteringAlpha);
    this.coverage = tech.test.coverage;
    this.testUsdPerMm2 = tech.test.costUsdPerMm2;
    this.packageCoverage = tech.test.packageTestCoverage;
    // The organic plan's flow items (sip/kernel.ts), one step, no components.
    const items: Omit<FlowItem, 'costUsd'>[] = [
      { category: 'rawDies', entryStep: 0, loss: 'wastedGoodDies' },
      { category: 'defectLoss', entryStep: 0, loss: 'wastedGoodDies' },
      { category: 'test', entryStep: 0, loss: 'wastedGoodDies' },
      { category: 'bondingAssembly', entryStep: 0, loss: 'wastedGoodDies' },
      { category: 'bondingAssembly', entryStep: 0, loss: 'packageScrap' },
      { category: 'carrier', entryStep: 0, loss: 'packageScrap' },
      { category: 'test', entryStep: 0, loss: 'packageScrap' },
    ];
    this.flow = compileFlow(items, 1);
    this.flow.costs[6] = tech.test.packageTestCostUsd;
    grid.areasMm2.forEach((_, a) => {
      const one = templates[a]!;
      const die = one.dies[0]!;
      for (const n of grid.chipletCounts) {
        const many: ResolvedDesign = {
          ...one,
          dies: Array.from({ length: n }, (_, i) => ({ ...die, id: `die#${i}` })),
        };
        const dieAreaMm2 = n * die.areaMm2;
        const pkgAreaMm2 = substrateAreaMm2(carrier, 'actuary', dieAreaMm2, 0);
        const f = layerFactor(carrier, pkgAreaMm2, n);
        const carrierYield = negativeBinomialYield(
          pkgAreaMm2,
          carrier.defectDensityPerCm2,
          carrier.clusteringAlpha,
        );
        const attach = attachTotals(many, tech, new Array<number>(n).fill(0));
        this.packages.push({
          knownGoodSubstrateUsd: substrateCostUsd(carrier, pkgAreaMm2, f) / carrierYield,
          packageNreUsd: substrateNreUsd(carrier, pkgAreaMm2, f),
          bumpUsd: attach.bumpUsd,
          placeUsd: attach.placeUsd,
          attachYield: attach.yield,
        });
      }
      grid.nodes.forEach((nodeId, k) => {
        const node = nodes[k]!;
        const placed = { ...die, node: nodeId };
        // Dies per wafer depends on size and node only; the exact count is the costly part.
        const dpw = dieCost(die.widthMm, die.heightMm, node, YIELD_MODEL, tech.test, 'exact').diesPerWafer;
        const nre = chipNreTotalUsd([placed], tech);
        this.dies.push({
          rawUsd: node.waferPriceUsd / dpw,
          areaMm2: die.areaMm2,
          chipNreUsd: nre.designUsd + nre.d2dPhyUsd,
          masksNreUsd: nre.masksUsd,
        });
      });
    });
  }

  /** Cost per good system (USD) of one point: written to row[ROW.totalUsd]. */
  evaluate(a: number, c: number, k: number, d0PerCm2: number, volumeUnits: number): void {
    const row = this.row;
    const n = this.grid.chipletCounts[c]!;
    const pkg = this.packages[a * this.grid.chipletCounts.length + c]!;
    const die = this.dies[a * this.grid.nodes.length + k]!;
    const y = negativeBinomialYield(die.areaMm2, d0PerCm2, this.alpha[k]!);
    const pass = testPassYield(y, this.coverage);
    // Outgoing quality Q = Y / Y_test (docs/models/cost.md; math/knownGoodDieCost.ts).
    const q = y / pass;
    const testUsd = this.testUsdPerMm2 * die.areaMm2;
    const testedUsd = (die.rawUsd + testUsd) / pass;
    // Sums and products over the dies in the kit's order (kit/dieCosts.ts).
    let rawUsd = 0;
    let allTestUsd = 0;
    let defectLossUsd = 0;
    let escapeQuality = 1;
    for (let i = 0; i < n; i++) {
      rawUsd += die.rawUsd;
      allTestUsd += testUsd;
      defectLossUsd += testedUsd - die.rawUsd - testUsd;
      escapeQuality *= q < 1 ? q : 1;
    }
    const flow = this.flow;
    flow.stepYields[0] = 1 - (1 - pkg.attachYield * escapeQuality) * this.packageCoverage;
    flow.costs[0] = rawUsd;
    flow.costs[1] = defectLossUsd;
    flow.costs[2] = allTestUsd;
    flow.costs[3] = pkg.bumpUsd;
    flow.costs[4] = pkg.placeUsd;
    flow.costs[5] = pkg.knownGoodSubstrateUsd;
    if (!assemblyFlowInto(flow, row, ROW.rawDiesUsd)) return void row.fill(Number.NaN);
    row[ROW.nreDesignUsd] = die.chipNreUsd / volumeUnits;
    row[ROW.nreMasksUsd] = die.masksNreUsd / volumeUnits;
    row[ROW.nreD2dPhyUsd] = 0;
    row[ROW.nrePackageUsd] = pkg.packageNreUsd / volumeUnits;
    row[ROW.reasonMask] = 0;
    finishRow(row);
  }
}

export interface CostYieldResult {
  points: number;
  seconds: number;
  pointsPerSecond: number;
  /** Σ cost over the grid, so the loop's work is used (and printed for reproducibility). */
  sumUsd: number;
  maxRelativeDifference: number;
  checkedPoints: number;
  /** µs per point of the ordinary path at the checked points (one design each, nothing reused). */
  ordinaryUsPerPoint: number;
  prepareSeconds: number;
}

/** The timed loop over the whole grid. */
function sweepGrid(plan: CostYieldPlan): number {
  const g = plan.grid;
  let sum = 0;
  for (let a = 0; a < g.areasMm2.length; a++)
    for (let c = 0; c < g.chipletCounts.length; c++)
      for (let k = 0; k < g.nodes.length; k++)
        for (const d0 of g.defectDensitiesPerCm2)
          for (const v of g.volumesUnits) {
            plan.evaluate(a, c, k, d0, v);
            sum += plan.row[ROW.totalUsd]!;
          }
  return sum;
}

/** Seeded pick of grid points (a small LCG: the same points every run). */
function pickPoints(g: CostYieldGrid, count: number): number[][] {
  let s = 12345;
  const next = (n: number) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s % n;
  };
  return Array.from({ length: count }, () => [
    next(g.areasMm2.length),
    next(g.chipletCounts.length),
    next(g.nodes.length),
    next(g.defectDensitiesPerCm2.length),
    next(g.volumesUnits.length),
  ]);
}

/**
 * The largest relative difference of the loop's cost from the ordinary evaluation at `count`
 * grid points, and the ordinary path's time per point (design text to metrics: parse, technology
 * layers, resolve, compile, evaluate), to show what the compiled loop saves.
 */
function checkAgainstEvaluation(
  plan: CostYieldPlan,
  registry: PluginRegistry,
  count: number,
): { worst: number; ordinaryUsPerPoint: number } {
  const g = plan.grid;
  let worst = 0;
  let ordinaryMs = 0;
  for (const [a, c, k, d, v] of pickPoints(g, count)) {
    const text = equivalentDesignText(
      g.areasMm2[a!]!,
      g.chipletCounts[c!]!,
      g.nodes[k!]!,
      g.defectDensitiesPerCm2[d!]!,
      g.volumesUnits[v!]!,
    );
    const t = performance.now();
    const expected = evaluatePrepared(prepareText(text, registry)).cost.totalUsd;
    ordinaryMs += performance.now() - t;
    plan.evaluate(a!, c!, k!, g.defectDensitiesPerCm2[d!]!, g.volumesUnits[v!]!);
    const got = plan.row[ROW.totalUsd]!;
    const rel = Math.abs(got - expected) / Math.abs(expected);
    worst = Number.isNaN(rel) ? Infinity : Math.max(worst, rel);
  }
  return { worst, ordinaryUsPerPoint: (ordinaryMs / count) * 1000 };
}

export async function runCostYield(
  pluginSpecifiers: string[],
  cwd: string,
  areaSteps: number,
): Promise<CostYieldResult> {
  const t0 = performance.now();
  const registry = await loadPluginRegistry(pluginSpecifiers, cwd);
  const tech = buildTechnologyLibrary({ presets: registry });
  const grid = costYieldGrid(tech, areaSteps);
  // Die sizes as the design resolver lays them out (aspect ratio within the reticle).
  const templates = grid.areasMm2.map(
    (areaMm2) => prepareText(equivalentDesignText(areaMm2, 1, grid.nodes[0]!, 0.1, 1), registry).design,
  );
  const plan = new CostYieldPlan(grid, tech, templates);
  const prepareSeconds = (performance.now() - t0) / 1000;
  const points = gridPoints(grid);
  const t = performance.now();
  const sumUsd = sweepGrid(plan);
  const seconds = (performance.now() - t) / 1000;
  const checkedPoints = 5;
  const check = checkAgainstEvaluation(plan, registry, checkedPoints);
  return {
    points,
    seconds,
    pointsPerSecond: points / seconds,
    sumUsd,
    maxRelativeDifference: check.worst,
    checkedPoints,
    ordinaryUsPerPoint: check.ordinaryUsPerPoint,
    prepareSeconds,
  };
}

/**
 * The conformance kit: fast-check properties every packaging plugin must satisfy, whoever wrote
 * it. A plugin author runs it in one line from vitest:
 *
 *   describeConformance(myPlugin, { designs: [yamlText], randomDesigns: arbitraryOfYaml }, { describe, it });
 *
 * Each property perturbs a valid base design (defect density, die area, volume, power) or a
 * random one and checks an invariant of the metrics (bounds, conservation, monotonicity, purity)
 * or of the plan (it reads its numbers from the point, not from the design it was compiled from;
 * it allocates nothing per point).
 */
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { parseDesignText } from '../design/loadDesign.js';
import type { ResolvedDesign } from '../design/types.js';
import { compileWithPlugin, evaluatePlan, prepareCase } from '../evaluate/prepareCase.js';
import { metricsViolations } from '../metrics/checkMetrics.js';
import { INFEASIBILITY_CODES, ROW, writeMetricsRow } from '../metrics/row.js';
import type { Metrics } from '../metrics/types.js';
import type { PackagingPlugin, Plan } from '../plugin/contract.js';
import { registryFromModules } from '../plugin/loader.js';
import { definePlugin } from '../plugin/pluginModule.js';
import { pointNumbersOf } from '../plugin/pointNumbers.js';
import type { TechnologyLibrary } from '../technology/types.js';
import { allocatedBytesPerCall } from './allocation.js';

export interface ConformanceCase {
  name: string;
  design: ResolvedDesign;
  tech: TechnologyLibrary;
}

export interface ConformanceOptions {
  /** Base designs as YAML or JSON text (package.approach must be the plugin's id). */
  designs?: readonly string[];
  /** Or already prepared cases. */
  cases?: readonly ConformanceCase[];
  /**
   * Random valid designs (YAML or JSON text) of the plugin: `count` of them are drawn (with the
   * seed) and each becomes a case like a base design. Lets a plugin's property tests state only
   * what is its own.
   */
  randomDesigns?: { arbitrary: fc.Arbitrary<string>; count: number };
  /**
   * Check that Plan.evaluate allocates nothing in steady state (default true). A plan built with
   * `recordPlan` allocates by design: turn the check off for it.
   */
  allocationFree?: boolean;
  /**
   * A reference model written as records (often the plugin's own readable model) that a Plan
   * written for speed must equal: at random points of each case, compiled once and evaluated
   * in sequence, the row equals the reference's record within 1e-12 relative.
   */
  reference?: (design: ResolvedDesign, tech: TechnologyLibrary) => Metrics;
  /** fast-check runs per property and case (default 40). */
  numRuns?: number;
  /** fast-check seed, for replay. */
  seed?: number;
}

export interface ConformanceTest {
  name: string;
  run: () => void;
}

const REL = 1e-9;
const geq = (a: number, b: number) => a >= b - REL * Math.max(1, Math.abs(a), Math.abs(b));

function clone<T>(x: T): T {
  return structuredClone(x);
}

/** Resolves base designs into cases with the plugin registered (and only it). */
export function conformanceCases(plugin: PackagingPlugin, designs: readonly string[]): ConformanceCase[] {
  const registry = registryFromModules([
    { specifier: `conformance:${plugin.id}`, module: definePlugin(plugin) },
  ]);
  return designs.flatMap((text, i) => {
    const loaded = parseDesignText(text, `conformance design ${i}`);
    return loaded.cases.map((c) => {
      const p = prepareCase(loaded, c, registry, { reticleIsInputError: false });
      return { name: `${loaded.data.name}/${c.name}`, design: p.design, tech: p.tech };
    });
  });
}

function compile(plugin: PackagingPlugin, design: ResolvedDesign, tech: TechnologyLibrary): Plan {
  const plan = compileWithPlugin(plugin, design, tech);
  if (Array.isArray(plan))
    throw new Error(
      `compile refused a design it accepted before: ${plan.map((i) => `${i.path}: ${i.expected}`).join('; ')}`,
    );
  return plan as Plan;
}

function evaluate(plugin: PackagingPlugin, design: ResolvedDesign, tech: TechnologyLibrary): Metrics {
  const m = evaluatePlan(compile(plugin, design, tech), pointNumbersOf(design));
  const problems = metricsViolations(m);
  if (problems.length > 0) throw new Error(`metrics contract broken: ${problems.join('; ')}`);
  return m;
}

/** A design variant is in scope when the plugin accepts it as input. */
function accepted(plugin: PackagingPlugin, design: ResolvedDesign, tech: TechnologyLibrary): boolean {
  return !Array.isArray(compileWithPlugin(plugin, design, tech));
}

/** Equal within 1e-12 relative (NaN equals NaN: a NaN row is caught by the metrics contract). */
function rowsEqual(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (!(
      x === y ||
      (Number.isNaN(x) && Number.isNaN(y)) ||
      Math.abs(x - y) <= 1e-12 * Math.max(Math.abs(x), Math.abs(y))
    ))
      return false;
  }
  return true;
}

function randomCases(plugin: PackagingPlugin, options: ConformanceOptions): ConformanceCase[] {
  const r = options.randomDesigns;
  if (r === undefined || r.count <= 0) return [];
  const texts = fc.sample(r.arbitrary, { numRuns: r.count, seed: options.seed ?? 42 });
  return conformanceCases(plugin, texts).map((c, i) => ({ ...c, name: `random ${i}: ${c.name}` }));
}

function scaleDie(design: ResolvedDesign, index: number, areaFactor: number): ResolvedDesign {
  const d = clone(design);
  const die = d.dies[index]!;
  const s = Math.sqrt(areaFactor);
  die.widthMm *= s;
  die.heightMm *= s;
  die.areaMm2 = die.widthMm * die.heightMm;
  die.logicAreaMm2 *= areaFactor;
  return d;
}

/** The physical ceiling of a link: the better PHY of its ends, over the smaller die. */
function linkCeilingGBps(design: ResolvedDesign, tech: TechnologyLibrary, from: string, to: string): number {
  const ends = design.dies.filter((d) => d.id === from || d.id === to);
  if (ends.length < 2) return Number.POSITIVE_INFINITY;
  let ceiling = 0;
  const minPerimeter = Math.min(...ends.map((d) => 2 * (d.widthMm + d.heightMm)));
  const minArea = Math.min(...ends.map((d) => d.areaMm2));
  for (const d of ends) {
    const phy = tech.phys[d.phy];
    if (phy === undefined) continue;
    const edge =
      phy.moduleShorelineMm > 0 ? (2 * phy.lanesPerModule * phy.dataRateGbps) / 8 / phy.moduleShorelineMm : 0;
    const bondAreaDensity =
      (1e6 / (phy.bumpPitchUm * phy.bumpPitchUm)) * phy.signalBondFraction * (phy.dataRateGbps / 8);
    const area = Math.max(phy.areaBandwidthGBpsPerMm2, bondAreaDensity);
    ceiling = Math.max(ceiling, edge * minPerimeter, area * minArea);
  }
  return ceiling;
}

export function conformanceTests(plugin: PackagingPlugin, options: ConformanceOptions): ConformanceTest[] {
  const cases = [
    ...(options.cases ?? []),
    ...conformanceCases(plugin, options.designs ?? []),
    ...randomCases(plugin, options),
  ];
  if (cases.length === 0) throw new Error('the conformance kit needs at least one base design');
  const params = {
    numRuns: options.numRuns ?? 40,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  };
  const tests: ConformanceTest[] = [];
  for (const c of cases) {
    const base = () => evaluate(plugin, clone(c.design), clone(c.tech));
    const dieIdx = fc.nat({ max: Math.max(0, c.design.dies.length - 1) });
    const add = (name: string, run: () => void) =>
      tests.push({ name: `${plugin.id} [${c.name}]: ${name}`, run });

    add('metrics are finite, yields in (0, 1], costs >= 0 and totals are the sums of their parts', () => {
      base();
    });

    add('evaluation is pure: same input, same output, input not mutated', () => {
      const design = clone(c.design);
      const tech = clone(c.tech);
      const plan = compile(plugin, design, tech);
      const x = pointNumbersOf(design);
      const a = evaluatePlan(plan, x);
      const b = evaluatePlan(plan, x);
      expectTrue(
        isDeepStrictEqual(design, c.design) && isDeepStrictEqual(tech, c.tech),
        'compile or evaluate mutated its input',
      );
      expectTrue(isDeepStrictEqual(a, b), 'two evaluations of the same input differ (not pure)');
      expectTrue(
        isDeepStrictEqual(a, evaluate(plugin, clone(c.design), clone(c.tech))),
        'a second compile of the same input evaluates differently (not pure)',
      );
    });

    add('infeasibility reasons match the row: one reason per code in the mask, none when feasible', () => {
      const plan = compile(plugin, clone(c.design), clone(c.tech));
      const x = pointNumbersOf(c.design);
      const row = new Float64Array(plan.layout.length);
      plan.evaluate(x, row);
      const m = evaluatePlan(plan, x);
      const mask = row[ROW.reasonMask]!;
      expectTrue(m.feasibility.feasible === (mask === 0), 'feasible disagrees with the reason mask');
      INFEASIBILITY_CODES.forEach((code, bit) => {
        const inMask = (mask & (1 << bit)) !== 0;
        const given = m.feasibility.reasons.some((r) => r.code === code);
        expectTrue(
          inMask === given,
          `reason ${code}: ${inMask ? 'in the mask but not given' : 'given but not in the mask'}`,
        );
      });
    });

    add("a plan reads every point's numbers from the point: reusing it equals compiling the point", () => {
      const plan = compile(plugin, clone(c.design), clone(c.tech));
      const reused = new Float64Array(plan.layout.length);
      fc.assert(
        fc.property(
          fc.double({ min: 0.5, max: 2, noNaN: true }),
          fc.double({ min: 0, max: 3, noNaN: true }),
          fc.double({ min: 0.9, max: 1.2, noNaN: true }),
          fc.double({ min: 0.5, max: 2, noNaN: true }),
          fc.double({ min: -10, max: 20, noNaN: true }),
          (volumeK, powerK, areaK, linkK, ambientDeltaC) => {
            let design = clone(c.design);
            design.system.volumeUnits = Math.max(1, Math.round(design.system.volumeUnits * volumeK));
            design.system.ambientC += ambientDeltaC;
            design.dies.forEach((d, i) => (design.dies[i]!.powerW = d.powerW * powerK));
            design.links.forEach((l) => (l.bandwidthGBps *= linkK));
            for (let i = 0; i < design.dies.length; i++) design = scaleDie(design, i, areaK);
            fc.pre(accepted(plugin, design, c.tech));
            const x = pointNumbersOf(design);
            plan.evaluate(x, reused);
            const fresh = compile(plugin, design, clone(c.tech));
            const own = new Float64Array(fresh.layout.length);
            fresh.evaluate(x, own);
            expectTrue(
              rowsEqual(reused, own),
              'the plan compiled for the base design gives another row than a plan compiled for the point: it reads a number from the compiled design instead of the point',
            );
          },
        ),
        params,
      );
    });

    const reference = options.reference;
    if (reference !== undefined) {
      add('Plan.evaluate equals the reference model at points evaluated in sequence', () => {
        const plan = compile(plugin, clone(c.design), clone(c.tech));
        const row = new Float64Array(plan.layout.length);
        const expected = new Float64Array(plan.layout.length);
        fc.assert(
          fc.property(
            fc.array(
              fc.tuple(
                fc.double({ min: 0.5, max: 2, noNaN: true }),
                fc.double({ min: 0, max: 3, noNaN: true }),
                fc.constantFrom(1, 1, 0.9, 1.1),
                fc.double({ min: 0.5, max: 2, noNaN: true }),
                fc.double({ min: -10, max: 20, noNaN: true }),
              ),
              { minLength: 1, maxLength: 4 },
            ),
            (points) => {
              for (const [volumeK, powerK, areaK, linkK, ambientDeltaC] of points) {
                let design = clone(c.design);
                design.system.volumeUnits = Math.max(1, Math.round(design.system.volumeUnits * volumeK));
                design.system.ambientC += ambientDeltaC;
                design.dies.forEach((d, i) => (design.dies[i]!.powerW = d.powerW * powerK));
                design.links.forEach((l) => (l.bandwidthGBps *= linkK));
                for (let i = 0; i < design.dies.length; i++) design = scaleDie(design, i, areaK);
                if (!accepted(plugin, design, c.tech)) continue;
                const x = pointNumbersOf(design);
                plan.evaluate(x, row);
                writeMetricsRow(plan.layout, reference(design, c.tech), expected);
                const at = row.findIndex(
                  (v, i) =>
                    !(
                      v === expected[i] ||
                      Math.abs(v - expected[i]!) <= 1e-12 * Math.max(Math.abs(v), Math.abs(expected[i]!))
                    ),
                );
                expectTrue(
                  at < 0,
                  `row[${at}] is ${row[at]}, the reference gives ${expected[at]} (power x${powerK}, area x${areaK}, links x${linkK}, volume x${volumeK}, ambient +${ambientDeltaC} °C)`,
                );
              }
            },
          ),
          params,
        );
      });
    }

    add('cost per unit rises and yields fall (weakly) as a node defect density rises', () => {
      const m0 = base();
      fc.assert(
        fc.property(
          dieIdx,
          fc.double({ min: 1, max: 4, noNaN: true }),
          fc.double({ min: 0, max: 0.2, noNaN: true }),
          (i, k, add0) => {
            const node = c.design.dies[i]?.node;
            if (node === undefined) return;
            const tech = clone(c.tech);
            const n = tech.nodes[node]!;
            n.defectDensityPerCm2 = n.defectDensityPerCm2 * k + add0;
            const m1 = evaluate(plugin, clone(c.design), tech);
            expectTrue(
              geq(m1.cost.totalUsd, m0.cost.totalUsd),
              `total cost fell from ${m0.cost.totalUsd} to ${m1.cost.totalUsd}`,
            );
            expectTrue(geq(m0.yields.compound, m1.yields.compound), 'compound yield rose with D0');
            m1.yields.dies.forEach((d, j) =>
              expectTrue(geq(m0.yields.dies[j]!.dieYield, d.dieYield), `die ${d.id} yield rose with D0`),
            );
          },
        ),
        params,
      );
    });

    add('cost per unit rises (weakly) as a die grows', () => {
      const m0 = base();
      fc.assert(
        fc.property(dieIdx, fc.double({ min: 1, max: 1.5, noNaN: true }), (i, k) => {
          if (c.design.dies.length === 0) return;
          const design = scaleDie(c.design, i, k);
          fc.pre(accepted(plugin, design, c.tech));
          const m1 = evaluate(plugin, design, clone(c.tech));
          expectTrue(
            geq(m1.cost.totalUsd, m0.cost.totalUsd),
            `total cost fell from ${m0.cost.totalUsd} to ${m1.cost.totalUsd} when ${c.design.dies[i]!.id} grew x${k}`,
          );
        }),
        params,
      );
    });

    add('NRE per unit falls (weakly) as volume rises', () => {
      const m0 = base();
      fc.assert(
        fc.property(fc.double({ min: 1, max: 100, noNaN: true }), (k) => {
          const design = clone(c.design);
          design.system.volumeUnits = Math.ceil(design.system.volumeUnits * k);
          const m1 = evaluate(plugin, design, clone(c.tech));
          expectTrue(
            geq(m0.cost.nreUsd, m1.cost.nreUsd),
            `NRE per unit rose from ${m0.cost.nreUsd} to ${m1.cost.nreUsd}`,
          );
        }),
        params,
      );
    });

    add('NRE per unit is total NRE over volume, and nothing else depends on the volume', () => {
      const m0 = base();
      fc.assert(
        fc.property(fc.double({ min: 0.01, max: 100, noNaN: true }), (k) => {
          const design = clone(c.design);
          const v1 = Math.max(1, Math.round(design.system.volumeUnits * k));
          design.system.volumeUnits = v1;
          const m1 = evaluate(plugin, design, clone(c.tech));
          const scale = c.design.system.volumeUnits / v1;
          const close = (a: number, b: number) =>
            Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
          for (const part of ['designUsd', 'masksUsd', 'd2dPhyUsd', 'packageUsd'] as const) {
            expectTrue(
              close(m1.cost.nre[part], m0.cost.nre[part] * scale),
              `nre.${part} does not scale as 1/volume`,
            );
          }
          const { cost: c0, ...rest0 } = m0;
          const { cost: c1, ...rest1 } = m1;
          expectTrue(isDeepStrictEqual(rest0, rest1), 'a metric other than NRE changed with the volume');
          expectTrue(isDeepStrictEqual(c0.recurring, c1.recurring), 'recurring cost changed with the volume');
        }),
        params,
      );
    });

    add('temperatures are at least ambient and rise (weakly) with any die power', () => {
      const m0 = base();
      for (const d of m0.thermal.dies)
        expectTrue(geq(d.tempC, c.design.system.ambientC), `${d.id} below ambient`);
      fc.assert(
        fc.property(dieIdx, fc.double({ min: 0, max: 200, noNaN: true }), (i, extraW) => {
          if (c.design.dies.length === 0) return;
          const design = clone(c.design);
          design.dies[i]!.powerW += extraW;
          const m1 = evaluate(plugin, design, clone(c.tech));
          for (const d of m1.thermal.dies) {
            const before = m0.thermal.dies.find((x) => x.id === d.id);
            if (before !== undefined)
              expectTrue(
                geq(d.tempC, before.tempC),
                `${d.id} cooled from ${before.tempC} to ${d.tempC} when ${design.dies[i]!.id} got +${extraW} W`,
              );
          }
          expectTrue(geq(m1.thermal.peakTempC, m0.thermal.peakTempC), 'peak temperature fell');
        }),
        params,
      );
    });

    add('the peak temperature is the hottest thermal entry', () => {
      const m = base();
      if (m.thermal.dies.length === 0) return;
      const hottest = Math.max(...m.thermal.dies.map((t) => t.tempC));
      expectTrue(
        Math.abs(m.thermal.peakTempC - hottest) <= REL * Math.max(1, Math.abs(hottest)),
        `peakTempC is ${m.thermal.peakTempC} °C but the hottest entry is ${hottest} °C`,
      );
    });

    add('a die that takes 20 W more gets hotter (the thermal model sees power)', () => {
      const m0 = base();
      fc.assert(
        fc.property(dieIdx, (i) => {
          const die = c.design.dies[i];
          if (die === undefined) return;
          const t0 = m0.thermal.dies.find((t) => t.id === die.id);
          if (t0 === undefined) return;
          const design = clone(c.design);
          design.dies[i]!.powerW += 20;
          const t1 = evaluate(plugin, design, clone(c.tech)).thermal.dies.find((t) => t.id === die.id)!;
          expectTrue(t1.tempC > t0.tempC, `${die.id} stayed at ${t0.tempC} °C with 20 W more`);
        }),
        { ...params, numRuns: Math.min(params.numRuns, Math.max(1, c.design.dies.length)) },
      );
    });

    if (options.allocationFree !== false) {
      add('Plan.evaluate allocates nothing in steady state', () => {
        const plan = compile(plugin, clone(c.design), clone(c.tech));
        // Two points of the same sizes, alternated: a plan that only remembers its last point
        // cannot pass by returning it again.
        const x = pointNumbersOf(c.design);
        const other = clone(c.design);
        other.system.volumeUnits *= 2;
        other.system.ambientC += 1;
        other.dies.forEach((d) => (d.powerW *= 1.1));
        other.links.forEach((l) => (l.bandwidthGBps *= 1.5));
        const y = pointNumbersOf(other);
        const row = new Float64Array(plan.layout.length);
        let flip = false;
        const bytes = allocatedBytesPerCall(() => {
          flip = !flip;
          plan.evaluate(flip ? x : y, row);
        });
        expectTrue(bytes <= 0, `Plan.evaluate allocates about ${bytes} bytes per point`);
      });
    }

    add("bandwidth is non-negative and never above the PHY's physical limit", () => {
      const m = base();
      for (const l of m.bandwidth.links) {
        expectTrue(l.availableGBps >= 0, `link ${l.from}->${l.to} negative`);
        const ceiling = linkCeilingGBps(c.design, c.tech, l.from, l.to);
        expectTrue(
          l.availableGBps <= ceiling * (1 + REL),
          `link ${l.from}->${l.to}: ${l.availableGBps} GB/s above the ${ceiling} GB/s ceiling`,
        );
      }
      let hbm = 0;
      for (const s of c.design.memories) hbm += c.tech.hbm[s.generation]?.bandwidthGBpsPerStack ?? 0;
      expectTrue(
        m.bandwidth.memoryGBps <= hbm * (1 + REL),
        `memory bandwidth ${m.bandwidth.memoryGBps} above the stacks' ${hbm}`,
      );
    });
  }
  return tests;
}

function expectTrue(cond: boolean, message: string): void {
  if (!cond) throw new Error(message);
}

type Describe = (name: string, fn: () => void) => void;
type It = (name: string, fn: () => void, timeout?: number) => void;

/** Registers the conformance tests with a test runner's describe/it (vitest, jest, node:test). */
export function describeConformance(
  plugin: PackagingPlugin,
  options: ConformanceOptions,
  runner: { describe: Describe; it: It },
): void {
  runner.describe(`conformance: ${plugin.id} ${plugin.version}`, () => {
    for (const t of conformanceTests(plugin, options)) runner.it(t.name, t.run, 120_000);
  });
}

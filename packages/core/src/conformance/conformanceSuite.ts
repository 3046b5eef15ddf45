/**
 * The conformance kit: fast-check properties every packaging plugin must satisfy, whoever wrote
 * it. A plugin author runs it in one line from vitest:
 *
 *   describeConformance(myPlugin, { designs: [yamlText] }, { describe, it });
 *
 * Each property perturbs a valid base design (defect density, die area, volume, power) and
 * checks an invariant of the metrics: bounds, conservation, monotonicity, purity.
 */
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { parseDesignText } from '../design/loadDesign.js';
import type { ResolvedDesign } from '../design/types.js';
import { prepareCase } from '../evaluate/prepareCase.js';
import { metricsViolations } from '../metrics/checkMetrics.js';
import type { Metrics } from '../metrics/types.js';
import type { PackagingPlugin } from '../plugin/contract.js';
import { registryFromModules } from '../plugin/loader.js';
import { definePlugin } from '../plugin/pluginModule.js';
import type { TechnologyLibrary } from '../technology/types.js';

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

function evaluate(plugin: PackagingPlugin, design: ResolvedDesign, tech: TechnologyLibrary): Metrics {
  const m = plugin.evaluate(design, tech);
  const problems = metricsViolations(m);
  if (problems.length > 0) throw new Error(`metrics contract broken: ${problems.join('; ')}`);
  return m;
}

/** A design variant is in scope when the plugin accepts it as input. */
function accepted(plugin: PackagingPlugin, design: ResolvedDesign, tech: TechnologyLibrary): boolean {
  return plugin.validate(design, tech).length === 0;
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
  const cases = [...(options.cases ?? []), ...conformanceCases(plugin, options.designs ?? [])];
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
      const a = plugin.evaluate(design, tech);
      expectTrue(
        isDeepStrictEqual(design, c.design) && isDeepStrictEqual(tech, c.tech),
        'evaluate mutated its input',
      );
      const b = plugin.evaluate(design, tech);
      expectTrue(isDeepStrictEqual(a, b), 'two evaluations of the same input differ');
    });

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

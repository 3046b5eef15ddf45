/** The kit must catch broken plugins: each mutant below breaks one invariant. */
import { describe, expect, it } from 'vitest';
import type { ResolvedDesign } from '../design/types.js';
import { recordPlan } from '../kit/recordPlan.js';
import { finishRow, ROW, rowLayout, writeMetricsRow } from '../metrics/row.js';
import type { Metrics } from '../metrics/types.js';
import { PLUGIN_API_VERSION, type PackagingPlugin, type Plan } from '../plugin/contract.js';
import type { PointNumbers } from '../plugin/pointNumbers.js';
import type { TechnologyLibrary } from '../technology/types.js';
import { allocatedBytesPerCall } from './allocation.js';
import { conformanceTests } from './conformanceSuite.js';
import { designArbitrary } from './randomDesigns.js';

/** A tiny honest model: cost grows with area·D0, temperature with power, NRE falls with volume. */
function honest(design: ResolvedDesign, tech: TechnologyLibrary): Metrics {
  let raw = 0;
  let defect = 0;
  let power = 0;
  const dies = design.dies.map((d) => {
    const n = tech.nodes[d.node]!;
    const y = Math.exp((-d.areaMm2 * n.defectDensityPerCm2) / 100);
    raw += d.areaMm2;
    defect += d.areaMm2 * (1 / y - 1);
    power += d.powerW;
    return { id: d.id, dieYield: y };
  });
  const nre = 1e6 / design.system.volumeUnits;
  const recurring = {
    rawDiesUsd: raw,
    defectLossUsd: defect,
    carrierUsd: 0,
    bondingAssemblyUsd: 0,
    testUsd: 0,
    componentsUsd: 0,
    packageScrapUsd: 0,
    wastedGoodDiesUsd: 0,
  };
  const compound = dies.reduce((a, d) => a * d.dieYield, 1);
  return {
    pluginId: 'toy',
    pluginVersion: '1',
    cost: {
      totalUsd: raw + defect + nre,
      recurringUsd: raw + defect,
      nreUsd: nre,
      recurring,
      nre: { designUsd: nre, masksUsd: 0, d2dPhyUsd: 0, packageUsd: 0 },
      knownGoodDieUsd: raw + defect,
    },
    yields: { dies, carrier: 1, assembly: 1, package: 1, compound },
    bandwidth: { links: [], aggregateD2dGBps: 0, memoryGBps: 0, energyPjPerBit: 0, ioPowerW: 0 },
    thermal: {
      dies: design.dies.map((d) => ({
        id: d.id,
        powerW: d.powerW,
        tempC: design.system.ambientC + 0.1 * power,
      })),
      peakTempC: design.system.ambientC + 0.1 * power,
    },
    geometry: {
      packageAreaMm2: raw * 4,
      carrierAreaMm2: raw * 4,
      siliconAreaMm2: raw,
      packageWidthMm: 1,
      packageHeightMm: 1,
    },
    feasibility: { feasible: true, reasons: [] },
  };
}

/** The same honest model written as a plan that fills the row directly: it allocates nothing. */
function honestRowPlan(design: ResolvedDesign, tech: TechnologyLibrary): Plan {
  const layout = rowLayout({
    pluginId: 'toy',
    pluginVersion: '1',
    dieIds: design.dies.map((d) => d.id),
    links: [],
    thermalIds: design.dies.map((d) => d.id),
  });
  const d0PerMm2 = Float64Array.from(design.dies, (d) => tech.nodes[d.node]!.defectDensityPerCm2 / 100);
  return {
    layout,
    evaluate(x: PointNumbers, out: Float64Array) {
      out.fill(0);
      let raw = 0;
      let defect = 0;
      let power = 0;
      let compound = 1;
      for (let i = 0; i < d0PerMm2.length; i++) {
        const a = x.dieAreaMm2[i]!;
        const y = Math.exp(-a * d0PerMm2[i]!);
        raw += a;
        defect += a * (1 / y - 1);
        power += x.diePowerW[i]!;
        compound *= y;
        out[layout.dieYieldAt + i] = y;
      }
      const tempC = x.ambientC + 0.1 * power;
      for (let i = 0; i < d0PerMm2.length; i++) {
        out[layout.thermalAt + 2 * i] = x.diePowerW[i]!;
        out[layout.thermalAt + 2 * i + 1] = tempC;
      }
      out[ROW.rawDiesUsd] = raw;
      out[ROW.defectLossUsd] = defect;
      out[ROW.nreDesignUsd] = 1e6 / x.volumeUnits;
      out[ROW.knownGoodDieUsd] = raw + defect;
      out[ROW.carrierYield] = 1;
      out[ROW.assemblyYield] = 1;
      out[ROW.packageYield] = 1;
      out[ROW.compoundYield] = compound;
      out[ROW.peakTempC] = tempC;
      out[ROW.packageAreaMm2] = raw * 4;
      out[ROW.carrierAreaMm2] = raw * 4;
      out[ROW.siliconAreaMm2] = raw;
      out[ROW.packageWidthMm] = 1;
      out[ROW.packageHeightMm] = 1;
      finishRow(out);
    },
    reasons: () => [],
  };
}

type Compile = (this: { id: string; version: string }, d: ResolvedDesign, t: TechnologyLibrary) => Plan;

function plugin(compile: Compile): PackagingPlugin {
  return {
    id: 'toy',
    version: '1',
    apiVersion: PLUGIN_API_VERSION,
    approach: 'toy',
    description: 'toy',
    defaultCarrier: 'organic_substrate',
    options: {},
    capabilities: {
      carrierKinds: ['organic-substrate'],
      stacking: false,
      hbmCarrierKinds: [],
      components: false,
    },
    models: { yield: 'y', cost: 'c', bandwidth: 'b', thermal: 't' },
    compile,
  };
}

/** A plugin whose plan evaluates `model` through recordPlan. */
function modelPlugin(model: (d: ResolvedDesign, t: TechnologyLibrary) => Metrics): PackagingPlugin {
  return plugin(function (design, tech) {
    return recordPlan(this, design, (d) => model(d, tech));
  });
}

const DESIGN =
  'name: k\nsystem: { volumeUnits: 1000 }\nchiplets: [{ id: a, count: 2, areaMm2: 100, node: n7, powerW: 50 }]\npackage: { approach: toy }\n';

function failures(p: PackagingPlugin, allocationFree = false): string[] {
  return conformanceTests(p, { designs: [DESIGN], numRuns: 30, seed: 1, allocationFree }).flatMap((t) => {
    try {
      t.run();
      return [];
    } catch {
      return [t.name.replace(/^.*\]: /, '')];
    }
  });
}

describe('conformance kit', () => {
  it('passes an honest plugin, and an honest row-writing plan passes the allocation check too', () => {
    expect(failures(modelPlugin(honest))).toEqual([]);
    expect(failures(plugin(honestRowPlan), true)).toEqual([]);
  });

  it('measures allocation: none for the row plan, some for a record-based plan', () => {
    const tech = { nodes: { n7: { defectDensityPerCm2: 0.1 } } } as unknown as TechnologyLibrary;
    const design = {
      name: 'k',
      origin: 'k',
      system: { volumeUnits: 1000, ambientC: 25, maxJunctionC: 100, cooling: 'x', yieldModel: 'poisson' },
      dies: [{ id: 'a', node: 'n7', areaMm2: 100, logicAreaMm2: 100, widthMm: 10, heightMm: 10, powerW: 5 }],
      memories: [],
      components: [],
      links: [],
      package: {
        approach: 'toy',
        carrier: '',
        options: {},
        assembly: { ref: '', bonding: '', orientation: 'face-to-face', children: [] },
      },
    } as unknown as ResolvedDesign;
    const x = {
      volumeUnits: 1000,
      ambientC: 25,
      maxJunctionC: 100,
      dieAreaMm2: Float64Array.of(100),
      dieLogicAreaMm2: Float64Array.of(100),
      dieWidthMm: Float64Array.of(10),
      dieHeightMm: Float64Array.of(10),
      diePowerW: Float64Array.of(5),
      linkBandwidthGBps: new Float64Array(0),
      componentWidthMm: new Float64Array(0),
      componentHeightMm: new Float64Array(0),
      componentCostUsd: new Float64Array(0),
      componentPowerW: new Float64Array(0),
    };
    const rowPlan = honestRowPlan(design, tech);
    const row = new Float64Array(rowPlan.layout.length);
    expect(allocatedBytesPerCall(() => rowPlan.evaluate(x, row))).toBe(0);
    const m = honest(design, tech);
    expect(
      allocatedBytesPerCall(() => writeMetricsRow(rowPlan.layout, honest(design, tech), row)),
    ).toBeGreaterThan(0);
    expect(m.cost.totalUsd).toBeGreaterThan(0);
  });

  it('catches each broken invariant', () => {
    const cases: [string, PackagingPlugin, RegExp, boolean?][] = [
      [
        'NaN',
        modelPlugin((d, t) => ({
          ...honest(d, t),
          geometry: { ...honest(d, t).geometry, packageAreaMm2: Number.NaN },
        })),
        /finite/,
      ],
      [
        'cost falls with D0',
        modelPlugin((d, t) => {
          const m = honest(d, t);
          const k = 1 / (1 + t.nodes['n7']!.defectDensityPerCm2);
          return {
            ...m,
            cost: {
              ...m.cost,
              recurring: {
                ...m.cost.recurring,
                rawDiesUsd: m.cost.recurring.rawDiesUsd * k,
                defectLossUsd: m.cost.recurring.defectLossUsd * k,
              },
              nre: { ...m.cost.nre, designUsd: m.cost.nre.designUsd * k },
            },
          };
        }),
        /defect density/,
      ],
      [
        'NRE grows with volume',
        modelPlugin((d, t) => {
          const m = honest(d, t);
          return {
            ...m,
            cost: { ...m.cost, nre: { ...m.cost.nre, designUsd: d.system.volumeUnits / 1000 } },
          };
        }),
        /volume/,
      ],
      [
        'below ambient',
        modelPlugin((d, t) => {
          const m = honest(d, t);
          return {
            ...m,
            thermal: {
              dies: m.thermal.dies.map((x) => ({ ...x, tempC: d.system.ambientC - 1 })),
              peakTempC: d.system.ambientC - 1,
            },
          };
        }),
        /ambient/,
      ],
      [
        'temperature ignores power',
        modelPlugin((d, t) => {
          const m = honest(d, t);
          return {
            ...m,
            thermal: {
              dies: m.thermal.dies.map((x) => ({ ...x, tempC: d.system.ambientC + 30 })),
              peakTempC: d.system.ambientC + 30,
            },
          };
        }),
        /sees power/,
      ],
      [
        'peak below the hottest die',
        modelPlugin((d, t) => {
          const m = honest(d, t);
          return { ...m, thermal: { ...m.thermal, peakTempC: d.system.ambientC } };
        }),
        /hottest thermal entry/,
      ],
      [
        'impure',
        (() => {
          let calls = 0;
          return modelPlugin((d, t) => {
            calls++;
            const m = honest(d, t);
            return { ...m, geometry: { ...m.geometry, packageWidthMm: calls } };
          });
        })(),
        /pure/,
      ],
      [
        'mutates input',
        modelPlugin((d, t) => {
          d.dies[0]!.powerW += 1;
          return honest(d, t);
        }),
        /pure/,
      ],
      [
        'reads a number from the compiled design',
        plugin(function (design, tech) {
          const compiledPowerW = design.dies.map((d) => d.powerW);
          return recordPlan(this, design, (d) =>
            honest({ ...d, dies: d.dies.map((die, i) => ({ ...die, powerW: compiledPowerW[i]! })) }, tech),
          );
        }),
        /reads every point's numbers/,
      ],
      [
        'reasons without a mask bit',
        plugin(function (design, tech) {
          const plan = recordPlan(this, design, (d) => honest(d, tech));
          return {
            ...plan,
            evaluate: (x, out) => {
              plan.evaluate(x, out);
              out[ROW.reasonMask] = 1;
              finishRow(out);
            },
            reasons: () => [],
          };
        }),
        /reason/,
      ],
      ['allocates per point', modelPlugin(honest), /allocates nothing/, true],
    ];
    for (const [name, p, failing, allocationFree] of cases) {
      const failed = failures(p, allocationFree === true);
      expect(
        failed.some((f) => failing.test(f)),
        `${name}: failed ${JSON.stringify(failed)}`,
      ).toBe(true);
    }
  });

  it('checks a plan against its reference model: equal passes, a plan off by 1e-9 fails', () => {
    const run = (p: PackagingPlugin) =>
      conformanceTests(p, {
        designs: [DESIGN],
        numRuns: 10,
        seed: 2,
        reference: honest,
        allocationFree: false,
      }).flatMap((t) => {
        try {
          t.run();
          return [];
        } catch (e) {
          return [`${t.name.replace(/^.*\]: /, '')}: ${(e as Error).message}`];
        }
      });
    expect(run(modelPlugin(honest))).toEqual([]);
    // Drifts from the reference only at points other than the compiled one (a kernel whose
    // per-point arithmetic differs from the record model's): the other checks cannot see it.
    const drifting = plugin(function (design, tech) {
      const compiledVolume = design.system.volumeUnits;
      return recordPlan(this, design, (d) => {
        const m = honest(d, tech);
        if (d.system.volumeUnits === compiledVolume) return m;
        const k = 1 + 1e-9;
        const nre = { ...m.cost.nre, designUsd: m.cost.nre.designUsd * k };
        const nreUsd = nre.designUsd + nre.masksUsd + nre.d2dPhyUsd + nre.packageUsd;
        return { ...m, cost: { ...m.cost, nre, nreUsd, totalUsd: m.cost.recurringUsd + nreUsd } };
      });
    });
    const failed = run(drifting);
    expect(
      failed.some((f) =>
        /^Plan.evaluate equals the reference model at points evaluated in sequence:/.test(f),
      ),
    ).toBe(true);
  });

  it('draws random designs: an honest plugin passes on them, and a bug that only large designs show is caught', () => {
    const randomDesigns = {
      arbitrary: designArbitrary({
        approach: 'toy',
        carriers: ['organic_substrate'],
        maxGroups: 3,
        maxCount: 3,
      }),
      count: 6,
    };
    const run = (p: PackagingPlugin) =>
      conformanceTests(p, { randomDesigns, numRuns: 10, seed: 3, allocationFree: false }).flatMap((t) => {
        try {
          t.run();
          return [];
        } catch {
          return [t.name];
        }
      });
    expect(run(modelPlugin(honest))).toEqual([]);
    // Cost falls as a die grows once a design has 4 or more dies: the fixed base design has 2.
    const largeOnly = modelPlugin((d, t) => {
      const m = honest(d, t);
      if (d.dies.length < 4) return m;
      const k = 1e4 / d.dies.reduce((a, die) => a + die.areaMm2, 0);
      return { ...m, cost: { ...m.cost, recurring: { ...m.cost.recurring, rawDiesUsd: k } } };
    });
    expect(failures(largeOnly)).toEqual([]);
    expect(run(largeOnly).some((name) => /random .*die grows/.test(name))).toBe(true);
  });
});

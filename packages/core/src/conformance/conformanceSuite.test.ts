/** The kit must catch broken plugins: each mutant below breaks one invariant. */
import { describe, expect, it } from 'vitest';
import type { ResolvedDesign } from '../design/types.js';
import type { Metrics } from '../metrics/types.js';
import { PLUGIN_API_VERSION, type PackagingPlugin } from '../plugin/contract.js';
import type { TechnologyLibrary } from '../technology/types.js';
import { conformanceTests } from './conformanceSuite.js';

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

function plugin(evaluate: (d: ResolvedDesign, t: TechnologyLibrary) => Metrics): PackagingPlugin {
  return {
    id: 'toy',
    version: '1',
    apiVersion: PLUGIN_API_VERSION,
    approach: 'toy',
    description: 'toy',
    defaultCarrier: 'organic_substrate',
    options: {},
    models: { yield: 'y', cost: 'c', bandwidth: 'b', thermal: 't' },
    validate: () => [],
    evaluate,
  };
}

const DESIGN =
  'name: k\nsystem: { volumeUnits: 1000 }\nchiplets: [{ id: a, count: 2, areaMm2: 100, node: n7, powerW: 50 }]\npackage: { approach: toy }\n';

function failures(p: PackagingPlugin): string[] {
  return conformanceTests(p, { designs: [DESIGN], numRuns: 30, seed: 1 }).flatMap((t) => {
    try {
      t.run();
      return [];
    } catch {
      return [t.name.replace(/^.*\]: /, '')];
    }
  });
}

describe('conformance kit', () => {
  it('passes an honest plugin', () => {
    expect(failures(plugin(honest))).toEqual([]);
  });

  it('catches each broken invariant', () => {
    const cases: [string, (d: ResolvedDesign, t: TechnologyLibrary) => Metrics, RegExp][] = [
      [
        'NaN',
        (d, t) => ({ ...honest(d, t), geometry: { ...honest(d, t).geometry, packageAreaMm2: Number.NaN } }),
        /finite/,
      ],
      [
        'cost falls with D0',
        (d, t) => {
          const m = honest(d, t);
          const k = 1 / (1 + t.nodes['n7']!.defectDensityPerCm2);
          return {
            ...m,
            cost: {
              ...m.cost,
              totalUsd: m.cost.totalUsd * k,
              recurringUsd: m.cost.recurringUsd * k,
              recurring: {
                ...m.cost.recurring,
                rawDiesUsd: m.cost.recurring.rawDiesUsd * k,
                defectLossUsd: m.cost.recurring.defectLossUsd * k,
              },
              nreUsd: m.cost.nreUsd * k,
              nre: { ...m.cost.nre, designUsd: m.cost.nre.designUsd * k },
            },
          };
        },
        /defect density/,
      ],
      [
        'NRE grows with volume',
        (d, t) => {
          const m = honest(d, t);
          const nre = d.system.volumeUnits / 1000;
          return {
            ...m,
            cost: {
              ...m.cost,
              nreUsd: nre,
              totalUsd: m.cost.recurringUsd + nre,
              nre: { ...m.cost.nre, designUsd: nre },
            },
          };
        },
        /volume/,
      ],
      [
        'below ambient',
        (d, t) => {
          const m = honest(d, t);
          return {
            ...m,
            thermal: {
              dies: m.thermal.dies.map((x) => ({ ...x, tempC: d.system.ambientC - 1 })),
              peakTempC: d.system.ambientC - 1,
            },
          };
        },
        /ambient/,
      ],
      [
        'impure',
        (() => {
          let calls = 0;
          return (d: ResolvedDesign, t: TechnologyLibrary) => {
            calls++;
            const m = honest(d, t);
            return { ...m, geometry: { ...m.geometry, packageWidthMm: calls } };
          };
        })(),
        /pure/,
      ],
      [
        'mutates input',
        (d, t) => {
          d.dies[0]!.powerW += 1;
          return honest(d, t);
        },
        /pure/,
      ],
    ];
    for (const [name, evaluate, failing] of cases) {
      const failed = failures(plugin(evaluate));
      expect(
        failed.some((f) => failing.test(f)),
        `${name}: failed ${JSON.stringify(failed)}`,
      ).toBe(true);
    }
  });
});

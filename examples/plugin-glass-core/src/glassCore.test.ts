/** The glass-core plugin: the public conformance kit in one line, and a few checks of its own. */
import { registryFromModules } from '@chiplet-dse/core';
import {
  compileIssues,
  conformanceCases,
  describeConformance,
  metricsViolations,
} from '@chiplet-dse/core/testing';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import glassCoreModule, {
  GLASS_CORE_VERSION,
  evaluateGlassCore,
  glassCorePlugin,
  type GlassCoreDesign,
} from './index.js';

const exampleDesign = readFileSync(new URL('../glass-core.yaml', import.meta.url), 'utf8');

// The plan evaluates through recordPlan (records), which allocates per point.
describeConformance(glassCorePlugin, { designs: [exampleDesign], allocationFree: false }, { describe, it });

/** A small design: two linked chiplets, two HBM stacks, the given package options. */
function design(options: string, count = 2, areaMm2 = 150): string {
  return `name: small
system: { volumeUnits: 200000 }
chiplets: [{ id: t, count: ${count}, areaMm2: ${areaMm2}, node: n5, powerW: 60, phy: ucie_advanced }]
memory: [{ id: hbm, generation: hbm3, stacks: 2, attachedTo: t }]
links: [{ from: t, to: t, bandwidthGBps: 500 }]
package: { approach: glass-core, carrier: glass_interposer, options: ${options} }
`;
}

function evaluate(options: string, count?: number, areaMm2?: number) {
  const [c] = conformanceCases(glassCorePlugin, [design(options, count, areaMm2)]);
  const r = evaluateGlassCore(glassCorePlugin, c!.design as GlassCoreDesign, c!.tech);
  expect(metricsViolations(r.metrics)).toEqual([]);
  return r;
}

describe('glass-core plugin', () => {
  it('is registered by its default export, with the package version', () => {
    const registry = registryFromModules([{ specifier: 'glass-core', module: glassCoreModule }]);
    expect(registry.ids()).toEqual(['glass-core']);
    expect(registry.get('glass-core')).toBe(glassCorePlugin);
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(GLASS_CORE_VERSION).toBe(pkg.version);
  });

  it('refuses a carrier that is not glass, naming the field', () => {
    const [c] = conformanceCases(glassCorePlugin, [design('{}')]);
    const tech = c!.tech;
    const onSilicon = { ...c!.design, package: { ...c!.design.package, carrier: 'si_interposer' } };
    expect(compileIssues(glassCorePlugin, c!.design, tech)).toEqual([]);
    const issues = compileIssues(glassCorePlugin, onSilicon, tech);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe('package.carrier');
    expect(issues[0]!.found).toContain('silicon-interposer');
  });

  it('cuts substrates from the panel with exact rectangle packing, cheaper than from a round wafer', () => {
    const panel = evaluate('{ format: panel, panel: panel_510x515 }');
    const wafer = evaluate('{ format: wafer }');
    // Same outline and yield; only the carrier's share differs.
    expect(panel.substrate.areaMm2).toBeCloseTo(wafer.substrate.areaMm2, 9);
    expect(panel.substrate.yield).toBe(wafer.substrate.yield);
    expect(panel.substrate.perCarrier).toBeGreaterThan(4 * wafer.substrate.perCarrier);
    expect(panel.substrate.costUsd).toBeLessThan(wafer.substrate.costUsd);
    expect(panel.metrics.cost.recurring.carrierUsd).toBeLessThan(wafer.metrics.cost.recurring.carrierUsd);
    expect(panel.metrics.feasibility.feasible).toBe(true);
  });

  it('a larger package area factor grows the substrate; a finer TGV pitch lowers its yield', () => {
    const base = evaluate('{ packageAreaFactor: 2, tgvPitchUm: 100 }');
    const larger = evaluate('{ packageAreaFactor: 3, tgvPitchUm: 100 }');
    const finer = evaluate('{ packageAreaFactor: 2, tgvPitchUm: 50 }');
    expect(larger.metrics.geometry.packageAreaMm2 / base.metrics.geometry.packageAreaMm2).toBeCloseTo(1.5, 9);
    expect(larger.metrics.cost.recurring.carrierUsd).toBeGreaterThan(base.metrics.cost.recurring.carrierUsd);
    expect(finer.substrate.tgvCount / base.substrate.tgvCount).toBeCloseTo(4, 4);
    expect(finer.metrics.yields.carrier).toBeLessThan(base.metrics.yields.carrier);
    expect(finer.metrics.cost.totalUsd).toBeGreaterThan(base.metrics.cost.totalUsd);
  });

  it('serves the links on the floorplan and the stacks at full bandwidth', () => {
    const r = evaluate('{}');
    expect(r.metrics.bandwidth.links).toHaveLength(1);
    expect(r.metrics.bandwidth.links[0]!.availableGBps).toBeGreaterThanOrEqual(500);
    expect(r.metrics.bandwidth.memoryGBps).toBeGreaterThan(0);
    expect(r.metrics.thermal.dies.map((d) => d.id)).toEqual(['t#0', 't#1', 'hbm#0', 'hbm#1']);
  });

  it('reports a substrate larger than the panel as infeasible, with finite numbers', () => {
    // 8 x 600 mm² dies and 2 stacks: ~5,500 mm² of floorplan, x16 = a 300 mm square.
    const r = evaluate('{ format: panel, panel: panel_310, packageAreaFactor: 16 }', 8, 600);
    expect(r.substrate.perCarrier).toBe(0);
    expect(r.metrics.feasibility.feasible).toBe(false);
    expect(r.metrics.feasibility.reasons.map((x) => x.code)).toContain('carrier-size-limit');
  });
});

/**
 * Dies side by side on an organic package substrate: the monolithic baseline and the MCM.
 * Cost and yield follow Chiplet Actuary's organic-substrate model (cost-yield-models.md §2 A4)
 * generalised with test coverage, per-bond yields, assembly cost and a floorplan-based area
 * (docs/models/monolithic-mcm.md).
 */
import {
  assemblyFlowCost,
  chipNrePerUnitUsd,
  negativeBinomialYield,
  sideBySideFloorplan,
  type DiesPerWaferMethod,
  type InputIssue,
  type Metrics,
  type ResolvedDesign,
  type TechnologyLibrary,
} from '@chiplet-dse/core';
import { dieCosts } from './dieCosts.js';
import { carrierSizeReasons, reticleReasons } from './feasibility.js';
import { sideBySideLinks } from './links.js';
import { layerFactor, substrateAreaMm2, substrateCostUsd, substrateNreUsd } from './substrate.js';
import { flipChipDieResistance, runThermal } from './thermal.js';

export function validateOrganic(
  pluginId: string,
  design: ResolvedDesign,
  tech: TechnologyLibrary,
): InputIssue[] {
  const issues: InputIssue[] = [];
  const carrier = tech.carriers[design.package.carrier]!;
  if (carrier.kind !== 'organic-substrate') {
    issues.push({
      path: 'package.carrier',
      expected: `an organic-substrate carrier for plugin ${pluginId}`,
      found: `${design.package.carrier} (${carrier.kind})`,
    });
  }
  if (design.memories.length > 0) {
    issues.push({
      path: 'memory',
      expected: `no HBM stacks for plugin ${pluginId} (HBM needs an interposer or bridge: use approach 2.5d)`,
      found: `${design.memories.length} stacks`,
    });
  }
  if (design.components.length > 0) {
    issues.push({
      path: 'components',
      expected: `no purchased components for plugin ${pluginId} (use approach sip)`,
      found: `${design.components.length} components`,
    });
  }
  const stacked = design.package.assembly.children.filter((c) => c.children.length > 0);
  if (stacked.length > 0) {
    issues.push({
      path: 'package.assembly',
      expected: `dies side by side for plugin ${pluginId} (stacking needs approach 3d)`,
      found: `a stack on ${stacked[0]!.ref}`,
    });
  }
  return issues;
}

export function evaluateOrganic(
  plugin: { id: string; version: string },
  design: ResolvedDesign,
  tech: TechnologyLibrary,
): Metrics {
  const opts = design.package.options;
  const carrierId = design.package.carrier;
  const carrier = tech.carriers[carrierId]!;
  const bondingId = carrier.dieBonding;
  const bonding = tech.bonding[bondingId]!;
  const n = design.dies.length;

  // Geometry: floorplan, then the substrate that holds it and escapes its I/O.
  const fp = sideBySideFloorplan(
    design.dies.map((d) => ({ id: d.id, widthMm: d.widthMm, heightMm: d.heightMm, kind: 'die' as const })),
    { dieSpacingMm: carrier.dieSpacingMm, edgeMarginMm: carrier.edgeMarginMm },
  );
  let siliconAreaMm2 = 0;
  for (const d of design.dies) siliconAreaMm2 += d.areaMm2;
  const pkgAreaMm2 = substrateAreaMm2(
    carrier,
    String(opts['substrateArea']),
    siliconAreaMm2,
    fp.carrier.areaMm2,
  );
  const f = layerFactor(carrier, pkgAreaMm2, n);

  // Links first: their PHY bonds count in the assembly yield, their power heats the dies.
  const links = sideBySideLinks(design, tech, fp.placements, carrier.kind);

  // Recurring cost (per unit started): dies, bumps, substrate, attach.
  const dc = dieCosts(design, tech, opts['diesPerWafer'] as DiesPerWaferMethod);
  let bumpUsd = 0;
  let attachUsd = 0;
  let attachYield = 1;
  design.dies.forEach((d, i) => {
    bumpUsd += bonding.costUsdPerMm2 * d.areaMm2;
    attachUsd += bonding.costUsdPerDie;
    attachYield *= bonding.yieldPerDie * Math.pow(bonding.yieldPerBond, links.signalBondsByDie[i]!);
  });
  const substrateUsd = substrateCostUsd(carrier, pkgAreaMm2, f);
  const carrierYield = negativeBinomialYield(
    pkgAreaMm2,
    carrier.defectDensityPerCm2,
    carrier.clusteringAlpha,
  );
  const knownGoodSubstrateUsd = substrateUsd / carrierYield;
  // A unit is good when every attach held and no bad die escaped wafer test; package test
  // catches a share `packageTestCoverage` of the bad ones before shipping.
  const packageYield = attachYield * dc.escapeQuality;
  const shipYield = 1 - (1 - packageYield) * tech.test.packageTestCoverage;
  const flow = assemblyFlowCost(
    [
      { category: 'rawDies', costUsd: dc.rawUsd, entryStep: 0, loss: 'wastedGoodDies' },
      { category: 'defectLoss', costUsd: dc.defectLossUsd, entryStep: 0, loss: 'wastedGoodDies' },
      { category: 'test', costUsd: dc.testUsd, entryStep: 0, loss: 'wastedGoodDies' },
      { category: 'bondingAssembly', costUsd: bumpUsd, entryStep: 0, loss: 'wastedGoodDies' },
      { category: 'bondingAssembly', costUsd: attachUsd, entryStep: 0, loss: 'packageScrap' },
      { category: 'carrier', costUsd: knownGoodSubstrateUsd, entryStep: 0, loss: 'packageScrap' },
      { category: 'test', costUsd: tech.test.packageTestCostUsd, entryStep: 0, loss: 'packageScrap' },
    ],
    [shipYield],
  );
  const recurring = flow.recurring;
  const recurringUsd = flow.recurringUsd;

  // NRE per unit.
  const chip = chipNrePerUnitUsd(design.dies, tech, design.system.volumeUnits);
  const packageNreUsd = substrateNreUsd(carrier, pkgAreaMm2, f) / design.system.volumeUnits;
  const nre = {
    designUsd: chip.designUsd,
    masksUsd: chip.masksUsd,
    d2dPhyUsd: chip.d2dPhyUsd,
    packageUsd: packageNreUsd,
  };
  const nreUsd = nre.designUsd + nre.masksUsd + nre.d2dPhyUsd + nre.packageUsd;

  // Thermal: each die a one-tier column; its power includes its share of the link I/O power.
  const rDie = flipChipDieResistance(tech);
  const thermal = runThermal(
    design,
    tech,
    fp.placements,
    fp.carrier,
    design.dies.map((d, i) => ({
      id: d.id,
      kind: 'si' as const,
      tiers: [{ id: d.id, powerW: d.powerW + links.ioPowerWByDie[i]!, verticalResistanceMm2KPerW: rDie }],
    })),
    0,
  );

  const reasons = [
    ...reticleReasons(design, tech),
    ...carrierSizeReasons(carrierId, carrier, pkgAreaMm2),
    ...links.reasons,
    ...thermal.reasons,
  ];
  const fromFloorplan = pkgAreaMm2 === fp.carrier.areaMm2;
  const side = Math.sqrt(pkgAreaMm2);
  return {
    pluginId: plugin.id,
    pluginVersion: plugin.version,
    cost: {
      totalUsd: recurringUsd + nreUsd,
      recurringUsd,
      nreUsd,
      recurring,
      nre,
      knownGoodDieUsd: dc.rawUsd + dc.defectLossUsd + dc.testUsd,
    },
    yields: {
      dies: design.dies.map((d, i) => ({ id: d.id, dieYield: dc.perDie[i]!.dieYield })),
      carrier: carrierYield,
      assembly: attachYield,
      package: packageYield,
      compound: dc.dieYieldProduct * carrierYield * attachYield,
    },
    bandwidth: {
      links: links.links,
      aggregateD2dGBps: links.aggregateD2dGBps,
      memoryGBps: 0,
      energyPjPerBit: links.energyPjPerBit,
      ioPowerW: links.ioPowerW,
    },
    thermal: { dies: thermal.dies, peakTempC: thermal.peakTempC },
    geometry: {
      packageAreaMm2: pkgAreaMm2,
      carrierAreaMm2: pkgAreaMm2,
      siliconAreaMm2,
      packageWidthMm: fromFloorplan ? fp.carrier.widthMm : side,
      packageHeightMm: fromFloorplan ? fp.carrier.heightMm : side,
    },
    feasibility: { feasible: reasons.length === 0, reasons },
  };
}

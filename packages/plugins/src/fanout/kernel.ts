/**
 * The Plan of the RDL package model (model.ts's rdlPackageMetrics, used by fanout and plp),
 * written for sweeps: it writes the row directly and allocates nothing in steady state.
 *
 * What depends on the sizes of the dies (floorplan, RDL and substrate units, package NRE, die
 * costs, link capacities, thermal geometry, reticle and carrier limits) is worked out when the
 * sizes change by the plugin's own package function (fanoutPackage, plpPackage) and the kit's
 * record functions, and kept; per point only what the point's numbers change is computed
 * (required bandwidth and with it the attach yield, power, volume, ambient, junction limit), with
 * rdlPackageMetrics' arithmetic in its order. The record model stays the reference: it gives the
 * reasons' messages, and the conformance kit checks this plan against it.
 */
import {
  SideBySideLinkKernel,
  SizeKey,
  writeGeometryRow,
  recordLayout,
  reasonMaskOf,
  ThermalKernel,
  assemblyFlowInto,
  attachTotals,
  chipNreTotalUsd,
  compileFlow,
  designAt,
  dieCosts,
  finishRow,
  flipChipDieColumns,
  hbmStackColumns,
  memoryTotals,
  reasonBit,
  reticleReasons,
  ROW,
  THERMAL_STRIDE,
  type FlowItem,
  type Plan,
  type PointNumbers,
  type ResolvedDesign,
  type TechnologyLibrary,
} from '@chiplet-dse/core';
import { rdlPackageMetrics, type RdlPackage } from './model.js';

const OVER_TEMPERATURE = reasonBit('over-temperature');

/**
 * A plan for an RDL package whose size-dependent parts `packageOf` gives (the same function the
 * plugin's record model passes to rdlPackageMetrics).
 */
export function compileRdlPlan(
  plugin: { id: string; version: string },
  structure: ResolvedDesign,
  tech: TechnologyLibrary,
  packageOf: (design: ResolvedDesign, tech: TechnologyLibrary) => RdlPackage,
): Plan {
  const model = (d: ResolvedDesign) => rdlPackageMetrics(plugin, d, tech, packageOf(d, tech));
  const first = model(structure);
  const layout = recordLayout(plugin, first);
  const nd = structure.dies.length;
  const ns = structure.memories.length;
  if (nd + ns !== layout.thermalIds.length)
    throw new Error('rdl plan: thermal entries differ from the model');

  // --- structure: settings, flow items, HBM, attach ------------------------------------------------------
  const compiled = packageOf(structure, tech);
  const chipFirst = compiled.settings.flow === 'chip-first';
  const hasSubstrate = compiled.substrate !== null;
  const coverage = tech.test.packageTestCoverage;
  // HBM stacks are priced, connected and powered by their generation alone.
  const mem = memoryTotals(structure, tech);
  const attach0 = attachTotals(structure, tech, new Array<number>(nd).fill(0));
  const yieldPerDie = Float64Array.from(attach0.dieBondings, (b) => b.yieldPerDie);
  const yieldPerBond = Float64Array.from(attach0.dieBondings, (b) => b.yieldPerBond);
  const stackYieldPerDie = Float64Array.from(attach0.stackBondings, (b) => b.yieldPerDie);
  const finalStep = hasSubstrate ? 2 : 1;
  const items: Omit<FlowItem, 'costUsd'>[] = [
    { category: 'rawDies', entryStep: 0, loss: 'wastedGoodDies' },
    { category: 'defectLoss', entryStep: 0, loss: 'wastedGoodDies' },
    { category: 'test', entryStep: 0, loss: 'wastedGoodDies' },
    { category: 'bondingAssembly', entryStep: 0, loss: 'wastedGoodDies' },
    { category: 'components', entryStep: 0, loss: 'wastedGoodDies' },
    { category: 'bondingAssembly', entryStep: 0, loss: 'packageScrap' },
    { category: 'carrier', entryStep: 0, loss: 'packageScrap' },
    { category: 'test', entryStep: finalStep, loss: 'packageScrap' },
  ];
  if (hasSubstrate)
    items.push(
      { category: 'carrier', entryStep: 1, loss: 'packageScrap' },
      { category: 'bondingAssembly', entryStep: 1, loss: 'packageScrap' },
    );
  const flow = compileFlow(items, finalStep + 1);
  flow.costs[4] = mem.costUsd;
  flow.costs[5] = attach0.placeUsd;
  flow.costs[7] = tech.test.packageTestCostUsd;

  const links = new SideBySideLinkKernel(structure, tech, true);
  const thermal = new ThermalKernel(structure, tech, 0);
  const stackPowerW = Float64Array.from(hbmStackColumns(structure, tech), (c) => c.tiers[0]!.powerW);
  const zeros = new Array<number>(nd).fill(0);

  // --- geometry stage: recomputed when sizes change -------------------------------------------------
  const sizes = new SizeKey(structure);
  const dieYield = new Float64Array(nd);
  const g = {
    y1: 1,
    y3: 1,
    substrateYield: 1,
    designNreUsd: 0,
    masksNreUsd: 0,
    d2dNreUsd: 0,
    carrierMasksUsd: 0,
    packageNreUsd: 0,
    rawUsd: 0,
    testUsd: 0,
    defectLossUsd: 0,
    escapeQuality: 1,
    dieYieldProduct: 1,
    packageAreaMm2: 0,
    carrierAreaMm2: 0,
    siliconAreaMm2: 0,
    packageWidthMm: 0,
    packageHeightMm: 0,
    mask: 0,
  };
  const geometry = (x: PointNumbers) => {
    const design = designAt(structure, x);
    const p = packageOf(design, tech);
    const sub = p.substrate;
    g.y1 = p.rdl.yield;
    g.y3 = sub === null ? 1 : sub.attachYield;
    g.substrateYield = sub === null ? 1 : sub.yield;
    const dc = dieCosts(design, tech, p.settings.diesPerWafer);
    g.rawUsd = dc.rawUsd;
    g.testUsd = dc.testUsd;
    g.defectLossUsd = dc.defectLossUsd;
    g.escapeQuality = dc.escapeQuality;
    g.dieYieldProduct = dc.dieYieldProduct;
    for (let i = 0; i < nd; i++) dieYield[i] = dc.perDie[i]!.dieYield;
    flow.costs[0] = dc.rawUsd;
    flow.costs[1] = dc.defectLossUsd;
    flow.costs[2] = dc.testUsd;
    flow.costs[3] = attachTotals(design, tech, zeros).bumpUsd;
    // Chip-last: the RDL is tested before the dies go on, so a good unit pays C_int / Y1.
    flow.costs[6] = chipFirst ? p.rdl.costUsd : p.rdl.costUsd / p.rdl.yield;
    if (sub !== null) {
      flow.costs[8] = sub.costUsd / sub.yield;
      flow.costs[9] = sub.attachCostUsd;
    }
    const chip = chipNreTotalUsd(design.dies, tech);
    g.designNreUsd = chip.designUsd;
    g.masksNreUsd = chip.masksUsd;
    g.d2dNreUsd = chip.d2dPhyUsd;
    g.carrierMasksUsd = p.carrierMasksUsd;
    g.packageNreUsd = p.packageNreUsd;
    links.setGeometry(p.links);
    const fp = p.geometry.floorplan;
    thermal.layout(fp.placements, fp.carrier, [
      ...flipChipDieColumns(design, tech, zeros),
      ...hbmStackColumns(design, tech),
    ]);
    g.packageAreaMm2 = p.packageOutline.areaMm2;
    g.carrierAreaMm2 = p.carrierAreaMm2;
    g.siliconAreaMm2 = p.geometry.siliconAreaMm2;
    g.packageWidthMm = p.packageOutline.widthMm;
    g.packageHeightMm = p.packageOutline.heightMm;
    g.mask = reasonMaskOf(reticleReasons(design, tech)) | reasonMaskOf(p.sizeReasons);
    sizes.remember(x);
  };

  return {
    layout,
    evaluate(x, out) {
      if (sizes.changed(x)) geometry(x);

      // --- links, attach yield ------------------------------------------------------------------------
      links.evaluate(x.linkBandwidthGBps, out, layout.linkAt);
      let attachYield = 1;
      for (let i = 0; i < nd; i++)
        attachYield *= yieldPerDie[i]! * Math.pow(yieldPerBond[i]!, links.signalBondsByDie[i]!);
      for (let s = 0; s < stackYieldPerDie.length; s++) attachYield *= stackYieldPerDie[s]!;

      // --- recurring cost: die attach or RDL build, module to substrate, final test ----------------
      // (a step ending in package test catches the covered share of its failures)
      const y1 = g.y1;
      const y3 = g.y3;
      flow.stepYields[0] = 1 - (1 - (chipFirst ? y1 : attachYield)) * coverage;
      if (hasSubstrate) flow.stepYields[1] = 1 - (1 - y3) * coverage;
      flow.stepYields[finalStep] = 1 - (1 - g.escapeQuality) * coverage;
      if (!assemblyFlowInto(flow, out, ROW.rawDiesUsd)) return void out.fill(Number.NaN);

      // --- NRE per unit ---------------------------------------------------------------------------------
      const volume = x.volumeUnits;
      out[ROW.nreDesignUsd] = g.designNreUsd / volume;
      out[ROW.nreMasksUsd] = g.masksNreUsd / volume + g.carrierMasksUsd / volume;
      out[ROW.nreD2dPhyUsd] = g.d2dNreUsd / volume;
      out[ROW.nrePackageUsd] = g.packageNreUsd / volume;
      out[ROW.knownGoodDieUsd] = g.rawUsd + g.defectLossUsd + g.testUsd;

      // --- thermal: dies, then HBM stacks ---------------------------------------------------------------
      const powersW = thermal.powersW;
      for (let i = 0; i < nd; i++) powersW[i] = x.diePowerW[i]! + links.ioPowerWByDie[i]!;
      for (let s = 0; s < ns; s++) powersW[nd + s] = stackPowerW[s]!;
      thermal.evaluate(x);
      const temps = thermal.temperatures;
      const peakC = thermal.peakC;
      for (let t = 0; t < nd + ns; t++) {
        out[layout.thermalAt + THERMAL_STRIDE * t] = powersW[t]!;
        out[layout.thermalAt + THERMAL_STRIDE * t + 1] = temps[2 * t]!;
      }
      out[ROW.peakTempC] = peakC;

      // --- yields, bandwidth, geometry, reasons ---------------------------------------------------------
      const assemblyYield = chipFirst ? y3 : attachYield * y3;
      out[ROW.carrierYield] = y1 * g.substrateYield;
      out[ROW.assemblyYield] = assemblyYield;
      out[ROW.packageYield] = (chipFirst ? y1 * y3 : attachYield * y3) * g.escapeQuality;
      out[ROW.compoundYield] = g.dieYieldProduct * y1 * g.substrateYield * assemblyYield;
      for (let i = 0; i < nd; i++) out[layout.dieYieldAt + i] = dieYield[i]!;
      out[ROW.aggregateD2dGBps] = links.aggregateD2dGBps;
      out[ROW.memoryGBps] = mem.bandwidthGBps;
      out[ROW.energyPjPerBit] = links.energyPjPerBit;
      out[ROW.ioPowerW] = links.ioPowerW + mem.ioPowerW;
      writeGeometryRow(out, g);
      out[ROW.reasonMask] = g.mask | links.mask | (peakC > x.maxJunctionC ? OVER_TEMPERATURE : 0);
      finishRow(out);
    },
    reasons(x) {
      // Messages only, off the per-point path: the reference model at this point.
      return model(designAt(structure, x)).feasibility.reasons;
    },
  };
}

/**
 * The Plan of the organic-package model (model.ts's evaluateSip, used by sip, mcm and
 * monolithic), written for sweeps: it writes the row directly and allocates nothing in steady
 * state.
 *
 * What depends on the sizes of dies and components (floorplan, substrate, die costs, link
 * capacities, thermal geometry, reticle and carrier limits) is worked out by the record model's
 * own functions when the sizes change and kept; per point only what the point's numbers change is
 * computed (required bandwidth, power, volume, ambient, junction limit, component prices), with
 * the record model's arithmetic in its order. `evaluateSip` stays the reference: it gives the
 * reasons' messages, and a property test checks this plan against it (kernel.test.ts).
 */
import {
  SideBySideLinkKernel,
  SizeKey,
  writeGeometryRow,
  recordLayout,
  ThermalKernel,
  assemblyFlowInto,
  attachBondingIds,
  carrierSizeReasons,
  chipNreTotalUsd,
  compileFlow,
  designAt,
  dieCosts,
  finishRow,
  flipChipDieResistance,
  layerFactor,
  negativeBinomialYield,
  pointNumbersOf,
  reasonBit,
  reticleReasons,
  sideBySideLinks,
  substrateAreaMm2,
  substrateCostUsd,
  substrateNreUsd,
  ROW,
  THERMAL_STRIDE,
  type FlowItem,
  type Plan,
  type PointNumbers,
  type TechnologyLibrary,
  type ThermalColumnSpec,
} from '@chiplet-dse/core';
import { PASSIVE_BLOCK_IDS, evaluateSip, sipFloorplan, smtBondingId, type SipDesign } from './model.js';

const RETICLE = reasonBit('reticle-limit');
const CARRIER_SIZE = reasonBit('carrier-size-limit');
const OVER_TEMPERATURE = reasonBit('over-temperature');

export function compileSipPlan(
  plugin: { id: string; version: string },
  structure: SipDesign,
  tech: TechnologyLibrary,
): Plan {
  const model = (d: SipDesign) => evaluateSip(plugin, d, tech);
  const first = model(structure);
  const layout = recordLayout(plugin, first);
  const opts = structure.package.options;
  const carrier = tech.carriers[structure.package.carrier]!;
  const dies = structure.dies;
  const components = structure.components;
  const nd = dies.length;

  // --- structure: bondings, SMT, flow items, thermal columns ---------------------------------------
  const ids = attachBondingIds(structure, carrier);
  const dieBondings = ids.dies.map((id) => tech.bonding[id]!);
  const stackBondings = ids.stacks.map((id) => tech.bonding[id]!);
  let placeUsd = 0;
  for (const b of dieBondings) placeUsd += b.costUsdPerDie;
  for (const b of stackBondings) placeUsd += b.costUsdPerDie;
  const smtId = smtBondingId(tech);
  const smt = smtId === undefined ? undefined : tech.bonding[smtId];
  const smtYield = smt === undefined ? 1 : Math.pow(smt.yieldPerDie, components.length);
  const coverage = tech.test.packageTestCoverage;
  const twoStep = opts.assemblyFlow === 'two-step';
  const smtStep = twoStep ? 1 : 0;
  const steps = twoStep ? 2 : 1;
  const items: Omit<FlowItem, 'costUsd'>[] = [
    { category: 'rawDies', entryStep: 0, loss: 'wastedGoodDies' },
    { category: 'defectLoss', entryStep: 0, loss: 'wastedGoodDies' },
    { category: 'test', entryStep: 0, loss: 'wastedGoodDies' },
    { category: 'bondingAssembly', entryStep: 0, loss: 'wastedGoodDies' },
    { category: 'bondingAssembly', entryStep: 0, loss: 'packageScrap' },
    { category: 'carrier', entryStep: 0, loss: 'packageScrap' },
    { category: 'components', entryStep: smtStep, loss: 'wastedGoodDies' },
    { category: 'bondingAssembly', entryStep: smtStep, loss: 'packageScrap' },
    { category: 'test', entryStep: steps - 1, loss: 'packageScrap' },
  ];
  const flow = compileFlow(items, steps);
  flow.costs[4] = placeUsd;
  flow.costs[8] = tech.test.packageTestCostUsd;

  const rDie = flipChipDieResistance(tech);
  // Thermal columns as model.ts lays them out: the dies, the powered packaged parts, the
  // powered passive blocks. Which parts are powered is fixed by the structure's numbers; a point
  // that changes it changes the row's layout, and is refused (NaN row) as recordPlan does.
  const poweredComponents: number[] = [];
  components.forEach((c, i) => c.kind !== 'passive' && c.powerW > 0 && poweredComponents.push(i));
  const passives: number[] = [];
  components.forEach((c, i) => c.kind === 'passive' && passives.push(i));
  const blockCount = passives.length === 0 ? 0 : PASSIVE_BLOCK_IDS.length;
  const passivePowerW = (x: PointNumbers) => {
    let w = 0;
    for (let i = 0; i < passives.length; i++) w += x.componentPowerW[passives[i]!]!;
    return w;
  };
  const blocksPowered = blockCount > 0 && passivePowerW(pointNumbersOf(structure)) / blockCount > 0;
  const thermalEntries = nd + poweredComponents.length + (blocksPowered ? blockCount : 0);
  if (thermalEntries !== layout.thermalIds.length)
    throw new Error('sip plan: thermal entries differ from the model');

  const links = new SideBySideLinkKernel(structure, tech);
  const thermal = new ThermalKernel(structure, tech, 0);

  // --- geometry stage: recomputed when sizes change -------------------------------------------------
  const sizes = new SizeKey(structure);
  const dieYield = new Float64Array(nd);
  const yieldPerDie = Float64Array.from(dieBondings, (b) => b.yieldPerDie);
  const yieldPerBond = Float64Array.from(dieBondings, (b) => b.yieldPerBond);
  const stackYieldPerDie = Float64Array.from(stackBondings, (b) => b.yieldPerDie);
  const g = {
    packageAreaMm2: 0,
    carrierAreaMm2: 0,
    siliconAreaMm2: 0,
    packageWidthMm: 0,
    packageHeightMm: 0,
    carrierYield: 1,
    knownGoodSubstrateUsd: 0,
    packageNreUsd: 0,
    designNreUsd: 0,
    masksNreUsd: 0,
    d2dNreUsd: 0,
    rawUsd: 0,
    testUsd: 0,
    defectLossUsd: 0,
    escapeQuality: 1,
    dieYieldProduct: 1,
    bumpUsd: 0,
    smtUsd: 0,
    mask: 0,
  };
  const geometry = (x: PointNumbers) => {
    const design = designAt(structure, x);
    const fp = sipFloorplan(design, carrier);
    let dieAreaMm2 = 0;
    for (const d of design.dies) dieAreaMm2 += d.areaMm2;
    let componentAreaMm2 = 0;
    for (const c of design.components) componentAreaMm2 += c.widthMm * c.heightMm;
    const areaModel = opts.substrateArea;
    const pkgAreaMm2 =
      areaModel === 'actuary'
        ? substrateAreaMm2(carrier, areaModel, dieAreaMm2, fp.carrier.areaMm2) + componentAreaMm2
        : substrateAreaMm2(carrier, areaModel, dieAreaMm2, fp.carrier.areaMm2);
    const f = layerFactor(carrier, pkgAreaMm2, design.dies.length + design.components.length);
    const substrateUsd = substrateCostUsd(carrier, pkgAreaMm2, f);
    g.carrierYield = negativeBinomialYield(pkgAreaMm2, carrier.defectDensityPerCm2, carrier.clusteringAlpha);
    g.knownGoodSubstrateUsd = substrateUsd / g.carrierYield;
    g.packageNreUsd = substrateNreUsd(carrier, pkgAreaMm2, f);
    const chip = chipNreTotalUsd(design.dies, tech);
    g.designNreUsd = chip.designUsd;
    g.masksNreUsd = chip.masksUsd;
    g.d2dNreUsd = chip.d2dPhyUsd;
    const dc = dieCosts(design, tech, opts.diesPerWafer);
    g.rawUsd = dc.rawUsd;
    g.testUsd = dc.testUsd;
    g.defectLossUsd = dc.defectLossUsd;
    g.escapeQuality = dc.escapeQuality;
    g.dieYieldProduct = dc.dieYieldProduct;
    dc.perDie.forEach((c, i) => (dieYield[i] = c.dieYield));
    let bumpUsd = 0;
    dieBondings.forEach((b, i) => (bumpUsd += b.costUsdPerMm2 * design.dies[i]!.areaMm2));
    g.bumpUsd = bumpUsd;
    let smtUsd = 0;
    if (smt !== undefined)
      for (const c of design.components)
        smtUsd += smt.costUsdPerDie + smt.costUsdPerMm2 * c.widthMm * c.heightMm;
    g.smtUsd = smtUsd;
    links.setGeometry(sideBySideLinks(design, tech, fp.linkPlacements, carrier.kind));
    const specs: ThermalColumnSpec[] = [
      ...design.dies.map((d) => ({
        id: d.id,
        kind: 'si' as const,
        tiers: [{ id: d.id, powerW: 0, verticalResistanceMm2KPerW: rDie }],
      })),
      ...poweredComponents.map((i) => ({
        id: design.components[i]!.id,
        kind: 'si' as const,
        tiers: [{ id: design.components[i]!.id, powerW: 0, verticalResistanceMm2KPerW: rDie }],
      })),
      ...(blocksPowered ? PASSIVE_BLOCK_IDS : []).map((id) => ({
        id,
        kind: 'si' as const,
        tiers: [{ id, powerW: 0, verticalResistanceMm2KPerW: rDie }],
      })),
    ];
    thermal.layout(fp.placements, fp.carrier, specs);
    g.mask =
      (reticleReasons(design, tech).length > 0 ? RETICLE : 0) |
      (carrierSizeReasons(design.package.carrier, carrier, pkgAreaMm2).length > 0 ? CARRIER_SIZE : 0);
    const fromFloorplan = pkgAreaMm2 === fp.carrier.areaMm2;
    const side = Math.sqrt(pkgAreaMm2);
    g.packageAreaMm2 = pkgAreaMm2;
    g.carrierAreaMm2 = pkgAreaMm2;
    g.siliconAreaMm2 = dieAreaMm2 + componentAreaMm2;
    g.packageWidthMm = fromFloorplan ? fp.carrier.widthMm : side;
    g.packageHeightMm = fromFloorplan ? fp.carrier.heightMm : side;
    sizes.remember(x);
  };

  return {
    layout,
    evaluate(x, out) {
      if (sizes.changed(x)) geometry(x);
      // Which parts heat the package must be the compiled one (see above).
      for (let i = 0; i < poweredComponents.length; i++)
        if (!(x.componentPowerW[poweredComponents[i]!]! > 0)) return void out.fill(Number.NaN);
      // Helpers that return a double are written out here: a double returned from a call the
      // compiler does not inline (this function is large) is boxed, an allocation per point.
      let passiveW = 0;
      for (let i = 0; i < passives.length; i++) passiveW += x.componentPowerW[passives[i]!]!;
      const blockPowerW = blockCount === 0 ? 0 : passiveW / blockCount;
      if (blockCount > 0 && blockPowerW > 0 !== blocksPowered) return void out.fill(Number.NaN);

      // --- links, attach yield ------------------------------------------------------------------------
      links.evaluate(x.linkBandwidthGBps, out, layout.linkAt);
      let flipChipYield = 1;
      for (let i = 0; i < nd; i++)
        flipChipYield *= yieldPerDie[i]! * Math.pow(yieldPerBond[i]!, links.signalBondsByDie[i]!);
      for (let s = 0; s < stackYieldPerDie.length; s++) flipChipYield *= stackYieldPerDie[s]!;

      // --- recurring cost: the flow (a step ending in package test catches the covered share) ---------------------------------------------------------------------
      let partsUsd = 0;
      for (let c = 0; c < x.componentCostUsd.length; c++) partsUsd += x.componentCostUsd[c]!;
      if (twoStep) {
        flow.stepYields[0] = flipChipYield;
        flow.stepYields[1] = 1 - (1 - smtYield * g.escapeQuality) * coverage;
      } else flow.stepYields[0] = 1 - (1 - flipChipYield * smtYield * g.escapeQuality) * coverage;
      flow.costs[0] = g.rawUsd;
      flow.costs[1] = g.defectLossUsd;
      flow.costs[2] = g.testUsd;
      flow.costs[3] = g.bumpUsd;
      flow.costs[5] = g.knownGoodSubstrateUsd;
      flow.costs[6] = partsUsd;
      flow.costs[7] = g.smtUsd;
      if (!assemblyFlowInto(flow, out, ROW.rawDiesUsd)) return void out.fill(Number.NaN);

      // --- NRE per unit ---------------------------------------------------------------------------------
      const volume = x.volumeUnits;
      out[ROW.nreDesignUsd] = g.designNreUsd / volume;
      out[ROW.nreMasksUsd] = g.masksNreUsd / volume;
      out[ROW.nreD2dPhyUsd] = g.d2dNreUsd / volume;
      out[ROW.nrePackageUsd] = g.packageNreUsd / volume;
      out[ROW.knownGoodDieUsd] = g.rawUsd + g.defectLossUsd + g.testUsd;

      // --- thermal ----------------------------------------------------------------------------------------
      const powersW = thermal.powersW;
      let tier = 0;
      for (let i = 0; i < nd; i++) powersW[tier++] = x.diePowerW[i]! + links.ioPowerWByDie[i]!;
      for (let i = 0; i < poweredComponents.length; i++)
        powersW[tier++] = x.componentPowerW[poweredComponents[i]!]!;
      if (blocksPowered) for (let b = 0; b < blockCount; b++) powersW[tier++] = blockPowerW;
      thermal.evaluate(x);
      const temps = thermal.temperatures;
      const peakC = thermal.peakC;
      tier = 0;
      for (let i = 0; i < nd; i++) {
        out[layout.thermalAt + THERMAL_STRIDE * tier] = x.diePowerW[i]! + links.ioPowerWByDie[i]!;
        out[layout.thermalAt + THERMAL_STRIDE * tier + 1] = temps[2 * tier]!;
        tier++;
      }
      for (let i = 0; i < poweredComponents.length; i++) {
        out[layout.thermalAt + THERMAL_STRIDE * tier] = x.componentPowerW[poweredComponents[i]!]!;
        out[layout.thermalAt + THERMAL_STRIDE * tier + 1] = temps[2 * tier]!;
        tier++;
      }
      if (blocksPowered)
        for (let b = 0; b < blockCount; b++) {
          out[layout.thermalAt + THERMAL_STRIDE * tier] = blockPowerW;
          out[layout.thermalAt + THERMAL_STRIDE * tier + 1] = temps[2 * tier]!;
          tier++;
        }
      out[ROW.peakTempC] = peakC;

      // --- yields, bandwidth, geometry, reasons ---------------------------------------------------------
      const assemblyYield = flipChipYield * smtYield;
      out[ROW.carrierYield] = g.carrierYield;
      out[ROW.assemblyYield] = assemblyYield;
      out[ROW.packageYield] = assemblyYield * g.escapeQuality;
      out[ROW.compoundYield] = g.dieYieldProduct * g.carrierYield * assemblyYield;
      for (let i = 0; i < nd; i++) out[layout.dieYieldAt + i] = dieYield[i]!;
      out[ROW.aggregateD2dGBps] = links.aggregateD2dGBps;
      out[ROW.memoryGBps] = 0;
      out[ROW.energyPjPerBit] = links.energyPjPerBit;
      out[ROW.ioPowerW] = links.ioPowerW + 0;
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

/**
 * The Plan of the 2.5d model (model.ts's analyseTwoPointFiveD), written for sweeps: it writes the
 * row directly and allocates nothing in steady state.
 *
 * What depends on the sizes of the dies (floorplan, bridges, interposer or substrate, wafer
 * carriers, die costs, connected stacks, link capacities, thermal geometry, reticle and carrier
 * limits) is worked out by the record model's own functions when the sizes change and kept; per
 * point only what the point's numbers change is computed (required bandwidth and with it the
 * attach yield and I/O power, die power, volume, ambient, junction limit), with the record
 * model's arithmetic in its order. `analyseTwoPointFiveD` stays the reference: it gives the
 * reasons' messages, and the conformance test checks this plan against it.
 */
import {
  SideBySideLinkKernel,
  SizeKey,
  writeGeometryRow,
  ThermalKernel,
  assemblyFlowInto,
  attachBondingIds,
  carrierSizeReasons,
  chipNreTotalUsd,
  compileFlow,
  designAt,
  dieCosts,
  finishRow,
  flipChipDieColumns,
  hbmStackColumns,
  layerFactor,
  memoryTotals,
  negativeBinomialYield,
  reasonBit,
  reticleReasons,
  rowLayout,
  sideBySideLinks,
  substrateAreaMm2,
  substrateCostUsd,
  substrateNreUsd,
  waferCarrierCost,
  ROW,
  THERMAL_STRIDE,
  type FlowItem,
  type Plan,
  type PointNumbers,
  type TechnologyLibrary,
} from '@chiplet-dse/core';
import {
  BRIDGE_KIND,
  SUBSTRATE_CARRIER_ID,
  analyseTwoPointFiveD,
  fitsReticle,
  quirkDieBumpUsd,
  twoPointFiveDLayout,
  type TwoPointFiveDDesign,
} from './model.js';

const RETICLE = reasonBit('reticle-limit');
const CARRIER_SIZE = reasonBit('carrier-size-limit');
const LINK_REACH = reasonBit('link-reach');
const OVER_TEMPERATURE = reasonBit('over-temperature');

/** Dies (KGD + bumps) and purchased stacks entering the flow at `step`, as model.ts's dieItems. */
function dieItems(step: number): Omit<FlowItem, 'costUsd'>[] {
  return [
    { category: 'rawDies', entryStep: step, loss: 'wastedGoodDies' },
    { category: 'defectLoss', entryStep: step, loss: 'wastedGoodDies' },
    { category: 'test', entryStep: step, loss: 'wastedGoodDies' },
    { category: 'bondingAssembly', entryStep: step, loss: 'wastedGoodDies' },
    { category: 'components', entryStep: step, loss: 'wastedGoodDies' },
  ];
}

export function compileTwoPointFiveDPlan(
  plugin: { id: string; version: string },
  structure: TwoPointFiveDDesign,
  tech: TechnologyLibrary,
): Plan {
  const model = (d: TwoPointFiveDDesign) => analyseTwoPointFiveD(plugin, d, tech).metrics;
  // The layout is the structure's: a die yield per die, a block per link (design order), a
  // thermal entry per die then per stack, as the model reports them. It is read off the
  // structure rather than a first run of the model: a sweep compiles a plan per structure, and
  // that run cost as much as the geometry stage (the conformance reference test compares rows).
  const layout = rowLayout({
    pluginId: plugin.id,
    pluginVersion: plugin.version,
    dieIds: structure.dies.map((d) => d.id),
    links: structure.links,
    thermalIds: [...structure.dies.map((d) => d.id), ...structure.memories.map((m) => m.id)],
  });
  const opts = structure.package.options;
  const method = opts.diesPerWafer;
  const quirks = opts.actuaryQuirks;
  const carrierId = structure.package.carrier;
  const carrier = tech.carriers[carrierId]!;
  const organic = tech.carriers[SUBSTRATE_CARRIER_ID]!;
  const isBridge = carrier.kind === BRIDGE_KIND;
  const nd = structure.dies.length;
  const nm = structure.memories.length;
  if (layout.thermalIds.length !== nd + nm)
    throw new Error('2.5d plan: thermal entries differ from the model');

  // --- structure: bondings, flow items -------------------------------------------------------------
  const ids = attachBondingIds(structure, carrier);
  const dieBondings = ids.dies.map((id) => tech.bonding[id]!);
  const stackBondings = ids.stacks.map((id) => tech.bonding[id]!);
  let placeUsd = 0;
  for (const b of dieBondings) placeUsd += b.costUsdPerDie;
  for (const b of stackBondings) placeUsd += b.costUsdPerDie;
  const yieldPerDie = Float64Array.from(dieBondings, (b) => b.yieldPerDie);
  const yieldPerBond = Float64Array.from(dieBondings, (b) => b.yieldPerBond);
  const stackYieldPerDie = Float64Array.from(stackBondings, (b) => b.yieldPerDie);
  const coverage = tech.test.packageTestCoverage;
  const testUsd = tech.test.packageTestCostUsd;
  // Interposer: tested interposer (0) -> dies and stacks attached (1) -> onto the substrate (2).
  // Bridges: substrate with its bridges (0) -> dies and stacks attached (1). As model.ts.
  const flow = isBridge
    ? compileFlow(
        [
          { category: 'carrier', entryStep: 0, loss: 'packageScrap' },
          { category: 'carrier', entryStep: 0, loss: 'packageScrap' },
          ...dieItems(1),
          { category: 'bondingAssembly', entryStep: 1, loss: 'packageScrap' },
          { category: 'test', entryStep: 1, loss: 'packageScrap' },
        ],
        2,
      )
    : compileFlow(
        [
          { category: 'carrier', entryStep: 0, loss: 'packageScrap' },
          ...dieItems(1),
          { category: 'bondingAssembly', entryStep: 1, loss: 'packageScrap' },
          { category: 'carrier', entryStep: 2, loss: 'packageScrap' },
          { category: 'bondingAssembly', entryStep: 2, loss: 'packageScrap' },
          { category: 'test', entryStep: 2, loss: 'packageScrap' },
        ],
        3,
      );
  // The first flow item of the dies (rawDies); dieItems' five follow it.
  const dieItemAt = isBridge ? 2 : 1;
  const substrateBond = isBridge ? undefined : tech.bonding[carrier.substrateBonding]!;
  const y3 = substrateBond === undefined ? 1 : substrateBond.yieldPerDie;
  const carrierMaskSetUsd = tech.nodes[carrier.processNode]!.maskSetUsd;

  const links = new SideBySideLinkKernel(structure, tech);
  // The lateral coupling under the dies is calibrated for a silicon interposer only (model.ts).
  const thermal = new ThermalKernel(structure, tech, carrier.kind === 'silicon-interposer' ? 1 : 0);

  // --- geometry stage: recomputed when sizes change -------------------------------------------------
  const sizes = new SizeKey(structure);
  const dieYield = new Float64Array(nd);
  const stackPowerW = new Float64Array(nm);
  const zeroIoW = new Array<number>(nd).fill(0);
  const g = {
    /** Yield of flow step 0: the tested interposer, or the substrate with its bridges. */
    carrierYield: 1,
    /** Interposer: the wafer-made interposer's yield (flow step 0). */
    interposerYield: 1,
    /** Interposer: the last step (substrate attach, escapes, package test). */
    shipYield: 1,
    packageAreaMm2: 0,
    carrierAreaMm2: 0,
    siliconAreaMm2: 0,
    packageWidthMm: 0,
    packageHeightMm: 0,
    designNreUsd: 0,
    masksNreUsd: 0,
    d2dNreUsd: 0,
    /** Package NRE: interposer + substrate, or the substrate's (bridges: plus bridgeNreUsd). */
    packageNreUsd: 0,
    bridgeNreUsd: 0,
    bridgeCount: 0,
    rawUsd: 0,
    testUsd: 0,
    defectLossUsd: 0,
    escapeQuality: 1,
    dieYieldProduct: 1,
    memoryGBps: 0,
    memoryIoW: 0,
    mask: 0,
  };
  const geometry = (x: PointNumbers) => {
    const design = designAt(structure, x);
    const geo = twoPointFiveDLayout(design, tech);
    const fp = geo.fp;
    links.setGeometry(sideBySideLinks(design, tech, fp.placements, carrier.kind, geo.linkCaps));
    const connected = new Set(geo.connectedStacks);
    const memory = memoryTotals(design, tech, (m) => connected.has(m.id));
    memory.powerWByStack.forEach((w, i) => (stackPowerW[i] = w));
    g.memoryGBps = memory.bandwidthGBps;
    g.memoryIoW = memory.ioPowerW;
    const dc = dieCosts(design, tech, method);
    g.rawUsd = dc.rawUsd;
    g.testUsd = dc.testUsd;
    g.defectLossUsd = dc.defectLossUsd;
    g.escapeQuality = dc.escapeQuality;
    g.dieYieldProduct = dc.dieYieldProduct;
    dc.perDie.forEach((c, i) => (dieYield[i] = c.dieYield));
    const chip = chipNreTotalUsd(design.dies, tech);
    g.designNreUsd = chip.designUsd;
    g.masksNreUsd = chip.masksUsd;
    g.d2dNreUsd = chip.d2dPhyUsd;
    let bumpUsd = 0;
    dieBondings.forEach((b, i) => (bumpUsd += b.costUsdPerMm2 * design.dies[i]!.areaMm2));
    const costs = flow.costs;
    costs[dieItemAt] = dc.rawUsd;
    costs[dieItemAt + 1] = dc.defectLossUsd;
    costs[dieItemAt + 2] = dc.testUsd;
    costs[dieItemAt + 4] = memory.costUsd;
    costs[dieItemAt + 5] = placeUsd;
    let mask = reticleReasons(design, tech).length > 0 ? RETICLE : 0;
    if (geo.reasons.length > 0) mask |= LINK_REACH;
    g.siliconAreaMm2 = geo.siliconAreaMm2;

    if (!isBridge) {
      let wMm = fp.carrier.widthMm;
      let hMm = fp.carrier.heightMm;
      if (opts.interposerArea === 'actuary') {
        wMm = Math.sqrt(carrier.areaFactorOverDies * geo.siliconAreaMm2);
        hMm = wMm;
      }
      const intAreaMm2 = wMm * hMm;
      const side = Math.sqrt(intAreaMm2);
      const wafer = waferCarrierCost(carrier, tech, side, side, method);
      const margin = organic.edgeMarginMm;
      const outlineMm2 = (wMm + 2 * margin) * (hMm + 2 * margin);
      const pkgAreaMm2 = substrateAreaMm2(carrier, opts.substrateArea, intAreaMm2, outlineMm2);
      const f = layerFactor(organic, pkgAreaMm2, 1);
      const subUsd = substrateCostUsd(organic, pkgAreaMm2, f);
      const subYield = negativeBinomialYield(
        pkgAreaMm2,
        organic.defectDensityPerCm2,
        organic.clusteringAlpha,
      );
      const scale = Math.sqrt(pkgAreaMm2 / intAreaMm2);
      g.packageWidthMm = wMm * scale;
      g.packageHeightMm = hMm * scale;
      g.packageAreaMm2 = pkgAreaMm2;
      g.carrierAreaMm2 = intAreaMm2;
      g.interposerYield = wafer.yield;
      g.shipYield = 1 - (1 - y3 * dc.escapeQuality) * coverage;
      g.carrierYield = wafer.yield * subYield;
      costs[0] = wafer.costUsd;
      costs[dieItemAt + 3] = quirks ? quirkDieBumpUsd(design, dieBondings) : bumpUsd;
      costs[7] = subUsd / subYield;
      costs[8] = substrateBond!.costUsdPerDie;
      costs[9] = testUsd;
      const subNre = quirks ? organic.costUsdPerMm2 * pkgAreaMm2 : substrateNreUsd(organic, pkgAreaMm2, f);
      g.packageNreUsd = carrier.nreUsdPerMm2 * intAreaMm2 + carrier.nreFixedUsd + subNre;
      const intNode = tech.nodes[carrier.processNode]!;
      if (carrierSizeReasons(carrierId, carrier, intAreaMm2).length > 0) mask |= CARRIER_SIZE;
      if (
        !carrier.stitchingAllowed &&
        !fitsReticle(wMm, hMm, intNode.reticleWidthMm, intNode.reticleHeightMm)
      )
        mask |= RETICLE;
      if (wafer.perWafer < 1) mask |= CARRIER_SIZE;
      if (carrierSizeReasons(SUBSTRATE_CARRIER_ID, organic, pkgAreaMm2).length > 0) mask |= CARRIER_SIZE;
    } else {
      const pkgAreaMm2 = substrateAreaMm2(
        carrier,
        opts.substrateArea,
        geo.siliconAreaMm2,
        fp.carrier.areaMm2,
      );
      const f = layerFactor(organic, pkgAreaMm2, design.dies.length + design.memories.length);
      const subUsd = substrateCostUsd(organic, pkgAreaMm2, f);
      const subYield = negativeBinomialYield(
        pkgAreaMm2,
        organic.defectDensityPerCm2,
        organic.clusteringAlpha,
      );
      const fromFloorplan = pkgAreaMm2 === fp.carrier.areaMm2;
      g.packageWidthMm = fromFloorplan ? fp.carrier.widthMm : Math.sqrt(pkgAreaMm2);
      g.packageHeightMm = fromFloorplan ? fp.carrier.heightMm : Math.sqrt(pkgAreaMm2);
      g.packageAreaMm2 = pkgAreaMm2;
      g.carrierAreaMm2 = pkgAreaMm2;
      let bridgesUsd = 0;
      let bridgesYield = 1;
      g.packageNreUsd = substrateNreUsd(organic, pkgAreaMm2, f);
      g.bridgeCount = geo.bridgeCount;
      if (geo.bridgeCount > 0) {
        const bridge = waferCarrierCost(
          { ...carrier, costUsdPerMm2: 0 },
          tech,
          carrier.bridgeWidthMm,
          carrier.bridgeLengthMm,
          method,
        );
        bridgesUsd = geo.bridgeCount * bridge.costUsd;
        bridgesYield = Math.pow(bridge.yield, geo.bridgeCount);
        const node = tech.nodes[carrier.processNode]!;
        const bridgeAreaMm2 = carrier.bridgeWidthMm * carrier.bridgeLengthMm;
        g.bridgeNreUsd =
          (node.designNreUsdPerMm2 + node.chipNreUsdPerMm2) * bridgeAreaMm2 + node.chipNreFixedUsd;
      }
      g.carrierYield = subYield * bridgesYield;
      costs[0] = subUsd;
      costs[1] = bridgesUsd;
      costs[dieItemAt + 3] = bumpUsd;
      costs[8] = testUsd;
      if (carrierSizeReasons(carrierId, carrier, pkgAreaMm2).length > 0) mask |= CARRIER_SIZE;
    }
    g.mask = mask;

    thermal.layout(fp.placements, fp.carrier, [
      ...flipChipDieColumns(design, tech, zeroIoW),
      ...hbmStackColumns(design, tech, memory.powerWByStack),
    ]);
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

      // --- recurring cost: the flow (its costs are the geometry's; the attach step is the point's) ----
      let assemblyYield: number;
      let packageYield: number;
      if (isBridge) {
        assemblyYield = attachYield;
        packageYield = assemblyYield * g.escapeQuality;
        flow.stepYields[0] = g.carrierYield;
        flow.stepYields[1] = 1 - (1 - packageYield) * coverage;
      } else {
        flow.stepYields[0] = g.interposerYield;
        flow.stepYields[1] = attachYield;
        flow.stepYields[2] = g.shipYield;
        assemblyYield = attachYield * y3;
        packageYield = assemblyYield * g.escapeQuality;
      }
      if (!assemblyFlowInto(flow, out, ROW.rawDiesUsd)) return void out.fill(Number.NaN);

      // --- NRE per unit ---------------------------------------------------------------------------------
      const volume = x.volumeUnits;
      let masksUsd = g.masksNreUsd / volume;
      let packageNreUsd: number;
      if (isBridge) {
        packageNreUsd = g.packageNreUsd / volume;
        if (g.bridgeCount > 0) {
          packageNreUsd += g.bridgeNreUsd / volume;
          masksUsd += carrierMaskSetUsd / volume;
        }
      } else {
        masksUsd += carrierMaskSetUsd / volume;
        packageNreUsd = g.packageNreUsd / volume;
      }
      out[ROW.nreDesignUsd] = g.designNreUsd / volume;
      out[ROW.nreMasksUsd] = masksUsd;
      out[ROW.nreD2dPhyUsd] = g.d2dNreUsd / volume;
      out[ROW.nrePackageUsd] = packageNreUsd;
      out[ROW.knownGoodDieUsd] = g.rawUsd + g.defectLossUsd + g.testUsd;

      // --- thermal: a column per die (with its link I/O power) and per stack ------------------------------
      const powersW = thermal.powersW;
      for (let i = 0; i < nd; i++) powersW[i] = x.diePowerW[i]! + links.ioPowerWByDie[i]!;
      for (let m = 0; m < nm; m++) powersW[nd + m] = stackPowerW[m]!;
      thermal.evaluate(x);
      const temps = thermal.temperatures;
      const peakC = thermal.peakC;
      for (let t = 0; t < nd + nm; t++) {
        out[layout.thermalAt + THERMAL_STRIDE * t] = powersW[t]!;
        out[layout.thermalAt + THERMAL_STRIDE * t + 1] = temps[2 * t]!;
      }
      out[ROW.peakTempC] = peakC;

      // --- yields, bandwidth, geometry, reasons ---------------------------------------------------------
      out[ROW.carrierYield] = g.carrierYield;
      out[ROW.assemblyYield] = assemblyYield;
      out[ROW.packageYield] = packageYield;
      out[ROW.compoundYield] = g.dieYieldProduct * g.carrierYield * assemblyYield;
      for (let i = 0; i < nd; i++) out[layout.dieYieldAt + i] = dieYield[i]!;
      out[ROW.aggregateD2dGBps] = links.aggregateD2dGBps;
      out[ROW.memoryGBps] = g.memoryGBps;
      out[ROW.energyPjPerBit] = links.energyPjPerBit;
      out[ROW.ioPowerW] = links.ioPowerW + g.memoryIoW;
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

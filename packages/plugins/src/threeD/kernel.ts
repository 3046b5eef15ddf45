/**
 * The Plan of the 3d model (model.ts's evaluate3d), written for sweeps: it writes the row directly
 * and allocates nothing in steady state.
 *
 * What depends on the sizes of dies (floorplan of the stacks' footprints, carrier, die costs,
 * bond overlaps and their costs, what each link can carry, thermal geometry, reticle and carrier
 * limits) is worked out by the record model's own functions when the sizes change and kept. Per
 * point only what the point's numbers change is computed, with the record model's arithmetic in
 * its order: required bandwidth and with it I/O power, TSVs and signal bonds, so the bond-step
 * and attach yields, the stacks' build flows (die to wafer) or coupled yields (wafer to wafer),
 * the package flow, power, volume, ambient and junction limit. `evaluate3d` stays the reference:
 * it gives the reasons' messages, and the conformance kit checks this plan against it.
 */
import {
  SideBySideLinkKernel,
  SizeKey,
  writeGeometryRow,
  recordLayout,
  ThermalKernel,
  YIELD_FLOOR,
  assemblyFlowInto,
  carrierSizeReasons,
  chipNreTotalUsd,
  compileFlow,
  designAt,
  dieAndStackAreaMm2,
  dieCost,
  dieCosts,
  finishRow,
  hbmFloorplanItems,
  hbmStackColumns,
  layerFactor,
  memoryTotals,
  negativeBinomialYield,
  reasonBit,
  reticleReasons,
  sideBySideFloorplan,
  sideBySideLinks,
  substrateAreaMm2,
  substrateCostUsd,
  substrateNreUsd,
  testPassYield,
  waferCarrierCost,
  FLOW_PARTS,
  LINK_STRIDE,
  ROW,
  THERMAL_STRIDE,
  type CompiledFlow,
  type FlowItem,
  type FloorplanItem,
  type LinkSpec,
  type Plan,
  type PointNumbers,
  type TechnologyLibrary,
  type ThermalColumnSpec,
} from '@chiplet-dse/core';
import { evaluate3d, stackThermalColumn, type ThreeDDesign } from './model.js';
import { bondDielectricYield, bondStepCostUsd } from './stackCost.js';
import { crossLinkSpec, footprintLinkDesign, stackLinks } from './stackLinks.js';
import { overlapMm2, stackStructure } from './stacks.js';

const RETICLE = reasonBit('reticle-limit');
const CARRIER_SIZE = reasonBit('carrier-size-limit');
const OVER_TEMPERATURE = reasonBit('over-temperature');
const LINK_BANDWIDTH = reasonBit('link-bandwidth');
const BITS_PER_BYTE = 8;
/** ioPowerW's W per (GB/s · pJ/bit) (bandwidth/linkBandwidth.ts), written out on the hot path. */
const W_PER_GBPS_BIT_PJ = 1e-3;
/** The recurring categories a finished stack brings into the package flow (stackCost.ts). */
const SUB_CATEGORIES = 6;
const PARTS = FLOW_PARTS.length;

/** Link kinds: between dies of one stack, between stacks, or unplaced (refused by validate). */
const VERTICAL = 1;
const CROSS = 2;

export function compile3dPlan(
  plugin: { id: string; version: string },
  structure: ThreeDDesign,
  tech: TechnologyLibrary,
): Plan {
  const model = (d: ThreeDDesign) => evaluate3d(plugin, d, tech);
  const first = model(structure);
  const layout = recordLayout(plugin, first);
  const { diesPerWafer: method, substrateArea: areaModel } = structure.package.options;
  const carrierId = structure.package.carrier;
  const carrier = tech.carriers[carrierId]!;
  const onInterposer = carrier.kind === 'silicon-interposer';
  const attach = tech.bonding[carrier.dieBonding]!;
  const st = stackStructure(structure, tech);
  const columns = st.columns;
  const nd = structure.dies.length;
  const nl = structure.links.length;
  const ncol = columns.length;
  const memories = structure.memories;

  // --- links: vertical (inside a stack) or between stacks -------------------------------------------
  const linkKind = new Uint8Array(nl);
  const linkFrom = new Int32Array(nl);
  const linkTo = new Int32Array(nl);
  const linkEnergy = new Float64Array(nl);
  const linkLatency = new Float64Array(nl);
  const linkRate = new Float64Array(nl);
  const linkAvailable = new Float64Array(nl);
  // Bonds a vertical link crosses: hopDie[hopStart[k] .. hopStart[k + 1]) (the upper dies).
  const hopStart = new Int32Array(nl + 1);
  const hops: number[] = [];
  const hopsFaceToBack: number[] = [];
  const dieIndex = new Map(structure.dies.map((d, i) => [d.id, i] as const));
  const crossK: number[] = [];
  const crossLinks: LinkSpec[] = [];
  structure.links.forEach((l, k) => {
    hopStart[k] = hops.length;
    const a = st.where.get(l.from);
    const b = st.where.get(l.to);
    if (a === undefined || b === undefined) return;
    if (a.column === b.column) {
      linkKind[k] = VERTICAL;
      const i = dieIndex.get(l.from)!;
      const j = dieIndex.get(l.to)!;
      const phyA = tech.phys[structure.dies[i]!.phy]!;
      const phyB = tech.phys[structure.dies[j]!.phy]!;
      linkFrom[k] = i;
      linkTo[k] = j;
      linkEnergy[k] = Math.max(phyA.energyPjPerBit, phyB.energyPjPerBit);
      linkLatency[k] = Math.max(phyA.latencyNs, phyB.latencyNs);
      linkRate[k] = Math.min(phyA.dataRateGbps, phyB.dataRateGbps);
      const tiers = columns[a.column]!.tiers;
      for (let h = Math.min(a.level, b.level) + 1; h <= Math.max(a.level, b.level); h++) {
        hops.push(tiers[h]!.dieIndex);
        hopsFaceToBack.push(tiers[h]!.node.orientation === 'face-to-back' ? 1 : 0);
      }
    } else {
      linkKind[k] = CROSS;
      crossK.push(k);
      crossLinks.push(crossLinkSpec(st, l)!);
    }
  });
  hopStart[nl] = hops.length;
  const hopDie = Int32Array.from(hops);
  const hopFaceToBack = Uint8Array.from(hopsFaceToBack);
  const nCross = crossK.length;
  const side =
    nCross === 0 ? undefined : new SideBySideLinkKernel(footprintLinkDesign(structure, st, crossLinks), tech);
  const crossRequired = new Float64Array(nCross);
  const crossRow = new Float64Array(LINK_STRIDE * nCross);
  const crossAt = Int32Array.from(crossK);
  const bottomDie = Int32Array.from(columns, (c) => c.tiers[0]!.dieIndex);
  const ioPowerWByDie = new Float64Array(nd);
  const signalBondsByDie = new Float64Array(nd);
  const signalTsvsByDie = new Float64Array(nd);
  const verticalSignalsByDie = new Float64Array(nd);

  // --- stacks: bond steps in build order, per column ------------------------------------------------
  const bondStart = new Int32Array(ncol + 1);
  const bondDies: number[] = [];
  const bondProcess: string[] = [];
  columns.forEach((c, ci) => {
    bondStart[ci] = bondDies.length;
    for (let h = 1; h < c.tiers.length; h++) {
      bondDies.push(c.tiers[h]!.dieIndex);
      bondProcess.push(c.tiers[h]!.bondingId);
    }
  });
  bondStart[ncol] = bondDies.length;
  const bondDie = Int32Array.from(bondDies);
  const nb = bondDie.length;
  const bondYieldPerDie = Float64Array.from(bondProcess, (id) => tech.bonding[id]!.yieldPerDie);
  const bondYieldPerBond = Float64Array.from(bondProcess, (id) => tech.bonding[id]!.yieldPerBond);
  const bondTsvYield = Float64Array.from(bondProcess, (id) => tech.bonding[id]!.tsvYieldPerTsv);
  const bondDielectric = new Float64Array(nb);
  const bondCostUsd = new Float64Array(nb);
  const bondYield = new Float64Array(nb);
  const w2w = Uint8Array.from(columns, (c) => (c.mode === 'w2w' ? 1 : 0));
  // Die to wafer: a build flow per column (tiers' raw, defect loss and test, then the bonds).
  const columnFlows: (CompiledFlow | undefined)[] = columns.map((c) => {
    if (c.mode === 'w2w') return undefined;
    const items: Omit<FlowItem, 'costUsd'>[] = [];
    c.tiers.forEach((_, level) => {
      const entryStep = Math.max(0, level - 1);
      items.push({ category: 'rawDies', entryStep, loss: 'wastedGoodDies' });
      items.push({ category: 'defectLoss', entryStep, loss: 'wastedGoodDies' });
      items.push({ category: 'test', entryStep, loss: 'wastedGoodDies' });
    });
    for (let s = 0; s < c.tiers.length - 1; s++)
      items.push({ category: 'bondingAssembly', entryStep: s, loss: 'packageScrap' });
    return compileFlow(items, c.tiers.length - 1);
  });
  // Wafer to wafer: per die of the column (tiers in order), at the common footprint.
  const w2wStart = new Int32Array(ncol + 1);
  let w2wDies = 0;
  columns.forEach((c, ci) => {
    w2wStart[ci] = w2wDies;
    if (c.mode === 'w2w') w2wDies += c.tiers.length;
  });
  w2wStart[ncol] = w2wDies;
  const w2wRawUsd = new Float64Array(w2wDies);
  const w2wAlonePass = new Float64Array(w2wDies);
  const coverage = tech.test.coverage;
  /** Per column, geometry: escape quality and silicon cost (d2w); Π die yields, Σ raw, test, bonds, defect loss (w2w). */
  const colEscape = new Float64Array(ncol);
  const colSiliconUsd = new Float64Array(ncol);
  const colDieYield = new Float64Array(ncol);
  const colRawUsd = new Float64Array(ncol);
  const colTestUsd = new Float64Array(ncol);
  const colBondUsd = new Float64Array(ncol);
  const colDefectLossUsd = new Float64Array(ncol);
  /** Per column, per point: the stack's recurring parts (FLOW_PARTS order). */
  const colParts = new Float64Array(PARTS * ncol);

  // --- attach to the carrier, package flow ------------------------------------------------------------
  const attachYieldPerDie = Float64Array.from(
    columns,
    (c) => (tech.bonding[c.tiers[0]!.bondingId] ?? attach).yieldPerDie,
  );
  const attachYieldPerBond = Float64Array.from(
    columns,
    (c) => (tech.bonding[c.tiers[0]!.bondingId] ?? attach).yieldPerBond,
  );
  const memory = memoryTotals(structure, tech);
  const items: Omit<FlowItem, 'costUsd'>[] = [];
  for (let c = 0; c < ncol; c++) {
    items.push({ category: 'bondingAssembly', entryStep: 0, loss: 'wastedGoodDies' });
    items.push({ category: 'bondingAssembly', entryStep: 0, loss: 'packageScrap' });
  }
  for (let m = 0; m < memories.length; m++) {
    items.push({ category: 'components', entryStep: 0, loss: 'wastedGoodDies' });
    items.push({ category: 'bondingAssembly', entryStep: 0, loss: 'packageScrap' });
  }
  if (onInterposer)
    items.push(
      { category: 'carrier', entryStep: 0, loss: 'packageScrap' },
      { category: 'carrier', entryStep: 1, loss: 'packageScrap' },
      { category: 'bondingAssembly', entryStep: 1, loss: 'packageScrap' },
    );
  else items.push({ category: 'carrier', entryStep: 0, loss: 'packageScrap' });
  const steps = onInterposer ? 3 : 2;
  items.push({ category: 'test', entryStep: steps - 1, loss: 'packageScrap' });
  const subAt = items.length;
  for (let c = 0; c < ncol; c++)
    for (let p = 0; p < SUB_CATEGORIES; p++)
      items.push({ category: FLOW_PARTS[p] as FlowItem['category'], entryStep: 0, loss: 'wastedGoodDies' });
  const flow = compileFlow(items, steps);
  const substrateYield = onInterposer ? tech.bonding[carrier.substrateBonding]!.yieldPerDie : 1;
  const memoryAttachYield = attach.yieldPerDie;
  const shipCoverage = tech.test.packageTestCoverage;

  // --- thermal: tiers of every column top down, then the HBM stacks -------------------------------------
  const thermal = new ThermalKernel(structure, tech, onInterposer ? 1 : 0);
  const tierDie: number[] = [];
  for (const c of columns)
    for (let level = c.tiers.length - 1; level >= 0; level--) tierDie.push(c.tiers[level]!.dieIndex);
  const hbmColumns = hbmStackColumns(structure, tech);
  const hbmPowerW = Float64Array.from(hbmColumns, (c) => c.tiers[0]!.powerW);
  const dieTiers = tierDie.length;
  if (dieTiers + hbmColumns.length !== layout.thermalIds.length)
    throw new Error('3d plan: thermal entries differ from the model');
  const tierDieIndex = Int32Array.from(tierDie);

  // --- geometry stage: recomputed when sizes change -------------------------------------------------
  const sizes = new SizeKey(structure);
  const dieYield = new Float64Array(nd);
  const g = {
    carrierYield: 1,
    carrierAreaMm2: 0,
    packageAreaMm2: 0,
    packageWidthMm: 0,
    packageHeightMm: 0,
    siliconAreaMm2: 0,
    packageNreUsd: 0,
    designNreUsd: 0,
    masksNreUsd: 0,
    d2dNreUsd: 0,
    dieYieldProduct: 1,
    aggregateD2dGBps: 0,
    mask: 0,
  };
  const bottomOf = (dieId: string) => {
    const w = st.where.get(dieId);
    return w === undefined ? '' : columns[w.column]!.tiers[0]!.die.id;
  };
  const zeroPowers = new Array<number>(nd).fill(0);
  const geometry = (x: PointNumbers) => {
    const design = designAt(structure, x);
    const sx = stackStructure(design, tech);
    const cols = sx.columns;
    const fpItems: FloorplanItem[] = [
      ...cols.map((c) => {
        const d = c.tiers[0]!.die;
        return { id: d.id, widthMm: d.widthMm, heightMm: d.heightMm, kind: 'die' as const };
      }),
      ...hbmFloorplanItems(design, tech, bottomOf),
    ];
    const fp = sideBySideFloorplan(fpItems, {
      dieSpacingMm: carrier.dieSpacingMm,
      edgeMarginMm: carrier.edgeMarginMm,
    });
    let footprintMm2 = 0;
    for (const it of fpItems) footprintMm2 += it.widthMm * it.heightMm;
    g.siliconAreaMm2 = dieAndStackAreaMm2(design, tech);

    // Links: what each can carry (the record's own function), the cross links' floorplan.
    const sl = stackLinks(design, tech, sx, fp.placements, carrier.kind);
    let aggregate = 0;
    for (let k = 0; k < nl; k++) {
      linkAvailable[k] = sl.links[k]!.availableGBps;
      aggregate += sl.links[k]!.availableGBps;
    }
    g.aggregateD2dGBps = aggregate;
    if (side !== undefined)
      side.setGeometry(
        sideBySideLinks(footprintLinkDesign(design, sx, crossLinks), tech, fp.placements, carrier.kind),
      );

    // Dies and bonds.
    const dc = dieCosts(design, tech, method);
    g.dieYieldProduct = dc.dieYieldProduct;
    dc.perDie.forEach((c, i) => (dieYield[i] = c.dieYield));
    cols.forEach((c, ci) => {
      for (let h = 1; h < c.tiers.length; h++) {
        const b = bondStart[ci]! + h - 1;
        const bonding = tech.bonding[c.tiers[h]!.bondingId]!;
        const overlap = overlapMm2(c.tiers[h]!.die, c.tiers[h - 1]!.die);
        bondDielectric[b] = bondDielectricYield(bonding, overlap);
        bondCostUsd[b] = bondStepCostUsd(bonding, overlap);
      }
      if (c.mode === 'w2w') {
        // w2wColumnCost's per-die and per-bond sums (those that do not depend on the bond yields).
        const footprint = c.tiers[0]!.die;
        let stackYield = 1;
        let rawUsd = 0;
        let testUsd = 0;
        c.tiers.forEach((t, level) => {
          const cost = dieCost(
            footprint.widthMm,
            footprint.heightMm,
            tech.nodes[t.die.node]!,
            design.system.yieldModel,
            tech.test,
            method,
          );
          stackYield *= cost.dieYield;
          rawUsd += cost.rawUsd;
          testUsd += cost.testUsd;
          w2wRawUsd[w2wStart[ci]! + level] = cost.rawUsd;
          w2wAlonePass[w2wStart[ci]! + level] = testPassYield(cost.dieYield, coverage);
        });
        let bondUsd = 0;
        for (let b = bondStart[ci]!; b < bondStart[ci + 1]!; b++) bondUsd += bondCostUsd[b]!;
        let defectLossUsd = 0;
        for (let i = w2wStart[ci]!; i < w2wStart[ci + 1]!; i++)
          defectLossUsd += w2wRawUsd[i]! * (1 / w2wAlonePass[i]! - 1);
        colDieYield[ci] = stackYield;
        colRawUsd[ci] = rawUsd;
        colTestUsd[ci] = testUsd;
        colBondUsd[ci] = bondUsd;
        colDefectLossUsd[ci] = defectLossUsd;
      } else {
        // d2wColumnCost's items (their costs) and the sums that do not depend on the bonds.
        const cf = columnFlows[ci]!;
        let escapeQuality = 1;
        let siliconUsd = 0;
        c.tiers.forEach((t, level) => {
          const cost = dc.perDie[t.dieIndex]!;
          cf.costs[3 * level] = cost.rawUsd;
          cf.costs[3 * level + 1] = cost.defectLossUsd;
          cf.costs[3 * level + 2] = cost.testUsd;
          escapeQuality *= cost.outgoingQuality;
          siliconUsd += cost.rawUsd + cost.defectLossUsd + cost.testUsd;
        });
        for (let b = bondStart[ci]!; b < bondStart[ci + 1]!; b++)
          cf.costs[3 * c.tiers.length + b - bondStart[ci]!] = bondCostUsd[b]!;
        colEscape[ci] = escapeQuality;
        colSiliconUsd[ci] = siliconUsd;
      }
    });

    // Package flow items: attach of stacks and HBM, the carrier, the final test.
    let f = 0;
    for (const c of cols) {
      const bottom = c.tiers[0]!;
      const b = tech.bonding[bottom.bondingId] ?? attach;
      flow.costs[f++] = b.costUsdPerMm2 * bottom.die.areaMm2;
      flow.costs[f++] = b.costUsdPerDie;
    }
    for (const m of design.memories) {
      flow.costs[f++] = tech.hbm[m.generation]!.costUsdPerStack;
      flow.costs[f++] = attach.costUsdPerDie;
    }
    const n = cols.length + design.memories.length;
    if (onInterposer) {
      const factorArea = carrier.areaFactorOverDies * footprintMm2;
      const carrierAreaMm2 = areaModel === 'actuary' ? factorArea : Math.max(factorArea, fp.carrier.areaMm2);
      const scale = Math.sqrt(carrierAreaMm2 / fp.carrier.areaMm2);
      const intW = fp.carrier.widthMm * scale;
      const intH = fp.carrier.heightMm * scale;
      const wc = waferCarrierCost(carrier, tech, intW, intH, method);
      const pkgAreaMm2 = carrier.substrateAreaFactor * carrierAreaMm2;
      const pkgScale = Math.sqrt(carrier.substrateAreaFactor);
      g.carrierYield = wc.yield;
      g.carrierAreaMm2 = carrierAreaMm2;
      g.packageAreaMm2 = pkgAreaMm2;
      g.packageWidthMm = intW * pkgScale;
      g.packageHeightMm = intH * pkgScale;
      flow.costs[f++] = wc.costUsd / wc.yield;
      flow.costs[f++] = substrateCostUsd(carrier, pkgAreaMm2, layerFactor(carrier, pkgAreaMm2, n));
      flow.costs[f++] = tech.bonding[carrier.substrateBonding]!.costUsdPerDie;
      g.packageNreUsd = substrateNreUsd(carrier, carrierAreaMm2, 1);
    } else {
      const pkgAreaMm2 = substrateAreaMm2(carrier, areaModel, footprintMm2, fp.carrier.areaMm2);
      const lf = layerFactor(carrier, pkgAreaMm2, n);
      const carrierYield = negativeBinomialYield(
        pkgAreaMm2,
        carrier.defectDensityPerCm2,
        carrier.clusteringAlpha,
      );
      flow.costs[f++] = substrateCostUsd(carrier, pkgAreaMm2, lf) / carrierYield;
      const fromFloorplan = pkgAreaMm2 === fp.carrier.areaMm2;
      g.carrierYield = carrierYield;
      g.carrierAreaMm2 = pkgAreaMm2;
      g.packageAreaMm2 = pkgAreaMm2;
      g.packageWidthMm = fromFloorplan ? fp.carrier.widthMm : Math.sqrt(pkgAreaMm2);
      g.packageHeightMm = fromFloorplan ? fp.carrier.heightMm : Math.sqrt(pkgAreaMm2);
      g.packageNreUsd = substrateNreUsd(carrier, pkgAreaMm2, lf);
    }
    flow.costs[f++] = tech.test.packageTestCostUsd;
    if (f !== subAt) throw new Error('3d plan: package flow items differ from the model');

    const chip = chipNreTotalUsd(design.dies, tech);
    g.designNreUsd = chip.designUsd;
    g.masksNreUsd = chip.masksUsd;
    g.d2dNreUsd = chip.d2dPhyUsd;

    const specs: ThermalColumnSpec[] = [
      ...cols.map((c) => stackThermalColumn(c, tech, zeroPowers)),
      ...hbmStackColumns(design, tech),
    ];
    thermal.layout(fp.placements, fp.carrier, specs);
    g.mask =
      (reticleReasons(design, tech).length > 0 ? RETICLE : 0) |
      (carrierSizeReasons(carrierId, carrier, g.carrierAreaMm2).length > 0 ? CARRIER_SIZE : 0);
    sizes.remember(x);
  };

  // The per-point stages, each its own function so that the optimising compiler takes them one
  // at a time (one function holding them all took it a long time to compile). They pass doubles
  // through `sc`, not as arguments or results, which would be boxed.
  const S_IO = 0;
  const S_WEIGHTED = 1;
  const S_REQUIRED = 2;
  const S_MASK = 3;
  const S_STACK_BOND_YIELD = 4;
  const S_ESCAPE = 5;
  const S_SILICON = 6;
  const S_ATTACH_YIELD = 7;
  const sc = new Float64Array(8);

  /** Links (stackLinks): vertical ones in design order, then those between stacks. */
  const linkStage = (x: PointNumbers, out: Float64Array): void => {
    const linkAt = layout.linkAt;
    let mask = g.mask;
    ioPowerWByDie.fill(0);
    signalBondsByDie.fill(0);
    signalTsvsByDie.fill(0);
    verticalSignalsByDie.fill(0);
    for (let k = 0; k < nl; k++) {
      const req = x.linkBandwidthGBps[k]!;
      const at = linkAt + LINK_STRIDE * k;
      if (linkKind[k] === VERTICAL) {
        const energy = linkEnergy[k]!;
        const available = linkAvailable[k]!;
        const power = req * BITS_PER_BYTE * energy * W_PER_GBPS_BIT_PJ;
        ioPowerWByDie[linkFrom[k]!]! += power / 2;
        ioPowerWByDie[linkTo[k]!]! += power / 2;
        // Signal TSVs: one per lane for the required bandwidth at the slower end's data rate.
        const rate = linkRate[k]!;
        const tsvs = rate > 0 ? Math.ceil((req * BITS_PER_BYTE) / rate) : 0;
        for (let h = hopStart[k]!; h < hopStart[k + 1]!; h++) {
          const u = hopDie[h]!;
          verticalSignalsByDie[u]! += tsvs;
          if (hopFaceToBack[h] === 1) signalTsvsByDie[u]! += tsvs;
        }
        if (available < req) mask |= LINK_BANDWIDTH;
        out[at] = req;
        out[at + 1] = available;
        out[at + 2] = energy;
        out[at + 3] = linkLatency[k]!;
        out[at + 4] = power;
      } else if (linkKind[k] !== CROSS) {
        out[at] = req;
        out[at + 1] = 0;
        out[at + 2] = 0;
        out[at + 3] = 0;
        out[at + 4] = 0;
      }
    }
    if (side !== undefined) {
      for (let j = 0; j < nCross; j++) crossRequired[j] = x.linkBandwidthGBps[crossAt[j]!]!;
      side.evaluate(crossRequired, crossRow, 0);
      for (let j = 0; j < ncol; j++) {
        ioPowerWByDie[bottomDie[j]!]! += side.ioPowerWByDie[j]!;
        signalBondsByDie[bottomDie[j]!]! += side.signalBondsByDie[j]!;
      }
      for (let j = 0; j < nCross; j++) {
        const at = linkAt + LINK_STRIDE * crossAt[j]!;
        for (let f = 0; f < LINK_STRIDE; f++) out[at + f] = crossRow[LINK_STRIDE * j + f]!;
      }
      mask |= side.mask;
    }
    let io = 0;
    let weighted = 0;
    let required = 0;
    for (let k = 0; k < nl; k++) {
      const at = linkAt + LINK_STRIDE * k;
      io += out[at + 4]!;
      weighted += out[at + 2]! * out[at]!;
      required += out[at]!;
    }
    sc[S_IO] = io;
    sc[S_WEIGHTED] = weighted;
    sc[S_REQUIRED] = required;
    sc[S_MASK] = mask;
  };

  /** Stacks (stackCost.ts): bond steps, then each column's build; false when a flow is invalid. */
  const stackStage = (): boolean => {
    for (let b = 0; b < nb; b++) {
      const u = bondDie[b]!;
      const y =
        bondYieldPerDie[b]! *
        Math.pow(bondYieldPerBond[b]!, verticalSignalsByDie[u]!) *
        Math.pow(bondTsvYield[b]!, signalTsvsByDie[u]!) *
        bondDielectric[b]!;
      bondYield[b] = Math.max(y, YIELD_FLOOR);
    }
    let stackBondYield = 1;
    let escapeQuality = 1;
    let siliconUsd = 0;
    for (let c = 0; c < ncol; c++) {
      const at = PARTS * c;
      let colBondYield: number;
      let colEscapeQuality: number;
      let colSilicon: number;
      if (w2w[c] === 1) {
        let bondYieldProduct = 1;
        for (let b = bondStart[c]!; b < bondStart[c + 1]!; b++) bondYieldProduct *= bondYield[b]!;
        const stackYield = Math.max(colDieYield[c]! * bondYieldProduct, YIELD_FLOOR);
        // testPassYield, written out (a double returned from a call is boxed).
        const passed = stackYield + (1 - stackYield) * (1 - coverage);
        const passYield = passed < 1 ? passed : 1;
        let wastedUsd = 0;
        for (let i = w2wStart[c]!; i < w2wStart[c + 1]!; i++)
          wastedUsd += w2wRawUsd[i]! * Math.max(0, 1 / passYield - 1 / w2wAlonePass[i]!);
        colParts[at] = colRawUsd[c]!;
        colParts[at + 1] = colDefectLossUsd[c]!;
        colParts[at + 2] = 0;
        colParts[at + 3] = colBondUsd[c]!;
        colParts[at + 4] = colTestUsd[c]!;
        colParts[at + 5] = 0;
        colParts[at + 6] = (colBondUsd[c]! + colTestUsd[c]!) * (1 / passYield - 1);
        colParts[at + 7] = wastedUsd;
        colBondYield = bondYieldProduct;
        colEscapeQuality = stackYield / passYield;
        colSilicon = (colRawUsd[c]! + colTestUsd[c]!) / passYield;
      } else {
        const cf = columnFlows[c]!;
        for (let b = bondStart[c]!; b < bondStart[c + 1]!; b++)
          cf.stepYields[b - bondStart[c]!] = bondYield[b]!;
        if (!assemblyFlowInto(cf, colParts, at)) return false;
        colBondYield = cf.survival[0]!;
        colEscapeQuality = colEscape[c]!;
        colSilicon = colSiliconUsd[c]!;
      }
      stackBondYield *= colBondYield;
      escapeQuality *= colEscapeQuality;
      siliconUsd += colSilicon;
    }
    sc[S_STACK_BOND_YIELD] = stackBondYield;
    sc[S_ESCAPE] = escapeQuality;
    sc[S_SILICON] = siliconUsd;
    return true;
  };

  /** Attach and the package flow (packageFlowCost); false when the flow is invalid. */
  const packageStage = (out: Float64Array): boolean => {
    let attachYield = 1;
    for (let c = 0; c < ncol; c++)
      attachYield *=
        attachYieldPerDie[c]! * Math.pow(attachYieldPerBond[c]!, signalBondsByDie[bottomDie[c]!]!);
    for (let m = 0; m < memories.length; m++) attachYield *= memoryAttachYield;
    let s = 0;
    flow.stepYields[s++] = attachYield;
    if (onInterposer) flow.stepYields[s++] = substrateYield;
    flow.stepYields[s] = 1 - (1 - sc[S_ESCAPE]!) * shipCoverage;
    for (let c = 0; c < ncol; c++)
      for (let p = 0; p < SUB_CATEGORIES; p++) {
        const cost = colParts[PARTS * c + p]!;
        flow.costs[subAt + SUB_CATEGORIES * c + p] = cost > 0 ? cost : 0;
      }
    if (!assemblyFlowInto(flow, out, ROW.rawDiesUsd)) return false;
    // A stack's own scrap and wasted dies are lost again when a later package step fails.
    let survival = 1;
    for (let k = 0; k < steps; k++) survival *= flow.stepYields[k]!;
    for (let c = 0; c < ncol; c++) {
      const scrapUsd = colParts[PARTS * c + 6]!;
      const wastedUsd = colParts[PARTS * c + 7]!;
      const lostLater = (scrapUsd + wastedUsd) * (1 / survival - 1);
      out[ROW.packageScrapUsd]! += scrapUsd;
      out[ROW.wastedGoodDiesUsd]! += wastedUsd + lostLater;
    }
    sc[S_ATTACH_YIELD] = attachYield;
    return true;
  };

  /** Thermal: tier powers (die power and the I/O power of its links), then the model. */
  const thermalStage = (x: PointNumbers, out: Float64Array): void => {
    const powersW = thermal.powersW;
    for (let t = 0; t < dieTiers; t++) {
      const i = tierDieIndex[t]!;
      powersW[t] = x.diePowerW[i]! + ioPowerWByDie[i]!;
    }
    for (let t = 0; t < hbmPowerW.length; t++) powersW[dieTiers + t] = hbmPowerW[t]!;
    thermal.evaluate(x);
    const temps = thermal.temperatures;
    const peakC = thermal.peakC;
    for (let t = 0; t < powersW.length; t++) {
      out[layout.thermalAt + THERMAL_STRIDE * t] = powersW[t]!;
      out[layout.thermalAt + THERMAL_STRIDE * t + 1] = temps[2 * t]!;
    }
    out[ROW.peakTempC] = peakC;
  };

  return {
    layout,
    evaluate(x, out) {
      if (sizes.changed(x)) geometry(x);
      linkStage(x, out);
      if (!stackStage() || !packageStage(out)) return void out.fill(Number.NaN);

      // --- NRE per unit ---------------------------------------------------------------------------------
      const volume = x.volumeUnits;
      out[ROW.nreDesignUsd] = g.designNreUsd / volume;
      out[ROW.nreMasksUsd] = g.masksNreUsd / volume;
      out[ROW.nreD2dPhyUsd] = g.d2dNreUsd / volume;
      out[ROW.nrePackageUsd] = g.packageNreUsd / volume;
      out[ROW.knownGoodDieUsd] = sc[S_SILICON]!;

      thermalStage(x, out);

      // --- yields, bandwidth, geometry, reasons ---------------------------------------------------------
      const assemblyYield = sc[S_STACK_BOND_YIELD]! * sc[S_ATTACH_YIELD]! * substrateYield;
      out[ROW.carrierYield] = g.carrierYield;
      out[ROW.assemblyYield] = assemblyYield;
      out[ROW.packageYield] = assemblyYield * sc[S_ESCAPE]!;
      out[ROW.compoundYield] = g.dieYieldProduct * g.carrierYield * assemblyYield;
      for (let i = 0; i < nd; i++) out[layout.dieYieldAt + i] = dieYield[i]!;
      out[ROW.aggregateD2dGBps] = g.aggregateD2dGBps;
      out[ROW.memoryGBps] = memory.bandwidthGBps;
      const required = sc[S_REQUIRED]!;
      out[ROW.energyPjPerBit] = required > 0 ? sc[S_WEIGHTED]! / required : 0;
      out[ROW.ioPowerW] = sc[S_IO]! + memory.ioPowerW;
      writeGeometryRow(out, g);
      out[ROW.reasonMask] = sc[S_MASK]! | (out[ROW.peakTempC]! > x.maxJunctionC ? OVER_TEMPERATURE : 0);
      finishRow(out);
    },
    reasons(x) {
      // Messages only, off the per-point path: the reference model at this point.
      return model(designAt(structure, x)).feasibility.reasons;
    },
  };
}

/**
 * Glass-core substrate: dies and HBM stacks side by side directly on a glass-core package
 * substrate (a glass core with through-glass vias, TGVs, and build-up wiring on both faces; Intel's
 * announced glass substrates). Unlike 2.5D there is no interposer on an organic substrate: the
 * glass substrate is the package, and it is cut from a large rectangular glass panel (or a 300 mm
 * glass wafer).
 *
 * Everything is composed from the shared models of @chiplet-dse/core (README.md, "Models"):
 *  - geometry: `sideBySideFloorplan` with the carrier's spacing and margin; the substrate is the
 *    floorplan outline grown by `packageAreaFactor` for the ball-grid fan-out;
 *  - dies: `dieCost` (dies per wafer, yield model of the design, known-good-die cost with test);
 *  - substrate: the glass process's price per mm² (its wafer price over the usable wafer area)
 *    times the panel area, over `rectanglesPerPanel` substrates per panel (or the wafer price
 *    over `diesPerWaferRect`); yield `negativeBinomialYield` over the fine-line region (the
 *    floorplan outline) x TGV yield^(TGVs over the whole substrate);
 *  - recurring cost: `assemblyFlowCost` over three steps (tested substrate, die and stack attach,
 *    package test); NRE: `chipNrePerUnitUsd` plus the glass mask set and the carrier's package NRE;
 *  - bandwidth: `sideBySideLinkBandwidth` on the floorplan, HBM stacks at full bandwidth;
 *  - thermal: `prepareCompactThermal` with no lateral interposer coupling (glass k ≈ 1.1 W/mK,
 *    about 1 % of silicon's).
 */
import {
  type CarrierKind,
  assemblyFlowCost,
  chipNrePerUnitUsd,
  dieCost,
  diesPerWaferRect,
  hbmBandwidthGBps,
  hbmInterfacePowerW,
  negativeBinomialYield,
  phyModuleBandwidthGBps,
  prepareCompactThermal,
  rectanglesPerPanel,
  reticleIssues,
  sideBySideFloorplan,
  sideBySideLinkBandwidth,
  type BondingProcess,
  type Carrier,
  type CompactThermalModel,
  type DieCost,
  type FlowItem,
  type Floorplan,
  type FloorplanItem,
  type InfeasibilityReason,
  type Metrics,
  type ProcessNode,
  type ResolvedDesign,
  type TechnologyLibrary,
  type ThermalColumn,
  type ThermalPackage,
} from '@chiplet-dse/core';
import type { GlassCoreDesign } from './glassCorePlugin.js';

/** The carrier kind the plugin builds on (the library's `glass_interposer` is one). */
export const GLASS_KIND: CarrierKind = 'glass-interposer';

export type SubstrateFormat = 'panel' | 'wafer';

export interface GlassSubstrate {
  widthMm: number;
  heightMm: number;
  areaMm2: number;
  /** Substrates cut from one panel (or wafer); 0 when one does not fit. */
  perCarrier: number;
  /** Glass process price per mm² (wafer price over the usable wafer area). */
  glassUsdPerMm2: number;
  /** Cost of one substrate: its share of the panel (or wafer) + the carrier's per-mm² bump cost. */
  costUsd: number;
  tgvCount: number;
  /** NB defect yield over the floorplan outline x TGV yield over the whole substrate. */
  yield: number;
}

export interface GlassCoreResult {
  metrics: Metrics;
  floorplan: Floorplan;
  substrate: GlassSubstrate;
}

const MM_PER_UM = 1e-3;
/** A lid and heat sink grow with the package in steps of this many mm (and a sweep reuses them). */
const PLATE_STEP_MM = 10;

/** Usable area of a round wafer: π (D/2 − edge)². */
function usableWaferAreaMm2(node: ProcessNode): number {
  const r = node.waferDiameterMm / 2 - node.edgeExclusionMm;
  return Math.PI * r * r;
}

/** Bonding process of each die and each stack: the assembly tree's, else the carrier's. */
export function attachBondingIds(
  design: ResolvedDesign,
  carrier: Carrier,
): { dies: string[]; stacks: string[] } {
  const named = new Map<string, string>();
  for (const node of design.package.assembly.children) {
    if (node.bonding !== '') named.set(node.ref, node.bonding);
  }
  return {
    dies: design.dies.map((d) => named.get(d.id) ?? carrier.dieBonding),
    stacks: design.memories.map((m) => named.get(m.id) ?? carrier.dieBonding),
  };
}

/** The glass substrate: outline, substrates per panel or wafer, cost and yield. */
export function glassSubstrate(
  carrier: Carrier,
  tech: TechnologyLibrary,
  floorplanWidthMm: number,
  floorplanHeightMm: number,
  options: {
    format: SubstrateFormat;
    panel: string;
    packageAreaFactor: number;
    tgvPitchUm: number;
    tgvYieldPerVia: number;
  },
): GlassSubstrate {
  const node = tech.nodes[carrier.processNode]!;
  const scale = Math.sqrt(options.packageAreaFactor);
  const widthMm = floorplanWidthMm * scale;
  const heightMm = floorplanHeightMm * scale;
  const areaMm2 = widthMm * heightMm;
  const glassUsdPerMm2 = node.waferPriceUsd / usableWaferAreaMm2(node);
  let perCarrier: number;
  let carrierPriceUsd: number;
  if (options.format === 'panel') {
    const panel = tech.panels[options.panel]!;
    const usableW = panel.widthMm - 2 * panel.edgeMm;
    const usableH = panel.heightMm - 2 * panel.edgeMm;
    const fits = (widthMm <= usableW && heightMm <= usableH) || (widthMm <= usableH && heightMm <= usableW);
    perCarrier = fits
      ? rectanglesPerPanel(panel.widthMm, panel.heightMm, panel.edgeMm, widthMm, heightMm, panel.kerfMm)
      : 0;
    carrierPriceUsd = glassUsdPerMm2 * panel.widthMm * panel.heightMm;
  } else {
    perCarrier = Math.floor(
      diesPerWaferRect(node.waferDiameterMm, node.edgeExclusionMm, widthMm, heightMm, node.scribeWidthMm),
    );
    carrierPriceUsd = node.waferPriceUsd;
  }
  // A substrate too large for the panel costs at least a whole panel; the size limit is reported
  // as infeasibility, so the numbers stay finite.
  const costUsd = carrierPriceUsd / Math.max(1, perCarrier) + carrier.costUsdPerMm2 * areaMm2;
  const pitchMm = options.tgvPitchUm * MM_PER_UM;
  const tgvCount = Math.round(areaMm2 / (pitchMm * pitchMm));
  // Fine-line wiring (die to die, die to HBM) lies under the placed dies and stacks; the fan-out
  // ring to the balls is coarse, so only the floorplan outline carries the carrier's defect density.
  const defectYield = negativeBinomialYield(
    floorplanWidthMm * floorplanHeightMm,
    carrier.defectDensityPerCm2,
    carrier.clusteringAlpha,
  );
  return {
    widthMm,
    heightMm,
    areaMm2,
    perCarrier,
    glassUsdPerMm2,
    costUsd,
    tgvCount,
    yield: defectYield * Math.pow(options.tgvYieldPerVia, tgvCount),
  };
}

/** Prepared thermal models per package (building one tabulates the plate's Green function). */
const THERMAL_CACHE_LIMIT = 32;
const thermalCache = new Map<string, CompactThermalModel>();

function thermalModel(pkg: ThermalPackage): CompactThermalModel {
  const p = pkg.plate;
  const key = JSON.stringify([p, pkg.ambientC, pkg.calibration, pkg.interposerCouplingScale]);
  let model = thermalCache.get(key);
  if (model === undefined) {
    if (thermalCache.size >= THERMAL_CACHE_LIMIT) thermalCache.clear();
    model = prepareCompactThermal(pkg);
    thermalCache.set(key, model);
  }
  return model;
}

/** Area-specific resistance of a layer, mm²·K/W, from its thickness (µm) and conductivity (W/mK). */
function layerResistanceMm2KPerW(thicknessUm: number, conductivityWPerMK: number): number {
  return thicknessUm / conductivityWPerMK;
}

export function evaluateGlassCore(
  plugin: { id: string; version: string },
  design: GlassCoreDesign,
  tech: TechnologyLibrary,
): GlassCoreResult {
  const opts = design.package.options;
  const method = opts.diesPerWafer;
  const carrierId = design.package.carrier;
  const carrier = tech.carriers[carrierId]!;
  const volume = design.system.volumeUnits;
  const reasons: InfeasibilityReason[] = [];

  // --- geometry: dies and stacks side by side with the carrier's spacing ---------------------------
  const items: FloorplanItem[] = [
    ...design.dies.map((d) => ({ id: d.id, widthMm: d.widthMm, heightMm: d.heightMm, kind: 'die' as const })),
    ...design.memories.map((m) => {
      const g = tech.hbm[m.generation]!;
      return {
        id: m.id,
        widthMm: g.footprintWidthMm,
        heightMm: g.footprintLengthMm,
        kind: 'memory' as const,
        attachedTo: m.attachedTo,
      };
    }),
  ];
  const fp = sideBySideFloorplan(items, {
    dieSpacingMm: carrier.dieSpacingMm,
    edgeMarginMm: carrier.edgeMarginMm,
  });
  let siliconAreaMm2 = 0;
  for (const d of design.dies) siliconAreaMm2 += d.areaMm2;
  for (const m of design.memories) {
    const g = tech.hbm[m.generation]!;
    siliconAreaMm2 += g.footprintWidthMm * g.footprintLengthMm;
  }

  // --- the glass substrate ------------------------------------------------------------------------
  const format: SubstrateFormat = opts.format;
  const substrate = glassSubstrate(carrier, tech, fp.carrier.widthMm, fp.carrier.heightMm, {
    format,
    panel: opts.panel,
    packageAreaFactor: opts.packageAreaFactor,
    tgvPitchUm: opts.tgvPitchUm,
    tgvYieldPerVia: opts.tgvYieldPerVia,
  });
  if (substrate.perCarrier < 1) {
    const where = format === 'panel' ? `panel ${opts.panel}` : `a ${carrier.processNode} wafer`;
    reasons.push({
      code: 'carrier-size-limit',
      message: `glass substrate ${substrate.widthMm.toFixed(1)} x ${substrate.heightMm.toFixed(1)} mm does not fit ${where}`,
      value: substrate.areaMm2,
      limit: 0,
    });
  }
  if (carrier.maxAreaMm2 > 0 && substrate.areaMm2 > carrier.maxAreaMm2) {
    reasons.push({
      code: 'carrier-size-limit',
      message: `${carrierId}: ${substrate.areaMm2.toFixed(0)} mm² exceeds the ${carrier.maxAreaMm2} mm² limit of ${carrier.name}`,
      value: substrate.areaMm2,
      limit: carrier.maxAreaMm2,
    });
  }

  // --- links: bandwidth on the floorplan, I/O power per die, signal bonds per die ----------------
  const n = design.dies.length;
  const ioPowerWByDie = new Array<number>(n).fill(0);
  const signalBondsByDie = new Array<number>(n).fill(0);
  const linked = design.dies.filter((d) => d.hasD2d);
  for (const d of linked) {
    const phy = tech.phys[d.phy]!;
    if (phy.carrierKinds.length > 0 && !phy.carrierKinds.includes(GLASS_KIND)) {
      reasons.push({
        code: 'other',
        message: `${d.id}: PHY ${d.phy} is not built for a ${GLASS_KIND} carrier (it is for ${phy.carrierKinds.join(', ')})`,
        value: 0,
        limit: 0,
      });
    }
  }
  const links =
    design.links.length === 0
      ? { links: [], aggregateD2dGBps: 0, outOfReach: [], allocations: [] }
      : sideBySideLinkBandwidth(fp.placements, linked, design.links, tech.phys);
  const dieIndex = new Map(design.dies.map((d, i) => [d.id, i] as const));
  let linkIoPowerW = 0;
  let weightedEnergy = 0;
  let requiredGBps = 0;
  links.links.forEach((l, k) => {
    const a = dieIndex.get(l.from)!;
    const b = dieIndex.get(l.to)!;
    ioPowerWByDie[a]! += l.ioPowerW / 2;
    ioPowerWByDie[b]! += l.ioPowerW / 2;
    linkIoPowerW += l.ioPowerW;
    weightedEnergy += l.energyPjPerBit * l.requiredGBps;
    requiredGBps += l.requiredGBps;
    for (const i of [a, b]) {
      const phy = tech.phys[design.dies[i]!.phy]!;
      const moduleGBps = phyModuleBandwidthGBps(phy);
      // PHY modules built at this end: enough for the required bandwidth, at most what fits.
      const modules =
        moduleGBps > 0
          ? Math.min(Math.ceil(l.requiredGBps / moduleGBps), Math.floor(l.availableGBps / moduleGBps))
          : 0;
      signalBondsByDie[i]! += modules * phy.lanesPerModule * 2;
    }
    const alloc = links.allocations[k]!;
    if (links.outOfReach[k] === true) {
      reasons.push({
        code: 'link-reach',
        message: `link ${l.from} -> ${l.to}: dies ${alloc.gapMm.toFixed(1)} mm apart, beyond the PHY reach of ${alloc.reachMm} mm`,
        value: alloc.gapMm,
        limit: alloc.reachMm,
      });
    } else if (l.availableGBps < l.requiredGBps) {
      reasons.push({
        code: 'link-bandwidth',
        message: `link ${l.from} -> ${l.to}: ${l.availableGBps.toFixed(0)} GB/s available, ${l.requiredGBps.toFixed(0)} GB/s required`,
        value: l.availableGBps,
        limit: l.requiredGBps,
      });
    }
  });

  // --- memory: purchased known-good stacks, every attached stack at full bandwidth ---------------
  let stacksUsd = 0;
  let memoryGBps = 0;
  let hbmIoPowerW = 0;
  const stackPowerW = design.memories.map((m) => {
    const g = tech.hbm[m.generation]!;
    stacksUsd += g.costUsdPerStack;
    if (m.attachedTo === '') return 0;
    const bw = hbmBandwidthGBps(g, 1);
    memoryGBps += bw;
    hbmIoPowerW += hbmInterfacePowerW(g, bw);
    return g.powerWPerStack;
  });

  // --- dies: wafer, yield and known-good-die cost per instance -------------------------------------
  const perDie: DieCost[] = design.dies.map((d) =>
    dieCost(d.widthMm, d.heightMm, tech.nodes[d.node]!, design.system.yieldModel, tech.test, method),
  );
  let rawUsd = 0;
  let dieTestUsd = 0;
  let defectLossUsd = 0;
  let escapeQuality = 1;
  let dieYieldProduct = 1;
  for (const c of perDie) {
    rawUsd += c.rawUsd;
    dieTestUsd += c.testUsd;
    defectLossUsd += c.defectLossUsd;
    escapeQuality *= c.outgoingQuality;
    dieYieldProduct *= c.dieYield;
  }

  // --- attach: every die and stack placed on the glass, per-die and per-signal-bond yields ---------
  const bondingIds = attachBondingIds(design, carrier);
  const bondingsDies: BondingProcess[] = bondingIds.dies.map((id) => tech.bonding[id]!);
  const bondingsStacks: BondingProcess[] = bondingIds.stacks.map((id) => tech.bonding[id]!);
  let attachUsd = 0;
  let bumpUsd = 0;
  let attachYield = 1;
  bondingsDies.forEach((b, i) => {
    attachUsd += b.costUsdPerDie;
    bumpUsd += b.costUsdPerMm2 * design.dies[i]!.areaMm2;
    attachYield *= b.yieldPerDie * Math.pow(b.yieldPerBond, signalBondsByDie[i]!);
  });
  for (const b of bondingsStacks) {
    attachUsd += b.costUsdPerDie;
    attachYield *= b.yieldPerDie;
  }

  // --- recurring cost: tested substrate + known-good dies and stacks -> attach -> package test -----
  const packageTestYield = 1 - (1 - escapeQuality) * tech.test.packageTestCoverage;
  const flowItems: FlowItem[] = [
    { category: 'carrier', costUsd: substrate.costUsd / substrate.yield, entryStep: 0, loss: 'packageScrap' },
    { category: 'rawDies', costUsd: rawUsd, entryStep: 0, loss: 'wastedGoodDies' },
    { category: 'defectLoss', costUsd: defectLossUsd, entryStep: 0, loss: 'wastedGoodDies' },
    { category: 'test', costUsd: dieTestUsd, entryStep: 0, loss: 'wastedGoodDies' },
    { category: 'bondingAssembly', costUsd: bumpUsd, entryStep: 0, loss: 'wastedGoodDies' },
    { category: 'components', costUsd: stacksUsd, entryStep: 0, loss: 'wastedGoodDies' },
    { category: 'bondingAssembly', costUsd: attachUsd, entryStep: 0, loss: 'packageScrap' },
    { category: 'test', costUsd: tech.test.packageTestCostUsd, entryStep: 1, loss: 'packageScrap' },
  ];
  // The substrate is tested before assembly: bad substrates are discarded, so a good one costs
  // cost / yield (its own defect loss is carrier cost). Steps: attach (0), package test (1).
  const flow = assemblyFlowCost(flowItems, [attachYield, packageTestYield]);

  // --- NRE: chip designs, the glass process's mask set, the substrate design ---------------------
  const chip = chipNrePerUnitUsd(design.dies, tech, volume);
  const glassNode = tech.nodes[carrier.processNode]!;
  const nre = {
    designUsd: chip.designUsd,
    masksUsd: chip.masksUsd + glassNode.maskSetUsd / volume,
    d2dPhyUsd: chip.d2dPhyUsd,
    packageUsd: (carrier.nreUsdPerMm2 * substrate.areaMm2 + carrier.nreFixedUsd) / volume,
  };
  const nreUsd = nre.designUsd + nre.masksUsd + nre.d2dPhyUsd + nre.packageUsd;

  // --- thermal: one column per die and per stack under one lid; glass couples nothing laterally ---
  const cooling = tech.cooling[design.system.cooling]!;
  const cal = tech.thermalCalibration;
  const plateW = Math.max(
    cooling.plateWidthMm,
    Math.ceil(fp.carrier.widthMm / PLATE_STEP_MM) * PLATE_STEP_MM,
  );
  const plateL = Math.max(
    cooling.plateLengthMm,
    Math.ceil(fp.carrier.heightMm / PLATE_STEP_MM) * PLATE_STEP_MM,
  );
  const offX = (plateW - fp.carrier.widthMm) / 2;
  const offY = (plateL - fp.carrier.heightMm) / 2;
  const timR = layerResistanceMm2KPerW(cal.timThicknessUm, tech.materials['tim']!.conductivityWPerMK);
  const dieR =
    layerResistanceMm2KPerW(cal.dieBulkThicknessUm, tech.materials['silicon']!.conductivityWPerMK) + timR;
  const columnPowers = [
    ...design.dies.map((d, i) => d.powerW + ioPowerWByDie[i]!),
    ...design.memories.map((_, i) => stackPowerW[i]!),
  ];
  const columns: ThermalColumn[] = fp.placements.map((p, i) => {
    const isDie = i < design.dies.length;
    const verticalResistanceMm2KPerW = isDie
      ? dieR
      : layerResistanceMm2KPerW(
          cal.dieBulkThicknessUm,
          tech.hbm[design.memories[i - design.dies.length]!.generation]!.thermalConductivityWPerMK,
        ) + timR;
    return {
      xMm: offX + p.xMm + p.widthMm / 2,
      yMm: offY + p.yMm + p.heightMm / 2,
      widthMm: p.widthMm,
      lengthMm: p.heightMm,
      kind: isDie ? 'si' : 'hbm',
      tiers: [{ powerW: columnPowers[i]!, verticalResistanceMm2KPerW }],
    };
  });
  const temps = thermalModel({
    plate: {
      widthMm: plateW,
      lengthMm: plateL,
      thicknessMm: cooling.lidThicknessMm + cooling.sinkBaseThicknessMm,
      conductivityWPerMK: cooling.plateConductivityWPerMK,
      sinkResistanceKPerW: cooling.sinkResistanceKPerW,
    },
    ambientC: design.system.ambientC,
    calibration: cal,
    interposerCouplingScale: 0,
  }).evaluate(columns);
  const dieTemps = fp.placements.map((p, i) => ({
    id: p.id,
    powerW: columnPowers[i]!,
    tempC: temps.columns[i]!.peakC,
  }));
  if (temps.peakC > design.system.maxJunctionC) {
    const hot = dieTemps.reduce((a, b) => (b.tempC > a.tempC ? b : a));
    reasons.push({
      code: 'over-temperature',
      message: `${hot.id} reaches ${hot.tempC.toFixed(1)} °C, above the ${design.system.maxJunctionC} °C limit`,
      value: temps.peakC,
      limit: design.system.maxJunctionC,
    });
  }

  for (const r of reticleIssues(design, tech)) {
    reasons.unshift({
      code: 'reticle-limit',
      message: `${r.dieId}: ${r.areaMm2.toFixed(0)} mm² does not fit the ${r.limitMm2} mm² reticle field`,
      value: r.areaMm2,
      limit: r.limitMm2,
    });
  }

  const scale = Math.sqrt(opts.packageAreaFactor);
  const metrics: Metrics = {
    pluginId: plugin.id,
    pluginVersion: plugin.version,
    cost: {
      totalUsd: flow.recurringUsd + nreUsd,
      recurringUsd: flow.recurringUsd,
      nreUsd,
      recurring: flow.recurring,
      nre,
      knownGoodDieUsd: rawUsd + defectLossUsd + dieTestUsd,
    },
    yields: {
      dies: design.dies.map((d, i) => ({ id: d.id, dieYield: perDie[i]!.dieYield })),
      carrier: substrate.yield,
      assembly: attachYield,
      package: attachYield * escapeQuality,
      compound: dieYieldProduct * substrate.yield * attachYield,
    },
    bandwidth: {
      links: links.links,
      aggregateD2dGBps: links.aggregateD2dGBps,
      memoryGBps,
      energyPjPerBit: requiredGBps > 0 ? weightedEnergy / requiredGBps : 0,
      ioPowerW: linkIoPowerW + hbmIoPowerW,
    },
    thermal: { dies: dieTemps, peakTempC: temps.peakC },
    geometry: {
      packageAreaMm2: substrate.areaMm2,
      carrierAreaMm2: substrate.areaMm2,
      siliconAreaMm2,
      packageWidthMm: fp.carrier.widthMm * scale,
      packageHeightMm: fp.carrier.heightMm * scale,
    },
    feasibility: { feasible: reasons.length === 0, reasons },
  };
  return { metrics, floorplan: fp, substrate };
}

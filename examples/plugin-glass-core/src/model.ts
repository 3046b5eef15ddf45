/**
 * Glass-core substrate: dies and HBM stacks side by side directly on a glass-core package
 * substrate (a glass core with through-glass vias, TGVs, and build-up wiring on both faces; Intel's
 * announced glass substrates). Unlike 2.5D there is no interposer on an organic substrate: the
 * glass substrate is the package, and it is cut from a large rectangular glass panel (or a 300 mm
 * glass wafer).
 *
 * The plugin's own physics is the glass substrate (panel or wafer format, TGV yield); everything
 * else comes from @chiplet-dse/core and its plugin kit (docs/plugin-authoring.md):
 *  - geometry: `sideBySideFloorplan` with the carrier's spacing and margin; the substrate is the
 *    floorplan outline grown by `packageAreaFactor` for the ball-grid fan-out;
 *  - dies: `dieCosts` (dies per wafer, yield model of the design, known-good-die cost with test);
 *  - substrate: the glass process's price per mm² (its wafer price over the usable wafer area)
 *    times the panel area, over `rectanglesPerPanel` substrates per panel (or the wafer price
 *    over `diesPerWaferRect`); yield `negativeBinomialYield` over the fine-line region (the
 *    floorplan outline) x TGV yield^(TGVs over the whole substrate);
 *  - attach: `attachTotals` (bonding process per die and stack, per-bond yields);
 *  - recurring cost: `assemblyFlowCost` over two steps (die and stack attach, package test) after
 *    the tested substrate; NRE: `chipNrePerUnitUsd` plus the glass mask set and the carrier's
 *    package NRE;
 *  - bandwidth: `sideBySideLinks` on the floorplan (PHY modules built for what a link can use),
 *    HBM stacks at full bandwidth (`memoryTotals`);
 *  - thermal: `runThermal` with no lateral interposer coupling (glass k ≈ 1.1 W/mK, about 1 % of
 *    silicon's); the plate always rounds up to whole steps ("always-stepped").
 *  - metrics: `assembleMetrics`.
 */
import {
  type CarrierKind,
  assembleMetrics,
  assemblyFlowCost,
  attachTotals,
  carrierSizeReasons,
  chipNrePerUnitUsd,
  dieAndStackAreaMm2,
  dieCosts,
  diesPerWaferRect,
  flipChipDieColumns,
  hbmFloorplanItems,
  hbmStackColumns,
  memoryTotals,
  negativeBinomialYield,
  rectanglesPerPanel,
  reticleReasons,
  runThermal,
  sideBySideFloorplan,
  sideBySideLinks,
  type Carrier,
  type FlowItem,
  type Floorplan,
  type FloorplanItem,
  type InfeasibilityReason,
  type Metrics,
  type ProcessNode,
  type TechnologyLibrary,
} from '@chiplet-dse/core';
import type { GlassCoreDesign } from './plugin.js';

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

/** Usable area of a round wafer: π (D/2 − edge)². */
function usableWaferAreaMm2(node: ProcessNode): number {
  const r = node.waferDiameterMm / 2 - node.edgeExclusionMm;
  return Math.PI * r * r;
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
    ...hbmFloorplanItems(design, tech),
  ];
  const fp = sideBySideFloorplan(items, {
    dieSpacingMm: carrier.dieSpacingMm,
    edgeMarginMm: carrier.edgeMarginMm,
  });
  const siliconAreaMm2 = dieAndStackAreaMm2(design, tech);

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
  reasons.push(...carrierSizeReasons(carrierId, carrier, substrate.areaMm2));

  // --- links, memory, dies and their attach: the kit ------------------------------------------------
  const links = sideBySideLinks(design, tech, fp.placements, GLASS_KIND, [], { phyModules: 'usable' });
  reasons.push(...links.reasons);
  // Purchased known-good stacks, every attached stack at full bandwidth.
  const memory = memoryTotals(design, tech, (m) => m.attachedTo !== '');
  const dc = dieCosts(design, tech, method);
  const attach = attachTotals(design, tech, links.signalBondsByDie);

  // --- recurring cost: tested substrate + known-good dies and stacks -> attach -> package test -----
  const packageTestYield = 1 - (1 - dc.escapeQuality) * tech.test.packageTestCoverage;
  const flowItems: FlowItem[] = [
    { category: 'carrier', costUsd: substrate.costUsd / substrate.yield, entryStep: 0, loss: 'packageScrap' },
    { category: 'rawDies', costUsd: dc.rawUsd, entryStep: 0, loss: 'wastedGoodDies' },
    { category: 'defectLoss', costUsd: dc.defectLossUsd, entryStep: 0, loss: 'wastedGoodDies' },
    { category: 'test', costUsd: dc.testUsd, entryStep: 0, loss: 'wastedGoodDies' },
    { category: 'bondingAssembly', costUsd: attach.bumpUsd, entryStep: 0, loss: 'wastedGoodDies' },
    { category: 'components', costUsd: memory.costUsd, entryStep: 0, loss: 'wastedGoodDies' },
    { category: 'bondingAssembly', costUsd: attach.placeUsd, entryStep: 0, loss: 'packageScrap' },
    { category: 'test', costUsd: tech.test.packageTestCostUsd, entryStep: 1, loss: 'packageScrap' },
  ];
  // The substrate is tested before assembly: bad substrates are discarded, so a good one costs
  // cost / yield (its own defect loss is carrier cost). Steps: attach (0), package test (1).
  const flow = assemblyFlowCost(flowItems, [attach.yield, packageTestYield]);

  // --- NRE: chip designs, the glass process's mask set, the substrate design ---------------------
  const chip = chipNrePerUnitUsd(design.dies, tech, volume);
  const glassNode = tech.nodes[carrier.processNode]!;
  const nre = {
    designUsd: chip.designUsd,
    masksUsd: chip.masksUsd + glassNode.maskSetUsd / volume,
    d2dPhyUsd: chip.d2dPhyUsd,
    packageUsd: (carrier.nreUsdPerMm2 * substrate.areaMm2 + carrier.nreFixedUsd) / volume,
  };

  // --- thermal: one column per die and per stack under one lid; glass couples nothing laterally ---
  const columns = [
    ...flipChipDieColumns(design, tech, links.ioPowerWByDie),
    ...hbmStackColumns(design, tech, memory.powerWByStack),
  ];
  const thermal = runThermal(design, tech, fp.placements, fp.carrier, columns, 0, 'always-stepped');
  reasons.push(...thermal.reasons);
  reasons.unshift(...reticleReasons(design, tech));

  const scale = Math.sqrt(opts.packageAreaFactor);
  const metrics: Metrics = assembleMetrics(plugin, design, {
    flow,
    nre,
    dies: dc,
    yields: { carrier: substrate.yield, assembly: attach.yield, package: attach.yield * dc.escapeQuality },
    links,
    memory,
    thermal,
    geometry: {
      packageAreaMm2: substrate.areaMm2,
      carrierAreaMm2: substrate.areaMm2,
      siliconAreaMm2,
      packageWidthMm: fp.carrier.widthMm * scale,
      packageHeightMm: fp.carrier.heightMm * scale,
    },
    reasons,
  });
  return { metrics, floorplan: fp, substrate };
}

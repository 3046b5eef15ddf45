/**
 * RDL (redistribution-layer) packages: dies side by side on a fan-out RDL built on a 300 mm wafer
 * (fanout plugin, InFO-oS-like) or on a rectangular panel (plp plugin, FOPLP / CoPoS-like).
 * Cost and yield follow Chiplet Actuary's FO model (Feng & Ma, DAC 2022, A5: chip-first and
 * chip-last) as an assembly flow, generalised with RDL layer count, test coverage, per-bond yields
 * and HBM; the D2D bandwidth is capped by the RDL's wiring capacity. Equations:
 * docs/models/fanout.md (shared part) and docs/models/plp.md.
 */
import {
  assembleMetrics,
  carrierSizeReasons,
  assemblyFlowCost,
  attachTotals,
  chipNrePerUnitUsd,
  dieCosts,
  flipChipDieColumns,
  footprintIssues,
  hbmFloorplanItems,
  hbmStackColumns,
  layerFactor,
  memoryTotals,
  missingBondingId,
  negativeBinomialYield,
  reticleReasons,
  runThermal,
  sideBySideFloorplan,
  sideBySideLinks,
  substrateCostUsd,
  substrateNreUsd,
  waferCarrierCost,
  YIELD_FLOOR,
  type Carrier,
  type CarrierKind,
  type DiesPerWaferMethod,
  type Floorplan,
  type FloorplanItem,
  type FlowItem,
  type InfeasibilityReason,
  type InputIssue,
  type LinkResult,
  type Metrics,
  type OptionSpec,
  type Placement,
  type ResolvedDesign,
  type TechnologyLibrary,
  diesPerWaferOption,
} from '@chiplet-dse/core';

export type RdlFlow = 'chip-first' | 'chip-last';
export type RdlAreaModel = 'floorplan' | 'actuary';

/** Slack when turning a layer fraction into whole layers (0.5 x 4 must give 2, not 3). */
const LAYER_FIT_TOLERANCE = 1e-9;

// ---------------------------------------------------------------------------------------------
// Options shared by the RDL plugins
// ---------------------------------------------------------------------------------------------

export const RDL_OPTIONS = {
  flow: {
    type: 'enum',
    description:
      'Assembly flow: "chip-last" bonds known-good dies onto a tested RDL (micro-bumps; a bad RDL wastes no die); "chip-first" embeds the dies in mold and builds the RDL on them (no die bond, but an RDL defect destroys the dies). Chiplet Actuary A5.',
    default: 'chip-last',
    values: ['chip-first', 'chip-last'],
  },
  rdlLayers: {
    type: 'number',
    description:
      "RDL metal layers; 0 = the carrier's rdlLayers (the reference count its cost and defect density are given for). Cost and killer-defect exposure scale linearly with the layer count; about half the layers carry signals (signalLayerFraction).",
    default: 0,
    min: 0,
    integer: true,
  },
  lineSpaceUm: {
    type: 'number',
    description:
      "RDL line width (= space) of the signal layers, µm; 0 = the carrier's lineSpaceUm. Sets the wiring density 1000 / (2 · lineSpace) wires per mm per layer, which caps D2D bandwidth. Cost and yield do not depend on it (no public data).",
    default: 0,
    min: 0,
    unit: 'um',
  },
  signalLayerFraction: {
    type: 'number',
    description:
      'Share of the RDL layers that carry signals (the rest are power/ground reference planes); signal layers = max(1, ceil(fraction x layers)). 0.5 = signal layers alternating with ground planes, the stripline/microstrip stack-up of InFO and CoWoS-R RDLs.',
    default: 0.5,
    min: 0.01,
    max: 1,
  },
  rdlArea: {
    type: 'enum',
    description:
      'RDL area: "floorplan" = the placed dies (carrier spacing and margins), grown by a uniform fan-out ring to at least areaFactorOverDies x the silicon area; "actuary" = areaFactorOverDies x the silicon area, square (Chiplet Actuary FO: 1.2x).',
    default: 'floorplan',
    values: ['floorplan', 'actuary'],
  },
  packageSubstrate: {
    type: 'enum',
    description:
      'Organic substrate the RDL module is mounted on (carrier id of kind organic-substrate): its $/mm², defect density and NRE price the package substrate of substrateAreaFactor x the RDL area.',
    default: 'organic_substrate',
    values: ['organic_substrate'],
  },
  diesPerWafer: diesPerWaferOption,
} as const satisfies Record<string, OptionSpec>;

export interface RdlSettings {
  flow: RdlFlow;
  /** RDL layers built, L. */
  layers: number;
  /** Layers the carrier's (or panel's) cost and defect density are given for, L_ref. */
  referenceLayers: number;
  /** L / L_ref: multiplies the RDL's processing cost and its killer-defect exposure. */
  layerRatio: number;
  lineSpaceUm: number;
  signalLayers: number;
  areaModel: RdlAreaModel;
  diesPerWafer: DiesPerWaferMethod;
  substrateId: string;
}

/** Signal layers of an RDL stack: max(1, ⌈fraction · layers⌉). */
export function rdlSignalLayers(layers: number, signalLayerFraction: number): number {
  return Math.max(1, Math.ceil(signalLayerFraction * layers - LAYER_FIT_TOLERANCE));
}

/** Resolves the RDL options of a design against its carrier (0 = the carrier's value). */
export function rdlSettings(design: ResolvedDesign, carrier: Carrier): RdlSettings {
  const o = design.package.options;
  const given = Number(o['rdlLayers'] ?? 0);
  const referenceLayers = carrier.rdlLayers;
  const layers = given > 0 ? given : referenceLayers;
  const givenLs = Number(o['lineSpaceUm'] ?? 0);
  const lineSpaceUm = givenLs > 0 ? givenLs : carrier.lineSpaceUm;
  return {
    flow: o['flow'] === 'chip-first' ? 'chip-first' : 'chip-last',
    layers,
    referenceLayers,
    layerRatio: layers / referenceLayers,
    lineSpaceUm,
    signalLayers: rdlSignalLayers(
      layers,
      Number(o['signalLayerFraction'] ?? RDL_OPTIONS.signalLayerFraction.default),
    ),
    areaModel: o['rdlArea'] === 'actuary' ? 'actuary' : 'floorplan',
    diesPerWafer: o['diesPerWafer'] === 'analytic' ? 'analytic' : 'exact',
    substrateId: String(o['packageSubstrate'] ?? RDL_OPTIONS.packageSubstrate.default),
  };
}

// ---------------------------------------------------------------------------------------------
// Input checks
// ---------------------------------------------------------------------------------------------

export interface RdlValidateOptions {
  /** Whether the RDL module sits on an organic package substrate (checks its id and bonding). */
  needsSubstrate: boolean;
  /** Whether dies larger than the carrier's maxAreaMm2 are refused (wafer-made RDL). */
  checkCarrierMaxArea: boolean;
}

/** What an RDL package cannot build at all (exit code 2). */
export function validateRdl(
  pluginId: string,
  design: ResolvedDesign,
  tech: TechnologyLibrary,
  opts: RdlValidateOptions,
): InputIssue[] {
  const issues: InputIssue[] = [];
  const carrierId = design.package.carrier;
  const carrier = tech.carriers[carrierId]!;
  if (!(carrier.rdlLayers >= 1)) {
    issues.push({
      path: 'package.carrier',
      expected: `a carrier with rdlLayers >= 1 (the layer count its cost is given for) for plugin ${pluginId}`,
      found: `${carrierId} with rdlLayers ${carrier.rdlLayers}`,
    });
  }
  if (!(carrier.lineSpaceUm > 0) && !(Number(design.package.options['lineSpaceUm'] ?? 0) > 0)) {
    issues.push({
      path: 'package.options.lineSpaceUm',
      expected: `a line/space > 0 µm (option or carrier lineSpaceUm) for plugin ${pluginId}`,
      found: `carrier ${carrierId} lineSpaceUm ${carrier.lineSpaceUm}`,
    });
  }
  if (opts.needsSubstrate) {
    const subId = String(design.package.options['packageSubstrate'] ?? '');
    const sub = tech.carriers[subId];
    if (sub === undefined || sub.kind !== 'organic-substrate') {
      issues.push({
        path: 'package.options.packageSubstrate',
        expected: `an organic-substrate carrier id of the technology library for plugin ${pluginId}`,
        found: sub === undefined ? JSON.stringify(subId) : `${subId} (${sub.kind})`,
      });
    }
    if (tech.bonding[carrier.substrateBonding] === undefined) {
      issues.push({
        path: 'package.carrier',
        expected: `a carrier whose substrateBonding is a bonding id of the technology library`,
        found: `${carrierId} with substrateBonding ${JSON.stringify(carrier.substrateBonding)}`,
      });
    }
  }
  const missing = missingBondingId(design, tech);
  if (missing !== undefined) {
    issues.push({
      path: 'package.carrier',
      expected: `a carrier whose dieBonding is a bonding id of the technology library`,
      found: `${carrierId} with dieBonding ${JSON.stringify(missing)}`,
    });
  }
  if (design.memories.length > 0 && design.package.options['flow'] === 'chip-first') {
    issues.push({
      path: 'package.options.flow',
      expected: `chip-last with HBM stacks for plugin ${pluginId} (a purchased stack is bonded onto a finished RDL; chip-first would bury it in mold before the RDL is built)`,
      found: `chip-first with ${design.memories.length} stacks`,
    });
  }
  if (opts.checkCarrierMaxArea) issues.push(...footprintIssues(design, tech));
  return issues;
}

// ---------------------------------------------------------------------------------------------
// Geometry
// ---------------------------------------------------------------------------------------------

export interface RectSize {
  widthMm: number;
  heightMm: number;
  areaMm2: number;
}

/**
 * `r` grown by a ring of uniform width m on every side to area `areaMm2` (unchanged when it is
 * already that large): (w + 2m)(h + 2m) = A, m = Δ / ((w + h) + √((w + h)² + 4Δ)), Δ = A − wh.
 * The fan-out region and the package substrate surround what they carry at a constant distance.
 */
export function growRectToArea(r: RectSize, areaMm2: number): RectSize {
  const delta = areaMm2 - r.widthMm * r.heightMm;
  if (!(delta > 0)) return { widthMm: r.widthMm, heightMm: r.heightMm, areaMm2: r.widthMm * r.heightMm };
  const perimeterHalf = r.widthMm + r.heightMm;
  const ring = delta / (perimeterHalf + Math.sqrt(perimeterHalf * perimeterHalf + 4 * delta));
  const widthMm = r.widthMm + 2 * ring;
  const heightMm = r.heightMm + 2 * ring;
  return { widthMm, heightMm, areaMm2: widthMm * heightMm };
}

export interface RdlGeometry {
  floorplan: Floorplan;
  /** Dies plus HBM footprints, mm². */
  siliconAreaMm2: number;
  /** The RDL region that holds the dies and routes between them (A_int). */
  rdl: RectSize;
  /** The package outline: A_int grown by a uniform ring to substrateAreaFactor x A_int (A_pkg). */
  pkg: RectSize;
}

/**
 * RDL area A_int and package area A_pkg (Chiplet Actuary A5: A_int = k·ΣA, A_pkg = 4·A_int),
 * with the floorplan alternative: A_int = max(k·ΣA, floorplan outline), the outline grown by a
 * uniform fan-out ring, so that exact carrier counts see a real rectangle.
 */
export function rdlGeometry(
  design: ResolvedDesign,
  tech: TechnologyLibrary,
  carrier: Carrier,
  areaModel: RdlAreaModel,
): RdlGeometry {
  const items: FloorplanItem[] = [
    ...design.dies.map((d) => ({ id: d.id, widthMm: d.widthMm, heightMm: d.heightMm, kind: 'die' as const })),
    ...hbmFloorplanItems(design, tech),
  ];
  const floorplan = sideBySideFloorplan(items, {
    dieSpacingMm: carrier.dieSpacingMm,
    edgeMarginMm: carrier.edgeMarginMm,
  });
  let siliconAreaMm2 = 0;
  for (const it of items) siliconAreaMm2 += it.widthMm * it.heightMm;
  const fanOutAreaMm2 = carrier.areaFactorOverDies * siliconAreaMm2;
  let rdl: RectSize;
  if (areaModel === 'actuary') {
    const side = Math.sqrt(fanOutAreaMm2);
    rdl = { widthMm: side, heightMm: side, areaMm2: side * side };
  } else {
    rdl = growRectToArea(floorplan.carrier, fanOutAreaMm2);
  }
  const pkg = growRectToArea(rdl, carrier.substrateAreaFactor * rdl.areaMm2);
  return { floorplan, siliconAreaMm2, rdl, pkg };
}

// ---------------------------------------------------------------------------------------------
// RDL wiring and D2D links
// ---------------------------------------------------------------------------------------------

/**
 * D2D links over the RDL: per link the smaller of the PHY shoreline model and the RDL wiring
 * capacity over the shoreline the link was granted (the kit's `sideBySideLinks` with a wiring
 * cap); PHY modules are built for at most what the link can use.
 */
export function rdlLinks(
  design: ResolvedDesign,
  tech: TechnologyLibrary,
  placements: readonly Placement[],
  carrierKind: CarrierKind,
  lineSpaceUm: number,
  signalLayers: number,
): LinkResult {
  return sideBySideLinks(design, tech, placements, carrierKind, [], {
    wiring: { lineSpaceUm, signalLayers },
    phyModules: 'usable',
  });
}

// ---------------------------------------------------------------------------------------------
// Carriers: the RDL unit and the organic substrate
// ---------------------------------------------------------------------------------------------

/** One RDL unit (interposer or fan-out package) before assembly. */
export interface RdlUnit {
  /** Processing share of the wafer or panel (x L/L_ref) plus the per-mm² cost, USD. */
  costUsd: number;
  /** Y1: per-layer defect yield x stitch yield. */
  yield: number;
  /** Units per wafer or panel (may be < 1 when the unit does not fit). */
  perCarrier: number;
}

/**
 * Yield of an RDL stack of L layers when D0 and α describe the reference stack of L_ref layers:
 * each layer adds its own killer defects, so Y = NB(A, D0, α)^(L/L_ref) (the per-layer product of
 * CATCH C2 and of the Bose-Einstein model's N critical layers).
 */
export function rdlStackYield(
  areaMm2: number,
  defectDensityPerCm2: number,
  clusteringAlpha: number,
  layerRatio: number,
): number {
  const y = Math.pow(negativeBinomialYield(areaMm2, defectDensityPerCm2, clusteringAlpha), layerRatio);
  return y > YIELD_FLOOR ? y : YIELD_FLOOR;
}

/**
 * RDL made on a wafer of the carrier's process (Actuary A5): C_int = (W / N(A_int))·L/L_ref +
 * c·A_int, with N exact or analytic; Y1 = NB(A_int, D0, α)^(L/L_ref) · y_stitch^stitches.
 */
export function waferRdlUnit(
  carrier: Carrier,
  tech: TechnologyLibrary,
  rdl: RectSize,
  settings: RdlSettings,
): RdlUnit {
  const wc = waferCarrierCost(carrier, tech, rdl.widthMm, rdl.heightMm, settings.diesPerWafer);
  const node = tech.nodes[carrier.processNode]!;
  const waferShareUsd = node.waferPriceUsd / Math.max(wc.perWafer, 1);
  const stackYield = rdlStackYield(
    rdl.areaMm2,
    carrier.defectDensityPerCm2,
    carrier.clusteringAlpha,
    settings.layerRatio,
  );
  const y = stackYield * Math.pow(carrier.stitchYield, wc.stitches);
  return {
    costUsd: waferShareUsd * settings.layerRatio + carrier.costUsdPerMm2 * rdl.areaMm2,
    yield: y > YIELD_FLOOR ? y : YIELD_FLOOR,
    perCarrier: wc.perWafer,
  };
}

/** The organic package substrate under an RDL module, and the C4 step that mounts the module. */
export interface SubstrateUnit {
  areaMm2: number;
  /** Raw substrate cost c_sub·A_pkg·f (f: single-module layer factor), USD. */
  costUsd: number;
  yield: number;
  /** Y3: yield of mounting the RDL module on the substrate. */
  attachYield: number;
  attachCostUsd: number;
  /** Substrate NRE (nreUsdPerMm2·A_pkg·f + nreFixedUsd), USD, not amortised. */
  nreUsd: number;
  /** Actuary's advanced-package substrate NRE term: the RE $/mm² times A_pkg (its issue #3). */
  actuaryNreUsd: number;
}

export function organicSubstrateUnit(
  tech: TechnologyLibrary,
  substrateId: string,
  bondingId: string,
  areaMm2: number,
): SubstrateUnit {
  const sub = tech.carriers[substrateId]!;
  const bond = tech.bonding[bondingId]!;
  // The substrate carries one module (the RDL), so its single-die layer factor applies; Actuary
  // applies no layer factor to an advanced package's substrate (factor 1 in both presets).
  const f = layerFactor(sub, areaMm2, 1);
  return {
    areaMm2,
    costUsd: substrateCostUsd(sub, areaMm2, f),
    yield: negativeBinomialYield(areaMm2, sub.defectDensityPerCm2, sub.clusteringAlpha),
    attachYield: bond.yieldPerDie,
    attachCostUsd: bond.costUsdPerDie,
    nreUsd: substrateNreUsd(sub, areaMm2, f),
    actuaryNreUsd: sub.costUsdPerMm2 * areaMm2,
  };
}

// ---------------------------------------------------------------------------------------------
// Metrics
// ---------------------------------------------------------------------------------------------

export interface RdlPackage {
  settings: RdlSettings;
  geometry: RdlGeometry;
  links: LinkResult;
  rdl: RdlUnit;
  /** The organic substrate under the RDL; null when the RDL is the package (FOPLP). */
  substrate: SubstrateUnit | null;
  /** Package NRE (RDL + substrate), USD, not amortised. */
  packageNreUsd: number;
  /** Mask set of the RDL process, USD, not amortised. */
  carrierMasksUsd: number;
  /** Package outline and carrier area reported in the geometry metrics. */
  packageOutline: RectSize;
  carrierAreaMm2: number;
  /** Size-limit reasons found by the plugin. */
  sizeReasons: InfeasibilityReason[];
}

/** Detected yield of a step when package test catches a share `coverage` of its failures. */
function detected(y: number, coverage: number): number {
  return 1 - (1 - y) * coverage;
}

/**
 * Cost, yield, bandwidth and thermal metrics of an RDL package. Assembly flow (Actuary A5 as a
 * sequence of steps, each failure scrapping what already entered the unit):
 * - chip-last: [die attach Y2, module-to-substrate Y3, final test]; the tested RDL enters at the
 *   die-attach step at its known-good cost C_int/Y1.
 * - chip-first: [RDL build on the embedded dies Y1, module-to-substrate Y3, final test]; dies and
 *   the raw RDL enter at the build step, so an RDL defect scraps the dies.
 * Without a substrate the module-to-substrate step is absent.
 */
export function rdlPackageMetrics(
  plugin: { id: string; version: string },
  design: ResolvedDesign,
  tech: TechnologyLibrary,
  p: RdlPackage,
): Metrics {
  const chipFirst = p.settings.flow === 'chip-first';
  const coverage = tech.test.packageTestCoverage;

  // Dies and what is bonded with them.
  const dc = dieCosts(design, tech, p.settings.diesPerWafer);
  // In chip-first the bump $/mm² stands for the die's Cu pillars the RDL vias land on (Actuary
  // charges the micro-bump cost in both flows).
  const attach = attachTotals(design, tech, p.links.signalBondsByDie);
  const bumpUsd = attach.bumpUsd;
  const attachUsd = attach.placeUsd;
  const attachYield = attach.yield;
  const mem = memoryTotals(design, tech);

  // Steps: first the die attach (chip-last) or the RDL build (chip-first), then the substrate.
  const y1 = p.rdl.yield;
  const firstStepYield = chipFirst ? y1 : attachYield;
  const sub = p.substrate;
  const y3 = sub === null ? 1 : sub.attachYield;
  const steps = [detected(firstStepYield, coverage)];
  if (sub !== null) steps.push(detected(y3, coverage));
  const finalStep = steps.length;
  steps.push(detected(dc.escapeQuality, coverage));
  const items: FlowItem[] = [
    { category: 'rawDies', costUsd: dc.rawUsd, entryStep: 0, loss: 'wastedGoodDies' },
    { category: 'defectLoss', costUsd: dc.defectLossUsd, entryStep: 0, loss: 'wastedGoodDies' },
    { category: 'test', costUsd: dc.testUsd, entryStep: 0, loss: 'wastedGoodDies' },
    { category: 'bondingAssembly', costUsd: bumpUsd, entryStep: 0, loss: 'wastedGoodDies' },
    { category: 'components', costUsd: mem.costUsd, entryStep: 0, loss: 'wastedGoodDies' },
    { category: 'bondingAssembly', costUsd: attachUsd, entryStep: 0, loss: 'packageScrap' },
    {
      category: 'carrier',
      // Chip-last: the RDL is tested before the dies go on, so a good unit pays C_int / Y1.
      costUsd: chipFirst ? p.rdl.costUsd : p.rdl.costUsd / y1,
      entryStep: 0,
      loss: 'packageScrap',
    },
    { category: 'test', costUsd: tech.test.packageTestCostUsd, entryStep: finalStep, loss: 'packageScrap' },
  ];
  if (sub !== null) {
    items.push(
      { category: 'carrier', costUsd: sub.costUsd / sub.yield, entryStep: 1, loss: 'packageScrap' },
      { category: 'bondingAssembly', costUsd: sub.attachCostUsd, entryStep: 1, loss: 'packageScrap' },
    );
  }
  const flow = assemblyFlowCost(items, steps);

  // NRE per unit.
  const volume = design.system.volumeUnits;
  const chip = chipNrePerUnitUsd(design.dies, tech, volume);
  const nre = {
    designUsd: chip.designUsd,
    masksUsd: chip.masksUsd + p.carrierMasksUsd / volume,
    d2dPhyUsd: chip.d2dPhyUsd,
    packageUsd: p.packageNreUsd / volume,
  };

  // Thermal: dies and stacks as columns under the lid; no lateral coupling through RDL + mold
  // (docs/reference/thermal-model.md §4.4-4.5: k 0.3-1 W/mK).
  const columns = [
    ...flipChipDieColumns(design, tech, p.links.ioPowerWByDie),
    ...hbmStackColumns(design, tech),
  ];
  const fp = p.geometry.floorplan;
  const thermal = runThermal(design, tech, fp.placements, fp.carrier, columns, 0);

  const substrateYield = sub === null ? 1 : sub.yield;
  const assemblyYield = chipFirst ? y3 : attachYield * y3;
  const packageYield = (chipFirst ? y1 * y3 : attachYield * y3) * dc.escapeQuality;
  const reasons = [...reticleReasons(design, tech), ...p.sizeReasons, ...p.links.reasons, ...thermal.reasons];
  return assembleMetrics(plugin, design, {
    flow,
    nre,
    dies: dc,
    yields: {
      carrier: y1 * substrateYield,
      assembly: assemblyYield,
      package: packageYield,
      compound: dc.dieYieldProduct * y1 * substrateYield * assemblyYield,
    },
    links: p.links,
    // HBM at the stacks' full bandwidth (the library's stack power is the same bound).
    memory: mem,
    thermal,
    geometry: {
      packageAreaMm2: p.packageOutline.areaMm2,
      carrierAreaMm2: p.carrierAreaMm2,
      siliconAreaMm2: p.geometry.siliconAreaMm2,
      packageWidthMm: p.packageOutline.widthMm,
      packageHeightMm: p.packageOutline.heightMm,
    },
    reasons,
  });
}

/** What every RDL package starts from: its settings, geometry, links and organic substrate. */
export interface RdlParts {
  carrierId: string;
  carrier: Carrier;
  settings: RdlSettings;
  geometry: RdlGeometry;
  links: LinkResult;
  /** The organic substrate the RDL module would sit on (A_pkg). */
  substrate: SubstrateUnit;
}

export function rdlParts(design: ResolvedDesign, tech: TechnologyLibrary): RdlParts {
  const carrierId = design.package.carrier;
  const carrier = tech.carriers[carrierId]!;
  const settings = rdlSettings(design, carrier);
  const geometry = rdlGeometry(design, tech, carrier, settings.areaModel);
  const links = rdlLinks(
    design,
    tech,
    geometry.floorplan.placements,
    carrier.kind,
    settings.lineSpaceUm,
    settings.signalLayers,
  );
  const substrate = organicSubstrateUnit(
    tech,
    settings.substrateId,
    carrier.substrateBonding,
    geometry.pkg.areaMm2,
  );
  return { carrierId, carrier, settings, geometry, links, substrate };
}

// ---------------------------------------------------------------------------------------------
// The fanout plugin's package: the RDL made on a wafer, on an organic substrate
// ---------------------------------------------------------------------------------------------

/** Metrics of a wafer-level fan-out package (docs/models/fanout.md). */
export function evaluateFanout(
  plugin: { id: string; version: string },
  design: ResolvedDesign,
  tech: TechnologyLibrary,
): Metrics {
  return rdlPackageMetrics(plugin, design, tech, fanoutPackage(design, tech));
}

/**
 * The package of a wafer-level fan-out design: what depends on the sizes of its dies (the
 * geometry stage of the plan, kernel.ts, calls it when they change).
 */
export function fanoutPackage(design: ResolvedDesign, tech: TechnologyLibrary): RdlPackage {
  const { carrierId, carrier, settings, geometry, links, substrate } = rdlParts(design, tech);
  const rdl = waferRdlUnit(carrier, tech, geometry.rdl, settings);
  const quirks = design.package.options['actuaryQuirks'] === true;
  // Actuary A6 FO package NRE: A_int·25,000 + fixed + substrate term.
  const rdlNreUsd =
    carrier.nreUsdPerMm2 * geometry.rdl.areaMm2 + (quirks ? carrier.nreUsdPerMm2 : carrier.nreFixedUsd);
  const substrateNreUsd = quirks ? substrate.actuaryNreUsd : substrate.nreUsd;
  const sizeReasons: InfeasibilityReason[] = carrierSizeReasons(carrierId, carrier, geometry.rdl.areaMm2);
  if (!(rdl.perCarrier >= 1)) {
    const node = tech.nodes[carrier.processNode]!;
    sizeReasons.push({
      code: 'carrier-size-limit',
      message: `${carrierId}: a ${geometry.rdl.widthMm.toFixed(1)} x ${geometry.rdl.heightMm.toFixed(1)} mm RDL does not fit on a ${node.waferDiameterMm} mm wafer`,
      value: geometry.rdl.areaMm2,
      // The largest square inside the usable disc of radius r: 2r².
      limit: 2 * (node.waferDiameterMm / 2 - node.edgeExclusionMm) ** 2,
    });
  }
  return {
    settings,
    geometry,
    links,
    rdl,
    substrate,
    packageNreUsd: rdlNreUsd + substrateNreUsd,
    carrierMasksUsd: tech.nodes[carrier.processNode]!.maskSetUsd,
    packageOutline: geometry.pkg,
    carrierAreaMm2: geometry.rdl.areaMm2,
    sizeReasons,
  };
}

/**
 * 2.5D integration: dies and HBM stacks side by side on a wafer-made interposer (silicon, RDL or
 * glass) on an organic package substrate, or on an organic substrate with embedded silicon bridges.
 * Interposer cost and yield follow Chiplet Actuary's SI/FO chip-last model (Feng & Ma, DAC 2022;
 * docs/reference/cost-yield-models.md §2 A5–A6) generalised with a floorplan outline, reticle stitching, test
 * escapes, per-bond yields, HBM stacks and assembly cost; bridges follow ECO-CHIP's bridge count
 * (Sudarshan et al., HPCA 2024). Every equation: docs/models/2.5d.md.
 */
import {
  assembleMetrics,
  assemblyFlowCost,
  attachTotals,
  carrierSizeReasons,
  chipNrePerUnitUsd,
  dieAndStackAreaMm2,
  dieCosts,
  flipChipDieColumns,
  hbmFloorplanItems,
  hbmStackColumns,
  layerFactor,
  memoryTotals,
  negativeBinomialYield,
  reticleReasons,
  runThermal,
  sideBySideFloorplan,
  sideBySideLinks,
  substrateAreaMm2,
  substrateCostUsd,
  substrateNreUsd,
  waferCarrierCost,
  type BondingProcess,
  type CarrierKind,
  booleanOption,
  enumOption,
  type CompileInput,
  type OptionsOf,
  type DieCosts,
  type FlowItem,
  type Floorplan,
  type FloorplanItem,
  type InfeasibilityReason,
  type LinkShorelineCap,
  type Metrics,
  type ResolvedDesign,
  type TechnologyLibrary,
  type WaferCarrierCost,
  COMMON_OPTIONS,
} from '@chiplet-dse/core';
import { pairKey, planBridges, type BridgePair, type BridgePairInput } from './bridges.js';

/** Carrier kinds with a wafer-made interposer under every die and stack. */
export const INTERPOSER_KINDS: readonly CarrierKind[] = [
  'silicon-interposer',
  'rdl-interposer',
  'glass-interposer',
];
export const BRIDGE_KIND: CarrierKind = 'embedded-bridge';
/** Carrier kinds the plugin builds. */
export const SUPPORTED_KINDS: readonly CarrierKind[] = [...INTERPOSER_KINDS, BRIDGE_KIND];
/** The library's organic package substrate: what an interposer sits on and bridges are embedded in. */
export const SUBSTRATE_CARRIER_ID = 'organic_substrate';

/** Values of the `interposerArea` option. */
export const INTERPOSER_AREA_MODELS = ['floorplan', 'actuary'] as const;

export const TWO_POINT_FIVE_D_OPTIONS = {
  ...COMMON_OPTIONS,
  interposerArea: enumOption({
    description:
      'Interposer outline: "floorplan" = the dies and stacks placed side by side with the carrier\'s spacing and margin; "actuary" = areaFactorOverDies x their total area, as a square (Chiplet Actuary A5: 1.1 SI, 1.2 FO).',
    default: 'floorplan',
    values: INTERPOSER_AREA_MODELS,
  }),
  actuaryQuirks: booleanOption({
    description:
      "Reproduce Chiplet Actuary's known bugs on interposers: micro-bump cost once per die design instead of per die, and the substrate's recurring $/mm² charged as its NRE (issue #3). Off: the fixed versions.",
    default: false,
  }),
} as const;

/** A design as the 2.5d model reads it: options typed. */
export type TwoPointFiveDDesign = CompileInput<OptionsOf<typeof TWO_POINT_FIVE_D_OPTIONS>>;

export interface InterposerDetails {
  widthMm: number;
  heightMm: number;
  areaMm2: number;
  wafer: WaferCarrierCost;
}

export interface SubstrateDetails {
  areaMm2: number;
  layerFactor: number;
  costUsd: number;
  yield: number;
}

export interface TwoPointFiveDDetails {
  variant: 'interposer' | 'bridge';
  floorplan: Floorplan;
  /** Interposer variant only. */
  interposer?: InterposerDetails;
  substrate: SubstrateDetails;
  /** Bridge variant only: every bridged (or unbridgeable) pair. */
  bridgePairs: BridgePair[];
  bridgeCount: number;
  /** Cost and yield of one bridge (bridge variant with at least one bridge). */
  bridge?: WaferCarrierCost;
  /** Memory instance ids whose bandwidth reaches a die. */
  connectedStacks: string[];
}

export interface TwoPointFiveDResult {
  metrics: Metrics;
  details: TwoPointFiveDDetails;
}

/**
 * Floorplan items: dies and stacks. Every instance of a die design gets the same slot, the
 * largest footprint among the instances (real instances are identical; a sweep that perturbs one
 * would otherwise reorder the floorplan's area-sorted array and move the stacks around it).
 */
function floorplanItems(design: ResolvedDesign, tech: TechnologyLibrary): FloorplanItem[] {
  const slot = new Map<string, { w: number; h: number }>();
  for (const d of design.dies) {
    const s = slot.get(d.designId);
    slot.set(d.designId, { w: Math.max(s?.w ?? 0, d.widthMm), h: Math.max(s?.h ?? 0, d.heightMm) });
  }
  return [
    ...design.dies.map((d) => {
      const s = slot.get(d.designId)!;
      return { id: d.id, widthMm: s.w, heightMm: s.h, kind: 'die' as const };
    }),
    ...hbmFloorplanItems(design, tech),
  ];
}

/** Each die at its own size, centred in its slot. */
function placeInSlots(design: ResolvedDesign, fp: Floorplan): Floorplan {
  const placements = fp.placements.map((p, i) => {
    const d = design.dies[i];
    if (d === undefined) return p;
    return {
      ...p,
      xMm: p.xMm + (p.widthMm - d.widthMm) / 2,
      yMm: p.yMm + (p.heightMm - d.heightMm) / 2,
      widthMm: d.widthMm,
      heightMm: d.heightMm,
    };
  });
  return { ...fp, placements };
}

/**
 * Micro-bump cost of the dies with Actuary's quirk: once per die design instead of per die
 * instance (its Advanced.cost_RE adds chip.area x u_bump_cost_factor outside the count of a chip
 * type: bug "u-bump" of docs/reference/cost-yield-models.md §9).
 */
export function quirkDieBumpUsd(design: ResolvedDesign, bondings: readonly BondingProcess[]): number {
  let usd = 0;
  const seen = new Set<string>();
  design.dies.forEach((d, i) => {
    if (seen.has(d.designId)) return;
    seen.add(d.designId);
    usd += bondings[i]!.costUsdPerMm2 * d.areaMm2;
  });
  return usd;
}

/** Dies (KGD + bumps) and purchased stacks entering the flow at `step`: lost parts are wasted good dies. */
function dieItems(dc: DieCosts, bumpUsd: number, stacksUsd: number, step: number): FlowItem[] {
  return [
    { category: 'rawDies', costUsd: dc.rawUsd, entryStep: step, loss: 'wastedGoodDies' },
    { category: 'defectLoss', costUsd: dc.defectLossUsd, entryStep: step, loss: 'wastedGoodDies' },
    { category: 'test', costUsd: dc.testUsd, entryStep: step, loss: 'wastedGoodDies' },
    { category: 'bondingAssembly', costUsd: bumpUsd, entryStep: step, loss: 'wastedGoodDies' },
    { category: 'components', costUsd: stacksUsd, entryStep: step, loss: 'wastedGoodDies' },
  ];
}

/** Fraction of units shipped after package test: 1 − (1 − Y)·c_pkg. */
function shipYield(unitYield: number, tech: TechnologyLibrary): number {
  return 1 - (1 - unitYield) * tech.test.packageTestCoverage;
}

/** Whether a w x h rectangle fits a reticle field in either orientation. */
export function fitsReticle(widthMm: number, heightMm: number, fieldW: number, fieldH: number): boolean {
  return (widthMm <= fieldW && heightMm <= fieldH) || (widthMm <= fieldH && heightMm <= fieldW);
}

/** What the floorplan decides: placements, bridged pairs, link caps, connected stacks. */
export interface TwoPointFiveDLayout {
  fp: Floorplan;
  /** Σ die areas + Σ stack footprints, mm². */
  siliconAreaMm2: number;
  bridgePairs: BridgePair[];
  /** Per link: the shoreline its bridges cover (bridge variant), else undefined. */
  linkCaps: (LinkShorelineCap | undefined)[];
  connectedStacks: string[];
  /** Stacks no bridge can reach (link-reach). */
  reasons: InfeasibilityReason[];
  bridgeCount: number;
}

/**
 * The geometry of a 2.5D design: the floorplan of dies and stacks and, on embedded bridges, the
 * bridges of each linked pair and of each stack and its die. It depends on the sizes of the dies
 * only (the kernel recomputes it when they change).
 */
export function twoPointFiveDLayout(design: ResolvedDesign, tech: TechnologyLibrary): TwoPointFiveDLayout {
  const carrier = tech.carriers[design.package.carrier]!;
  const isBridge = carrier.kind === BRIDGE_KIND;
  // --- geometry: dies and stacks side by side with the carrier's spacing -------------------------
  const fp = placeInSlots(
    design,
    sideBySideFloorplan(floorplanItems(design, tech), {
      dieSpacingMm: carrier.dieSpacingMm,
      edgeMarginMm: carrier.edgeMarginMm,
    }),
  );
  const siliconAreaMm2 = dieAndStackAreaMm2(design, tech);

  // --- bridges (bridge variant): per linked die pair and per stack and its die ------------------
  const linkPairCount = new Map<string, number>();
  for (const l of design.links) {
    const key = pairKey(l.from, l.to);
    linkPairCount.set(key, (linkPairCount.get(key) ?? 0) + 1);
  }
  let bridgePairs: BridgePair[] = [];
  const linkCaps: (LinkShorelineCap | undefined)[] = [];
  const connectedStacks: string[] = [];
  const reasons: InfeasibilityReason[] = [];
  if (isBridge) {
    const inputs: BridgePairInput[] = [];
    const seen = new Set<string>();
    for (const l of design.links) {
      const key = pairKey(l.from, l.to);
      if (seen.has(key) || l.from === l.to) continue;
      seen.add(key);
      inputs.push({ a: l.from, b: l.to, kind: 'd2d' });
    }
    for (const m of design.memories) {
      if (m.attachedTo !== '') inputs.push({ a: m.attachedTo, b: m.id, kind: 'hbm' });
    }
    bridgePairs = planBridges(carrier, fp.placements, inputs);
    const pairByKey = new Map(bridgePairs.map((p) => [pairKey(p.a, p.b), p] as const));
    for (const l of design.links) {
      const key = pairKey(l.from, l.to);
      const p = pairByKey.get(key);
      if (p === undefined) {
        linkCaps.push(undefined);
        continue;
      }
      const share = linkPairCount.get(key) ?? 1;
      linkCaps.push({
        shorelineMm: p.coveredMm / share,
        why:
          p.facingMm > 0
            ? `${p.bridges} bridge(s) of ${carrier.bridgeLengthMm} mm cover ${p.coveredMm.toFixed(1)} mm of the ${p.facingMm.toFixed(1)} mm facing edge`
            : `the floorplan does not make the dies face each other across at most ${carrier.bridgeWidthMm} mm (the bridge width), so their bridges cannot join them`,
      });
    }
    for (const p of bridgePairs) {
      if (p.kind !== 'hbm') continue;
      if (p.facingMm > 0) connectedStacks.push(p.b);
      else {
        reasons.push({
          code: 'link-reach',
          message: `HBM stack ${p.b} does not face its die ${p.a} across at most ${carrier.bridgeWidthMm} mm (bridge width): no bridge can connect it (gap ${p.gapMm.toFixed(1)} mm)`,
          value: p.gapMm,
          limit: carrier.bridgeWidthMm,
        });
      }
    }
  } else {
    for (const m of design.memories) if (m.attachedTo !== '') connectedStacks.push(m.id);
  }
  const bridgeCount = bridgePairs.reduce((s, p) => s + p.bridges, 0);
  return { fp, siliconAreaMm2, bridgePairs, linkCaps, connectedStacks, reasons, bridgeCount };
}

export function analyseTwoPointFiveD(
  plugin: { id: string; version: string },
  design: TwoPointFiveDDesign,
  tech: TechnologyLibrary,
): TwoPointFiveDResult {
  const opts = design.package.options;
  const method = opts.diesPerWafer;
  const quirks = opts.actuaryQuirks;
  const carrierId = design.package.carrier;
  const carrier = tech.carriers[carrierId]!;
  const organic = tech.carriers[SUBSTRATE_CARRIER_ID]!;
  const isBridge = carrier.kind === BRIDGE_KIND;
  const volume = design.system.volumeUnits;

  // --- geometry: floorplan, and on bridges the bridged pairs and what they connect ------------
  const { fp, siliconAreaMm2, bridgePairs, linkCaps, connectedStacks, reasons, bridgeCount } =
    twoPointFiveDLayout(design, tech);

  // --- links: PHY bonds count in the attach yield, I/O power heats the dies ----------------------
  const links = sideBySideLinks(design, tech, fp.placements, carrier.kind, linkCaps);

  // --- memory: purchased known-good stacks; bandwidth and power of the connected ones ------------
  const connected = new Set(connectedStacks);
  const memory = memoryTotals(design, tech, (m) => connected.has(m.id));
  const stacksUsd = memory.costUsd;

  // --- dies, bumps, attach ------------------------------------------------------------------------
  const dc = dieCosts(design, tech, method);
  const attach = attachTotals(design, tech, links.signalBondsByDie);

  // --- carrier, substrate, flow, package NRE: per variant -----------------------------------------
  const chip = chipNrePerUnitUsd(design.dies, tech, volume);
  let masksUsd = chip.masksUsd;
  let packageNreUsd: number;
  let items: FlowItem[];
  let steps: number[];
  let carrierYield: number;
  let assemblyYield: number;
  let packageYield: number;
  let interposer: InterposerDetails | undefined;
  let bridge: WaferCarrierCost | undefined;
  let substrate: SubstrateDetails;
  let carrierAreaMm2: number;
  let packageWidthMm: number;
  let packageHeightMm: number;

  if (!isBridge) {
    // Interposer outline: the floorplan, or Actuary's area factor over the silicon as a square.
    let wMm = fp.carrier.widthMm;
    let hMm = fp.carrier.heightMm;
    if (opts.interposerArea === 'actuary') {
      wMm = Math.sqrt(carrier.areaFactorOverDies * siliconAreaMm2);
      hMm = wMm;
    }
    const intAreaMm2 = wMm * hMm;
    // Interposers per wafer are counted for a square of the outline's area (Actuary's N(A_int)
    // form): the floorplan is an area heuristic whose aspect ratio flips between near-equal
    // layouts, and the wafer count of a 60 x 35 mm outline differs from a 47 x 47 mm one by up
    // to ~20 %; counting by area keeps the cost a rising function of what sits on the interposer.
    const side = Math.sqrt(intAreaMm2);
    const wafer = waferCarrierCost(carrier, tech, side, side, method);
    interposer = { widthMm: wMm, heightMm: hMm, areaMm2: intAreaMm2, wafer };
    carrierAreaMm2 = intAreaMm2;

    // Package substrate under the interposer: it carries one part (the interposer), so no
    // multi-die layer factor (Actuary's cost_substrate has none either).
    const margin = organic.edgeMarginMm;
    const outlineMm2 = (wMm + 2 * margin) * (hMm + 2 * margin);
    const pkgAreaMm2 = substrateAreaMm2(carrier, opts.substrateArea, intAreaMm2, outlineMm2);
    const f = layerFactor(organic, pkgAreaMm2, 1);
    const subUsd = substrateCostUsd(organic, pkgAreaMm2, f);
    const subYield = negativeBinomialYield(pkgAreaMm2, organic.defectDensityPerCm2, organic.clusteringAlpha);
    substrate = { areaMm2: pkgAreaMm2, layerFactor: f, costUsd: subUsd, yield: subYield };
    const scale = Math.sqrt(pkgAreaMm2 / intAreaMm2);
    packageWidthMm = wMm * scale;
    packageHeightMm = hMm * scale;

    // Chip-last flow: tested interposer (Y1) -> dies and stacks attached (Y2) -> onto the
    // substrate (Y3), die test escapes and package test. The interposer's own per-mm² cost is
    // Actuary's C4 bumps on it, so the substrate bonding's $/mm² is not charged again.
    const substrateBond = tech.bonding[carrier.substrateBonding]!;
    const y3 = substrateBond.yieldPerDie;
    const ship = shipYield(y3 * dc.escapeQuality, tech);
    steps = [wafer.yield, attach.yield, ship];
    const bumpUsd = quirks ? quirkDieBumpUsd(design, attach.dieBondings) : attach.bumpUsd;
    items = [
      { category: 'carrier', costUsd: wafer.costUsd, entryStep: 0, loss: 'packageScrap' },
      ...dieItems(dc, bumpUsd, stacksUsd, 1),
      { category: 'bondingAssembly', costUsd: attach.placeUsd, entryStep: 1, loss: 'packageScrap' },
      { category: 'carrier', costUsd: subUsd / subYield, entryStep: 2, loss: 'packageScrap' },
      {
        category: 'bondingAssembly',
        costUsd: substrateBond.costUsdPerDie,
        entryStep: 2,
        loss: 'packageScrap',
      },
      { category: 'test', costUsd: tech.test.packageTestCostUsd, entryStep: 2, loss: 'packageScrap' },
    ];
    carrierYield = wafer.yield * subYield;
    assemblyYield = attach.yield * y3;
    packageYield = assemblyYield * dc.escapeQuality;

    // Package NRE: the interposer's (Actuary: 1.2 x the 55 nm chip NRE) and the substrate's.
    // Actuary's quirk charges the substrate's RE $/mm² as its NRE (its issue #3).
    const intNode = tech.nodes[carrier.processNode]!;
    masksUsd += intNode.maskSetUsd / volume;
    const subNre = quirks ? organic.costUsdPerMm2 * pkgAreaMm2 : substrateNreUsd(organic, pkgAreaMm2, f);
    packageNreUsd = (carrier.nreUsdPerMm2 * intAreaMm2 + carrier.nreFixedUsd + subNre) / volume;

    reasons.push(...carrierSizeReasons(carrierId, carrier, intAreaMm2));
    const field = { w: intNode.reticleWidthMm, h: intNode.reticleHeightMm };
    if (!carrier.stitchingAllowed && !fitsReticle(wMm, hMm, field.w, field.h)) {
      reasons.push({
        code: 'reticle-limit',
        message: `interposer ${wMm.toFixed(1)} x ${hMm.toFixed(1)} mm exceeds the ${field.w} x ${field.h} mm reticle of ${carrier.processNode} and ${carrierId} allows no stitching`,
        value: intAreaMm2,
        limit: field.w * field.h,
      });
    }
    if (wafer.perWafer < 1) {
      reasons.push({
        code: 'carrier-size-limit',
        message: `interposer ${wMm.toFixed(1)} x ${hMm.toFixed(1)} mm does not fit a ${intNode.waferDiameterMm} mm wafer of ${carrier.processNode}`,
        value: intAreaMm2,
        limit: 0,
      });
    }
    reasons.push(...carrierSizeReasons(SUBSTRATE_CARRIER_ID, organic, pkgAreaMm2));
  } else {
    // Organic substrate (priced as the library's organic substrate) holding the floorplan, with
    // the bridges embedded in it.
    const pkgAreaMm2 = substrateAreaMm2(carrier, opts.substrateArea, siliconAreaMm2, fp.carrier.areaMm2);
    const f = layerFactor(organic, pkgAreaMm2, design.dies.length + design.memories.length);
    const subUsd = substrateCostUsd(organic, pkgAreaMm2, f);
    const subYield = negativeBinomialYield(pkgAreaMm2, organic.defectDensityPerCm2, organic.clusteringAlpha);
    substrate = { areaMm2: pkgAreaMm2, layerFactor: f, costUsd: subUsd, yield: subYield };
    carrierAreaMm2 = pkgAreaMm2;
    const fromFloorplan = pkgAreaMm2 === fp.carrier.areaMm2;
    packageWidthMm = fromFloorplan ? fp.carrier.widthMm : Math.sqrt(pkgAreaMm2);
    packageHeightMm = fromFloorplan ? fp.carrier.heightMm : Math.sqrt(pkgAreaMm2);

    // Bridge dies from the carrier's process wafer, with the carrier's defect density; the
    // carrier's $/mm² is the organic substrate's, already paid above, so not added to a bridge.
    let bridgesUsd = 0;
    let bridgesYield = 1;
    packageNreUsd = substrateNreUsd(organic, pkgAreaMm2, f) / volume;
    if (bridgeCount > 0) {
      bridge = waferCarrierCost(
        { ...carrier, costUsdPerMm2: 0 },
        tech,
        carrier.bridgeWidthMm,
        carrier.bridgeLengthMm,
        method,
      );
      bridgesUsd = bridgeCount * bridge.costUsd;
      bridgesYield = Math.pow(bridge.yield, bridgeCount);
      // One bridge design: its process's chip NRE (0 for a passive carrier process) and mask set.
      const node = tech.nodes[carrier.processNode]!;
      const bridgeAreaMm2 = carrier.bridgeWidthMm * carrier.bridgeLengthMm;
      packageNreUsd +=
        ((node.designNreUsdPerMm2 + node.chipNreUsdPerMm2) * bridgeAreaMm2 + node.chipNreFixedUsd) / volume;
      masksUsd += node.maskSetUsd / volume;
    }

    // Flow: substrate with embedded (untested) bridges, tested as a whole (Y_c) -> dies and stacks
    // attached, die test escapes, package test.
    carrierYield = subYield * bridgesYield;
    assemblyYield = attach.yield;
    packageYield = assemblyYield * dc.escapeQuality;
    steps = [carrierYield, shipYield(packageYield, tech)];
    items = [
      { category: 'carrier', costUsd: subUsd, entryStep: 0, loss: 'packageScrap' },
      { category: 'carrier', costUsd: bridgesUsd, entryStep: 0, loss: 'packageScrap' },
      ...dieItems(dc, attach.bumpUsd, stacksUsd, 1),
      { category: 'bondingAssembly', costUsd: attach.placeUsd, entryStep: 1, loss: 'packageScrap' },
      { category: 'test', costUsd: tech.test.packageTestCostUsd, entryStep: 1, loss: 'packageScrap' },
    ];
    reasons.push(...carrierSizeReasons(carrierId, carrier, pkgAreaMm2));
  }

  const flow = assemblyFlowCost(items, steps);
  const nre = {
    designUsd: chip.designUsd,
    masksUsd,
    d2dPhyUsd: chip.d2dPhyUsd,
    packageUsd: packageNreUsd,
  };

  // --- thermal: a column per die (with its link I/O power) and per stack --------------------------
  const columns = [
    ...flipChipDieColumns(design, tech, links.ioPowerWByDie),
    ...hbmStackColumns(design, tech, memory.powerWByStack),
  ];
  // The lateral coupling under the dies is calibrated for a 100 µm silicon interposer; RDL, glass
  // and an organic substrate with local bridges conduct ~100x less and get none.
  const couplingScale = carrier.kind === 'silicon-interposer' ? 1 : 0;
  const thermal = runThermal(design, tech, fp.placements, fp.carrier, columns, couplingScale);

  reasons.unshift(...reticleReasons(design, tech));
  reasons.push(...links.reasons, ...thermal.reasons);

  const metrics = assembleMetrics(plugin, design, {
    flow,
    nre,
    dies: dc,
    yields: { carrier: carrierYield, assembly: assemblyYield, package: packageYield },
    links,
    memory,
    thermal,
    geometry: {
      packageAreaMm2: substrate.areaMm2,
      carrierAreaMm2,
      siliconAreaMm2,
      packageWidthMm,
      packageHeightMm,
    },
    reasons,
  });
  return {
    metrics,
    details: {
      variant: isBridge ? 'bridge' : 'interposer',
      floorplan: fp,
      ...(interposer === undefined ? {} : { interposer }),
      substrate,
      bridgePairs,
      bridgeCount,
      ...(bridge === undefined ? {} : { bridge }),
      connectedStacks,
    },
  };
}

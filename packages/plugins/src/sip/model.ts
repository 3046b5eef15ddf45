/**
 * System-in-package on an organic laminate: bare dies flip-chip bonded (C4) side by side with
 * purchased, already packaged components (memories, passives, other packages) that are
 * surface-mounted (SMT). Cost and yield follow Chiplet Actuary's organic-substrate model
 * (docs/reference/cost-yield-models.md §2 A4) generalised with CATCH's per-bond yields and a two-step assembly
 * flow; docs/models/sip.md has every equation.
 */
import {
  assembleMetrics,
  assemblyFlowCost,
  attachTotals,
  carrierSizeReasons,
  chipNrePerUnitUsd,
  dieCosts,
  enumOption,
  flipChipDieColumns,
  flipChipDieResistance,
  layerFactor,
  negativeBinomialYield,
  reticleReasons,
  runThermal,
  sideBySideFloorplan,
  sideBySideLinks,
  substrateAreaMm2,
  substrateCostUsd,
  substrateNreUsd,
  type Carrier,
  type CarrierOutline,
  type CompileInput,
  type FlowItem,
  type FloorplanItem,
  type Metrics,
  type OptionsOf,
  type Placement,
  type PluginCapabilities,
  type ResolvedDesign,
  type TechnologyLibrary,
  type ThermalColumnSpec,
  COMMON_OPTIONS,
} from '@chiplet-dse/core';

/**
 * What monolithic and mcm build, the organic packages without purchased parts that evaluate
 * through this model: dies side by side on an organic substrate, no stacks, no HBM, no components.
 */
export const ORGANIC_PACKAGE_CAPABILITIES = {
  carrierKinds: ['organic-substrate'],
  stacking: false,
  hbmCarrierKinds: [],
  components: false,
} as const satisfies PluginCapabilities;

/** The bonding kind of the surface-mount process that places components. */
export const SMT_KIND = 'smt';

/** The options of the sip plugin (and of monolithic and mcm, which use the common ones only). */
export const SIP_OPTIONS = {
  ...COMMON_OPTIONS,
  assemblyFlow: enumOption({
    description:
      '"two-step": flip-chip reflow of the dies, inspected before SMT, then SMT reflow of the components and final test (an SMT failure or a die test escape scraps the dies already attached; a flip-chip failure scraps no components); "one-step": dies and components placed and reflowed together, every failure scraps everything.',
    default: 'two-step',
    values: ['two-step', 'one-step'],
  }),
} as const;

/** A design as the sip model reads it; monolithic and mcm have no assemblyFlow (one step). */
export type SipDesign = CompileInput<
  OptionsOf<typeof COMMON_OPTIONS> & Partial<OptionsOf<Pick<typeof SIP_OPTIONS, 'assemblyFlow'>>>
>;

/**
 * The library's surface-mount process: the first bonding process of kind `smt`, by id (so a
 * library that adds e.g. `smt_fine` beside `smt` still picks `smt`). Undefined when there is none.
 */
export function smtBondingId(tech: TechnologyLibrary): string | undefined {
  return Object.keys(tech.bonding)
    .sort()
    .find((id) => tech.bonding[id]!.kind === SMT_KIND);
}

/** Ids of the two passive blocks in placements and thermal results (design ids cannot hold ':'). */
export const PASSIVE_BLOCK_IDS = ['passives:left', 'passives:right'] as const;

export interface SipFloorplan {
  /** Dies and packaged parts, then the passive blocks (if any), as placed. */
  placements: Placement[];
  /** Placements the D2D link model sees: dies and packaged parts, not the passive blocks. */
  linkPlacements: Placement[];
  carrier: CarrierOutline;
  /** Power of each passive block (half the passives' power each), W; empty without passives. */
  blockPowerW: number[];
}

/**
 * Floorplan of a SiP. Dies and packaged parts (packaged memories, other packages: die-sized, with
 * their own I/O) form the central array of `sideBySideFloorplan`. Passives are not placed one by
 * one: they flank the array as two square blocks (the floorplan's memory columns, one per side),
 * each holding half of their keep-out area Σ(w + s)(h + s) and no smaller than the largest
 * passive. This keeps the substrate area non-decreasing as passives are added; placed one by one
 * they would not be, since the floorplan's left/right split moves parts between sides.
 */
export function sipFloorplan(design: ResolvedDesign, carrier: Carrier): SipFloorplan {
  const opts = { dieSpacingMm: carrier.dieSpacingMm, edgeMarginMm: carrier.edgeMarginMm };
  const arrayItems: FloorplanItem[] = [
    ...design.dies.map((d) => ({ id: d.id, widthMm: d.widthMm, heightMm: d.heightMm, kind: 'die' as const })),
    ...design.components
      .filter((c) => c.kind !== 'passive')
      .map((c) => ({ id: c.id, widthMm: c.widthMm, heightMm: c.heightMm, kind: 'die' as const })),
  ];
  const passives = design.components.filter((c) => c.kind === 'passive');
  const s = carrier.dieSpacingMm;
  let keepOutAreaMm2 = 0;
  let largestSideMm = 0;
  let powerW = 0;
  for (const p of passives) {
    keepOutAreaMm2 += (p.widthMm + s) * (p.heightMm + s);
    largestSideMm = Math.max(largestSideMm, p.widthMm, p.heightMm);
    powerW += p.powerW;
  }
  const sideMm = Math.max(Math.sqrt(keepOutAreaMm2 / PASSIVE_BLOCK_IDS.length), largestSideMm);
  const blocks: FloorplanItem[] =
    passives.length === 0
      ? []
      : PASSIVE_BLOCK_IDS.map((id) => ({ id, widthMm: sideMm, heightMm: sideMm, kind: 'memory' as const }));
  const fp = sideBySideFloorplan([...arrayItems, ...blocks], opts);
  return {
    placements: fp.placements,
    linkPlacements: fp.placements.slice(0, arrayItems.length),
    carrier: fp.carrier,
    blockPowerW: blocks.map(() => powerW / blocks.length),
  };
}

export function evaluateSip(
  plugin: { id: string; version: string },
  design: SipDesign,
  tech: TechnologyLibrary,
): Metrics {
  const opts = design.package.options;
  const carrierId = design.package.carrier;
  const carrier = tech.carriers[carrierId]!;
  const volume = design.system.volumeUnits;
  const dies = design.dies;
  const components = design.components;

  // --- geometry: floorplan of dies and components, then the substrate that holds it ------------
  const fp = sipFloorplan(design, carrier);
  let dieAreaMm2 = 0;
  for (const d of dies) dieAreaMm2 += d.areaMm2;
  let componentAreaMm2 = 0;
  for (const c of components) componentAreaMm2 += c.widthMm * c.heightMm;
  // Only the bare dies need I/O escape area; components are packaged and bring their own. Under
  // "actuary" the substrate is the dies' escape area plus the components' footprints.
  const areaModel = opts.substrateArea;
  const pkgAreaMm2 =
    areaModel === 'actuary'
      ? substrateAreaMm2(carrier, areaModel, dieAreaMm2, fp.carrier.areaMm2) + componentAreaMm2
      : substrateAreaMm2(carrier, areaModel, dieAreaMm2, fp.carrier.areaMm2);
  // Actuary's single-die factor applies to a substrate that carries one part only.
  const f = layerFactor(carrier, pkgAreaMm2, dies.length + components.length);

  // --- links: their PHY bonds count in the attach yield, their power heats the dies ------------
  const links = sideBySideLinks(design, tech, fp.linkPlacements, carrier.kind);

  // --- attach steps ----------------------------------------------------------------------------
  // Flip-chip of the dies (a SiP has no HBM stacks): bumps, placement, per-die and per-bond yield.
  const flipChip = attachTotals(design, tech, links.signalBondsByDie);
  const smtId = smtBondingId(tech);
  const smt = smtId === undefined ? undefined : tech.bonding[smtId];
  const flipChipYield = flipChip.yield;
  const smtYield = smt === undefined ? 1 : Math.pow(smt.yieldPerDie, components.length);

  // --- recurring cost per unit started -----------------------------------------------------------
  const dc = dieCosts(design, tech, opts.diesPerWafer);
  const bumpUsd = flipChip.bumpUsd;
  const flipChipUsd = flipChip.placeUsd;
  let partsUsd = 0;
  let smtUsd = 0;
  for (const c of components) {
    partsUsd += c.costUsd;
    if (smt !== undefined) smtUsd += smt.costUsdPerDie + smt.costUsdPerMm2 * c.widthMm * c.heightMm;
  }
  const substrateUsd = substrateCostUsd(carrier, pkgAreaMm2, f);
  const carrierYield = negativeBinomialYield(
    pkgAreaMm2,
    carrier.defectDensityPerCm2,
    carrier.clusteringAlpha,
  );
  const knownGoodSubstrateUsd = substrateUsd / carrierYield;

  // Two-step: flip-chip reflow, inspected (open/short) before the components go on, then SMT
  // reflow and final package test. One-step: dies and components placed and reflowed together.
  const coverage = tech.test.packageTestCoverage;
  const twoStep = opts.assemblyFlow === 'two-step';
  const finalStepYield = (y: number) => 1 - (1 - y) * coverage;
  const stepYields = twoStep
    ? [flipChipYield, finalStepYield(smtYield * dc.escapeQuality)]
    : [finalStepYield(flipChipYield * smtYield * dc.escapeQuality)];
  const smtStep = twoStep ? 1 : 0;
  const items: FlowItem[] = [
    { category: 'rawDies', costUsd: dc.rawUsd, entryStep: 0, loss: 'wastedGoodDies' },
    { category: 'defectLoss', costUsd: dc.defectLossUsd, entryStep: 0, loss: 'wastedGoodDies' },
    { category: 'test', costUsd: dc.testUsd, entryStep: 0, loss: 'wastedGoodDies' },
    { category: 'bondingAssembly', costUsd: bumpUsd, entryStep: 0, loss: 'wastedGoodDies' },
    { category: 'bondingAssembly', costUsd: flipChipUsd, entryStep: 0, loss: 'packageScrap' },
    { category: 'carrier', costUsd: knownGoodSubstrateUsd, entryStep: 0, loss: 'packageScrap' },
    { category: 'components', costUsd: partsUsd, entryStep: smtStep, loss: 'wastedGoodDies' },
    { category: 'bondingAssembly', costUsd: smtUsd, entryStep: smtStep, loss: 'packageScrap' },
    {
      category: 'test',
      costUsd: tech.test.packageTestCostUsd,
      entryStep: stepYields.length - 1,
      loss: 'packageScrap',
    },
  ];
  const flow = assemblyFlowCost(items, stepYields);

  // --- NRE per unit ------------------------------------------------------------------------------
  const chip = chipNrePerUnitUsd(dies, tech, volume);
  const nre = {
    designUsd: chip.designUsd,
    masksUsd: chip.masksUsd,
    d2dPhyUsd: chip.d2dPhyUsd,
    packageUsd: substrateNreUsd(carrier, pkgAreaMm2, f) / volume,
  };

  // --- thermal: dies and powered components as flip-chip columns under the lid -------------------
  const rDie = flipChipDieResistance(tech);
  const columns: ThermalColumnSpec[] = [
    ...flipChipDieColumns(design, tech, links.ioPowerWByDie),
    ...components
      .filter((c) => c.kind !== 'passive' && c.powerW > 0)
      .map((c) => ({
        id: c.id,
        kind: 'si' as const,
        tiers: [{ id: c.id, powerW: c.powerW, verticalResistanceMm2KPerW: rDie }],
      })),
    ...fp.blockPowerW
      .map((powerW, i) => ({ id: PASSIVE_BLOCK_IDS[i]!, powerW }))
      .filter((block) => block.powerW > 0)
      .map((block) => ({
        id: block.id,
        kind: 'si' as const,
        tiers: [{ id: block.id, powerW: block.powerW, verticalResistanceMm2KPerW: rDie }],
      })),
  ];
  const thermal = runThermal(design, tech, fp.placements, fp.carrier, columns, 0);

  const reasons = [
    ...reticleReasons(design, tech),
    ...carrierSizeReasons(carrierId, carrier, pkgAreaMm2),
    ...links.reasons,
    ...thermal.reasons,
  ];
  const assemblyYield = flipChipYield * smtYield;
  const fromFloorplan = pkgAreaMm2 === fp.carrier.areaMm2;
  const side = Math.sqrt(pkgAreaMm2);
  return assembleMetrics(plugin, design, {
    flow,
    nre,
    dies: dc,
    yields: { carrier: carrierYield, assembly: assemblyYield, package: assemblyYield * dc.escapeQuality },
    links,
    thermal,
    geometry: {
      packageAreaMm2: pkgAreaMm2,
      carrierAreaMm2: pkgAreaMm2,
      siliconAreaMm2: dieAreaMm2 + componentAreaMm2,
      packageWidthMm: fromFloorplan ? fp.carrier.widthMm : side,
      packageHeightMm: fromFloorplan ? fp.carrier.heightMm : side,
    },
    reasons,
  });
}

/**
 * Evaluation of 3D stacks on an organic substrate or a silicon interposer
 * (docs/models/3d.md): stacks built die to wafer or wafer to wafer, then attached side by side
 * (with HBM on an interposer), the package flow, NRE, links and one thermal column per stack.
 */
import {
  assembleMetrics,
  carrierSizeReasons,
  chipNrePerUnitUsd,
  dieAndStackAreaMm2,
  dieCosts,
  enumOption,
  flipChipDieResistance,
  hbmFloorplanItems,
  hbmStackColumns,
  layerFactor,
  memoryTotals,
  negativeBinomialYield,
  reticleReasons,
  runThermal,
  sideBySideFloorplan,
  substrateAreaMm2,
  substrateCostUsd,
  substrateNreUsd,
  waferCarrierCost,
  type CompileInput,
  type FlowItem,
  type FloorplanItem,
  type Metrics,
  type OptionsOf,
  type TechnologyLibrary,
  type ThermalColumnSpec,
  COMMON_OPTIONS,
} from '@chiplet-dse/core';
import { columnBonds, d2wColumnCost, packageFlowCost, w2wColumnCost, type ColumnCost } from './stackCost.js';
import { stackLinks } from './stackLinks.js';
import { stackStructure, type StackColumn } from './stacks.js';

/** Tier resistance of the bond between a tier and the die bonded on it (docs/reference/thermal-model.md §4.2). */
function tierResistanceMm2KPerW(tech: TechnologyLibrary, bondingId: string): number {
  const c = tech.thermalCalibration;
  return tech.bonding[bondingId]?.kind === 'hybrid'
    ? c.tierResistanceHybridMm2KPerW
    : c.tierResistanceMicrobumpMm2KPerW;
}

/** Thermal column of a stack: tiers from the top die (next to the lid) down to the bottom die. */
export function stackThermalColumn(
  column: StackColumn,
  tech: TechnologyLibrary,
  powerWByDie: readonly number[],
): ThermalColumnSpec {
  const top = column.tiers.length - 1;
  const tiers = [];
  for (let level = top; level >= 0; level--) {
    const t = column.tiers[level]!;
    tiers.push({
      id: t.die.id,
      powerW: powerWByDie[t.dieIndex]!,
      // Tier 0: die bulk + TIM to the lid; deeper tiers: the bond to the die above.
      verticalResistanceMm2KPerW:
        level === top
          ? flipChipDieResistance(tech)
          : tierResistanceMm2KPerW(tech, column.tiers[level + 1]!.bondingId),
    });
  }
  return { id: column.tiers[0]!.die.id, kind: 'si', tiers };
}

export const THREE_D_OPTIONS = {
  ...COMMON_OPTIONS,
  stackBonding: enumOption({
    description:
      'Bonding process of stacked dies whose assembly entry names none: hybrid_d2w (SoIC-X / Foveros Direct, 9 µm), hybrid_w2w (wafer to wafer, 1 µm), microbump_3d (Foveros, 36 µm).',
    default: 'hybrid_d2w',
    values: ['hybrid_d2w', 'hybrid_w2w', 'microbump_3d'],
  }),
  stacking: enumOption({
    description:
      'How stacks are built: "auto" = wafer to wafer when every bond of the stack is hybrid_w2w, else die to wafer; "d2w" = known-good dies bonded one by one; "w2w" = whole untested wafers bonded (dies of a stack must share one footprint).',
    default: 'auto',
    values: ['auto', 'd2w', 'w2w'],
  }),
} as const;

/** A design as the 3d model reads it: options typed. */
export type ThreeDDesign = CompileInput<OptionsOf<typeof THREE_D_OPTIONS>>;

export function evaluate3d(
  plugin: { id: string; version: string },
  design: ThreeDDesign,
  tech: TechnologyLibrary,
): Metrics {
  const { diesPerWafer: method, substrateArea: areaModel } = design.package.options;
  const { carrier: carrierId } = design.package;
  const carrier = tech.carriers[carrierId]!;
  const onInterposer = carrier.kind === 'silicon-interposer';
  const attach = tech.bonding[carrier.dieBonding]!;
  const structure = stackStructure(design, tech);
  const columns = structure.columns;

  // Geometry: the stacks' footprints (bottom dies) and HBM stacks side by side on the carrier.
  const bottomOf = (dieId: string) => {
    const w = structure.where.get(dieId);
    return w === undefined ? '' : columns[w.column]!.tiers[0]!.die.id;
  };
  const items: FloorplanItem[] = [
    ...columns.map((c) => {
      const d = c.tiers[0]!.die;
      return { id: d.id, widthMm: d.widthMm, heightMm: d.heightMm, kind: 'die' as const };
    }),
    ...hbmFloorplanItems(design, tech, bottomOf),
  ];
  const fp = sideBySideFloorplan(items, {
    dieSpacingMm: carrier.dieSpacingMm,
    edgeMarginMm: carrier.edgeMarginMm,
  });
  let footprintMm2 = 0;
  for (const it of items) footprintMm2 += it.widthMm * it.heightMm;
  const siliconAreaMm2 = dieAndStackAreaMm2(design, tech);

  // Links: vertical ones set TSV counts of the bonds; side-by-side ones the attach bonds.
  const links = stackLinks(design, tech, structure, fp.placements, carrier.kind);

  // Stacks: die to wafer or wafer to wafer.
  const dc = dieCosts(design, tech, method);
  const stackCosts: ColumnCost[] = columns.map((c) => {
    const bonds = columnBonds(c, tech, links.signalTsvsByDie, links.verticalSignalsByDie);
    return c.mode === 'w2w'
      ? w2wColumnCost(c, design, tech, method, bonds)
      : d2wColumnCost(c, dc.perDie, bonds);
  });
  let stackBondYield = 1;
  let escapeQuality = 1;
  let siliconUsd = 0;
  for (const s of stackCosts) {
    stackBondYield *= s.bondYield;
    escapeQuality *= s.escapeQuality;
    siliconUsd += s.siliconUsd;
  }

  // Attach of each stack (and HBM) to the carrier: per-die yield and per side-by-side signal bond.
  let attachYield = 1;
  const flowItems: FlowItem[] = [];
  for (const c of columns) {
    const bottom = c.tiers[0]!;
    const b = tech.bonding[bottom.bondingId] ?? attach;
    attachYield *= b.yieldPerDie * Math.pow(b.yieldPerBond, links.signalBondsByDie[bottom.dieIndex]!);
    flowItems.push(
      {
        category: 'bondingAssembly',
        costUsd: b.costUsdPerMm2 * bottom.die.areaMm2,
        entryStep: 0,
        loss: 'wastedGoodDies',
      },
      { category: 'bondingAssembly', costUsd: b.costUsdPerDie, entryStep: 0, loss: 'packageScrap' },
    );
  }
  const memory = memoryTotals(design, tech);
  for (const m of design.memories) {
    attachYield *= attach.yieldPerDie;
    flowItems.push(
      {
        category: 'components',
        costUsd: tech.hbm[m.generation]!.costUsdPerStack,
        entryStep: 0,
        loss: 'wastedGoodDies',
      },
      { category: 'bondingAssembly', costUsd: attach.costUsdPerDie, entryStep: 0, loss: 'packageScrap' },
    );
  }

  // Carrier: organic substrate, or silicon interposer on a substrate (chip-last).
  const n = columns.length + design.memories.length;
  let carrierYield: number;
  let carrierAreaMm2: number;
  let pkgAreaMm2: number;
  let pkgWidthMm: number;
  let pkgHeightMm: number;
  let packageNreUsd: number;
  const stepYields: number[] = [attachYield];
  let substrateYield = 1;
  if (onInterposer) {
    const factorArea = carrier.areaFactorOverDies * footprintMm2;
    carrierAreaMm2 = areaModel === 'actuary' ? factorArea : Math.max(factorArea, fp.carrier.areaMm2);
    // The interposer keeps the floorplan's aspect, scaled to its area.
    const scale = Math.sqrt(carrierAreaMm2 / fp.carrier.areaMm2);
    const intW = fp.carrier.widthMm * scale;
    const intH = fp.carrier.heightMm * scale;
    const wc = waferCarrierCost(carrier, tech, intW, intH, method);
    carrierYield = wc.yield;
    pkgAreaMm2 = carrier.substrateAreaFactor * carrierAreaMm2;
    const pkgScale = Math.sqrt(carrier.substrateAreaFactor);
    pkgWidthMm = intW * pkgScale;
    pkgHeightMm = intH * pkgScale;
    const toSubstrate = tech.bonding[carrier.substrateBonding]!;
    substrateYield = toSubstrate.yieldPerDie;
    stepYields.push(substrateYield);
    flowItems.push(
      { category: 'carrier', costUsd: wc.costUsd / wc.yield, entryStep: 0, loss: 'packageScrap' },
      {
        category: 'carrier',
        costUsd: substrateCostUsd(carrier, pkgAreaMm2, layerFactor(carrier, pkgAreaMm2, n)),
        entryStep: 1,
        loss: 'packageScrap',
      },
      { category: 'bondingAssembly', costUsd: toSubstrate.costUsdPerDie, entryStep: 1, loss: 'packageScrap' },
    );
    packageNreUsd = substrateNreUsd(carrier, carrierAreaMm2, 1);
  } else {
    pkgAreaMm2 = substrateAreaMm2(carrier, areaModel, footprintMm2, fp.carrier.areaMm2);
    carrierAreaMm2 = pkgAreaMm2;
    const f = layerFactor(carrier, pkgAreaMm2, n);
    carrierYield = negativeBinomialYield(pkgAreaMm2, carrier.defectDensityPerCm2, carrier.clusteringAlpha);
    flowItems.push({
      category: 'carrier',
      costUsd: substrateCostUsd(carrier, pkgAreaMm2, f) / carrierYield,
      entryStep: 0,
      loss: 'packageScrap',
    });
    const fromFloorplan = pkgAreaMm2 === fp.carrier.areaMm2;
    pkgWidthMm = fromFloorplan ? fp.carrier.widthMm : Math.sqrt(pkgAreaMm2);
    pkgHeightMm = fromFloorplan ? fp.carrier.heightMm : Math.sqrt(pkgAreaMm2);
    packageNreUsd = substrateNreUsd(carrier, pkgAreaMm2, f);
  }
  // Final test: catches a share of the units holding a die that escaped wafer (or stack) test.
  const shipYield = 1 - (1 - escapeQuality) * tech.test.packageTestCoverage;
  stepYields.push(shipYield);
  flowItems.push({
    category: 'test',
    costUsd: tech.test.packageTestCostUsd,
    entryStep: stepYields.length - 1,
    loss: 'packageScrap',
  });
  const flow = packageFlowCost(
    stackCosts.map((s) => ({ recurring: s.recurring, entryStep: 0 })),
    flowItems,
    stepYields,
  );

  // NRE per unit.
  const chip = chipNrePerUnitUsd(design.dies, tech, design.system.volumeUnits);
  const nre = {
    designUsd: chip.designUsd,
    masksUsd: chip.masksUsd,
    d2dPhyUsd: chip.d2dPhyUsd,
    packageUsd: packageNreUsd / design.system.volumeUnits,
  };

  // Thermal: one column per stack, HBM columns beside them on an interposer.
  const powerWByDie = design.dies.map((d, i) => d.powerW + links.ioPowerWByDie[i]!);
  const thermalColumns: ThermalColumnSpec[] = [
    ...columns.map((c) => stackThermalColumn(c, tech, powerWByDie)),
    ...hbmStackColumns(design, tech),
  ];
  const thermal = runThermal(design, tech, fp.placements, fp.carrier, thermalColumns, onInterposer ? 1 : 0);

  const assemblyYield = stackBondYield * attachYield * substrateYield;
  const reasons = [
    ...reticleReasons(design, tech),
    ...carrierSizeReasons(carrierId, carrier, carrierAreaMm2),
    ...links.reasons,
    ...thermal.reasons,
  ];
  return assembleMetrics(plugin, design, {
    flow,
    nre,
    dies: dc,
    knownGoodDieUsd: siliconUsd,
    yields: { carrier: carrierYield, assembly: assemblyYield, package: assemblyYield * escapeQuality },
    links,
    memory,
    thermal,
    geometry: {
      packageAreaMm2: pkgAreaMm2,
      carrierAreaMm2,
      siliconAreaMm2,
      packageWidthMm: pkgWidthMm,
      packageHeightMm: pkgHeightMm,
    },
    reasons,
  });
}

/**
 * The plp model: the shared RDL package model (../fanout/model.ts) with the RDL made on a
 * rectangular panel, as the package (mode fanout) or as an interposer on an organic substrate
 * (mode interposer). Equations: docs/models/plp.md.
 */
import type {
  Carrier,
  InfeasibilityReason,
  Metrics,
  Panel,
  ResolvedDesign,
  TechnologyLibrary,
} from '@chiplet-dse/core';
import {
  rdlPackageMetrics,
  rdlParts,
  rdlStackYield,
  type RdlPackage,
  type RdlSettings,
  type RdlUnit,
  type RectSize,
} from '../fanout/model.js';
import { carrierUtilisation, panelShape } from './carrierUtilisation.js';

export type PlpMode = 'fanout' | 'interposer';

/**
 * RDL unit made on a panel: panel price x L/L_ref over the items the panel holds (exact grid
 * packing of the item outline, both orientations) + the per-mm² cost; yield
 * NB(A, D0_panel, α_panel)^(L/L_ref). Panel lithography has no reticle stitching to pay for.
 */
export function panelRdlUnit(panel: Panel, carrier: Carrier, item: RectSize, settings: RdlSettings): RdlUnit {
  const u = carrierUtilisation(panelShape(panel), item.widthMm, item.heightMm);
  const panelPriceUsd = panel.costUsdPerMm2 * panel.widthMm * panel.heightMm * settings.layerRatio;
  return {
    costUsd: panelPriceUsd / Math.max(1, u.count) + carrier.costUsdPerMm2 * item.areaMm2,
    yield: rdlStackYield(item.areaMm2, panel.defectDensityPerCm2, panel.clusteringAlpha, settings.layerRatio),
    perCarrier: u.count,
  };
}

/** Usable width and height of a panel inside its edge, mm. */
export function usablePanelMm(panel: Panel): [number, number] {
  return [panel.widthMm - 2 * panel.edgeMm, panel.heightMm - 2 * panel.edgeMm];
}

export function evaluatePlp(
  plugin: { id: string; version: string },
  design: ResolvedDesign,
  tech: TechnologyLibrary,
): Metrics {
  return rdlPackageMetrics(plugin, design, tech, plpPackage(design, tech));
}

/**
 * The package of a panel-level design: what depends on the sizes of its dies (the geometry stage
 * of the plan, ../fanout/kernel.ts, calls it when they change).
 */
export function plpPackage(design: ResolvedDesign, tech: TechnologyLibrary): RdlPackage {
  const { carrier, settings, geometry, links, substrate } = rdlParts(design, tech);
  const opts = design.package.options;
  const panelId = String(opts['panel']);
  const panel = tech.panels[panelId]!;
  const mode: PlpMode = opts['mode'] === 'interposer' ? 'interposer' : 'fanout';
  // What the panel carries: the whole fan-out package, or the interposer.
  const item = mode === 'fanout' ? geometry.pkg : geometry.rdl;
  const rdl = panelRdlUnit(panel, carrier, item, settings);
  // Package NRE is the same design work in both modes: the fine RDL over the die region
  // (Actuary FO rate) and the escape routing to the balls over the package area (the organic
  // substrate's NRE), whether that routing lies in the panel RDL or in a substrate.
  const packageNreUsd = carrier.nreUsdPerMm2 * geometry.rdl.areaMm2 + carrier.nreFixedUsd + substrate.nreUsd;
  const sizeReasons: InfeasibilityReason[] = [];
  if (!(rdl.perCarrier >= 1)) {
    const [uw, uh] = usablePanelMm(panel);
    sizeReasons.push({
      code: 'carrier-size-limit',
      message: `${panelId}: a ${item.widthMm.toFixed(1)} x ${item.heightMm.toFixed(1)} mm ${mode === 'fanout' ? 'package' : 'interposer'} does not fit the ${uw} x ${uh} mm usable panel`,
      value: item.areaMm2,
      limit: uw * uh,
    });
  }
  return {
    settings,
    geometry,
    links,
    rdl,
    substrate: mode === 'interposer' ? substrate : null,
    packageNreUsd,
    carrierMasksUsd: tech.nodes[carrier.processNode]?.maskSetUsd ?? 0,
    packageOutline: geometry.pkg,
    carrierAreaMm2: item.areaMm2,
    sizeReasons,
  };
}

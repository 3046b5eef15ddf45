/**
 * How many rectangular packages (or interposers) a 300 mm wafer or a rectangular panel holds, and
 * what share of the carrier they use: the comparison behind panel-level packaging
 * (docs/reference/technology-facts.md §3, "Wafer vs panel"; docs/models/plp.md).
 */
import { exactDiesPerWafer, rectanglesPerPanel, type Panel, type ProcessNode } from '@chiplet-dse/core';

export type CarrierShape =
  | { kind: 'wafer'; diameterMm: number; edgeExclusionMm: number; kerfMm: number }
  | { kind: 'panel'; widthMm: number; heightMm: number; edgeMm: number; kerfMm: number };

export interface CarrierUtilisation {
  /** Whole items on the carrier (both orientations tried). */
  count: number;
  /** The whole carrier: π d²/4 for a wafer, width x height for a panel, mm². */
  carrierAreaMm2: number;
  /** count x item area / carrier area. */
  utilisation: number;
}

export function waferShape(node: ProcessNode): CarrierShape {
  return {
    kind: 'wafer',
    diameterMm: node.waferDiameterMm,
    edgeExclusionMm: node.edgeExclusionMm,
    kerfMm: node.scribeWidthMm,
  };
}

export function panelShape(panel: Panel): CarrierShape {
  return {
    kind: 'panel',
    widthMm: panel.widthMm,
    heightMm: panel.heightMm,
    edgeMm: panel.edgeMm,
    kerfMm: panel.kerfMm,
  };
}

/**
 * Items of `itemWidthMm` x `itemHeightMm` per carrier by exact grid packing (wafer: CATCH-style
 * exact count inside the usable disc, kerf as scribe; panel: floor division of the usable panel,
 * both orientations), and the utilisation count·w·h / carrier area.
 */
export function carrierUtilisation(
  carrier: CarrierShape,
  itemWidthMm: number,
  itemHeightMm: number,
): CarrierUtilisation {
  let count: number;
  let carrierAreaMm2: number;
  if (carrier.kind === 'wafer') {
    count = exactDiesPerWafer(
      carrier.diameterMm,
      carrier.edgeExclusionMm,
      itemWidthMm,
      itemHeightMm,
      carrier.kerfMm,
    );
    carrierAreaMm2 = (Math.PI * carrier.diameterMm * carrier.diameterMm) / 4;
  } else {
    count = rectanglesPerPanel(
      carrier.widthMm,
      carrier.heightMm,
      carrier.edgeMm,
      itemWidthMm,
      itemHeightMm,
      carrier.kerfMm,
    );
    carrierAreaMm2 = carrier.widthMm * carrier.heightMm;
  }
  return { count, carrierAreaMm2, utilisation: (count * itemWidthMm * itemHeightMm) / carrierAreaMm2 };
}

/**
 * Processing cost of one item: the carrier's price over the items it holds (at least one: an item
 * that does not fit is reported infeasible elsewhere and still costs a whole carrier).
 */
export function carrierCostPerItemUsd(
  carrier: CarrierShape,
  carrierPriceUsd: number,
  itemWidthMm: number,
  itemHeightMm: number,
): number {
  return carrierPriceUsd / Math.max(1, carrierUtilisation(carrier, itemWidthMm, itemHeightMm).count);
}

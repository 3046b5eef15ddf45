/**
 * Chip NRE amortised per unit (Chiplet Actuary A6): each design identity pays module design
 * (per mm² of logic), chip integration (per mm² of die plus a fixed part) and a mask set once;
 * each node that has D2D links pays one D2D PHY design once.
 */
import type { DieInstance } from '../design/types.js';
import type { TechnologyLibrary } from '../technology/types.js';

export interface ChipNre {
  designUsd: number;
  masksUsd: number;
  d2dPhyUsd: number;
}

/** Total (not amortised) chip NRE of the distinct designs among `dies`. */
export function chipNreTotalUsd(dies: readonly DieInstance[], tech: TechnologyLibrary): ChipNre {
  const seenDesign = new Set<string>();
  const seenPhyNode = new Set<string>();
  let designUsd = 0;
  let masksUsd = 0;
  let d2dPhyUsd = 0;
  for (const d of dies) {
    const node = tech.nodes[d.node];
    if (node === undefined) continue;
    if (!seenDesign.has(d.designId)) {
      seenDesign.add(d.designId);
      designUsd +=
        node.designNreUsdPerMm2 * d.logicAreaMm2 + node.chipNreUsdPerMm2 * d.areaMm2 + node.chipNreFixedUsd;
      masksUsd += node.maskSetUsd;
    }
    if (d.hasD2d && !seenPhyNode.has(d.node)) {
      seenPhyNode.add(d.node);
      d2dPhyUsd += node.designNreUsdPerMm2 * node.d2dPhyNreAreaMm2;
    }
  }
  return { designUsd, masksUsd, d2dPhyUsd };
}

export function chipNrePerUnitUsd(
  dies: readonly DieInstance[],
  tech: TechnologyLibrary,
  volumeUnits: number,
): ChipNre {
  const t = chipNreTotalUsd(dies, tech);
  return {
    designUsd: t.designUsd / volumeUnits,
    masksUsd: t.masksUsd / volumeUnits,
    d2dPhyUsd: t.d2dPhyUsd / volumeUnits,
  };
}

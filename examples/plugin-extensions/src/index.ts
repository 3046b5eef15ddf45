/**
 * One package contributing one extension of each kind besides packaging approaches (see
 * docs/plugin-authoring.md, "Contributing other extensions"):
 *
 * - technology preset `catch-organic`: the default library with the organic substrate priced at
 *   CATCH's organic layer cost, sources written as in the built-in presets;
 * - yield model `murphy-rectangular`: Murphy's model for a rectangular (uniform) distribution of
 *   defect density, published beside the triangular one that is built in;
 * - thermal model `compact-guardband`: the compact model with a fixed guard band on every
 *   temperature, for plugins that look thermal models up by id;
 * - derived metric `derived.costPerGBps`: total cost per GB/s of die-to-die plus memory bandwidth.
 *
 * It requires the built-in plugins (its preset prices the carrier their approaches build on).
 */
import {
  defineExtensions,
  prepareCompactThermal,
  type DerivedMetric,
  type TechnologyPreset,
  type ThermalModel,
  type YieldModel,
} from '@chiplet-dse/core';

/** USD per square foot -> USD per mm² (1 ft = 304.8 mm). */
const perFt2 = (usd: number) => usd / (304.8 * 304.8);

export const catchOrganicPreset: TechnologyPreset = {
  id: 'catch-organic',
  description:
    "The default library with the organic substrate priced at CATCH's organic layer cost ($5/ft²) instead of Chiplet Actuary's 0.005 $/mm² (an example preset contributed by a package).",
  data: {
    extends: 'default',
    name: 'catch-organic',
    carriers: {
      organic_substrate: {
        costUsdPerMm2: {
          value: perFt2(5),
          source: ['catch'],
          note: "CATCH's organic cost of $5/ft² (the figure the default preset's note on this value compares with Actuary's), converted at 92903 mm²/ft².",
        },
      },
    },
  },
};

/**
 * Murphy's yield for a rectangular (uniform) distribution of defect density between 0 and 2·D0:
 * Y = (1 − e^(−2λ)) / (2λ), λ = A·D0/100 (A in mm², D0 in defects/cm²).
 * Source: B. T. Murphy, "Cost-size optima of monolithic integrated circuits", Proc. IEEE 52(12),
 * pp. 1537-1545, 1964 (the paper of the triangular model core builds in as `murphy`).
 */
export function murphyRectangularYield(areaMm2: number, defectDensityPerCm2: number): number {
  const lambda = (areaMm2 * defectDensityPerCm2) / 100;
  if (lambda === 0) return 1;
  // expm1 keeps small λ accurate; the ratio is at most 1 but rounding may put it a hair above.
  return Math.min(1, -Math.expm1(-2 * lambda) / (2 * lambda));
}

export const murphyRectangular: YieldModel = {
  id: 'murphy-rectangular',
  description: 'Murphy (1964), rectangular D0 distribution: Y = (1 - exp(-2·A·D0))/(2·A·D0)',
  yield: (a, d) => murphyRectangularYield(a, d),
};

/** Kelvin added to every temperature of the compact model by `compact-guardband`. */
export const GUARD_BAND_K = 5;

export const compactGuardband: ThermalModel = {
  id: 'compact-guardband',
  description: `The compact model with a ${GUARD_BAND_K} K guard band on every temperature (ambient unchanged)`,
  prepare(pkg) {
    const model = prepareCompactThermal(pkg);
    return {
      evaluate(columns) {
        const r = model.evaluate(columns);
        const up = (t: number) => t + GUARD_BAND_K;
        return {
          ...r,
          peakC: columns.length === 0 ? r.peakC : up(r.peakC),
          columns: r.columns.map((c) => ({
            peakC: up(c.peakC),
            tiers: c.tiers.map((t) => ({ ...t, peakC: up(t.peakC), meanC: up(t.meanC) })),
          })),
        };
      },
    };
  },
};

export const costPerGBps: DerivedMetric = {
  id: 'derived.costPerGBps',
  unit: 'USD/(GB/s)',
  description: 'Total cost per unit over the die-to-die plus memory bandwidth (Infinity without bandwidth)',
  compute: (m) => m.cost.totalUsd / (m.bandwidth.aggregateD2dGBps + m.bandwidth.memoryGBps),
};

export default defineExtensions({
  presets: [catchOrganicPreset],
  yieldModels: [murphyRectangular],
  thermalModels: [compactGuardband],
  metrics: [costPerGBps],
  requires: ['@chiplet-dse/plugins'],
});

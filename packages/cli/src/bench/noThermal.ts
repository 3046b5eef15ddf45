/**
 * A bench-only thermal model, `bench-none`, contributed through `defineExtensions` as a third
 * party would (docs/plugin-authoring.md §12): every tier sits at ambient. A design that names it in
 * `system.thermalModel` is evaluated without the thermal solve, so the `chiplets` bench phase can
 * set the cost of the thermal model apart from cost, yield, bandwidth and geometry. The phase
 * loads this file by path as an extra plugin specifier; it is not a physical model.
 */
import {
  defineExtensions,
  type ThermalColumn,
  type ThermalModel,
  type ThermalPackage,
} from '@chiplet-dse/core';

export const BENCH_NO_THERMAL_ID = 'bench-none';

/** The result `evaluate` returns: every tier's peak and mean at `ambientC`. */
function ambientResult(columns: readonly ThermalColumn[], ambientC: number) {
  return {
    peakC: ambientC,
    hottestColumnIndex: 0,
    hottestTierIndex: 0,
    columns: columns.map((c) => ({
      peakC: ambientC,
      tiers: c.tiers.map(() => ({ peakC: ambientC, meanC: ambientC })),
    })),
  };
}

export const benchNoThermal: ThermalModel = {
  id: BENCH_NO_THERMAL_ID,
  description: 'Bench only: every tier at ambient (no thermal solve), to time the rest of a point.',
  prepare(pkg: ThermalPackage) {
    return {
      evaluate: (columns: readonly ThermalColumn[]) => ambientResult(columns, pkg.ambientC),
      // Allocation-free, as the kit's ThermalKernel calls it per point: [peak, mean] per tier.
      writeInto(columns: readonly ThermalColumn[], out: Float64Array, point?: { readonly ambientC: number }) {
        const ambientC = point === undefined ? pkg.ambientC : point.ambientC;
        let at = 0;
        for (let c = 0; c < columns.length; c++)
          for (let t = 0; t < columns[c]!.tiers.length; t++) {
            out[at++] = ambientC;
            out[at++] = ambientC;
          }
      },
    };
  },
};

export default defineExtensions({ thermalModels: [benchNoThermal] });

/** Options every built-in plugin understands (model choices, not technology data). */
import { enumOption } from '@chiplet-dse/core';

export const diesPerWaferOption = enumOption({
  description:
    'Dies per wafer: "exact" counts whole dies on the usable wafer (CATCH); "analytic" is the real-valued formula of Chiplet Actuary.',
  default: 'exact',
  values: ['exact', 'analytic'],
});

export const substrateAreaOption = enumOption({
  description:
    'Package substrate area: "floorplan" = the larger of the placed dies with spacing and margins and the I/O-escape area (substrateAreaFactor x what sits on it); "actuary" = substrateAreaFactor x total die area only (Chiplet Actuary).',
  default: 'floorplan',
  values: ['floorplan', 'actuary'],
});

export const COMMON_OPTIONS = {
  diesPerWafer: diesPerWaferOption,
  substrateArea: substrateAreaOption,
} as const;

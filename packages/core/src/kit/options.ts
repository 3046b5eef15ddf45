/**
 * Options most packaging plugins offer (model choices, not technology data): the dies-per-wafer
 * method the kit's die and wafer-carrier costs take, and the package-substrate area model of the
 * kit's substrate costing. Spread COMMON_OPTIONS into a plugin's options to offer both.
 */
import { enumOption } from '../plugin/options.js';

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

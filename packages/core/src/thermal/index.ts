export type {
  ColumnTemperature,
  CompactThermalCalibration,
  ThermalColumn,
  ThermalColumnKind,
  ThermalInput,
  ThermalPackage,
  ThermalPlate,
  ThermalResult,
  ThermalTier,
  TierTemperature,
} from './types.js';
export { thermalOutputLength, validateColumns, validatePackage } from './types.js';
export type { CompactThermalOptions } from './compactThermal.js';
export {
  CompactThermalModel,
  compactThermal,
  compactThermalInto,
  prepareCompactThermal,
} from './compactThermal.js';
export type { VerticalLayer } from './inputs.js';
export { plateFromCooling, seriesResistanceMm2KPerW } from './inputs.js';
export type { SpreadingResistance } from './spreading.js';
export { leeSpreadingResistance } from './spreading.js';
export { PlateGreenFunction, plateGreenFunction } from './plateGreen.js';
export { besselK0, besselK1 } from './bessel.js';

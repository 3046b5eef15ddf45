/**
 * `npx vitest bench packages/core/src/thermal`: cost of one evaluation for 4 dies + 4 HBM stacks.
 */
import { bench, describe } from 'vitest';
import { CompactThermalModel, compactThermal } from './compactThermal.js';
import { REFERENCE_PACKAGE, referenceDie as die, referenceHbm as hbm } from './referencePackage.js';
import { SpectralThermalModel } from './spectralThermal.oracle.js';
import { thermalOutputLength } from './types.js';

const columns = [
  die(22, 26.5, 9, 9, 100),
  die(32, 26.5, 9, 9, 100),
  die(22, 37.5, 9, 9, 100),
  die(32, 37.5, 9, 9, 100),
  hbm(44, 14, 10),
  hbm(44, 26, 10),
  hbm(44, 38, 10),
  hbm(44, 50, 10),
];
const out = new Float64Array(thermalOutputLength(columns));
const l0 = new CompactThermalModel(REFERENCE_PACKAGE);
const l1 = new SpectralThermalModel(REFERENCE_PACKAGE);
let i = 0;

describe('thermal, 4 dies + 4 HBM', () => {
  bench('L0 evaluateInto, powers change (geometry cached)', () => {
    columns[0] = die(22, 26.5, 9, 9, 100 + (i++ & 7));
    l0.evaluateInto(columns, out);
  });
  bench('L0 evaluateInto, a die moves every call', () => {
    columns[0] = die(22 + (i++ & 7) * 1e-3, 26.5, 9, 9, 100);
    l0.evaluateInto(columns, out);
  });
  bench('L0 compactThermal() convenience (new model per call)', () => {
    columns[0] = die(22 + (i++ & 7) * 1e-3, 26.5, 9, 9, 100);
    compactThermal({ ...REFERENCE_PACKAGE, columns });
  });
  bench('L1 evaluateInto (32×32 modes)', () => {
    columns[0] = die(22, 26.5, 9, 9, 100 + (i++ & 7));
    l1.evaluateInto(columns, out);
  });
});

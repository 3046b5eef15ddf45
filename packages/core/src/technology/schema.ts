/**
 * Schema of technology files and the presets. Numbers in a file may be plain or sourced
 * (`{ value, source: [ids], note }`); sourced values are split off into `provenance` before
 * validation (technology/sourcedValues.ts), so this schema sees plain numbers only.
 */
import { z } from 'zod';

const pos = () => z.number().positive();
const nonneg = () => z.number().min(0);
const yieldFraction = () => z.number().gt(0).max(1);
const fraction = () => z.number().min(0).max(1);

const carrierKinds = [
  'organic-substrate',
  'silicon-interposer',
  'rdl-interposer',
  'embedded-bridge',
  'glass-interposer',
  'panel',
] as const;

export const processNodeSchema = z.strictObject({
  name: z.string(),
  waferDiameterMm: pos(),
  edgeExclusionMm: nonneg(),
  scribeWidthMm: nonneg(),
  waferPriceUsd: nonneg(),
  defectDensityPerCm2: nonneg(),
  clusteringAlpha: pos(),
  criticalLayers: z.number().int().min(1),
  reticleWidthMm: pos(),
  reticleHeightMm: pos(),
  designNreUsdPerMm2: nonneg(),
  chipNreUsdPerMm2: nonneg(),
  chipNreFixedUsd: nonneg(),
  maskSetUsd: nonneg(),
  d2dPhyNreAreaMm2: nonneg(),
});

export const carrierSchema = z.strictObject({
  name: z.string(),
  kind: z.enum(carrierKinds),
  costUsdPerMm2: nonneg(),
  layerFactorSteps: z.array(z.strictObject({ maxAreaMm2: pos(), factor: pos() })).min(1),
  singleDieLayerFactor: pos(),
  processNode: z.string(),
  defectDensityPerCm2: nonneg(),
  clusteringAlpha: pos(),
  maxAreaMm2: nonneg(),
  stitchingAllowed: z.boolean(),
  stitchYield: yieldFraction(),
  dieSpacingMm: nonneg(),
  edgeMarginMm: nonneg(),
  areaFactorOverDies: z.number().min(1),
  substrateAreaFactor: z.number().min(1),
  nreUsdPerMm2: nonneg(),
  nreFixedUsd: nonneg(),
  rdlLayers: z.number().int().min(0),
  lineSpaceUm: pos(),
  bridgeWidthMm: nonneg(),
  bridgeLengthMm: nonneg(),
  bridgeEdgeCoverageMm: nonneg(),
  dieBonding: z.string(),
  substrateBonding: z.string(),
  thicknessUm: pos(),
  thermalConductivityWPerMK: pos(),
});

export const bondingSchema = z.strictObject({
  name: z.string(),
  kind: z.enum(['c4', 'microbump', 'hybrid', 'smt']),
  pitchUm: pos(),
  yieldPerDie: yieldFraction(),
  yieldPerBond: yieldFraction(),
  tsvYieldPerTsv: yieldFraction(),
  dielectricDefectDensityPerCm2: nonneg(),
  costUsdPerMm2: nonneg(),
  costUsdPerDie: nonneg(),
  thermalResistanceMm2KPerW: nonneg(),
});

export const phySchema = z.strictObject({
  name: z.string(),
  lanesPerModule: z.number().int().min(0),
  dataRateGbps: nonneg(),
  moduleShorelineMm: nonneg(),
  bumpPitchUm: pos(),
  areaBandwidthGBpsPerMm2: nonneg(),
  energyPjPerBit: nonneg(),
  latencyNs: nonneg(),
  reachMm: nonneg(),
  signalBondFraction: z.number().gt(0).max(1),
  dieAreaOverheadFraction: z.number().min(0).max(1),
  carrierKinds: z.array(z.enum(carrierKinds)),
});

export const hbmSchema = z.strictObject({
  name: z.string(),
  bandwidthGBpsPerStack: pos(),
  footprintWidthMm: pos(),
  footprintLengthMm: pos(),
  powerWPerStack: nonneg(),
  energyPjPerBit: nonneg(),
  capacityGBPerStack: pos(),
  costUsdPerStack: nonneg(),
  thermalConductivityWPerMK: pos(),
});

export const panelSchema = z.strictObject({
  name: z.string(),
  widthMm: pos(),
  heightMm: pos(),
  edgeMm: nonneg(),
  kerfMm: nonneg(),
  costUsdPerMm2: nonneg(),
  defectDensityPerCm2: nonneg(),
  clusteringAlpha: pos(),
});

export const materialSchema = z.strictObject({ conductivityWPerMK: pos() });

export const coolingSchema = z.strictObject({
  name: z.string(),
  sinkResistanceKPerW: pos(),
  plateWidthMm: pos(),
  plateLengthMm: pos(),
  lidThicknessMm: nonneg(),
  sinkBaseThicknessMm: nonneg(),
  plateConductivityWPerMK: pos(),
});

export const thermalCalibrationSchema = z.strictObject({
  cKappaMm: nonneg(),
  edgeExcessSiKPerW: nonneg(),
  edgeExcessSiLengthMm: pos(),
  edgeExcessHbmKPerW: nonneg(),
  edgeExcessHbmLengthMm: pos(),
  interposerCouplingKPerW: nonneg(),
  interposerCouplingLengthMm: pos(),
  dieBulkThicknessUm: pos(),
  timThicknessUm: nonneg(),
  tierResistanceMicrobumpMm2KPerW: nonneg(),
  tierResistanceHybridMm2KPerW: nonneg(),
});

export const testProcessSchema = z.strictObject({
  coverage: fraction(),
  costUsdPerMm2: nonneg(),
  packageTestCoverage: fraction(),
  packageTestCostUsd: nonneg(),
});

export const sourceRefSchema = z.strictObject({
  title: z.string(),
  url: z.string().optional(),
  kind: z.string().optional(),
  date: z.string().optional(),
  note: z.string().optional(),
});

const librarySections = {
  name: z.string(),
  description: z.string(),
  reticleAreaMm2: pos(),
  nodes: z.record(z.string(), processNodeSchema),
  carriers: z.record(z.string(), carrierSchema),
  bonding: z.record(z.string(), bondingSchema),
  phys: z.record(z.string(), phySchema),
  hbm: z.record(z.string(), hbmSchema),
  materials: z.record(z.string(), materialSchema),
  cooling: z.record(z.string(), coolingSchema),
  panels: z.record(z.string(), panelSchema),
  thermalCalibration: thermalCalibrationSchema,
  test: testProcessSchema,
  sources: z.record(z.string(), sourceRefSchema),
};

/** A complete library (a preset, or the result of layering). */
export const technologyLibrarySchema = z.strictObject(librarySections);

function partialRecord<T extends z.ZodObject>(entry: T) {
  return z.record(z.string(), entry.partial());
}

/**
 * A technology file or a design's `technology:` section: any part of a library, on top of the
 * preset named by `extends` (default "default"). Entries of a section may be partial (they
 * override an existing entry) or complete (a new entry).
 */
export const technologyOverlaySchema = z.strictObject({
  $schema: z.string().optional(),
  extends: z.string().optional(),
  name: z.string().optional(),
  description: z.string().optional(),
  reticleAreaMm2: pos().optional(),
  nodes: partialRecord(processNodeSchema).optional(),
  carriers: partialRecord(carrierSchema).optional(),
  bonding: partialRecord(bondingSchema).optional(),
  phys: partialRecord(phySchema).optional(),
  hbm: partialRecord(hbmSchema).optional(),
  materials: partialRecord(materialSchema).optional(),
  cooling: partialRecord(coolingSchema).optional(),
  panels: partialRecord(panelSchema).optional(),
  thermalCalibration: thermalCalibrationSchema.partial().optional(),
  test: testProcessSchema.partial().optional(),
  sources: z.record(z.string(), sourceRefSchema).optional(),
});

export type TechnologyOverlay = z.infer<typeof technologyOverlaySchema>;

/**
 * Schema of technology files and the presets. Numbers in a file may be plain or sourced
 * (`{ value, source: [ids], note }`); sourced values are split off into `provenance` before
 * validation (technology/sourcedValues.ts), so this schema sees plain numbers only.
 *
 * These schemas are the single definition of the library's shape: technology/types.ts derives
 * every TypeScript type from them (z.output), so the loader and the models cannot drift apart.
 * Field documentation lives here as comments (not `.describe()`, which would change the
 * generated JSON Schema in packages/core/schema/).
 */
import { z } from 'zod';

/** The die yield models (math/yieldModels.ts) a design may name. */
export const yieldModelSchema = z.enum(['poisson', 'murphy', 'seeds', 'negative-binomial', 'bose-einstein']);

const pos = () => z.number().positive();
const nonneg = () => z.number().min(0);
const yieldFraction = () => z.number().gt(0).max(1);
const fraction = () => z.number().min(0).max(1);

/** Kinds of carrier the dies sit on. */
export const carrierKinds = [
  'organic-substrate',
  'silicon-interposer',
  'rdl-interposer',
  'embedded-bridge',
  'glass-interposer',
  'panel',
] as const;

/** A wafer fab process (logic node, or the BEOL-only process an interposer is made on). */
export const processNodeSchema = z.strictObject({
  name: z.string(),
  waferDiameterMm: pos(),
  edgeExclusionMm: nonneg(),
  scribeWidthMm: nonneg(),
  waferPriceUsd: nonneg(),
  defectDensityPerCm2: nonneg(),
  /** Clustering parameter alpha of the negative-binomial yield model. */
  clusteringAlpha: pos(),
  /** Critical layers for the Bose-Einstein model (defect density is per layer there). */
  criticalLayers: z.number().int().min(1),
  reticleWidthMm: pos(),
  reticleHeightMm: pos(),
  /** Design (module/IP) NRE per mm² of logic: Chiplet Actuary's 0.5·NRE_node/300. */
  designNreUsdPerMm2: nonneg(),
  /** Chip integration and physical-design NRE per mm² of die: Actuary's 0.3·NRE_node/300. */
  chipNreUsdPerMm2: nonneg(),
  /** Fixed NRE per chip design (integration, tape-out): Actuary's 0.2·NRE_node. */
  chipNreFixedUsd: nonneg(),
  /** Mask set per chip design, charged once per design identity. */
  maskSetUsd: nonneg(),
  /** Area of a D2D PHY block charged as design NRE once per node (Actuary: 20 mm²). */
  d2dPhyNreAreaMm2: nonneg(),
});

/** What the dies sit on. */
export const carrierSchema = z.strictObject({
  name: z.string(),
  kind: z.enum(carrierKinds),
  /** Raw cost per mm² of carrier (organic substrates; also added to wafer-made interposers by Actuary). */
  costUsdPerMm2: nonneg(),
  /** Multiplier steps on costUsdPerMm2 by substrate area (Actuary's layer factor); last step applies above. */
  layerFactorSteps: z.array(z.strictObject({ maxAreaMm2: pos(), factor: pos() })).min(1),
  /** Layer factor for a substrate that carries a single die. */
  singleDieLayerFactor: pos(),
  /** Wafer-made carriers (interposers, bridges): id of the process node they are fabricated on, or '' */
  processNode: z.string(),
  /** Yield of the carrier: defect density and clustering (0 = no defect loss modelled). */
  defectDensityPerCm2: nonneg(),
  clusteringAlpha: pos(),
  /** Largest carrier the technology offers (stitched where allowed), mm² (0 = no limit). */
  maxAreaMm2: nonneg(),
  /** Whether a carrier larger than one reticle may be stitched, and the yield per stitch. */
  stitchingAllowed: z.boolean(),
  stitchYield: yieldFraction(),
  /** Spacing between neighbouring dies and margin from dies to carrier edge, mm. */
  dieSpacingMm: nonneg(),
  edgeMarginMm: nonneg(),
  /** Actuary's carrier area over total die area (used by the 'actuary' area model). */
  areaFactorOverDies: z.number().min(1),
  /** Package substrate area over the area of what sits on it (Actuary: 4). */
  substrateAreaFactor: z.number().min(1),
  /** Package NRE: per mm² of carrier and fixed. */
  nreUsdPerMm2: nonneg(),
  nreFixedUsd: nonneg(),
  /** RDL (redistribution) metal layers of RDL carriers (fan-out, RDL interposer); 0 for others. */
  rdlLayers: z.number().int().min(0),
  /** Finest wiring line (= space) of the carrier's routing layers, µm. */
  lineSpaceUm: pos(),
  /** Embedded bridges (EMIB/LSI-like): bridge die size and the shared die edge one bridge serves. */
  bridgeWidthMm: nonneg(),
  bridgeLengthMm: nonneg(),
  bridgeEdgeCoverageMm: nonneg(),
  /** Bonding process used to attach dies onto this carrier (e.g. 'c4', 'microbump'). */
  dieBonding: z.string(),
  /** Bonding process that attaches this carrier to the package substrate ('' for a root substrate). */
  substrateBonding: z.string(),
  thicknessUm: pos(),
  thermalConductivityWPerMK: pos(),
});

/** Kinds of bonding process. */
export const bondingKinds = ['c4', 'microbump', 'hybrid', 'smt'] as const;

export const bondingSchema = z.strictObject({
  name: z.string(),
  kind: z.enum(bondingKinds),
  pitchUm: pos(),
  /** Yield of one die attach (alignment, placement), independent of bond count. */
  yieldPerDie: yieldFraction(),
  /** Yield of one bond (bump, TSV or Cu pad); applied per bond. */
  yieldPerBond: yieldFraction(),
  /** Yield of one through-silicon via the bond connects through (CATCH). */
  tsvYieldPerTsv: yieldFraction(),
  /** Dielectric-interface defect density for hybrid bonding, per cm² of bonded area (CATCH). */
  dielectricDefectDensityPerCm2: nonneg(),
  /** Bump/pad cost per mm² of bonded die area. */
  costUsdPerMm2: nonneg(),
  /** Assembly cost per die placed and bonded. */
  costUsdPerDie: nonneg(),
  /** Area-specific thermal resistance of the bond layer, mm²·K/W. */
  thermalResistanceMm2KPerW: nonneg(),
});

export const phySchema = z.strictObject({
  name: z.string(),
  /** Data lanes per module per direction. */
  lanesPerModule: z.number().int().min(0),
  dataRateGbps: nonneg(),
  /** Die edge one module occupies, mm (0 for area-array 3D PHYs). */
  moduleShorelineMm: nonneg(),
  bumpPitchUm: pos(),
  /** Bandwidth per mm² of overlap for vertical (3D) PHYs, GB/s/mm² (0 for edge PHYs). */
  areaBandwidthGBpsPerMm2: nonneg(),
  energyPjPerBit: nonneg(),
  latencyNs: nonneg(),
  reachMm: nonneg(),
  /** Share of an area-array PHY's bumps that carry signals (the rest power, ground, clock). */
  signalBondFraction: z.number().gt(0).max(1),
  /** Die area added for D2D PHYs when a die's area is given as a share of a logic budget. */
  dieAreaOverheadFraction: z.number().min(0).max(1),
  /** Which carrier kinds the PHY is built for (empty = any). */
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
  /** Through-stack effective thermal conductivity. */
  thermalConductivityWPerMK: pos(),
});

/** A rectangular panel for panel-level packaging (RDL built on the panel). */
export const panelSchema = z.strictObject({
  name: z.string(),
  widthMm: pos(),
  heightMm: pos(),
  /** Unusable border, mm. */
  edgeMm: nonneg(),
  /** Saw street between packages, mm. */
  kerfMm: nonneg(),
  /** Processed cost per mm² of panel for the carrier's reference RDL layer count. */
  costUsdPerMm2: nonneg(),
  defectDensityPerCm2: nonneg(),
  clusteringAlpha: pos(),
});

export const materialSchema = z.strictObject({ conductivityWPerMK: pos() });

/** A cooling solution: the lid/sink plate and its heat transfer to ambient. */
export const coolingSchema = z.strictObject({
  name: z.string(),
  /** Thermal resistance of the heat sink from its base to ambient, K/W. */
  sinkResistanceKPerW: pos(),
  plateWidthMm: pos(),
  plateLengthMm: pos(),
  lidThicknessMm: nonneg(),
  sinkBaseThicknessMm: nonneg(),
  plateConductivityWPerMK: pos(),
});

/** Constants of the compact thermal model fitted per package template (docs/models/thermal.md §3, §7). */
export const thermalCalibrationSchema = z.strictObject({
  /** Lateral-spreading length inside a die, mm (kappa = max(0, 1 - cKappa/L)). */
  cKappaMm: nonneg(),
  edgeExcessSiKPerW: nonneg(),
  edgeExcessSiLengthMm: pos(),
  edgeExcessHbmKPerW: nonneg(),
  edgeExcessHbmLengthMm: pos(),
  /** Lateral coupling through a silicon interposer: g0 and decay length. */
  interposerCouplingKPerW: nonneg(),
  interposerCouplingLengthMm: pos(),
  /** Die bulk and TIM above a flip-chip die's source layer. */
  dieBulkThicknessUm: pos(),
  timThicknessUm: nonneg(),
  /** Area-specific resistance between stacked tiers, by bond kind, mm²K/W. */
  tierResistanceMicrobumpMm2KPerW: nonneg(),
  tierResistanceHybridMm2KPerW: nonneg(),
});

export const testProcessSchema = z.strictObject({
  /** Fraction of defective dies that wafer-level test catches (1 = perfect known-good die). */
  coverage: fraction(),
  /** Test cost per mm² of die tested (wafer sort). */
  costUsdPerMm2: nonneg(),
  /** Test of an assembled package: coverage and cost per unit. */
  packageTestCoverage: fraction(),
  packageTestCostUsd: nonneg(),
});

/** A source of a number: an entry of the reference bibliography. */
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
  /** Bibliography: source id -> reference. */
  sources: z.record(z.string(), sourceRefSchema),
};

/**
 * A complete library (a preset, or the result of layering) as a file holds it. The in-memory
 * TechnologyLibrary adds `provenance`, which the loader builds (it is never read from a file).
 */
export const technologyLibrarySchema = z.strictObject(librarySections);

/** JSON path of a value (e.g. "nodes.n7.waferPriceUsd") -> the source ids or file it came from. */
export const provenanceSchema = z.record(z.string(), z.array(z.string()));

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

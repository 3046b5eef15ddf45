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
import { fraction, posUpTo, range, upTo, yieldFraction } from './ranges.js';

/** The die yield models (math/yieldModels.ts) a design may name. */
export const yieldModelSchema = z.enum(['poisson', 'murphy', 'seeds', 'negative-binomial', 'bose-einstein']);

/**
 * Physical ranges (docs/technology-library.md#ranges, a table): generous bounds that catch typos and unit
 * mix-ups, not unusual technologies.
 */
const R = {
  /** Defects per cm² (per layer for Bose-Einstein): mature nodes 0.05-0.2, a bad ramp about 2. */
  defectDensity: () => upTo(100),
  /** Negative-binomial clustering alpha: 0.3-10 in practice; large alpha is Poisson. */
  alpha: () => posUpTo(1e3),
  /** Cost per mm² of a substrate, wafer or panel area, or of bonding/test, USD. */
  usdPerMm2: () => upTo(1e4),
  /** NRE per mm² (design, chip, package), USD. */
  nreUsdPerMm2: () => upTo(1e7),
  /** One-off NRE or a mask set, USD. */
  nreUsd: () => upTo(1e10),
  /** Thermal conductivity, W/(m·K): diamond is about 2,200. */
  conductivity: () => posUpTo(5e3),
  /** A length in a package or on a wafer, mm (a 450 mm wafer, a 600 mm panel fit). */
  lengthMm: () => upTo(1e3),
  positiveLengthMm: () => posUpTo(1e3),
  /** Thicknesses of dies, carriers, TIM, µm (10 mm). */
  thicknessUm: () => posUpTo(1e4),
  /** Bump, bond and wiring pitches, µm (an SMT ball pitch is about 1,000). */
  pitchUm: () => posUpTo(1e4),
  /** Area-specific thermal resistance, mm²·K/W. */
  areaResistance: () => upTo(1e5),
  /** Thermal resistance, K/W. */
  resistanceKPerW: () => upTo(1e4),
  /** Area of a carrier, panel or limit, mm². */
  areaMm2: () => upTo(1e7),
  /** Energy per bit, pJ. */
  energyPjPerBit: () => upTo(1e3),
  /** Multiplier on a carrier cost or area. */
  factor: () => range(1, 100),
};

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
  waferDiameterMm: R.positiveLengthMm(),
  edgeExclusionMm: upTo(100),
  scribeWidthMm: upTo(10),
  waferPriceUsd: upTo(1e6),
  defectDensityPerCm2: R.defectDensity(),
  /** Clustering parameter alpha of the negative-binomial yield model. */
  clusteringAlpha: R.alpha(),
  /** Critical layers for the Bose-Einstein model (defect density is per layer there). */
  criticalLayers: range(1, 200, { int: true }),
  reticleWidthMm: R.positiveLengthMm(),
  reticleHeightMm: R.positiveLengthMm(),
  /** Design (module/IP) NRE per mm² of logic: Chiplet Actuary's 0.5·NRE_node/300. */
  designNreUsdPerMm2: R.nreUsdPerMm2(),
  /** Chip integration and physical-design NRE per mm² of die: Actuary's 0.3·NRE_node/300. */
  chipNreUsdPerMm2: R.nreUsdPerMm2(),
  /** Fixed NRE per chip design (integration, tape-out): Actuary's 0.2·NRE_node. */
  chipNreFixedUsd: R.nreUsd(),
  /** Mask set per chip design, charged once per design identity. */
  maskSetUsd: R.nreUsd(),
  /** Area of a D2D PHY block charged as design NRE once per node (Actuary: 20 mm²). */
  d2dPhyNreAreaMm2: upTo(2e4),
});

/** What the dies sit on. */
export const carrierSchema = z.strictObject({
  name: z.string(),
  kind: z.enum(carrierKinds),
  /** Raw cost per mm² of carrier (organic substrates; also added to wafer-made interposers by Actuary). */
  costUsdPerMm2: R.usdPerMm2(),
  /** Multiplier steps on costUsdPerMm2 by substrate area (Actuary's layer factor); last step applies above. */
  layerFactorSteps: z
    // 1e9 mm²: presets mark the open-ended last step with it.
    .array(z.strictObject({ maxAreaMm2: posUpTo(1e9), factor: posUpTo(100) }))
    .min(1),
  /** Layer factor for a substrate that carries a single die. */
  singleDieLayerFactor: posUpTo(100),
  /** Wafer-made carriers (interposers, bridges): id of the process node they are fabricated on, or '' */
  processNode: z.string(),
  /** Yield of the carrier: defect density and clustering (0 = no defect loss modelled). */
  defectDensityPerCm2: R.defectDensity(),
  clusteringAlpha: R.alpha(),
  /** Largest carrier the technology offers (stitched where allowed), mm² (0 = no limit). */
  maxAreaMm2: R.areaMm2(),
  /** Whether a carrier larger than one reticle may be stitched, and the yield per stitch. */
  stitchingAllowed: z.boolean(),
  stitchYield: yieldFraction(),
  /** Spacing between neighbouring dies and margin from dies to carrier edge, mm. */
  dieSpacingMm: upTo(100),
  edgeMarginMm: upTo(100),
  /** Actuary's carrier area over total die area (used by the 'actuary' area model). */
  areaFactorOverDies: R.factor(),
  /** Package substrate area over the area of what sits on it (Actuary: 4). */
  substrateAreaFactor: R.factor(),
  /** Package NRE: per mm² of carrier and fixed. */
  nreUsdPerMm2: R.nreUsdPerMm2(),
  nreFixedUsd: R.nreUsd(),
  /** RDL (redistribution) metal layers of RDL carriers (fan-out, RDL interposer); 0 for others. */
  rdlLayers: range(0, 100, { int: true }),
  /** Finest wiring line (= space) of the carrier's routing layers, µm. */
  lineSpaceUm: R.pitchUm(),
  /** Embedded bridges (EMIB/LSI-like): bridge die size and the shared die edge one bridge serves. */
  bridgeWidthMm: upTo(100),
  bridgeLengthMm: upTo(100),
  bridgeEdgeCoverageMm: upTo(100),
  /** Bonding process used to attach dies onto this carrier (e.g. 'c4', 'microbump'). */
  dieBonding: z.string(),
  /** Bonding process that attaches this carrier to the package substrate ('' for a root substrate). */
  substrateBonding: z.string(),
  thicknessUm: R.thicknessUm(),
  thermalConductivityWPerMK: R.conductivity(),
});

/** Kinds of bonding process. */
export const bondingKinds = ['c4', 'microbump', 'hybrid', 'smt'] as const;

export const bondingSchema = z.strictObject({
  name: z.string(),
  kind: z.enum(bondingKinds),
  pitchUm: R.pitchUm(),
  /** Yield of one die attach (alignment, placement), independent of bond count. */
  yieldPerDie: yieldFraction(),
  /** Yield of one bond (bump, TSV or Cu pad); applied per bond. */
  yieldPerBond: yieldFraction(),
  /** Yield of one through-silicon via the bond connects through (CATCH). */
  tsvYieldPerTsv: yieldFraction(),
  /** Dielectric-interface defect density for hybrid bonding, per cm² of bonded area (CATCH). */
  dielectricDefectDensityPerCm2: R.defectDensity(),
  /** Bump/pad cost per mm² of bonded die area. */
  costUsdPerMm2: R.usdPerMm2(),
  /** Assembly cost per die placed and bonded. */
  costUsdPerDie: upTo(1e6),
  /** Area-specific thermal resistance of the bond layer, mm²·K/W. */
  thermalResistanceMm2KPerW: R.areaResistance(),
});

export const phySchema = z.strictObject({
  name: z.string(),
  /** Data lanes per module per direction. */
  lanesPerModule: range(0, 1e5, { int: true }),
  dataRateGbps: upTo(1e3),
  /** Die edge one module occupies, mm (0 for area-array 3D PHYs). */
  moduleShorelineMm: upTo(100),
  bumpPitchUm: R.pitchUm(),
  /** Bandwidth per mm² of overlap for vertical (3D) PHYs, GB/s/mm² (0 for edge PHYs). */
  areaBandwidthGBpsPerMm2: upTo(1e6),
  energyPjPerBit: R.energyPjPerBit(),
  latencyNs: upTo(1e6),
  reachMm: upTo(1e5),
  /** Share of an area-array PHY's bumps that carry signals (the rest power, ground, clock). */
  signalBondFraction: yieldFraction(),
  /** Die area added for D2D PHYs when a die's area is given as a share of a logic budget. */
  dieAreaOverheadFraction: fraction(),
  /** Which carrier kinds the PHY is built for (empty = any). */
  carrierKinds: z.array(z.enum(carrierKinds)),
});

export const hbmSchema = z.strictObject({
  name: z.string(),
  bandwidthGBpsPerStack: posUpTo(1e5),
  footprintWidthMm: posUpTo(1e3),
  footprintLengthMm: posUpTo(1e3),
  powerWPerStack: upTo(1e4),
  energyPjPerBit: R.energyPjPerBit(),
  capacityGBPerStack: posUpTo(1e5),
  costUsdPerStack: upTo(1e6),
  /** Through-stack effective thermal conductivity. */
  thermalConductivityWPerMK: R.conductivity(),
});

/** A rectangular panel for panel-level packaging (RDL built on the panel). */
export const panelSchema = z.strictObject({
  name: z.string(),
  widthMm: posUpTo(1e4),
  heightMm: posUpTo(1e4),
  /** Unusable border, mm. */
  edgeMm: R.lengthMm(),
  /** Saw street between packages, mm. */
  kerfMm: upTo(100),
  /** Processed cost per mm² of panel for the carrier's reference RDL layer count. */
  costUsdPerMm2: R.usdPerMm2(),
  defectDensityPerCm2: R.defectDensity(),
  clusteringAlpha: R.alpha(),
});

export const materialSchema = z.strictObject({ conductivityWPerMK: R.conductivity() });

/** A cooling solution: the lid/sink plate and its heat transfer to ambient. */
export const coolingSchema = z.strictObject({
  name: z.string(),
  /** Thermal resistance of the heat sink from its base to ambient, K/W. */
  sinkResistanceKPerW: posUpTo(1e4),
  plateWidthMm: R.positiveLengthMm(),
  plateLengthMm: R.positiveLengthMm(),
  lidThicknessMm: upTo(100),
  sinkBaseThicknessMm: upTo(100),
  plateConductivityWPerMK: R.conductivity(),
});

/** Constants of the compact thermal model fitted per package template (docs/models/thermal.md §3, §7). */
export const thermalCalibrationSchema = z.strictObject({
  /** Lateral-spreading length inside a die, mm (kappa = max(0, 1 - cKappa/L)). */
  cKappaMm: R.lengthMm(),
  edgeExcessSiKPerW: R.resistanceKPerW(),
  edgeExcessSiLengthMm: R.positiveLengthMm(),
  edgeExcessHbmKPerW: R.resistanceKPerW(),
  edgeExcessHbmLengthMm: R.positiveLengthMm(),
  /** Lateral coupling through a silicon interposer: g0 and decay length. */
  interposerCouplingKPerW: R.resistanceKPerW(),
  interposerCouplingLengthMm: R.positiveLengthMm(),
  /** Die bulk and TIM above a flip-chip die's source layer. */
  dieBulkThicknessUm: R.thicknessUm(),
  timThicknessUm: upTo(1e4),
  /** Area-specific resistance between stacked tiers, by bond kind, mm²K/W. */
  tierResistanceMicrobumpMm2KPerW: R.areaResistance(),
  tierResistanceHybridMm2KPerW: R.areaResistance(),
});

export const testProcessSchema = z.strictObject({
  /** Fraction of defective dies that wafer-level test catches (1 = perfect known-good die). */
  coverage: fraction(),
  /** Test cost per mm² of die tested (wafer sort). */
  costUsdPerMm2: R.usdPerMm2(),
  /** Test of an assembled package: coverage and cost per unit. */
  packageTestCoverage: fraction(),
  packageTestCostUsd: upTo(1e6),
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
  reticleAreaMm2: posUpTo(1e5),
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
  reticleAreaMm2: posUpTo(1e5).optional(),
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

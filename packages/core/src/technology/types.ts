/**
 * The technology library: every number a model needs that is a property of a process, a carrier,
 * a bonding step, a PHY, a memory or a material. Models read plain numbers from here; where each
 * number came from is kept beside it in `provenance` (JSON path -> source ids), so docs and
 * `chiplet-dse tech` can cite it. Units are in every field name.
 */

/** A source of a number: an entry of the reference bibliography. */
export interface SourceRef {
  title: string;
  url?: string;
  kind?: string;
  date?: string;
  note?: string;
}

export type YieldModelId = 'poisson' | 'murphy' | 'seeds' | 'negative-binomial' | 'bose-einstein';

/** A wafer fab process (logic node, or the BEOL-only process an interposer is made on). */
export interface ProcessNode {
  name: string;
  waferDiameterMm: number;
  edgeExclusionMm: number;
  scribeWidthMm: number;
  waferPriceUsd: number;
  defectDensityPerCm2: number;
  /** Clustering parameter alpha of the negative-binomial yield model. */
  clusteringAlpha: number;
  /** Critical layers for the Bose-Einstein model (defect density is per layer there). */
  criticalLayers: number;
  reticleWidthMm: number;
  reticleHeightMm: number;
  /** Design (module/IP) NRE per mm² of logic: Chiplet Actuary's 0.5·NRE_node/300. */
  designNreUsdPerMm2: number;
  /** Chip integration and physical-design NRE per mm² of die: Actuary's 0.3·NRE_node/300. */
  chipNreUsdPerMm2: number;
  /** Fixed NRE per chip design (integration, tape-out): Actuary's 0.2·NRE_node. */
  chipNreFixedUsd: number;
  /** Mask set per chip design, charged once per design identity. */
  maskSetUsd: number;
  /** Area of a D2D PHY block charged as design NRE once per node (Actuary: 20 mm²). */
  d2dPhyNreAreaMm2: number;
}

export type CarrierKind =
  | 'organic-substrate'
  | 'silicon-interposer'
  | 'rdl-interposer'
  | 'embedded-bridge'
  | 'glass-interposer'
  | 'panel';

/** What the dies sit on. */
export interface Carrier {
  name: string;
  kind: CarrierKind;
  /** Raw cost per mm² of carrier (organic substrates; also added to wafer-made interposers by Actuary). */
  costUsdPerMm2: number;
  /** Multiplier steps on costUsdPerMm2 by substrate area (Actuary's layer factor); last step applies above. */
  layerFactorSteps: { maxAreaMm2: number; factor: number }[];
  /** Layer factor for a substrate that carries a single die. */
  singleDieLayerFactor: number;
  /** Wafer-made carriers (interposers, bridges): id of the process node they are fabricated on, or '' */
  processNode: string;
  /** Yield of the carrier: defect density and clustering (0 = no defect loss modelled). */
  defectDensityPerCm2: number;
  clusteringAlpha: number;
  /** Largest carrier the technology offers (stitched where allowed), mm² (0 = no limit). */
  maxAreaMm2: number;
  /** Whether a carrier larger than one reticle may be stitched, and the yield per stitch. */
  stitchingAllowed: boolean;
  stitchYield: number;
  /** Spacing between neighbouring dies and margin from dies to carrier edge, mm. */
  dieSpacingMm: number;
  edgeMarginMm: number;
  /** Actuary's carrier area over total die area (used by the 'actuary' area model). */
  areaFactorOverDies: number;
  /** Package substrate area over the area of what sits on it (Actuary: 4). */
  substrateAreaFactor: number;
  /** Package NRE: per mm² of carrier and fixed. */
  nreUsdPerMm2: number;
  nreFixedUsd: number;
  /** RDL (redistribution) metal layers of RDL carriers (fan-out, RDL interposer); 0 for others. */
  rdlLayers: number;
  /** Finest wiring line (= space) of the carrier's routing layers, µm. */
  lineSpaceUm: number;
  /** Embedded bridges (EMIB/LSI-like): bridge die size and the shared die edge one bridge serves. */
  bridgeWidthMm: number;
  bridgeLengthMm: number;
  bridgeEdgeCoverageMm: number;
  /** Bonding process used to attach dies onto this carrier (e.g. 'c4', 'microbump'). */
  dieBonding: string;
  /** Bonding process that attaches this carrier to the package substrate ('' for a root substrate). */
  substrateBonding: string;
  thicknessUm: number;
  thermalConductivityWPerMK: number;
}

export type BondingKind = 'c4' | 'microbump' | 'hybrid' | 'smt';

export interface BondingProcess {
  name: string;
  kind: BondingKind;
  pitchUm: number;
  /** Yield of one die attach (alignment, placement), independent of bond count. */
  yieldPerDie: number;
  /** Yield of one bond (bump, TSV or Cu pad); applied per bond. */
  yieldPerBond: number;
  /** Yield of one through-silicon via the bond connects through (CATCH). */
  tsvYieldPerTsv: number;
  /** Dielectric-interface defect density for hybrid bonding, per cm² of bonded area (CATCH). */
  dielectricDefectDensityPerCm2: number;
  /** Bump/pad cost per mm² of bonded die area. */
  costUsdPerMm2: number;
  /** Assembly cost per die placed and bonded. */
  costUsdPerDie: number;
  /** Area-specific thermal resistance of the bond layer, mm²·K/W. */
  thermalResistanceMm2KPerW: number;
}

export interface D2dPhy {
  name: string;
  /** Data lanes per module per direction. */
  lanesPerModule: number;
  dataRateGbps: number;
  /** Die edge one module occupies, mm (0 for area-array 3D PHYs). */
  moduleShorelineMm: number;
  bumpPitchUm: number;
  /** Bandwidth per mm² of overlap for vertical (3D) PHYs, GB/s/mm² (0 for edge PHYs). */
  areaBandwidthGBpsPerMm2: number;
  energyPjPerBit: number;
  latencyNs: number;
  reachMm: number;
  /** Share of an area-array PHY's bumps that carry signals (the rest power, ground, clock). */
  signalBondFraction: number;
  /** Die area added for D2D PHYs when a die's area is given as a share of a logic budget. */
  dieAreaOverheadFraction: number;
  /** Which carrier kinds the PHY is built for (empty = any). */
  carrierKinds: CarrierKind[];
}

export interface HbmGeneration {
  name: string;
  bandwidthGBpsPerStack: number;
  footprintWidthMm: number;
  footprintLengthMm: number;
  powerWPerStack: number;
  energyPjPerBit: number;
  capacityGBPerStack: number;
  costUsdPerStack: number;
  /** Through-stack effective thermal conductivity. */
  thermalConductivityWPerMK: number;
}

export interface Material {
  conductivityWPerMK: number;
}

/** A cooling solution: the lid/sink plate and its heat transfer to ambient. */
export interface Cooling {
  name: string;
  /** Thermal resistance of the heat sink from its base to ambient, K/W. */
  sinkResistanceKPerW: number;
  plateWidthMm: number;
  plateLengthMm: number;
  lidThicknessMm: number;
  sinkBaseThicknessMm: number;
  plateConductivityWPerMK: number;
}

/** Constants of the compact thermal model fitted per package template (thermal-model.md §4). */
export interface ThermalCalibration {
  /** Lateral-spreading length inside a die, mm (kappa = max(0, 1 - cKappa/L)). */
  cKappaMm: number;
  edgeExcessSiKPerW: number;
  edgeExcessSiLengthMm: number;
  edgeExcessHbmKPerW: number;
  edgeExcessHbmLengthMm: number;
  /** Lateral coupling through a silicon interposer: g0 and decay length. */
  interposerCouplingKPerW: number;
  interposerCouplingLengthMm: number;
  /** Die bulk and TIM above a flip-chip die's source layer. */
  dieBulkThicknessUm: number;
  timThicknessUm: number;
  /** Area-specific resistance between stacked tiers, by bond kind, mm²K/W. */
  tierResistanceMicrobumpMm2KPerW: number;
  tierResistanceHybridMm2KPerW: number;
}

export interface TestProcess {
  /** Fraction of defective dies that wafer-level test catches (1 = perfect known-good die). */
  coverage: number;
  /** Test cost per mm² of die tested (wafer sort). */
  costUsdPerMm2: number;
  /** Test of an assembled package: coverage and cost per unit. */
  packageTestCoverage: number;
  packageTestCostUsd: number;
}

/** A rectangular panel for panel-level packaging (RDL built on the panel). */
export interface Panel {
  name: string;
  widthMm: number;
  heightMm: number;
  /** Unusable border, mm. */
  edgeMm: number;
  /** Saw street between packages, mm. */
  kerfMm: number;
  /** Processed cost per mm² of panel for the carrier's reference RDL layer count. */
  costUsdPerMm2: number;
  defectDensityPerCm2: number;
  clusteringAlpha: number;
}

export interface TechnologyLibrary {
  name: string;
  description: string;
  reticleAreaMm2: number;
  nodes: Record<string, ProcessNode>;
  carriers: Record<string, Carrier>;
  bonding: Record<string, BondingProcess>;
  phys: Record<string, D2dPhy>;
  hbm: Record<string, HbmGeneration>;
  materials: Record<string, Material>;
  cooling: Record<string, Cooling>;
  panels: Record<string, Panel>;
  thermalCalibration: ThermalCalibration;
  test: TestProcess;
  /** Bibliography: source id -> reference. */
  sources: Record<string, SourceRef>;
  /** JSON path of a value (e.g. "nodes.n7.waferPriceUsd") -> the source ids or file it came from. */
  provenance: Record<string, string[]>;
}

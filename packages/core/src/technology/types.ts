/**
 * The technology library: every number a model needs that is a property of a process, a carrier,
 * a bonding step, a PHY, a memory or a material. Models read plain numbers from here; where each
 * number came from is kept beside it in `provenance` (JSON path -> source ids), so docs and
 * `chiplet-dse tech` can cite it. Units are in every field name.
 *
 * Every type is derived from the zod schema the loader validates with (technology/schema.ts),
 * so a field added, removed or retyped there is seen by every model at compile time. Field
 * documentation lives beside each field in schema.ts.
 */
import type { z } from 'zod';
import type {
  bondingKinds,
  bondingSchema,
  carrierKinds,
  carrierSchema,
  coolingSchema,
  hbmSchema,
  materialSchema,
  panelSchema,
  phySchema,
  processNodeSchema,
  provenanceSchema,
  sourceRefSchema,
  technologyLibrarySchema,
  testProcessSchema,
  thermalCalibrationSchema,
  yieldModelSchema,
} from './schema.js';

/** A source of a number: an entry of the reference bibliography. */
export type SourceRef = z.output<typeof sourceRefSchema>;

/** The five yield models built into core (math/yieldModels.ts). */
export type BuiltinYieldModelId = z.output<typeof yieldModelSchema>;
/** A built-in yield model, or one a plugin package registers (checked against the registry). */
export type YieldModelId = BuiltinYieldModelId | (string & {});

/** A wafer fab process (logic node, or the BEOL-only process an interposer is made on). */
export type ProcessNode = z.output<typeof processNodeSchema>;

export type CarrierKind = (typeof carrierKinds)[number];

/** What the dies sit on. */
export type Carrier = z.output<typeof carrierSchema>;

export type BondingKind = (typeof bondingKinds)[number];

export type BondingProcess = z.output<typeof bondingSchema>;

export type D2dPhy = z.output<typeof phySchema>;

export type HbmGeneration = z.output<typeof hbmSchema>;

export type Material = z.output<typeof materialSchema>;

/** A cooling solution: the lid/sink plate and its heat transfer to ambient. */
export type Cooling = z.output<typeof coolingSchema>;

/** Constants of the compact thermal model fitted per package template. */
export type ThermalCalibration = z.output<typeof thermalCalibrationSchema>;

export type TestProcess = z.output<typeof testProcessSchema>;

/** A rectangular panel for panel-level packaging (RDL built on the panel). */
export type Panel = z.output<typeof panelSchema>;

/**
 * A complete library: what a preset file holds, plus `provenance` (JSON path of a value, e.g.
 * "nodes.n7.waferPriceUsd" -> the source ids or file it came from), which the loader builds.
 */
export interface TechnologyLibrary extends z.output<typeof technologyLibrarySchema> {
  provenance: z.output<typeof provenanceSchema>;
}

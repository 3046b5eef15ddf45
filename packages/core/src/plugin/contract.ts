/**
 * The public plugin contract, version 2: designed for compiling.
 *
 * A packaging plugin declares typed options and its capabilities (which core checks once), and
 * compiles a resolved design into a Plan: everything that depends only on the design's structure
 * (approach, carrier, dies and their nodes, stacks, links, options) is looked up, checked and laid
 * out once. `Plan.evaluate(numbers, row)` then computes one design point from plain numbers
 * (areas, powers, volume, ...) into a flat, preallocated metrics row. Single-design evaluation and
 * every sweep point go through this one path; the nested `Metrics` record is built from the row
 * (metrics/row.ts) for JSON, tables and reports. docs/plugin-authoring.md is the guide.
 */
import type { ResolvedDesign, PackageSpec, OptionValue } from '../design/types.js';
import type { InfeasibilityReason } from '../metrics/types.js';
import type { RowLayout } from '../metrics/row.js';
import type { CarrierKind, TechnologyLibrary } from '../technology/types.js';
import type { PointNumbers } from './pointNumbers.js';

/**
 * The contract version this build of core implements. A plugin declares the one it targets.
 * Version 1 (until chiplet-dse 0.1) had `validate(design, tech)` and `evaluate(design, tech)`
 * returning Metrics; version 2 replaced both by `capabilities` and `compile(design, tech)`.
 */
export const PLUGIN_API_VERSION = 2;

export interface NumberOptionSpec {
  readonly type: 'number';
  readonly description: string;
  readonly default: number;
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
  readonly unit?: string;
}
export interface BooleanOptionSpec {
  readonly type: 'boolean';
  readonly description: string;
  readonly default: boolean;
}
export interface EnumOptionSpec<V extends string = string> {
  readonly type: 'enum';
  readonly description: string;
  readonly default: V;
  readonly values: readonly V[];
}
export type OptionSpec = NumberOptionSpec | BooleanOptionSpec | EnumOptionSpec;
export type OptionsSchema = Readonly<Record<string, OptionSpec>>;

/** The value type of one option: number, boolean, or the union of an enum's values. */
export type OptionValueOf<S extends OptionSpec> =
  S extends EnumOptionSpec<infer V>
    ? V
    : S extends NumberOptionSpec
      ? number
      : S extends BooleanOptionSpec
        ? boolean
        : never;

/** The typed options a plugin's `compile` receives, inferred from its option schema. */
export type OptionsOf<S extends OptionsSchema> = { readonly [K in keyof S]: OptionValueOf<S[K]> };

/** A problem with the input that the plugin found (exit code 2, not a model failure). */
export interface InputIssue {
  /** Field path in the design, e.g. "package.options.stacking" or "chiplets[1].areaMm2". */
  path: string;
  expected: string;
  found: string;
}

export interface PluginModelsInfo {
  yield: string;
  cost: string;
  bandwidth: string;
  thermal: string;
}

/**
 * What an approach can build. Core checks a design against it before `compile`, with one set of
 * messages for every plugin (plugin/capabilities.ts).
 */
export interface PluginCapabilities {
  /** Carrier kinds the approach builds on (the design's carrier must be one). */
  readonly carrierKinds: readonly CarrierKind[];
  /** Dies bonded on dies (an assembly entry with children). */
  readonly stacking: boolean;
  /** Carrier kinds on which HBM stacks may sit; empty: no HBM. */
  readonly hbmCarrierKinds: readonly CarrierKind[];
  /** Purchased packaged components (memories, passives) on the carrier. */
  readonly components: boolean;
  /** Fewest and most dies the approach builds (default 1 and unbounded). */
  readonly minDies?: number;
  readonly maxDies?: number;
}

/** The design a plugin compiles: a resolved design whose options are typed and defaulted. */
export type CompileInput<O = Readonly<Record<string, OptionValue>>> = Omit<ResolvedDesign, 'package'> & {
  readonly package: Omit<PackageSpec, 'options'> & { readonly options: O };
};

/**
 * A compiled design: evaluates design points of one structure into metrics rows.
 *
 * Rules (checked by the conformance kit): `evaluate` reads every number that may vary between
 * points (areas, sizes, powers, link bandwidths, volume, ambient, junction limit, component
 * prices) from `x`, never from the design it was compiled from; it writes every field of the row
 * (metrics/row.ts) and throws nothing; two calls with equal numbers write equal rows.
 */
export interface Plan {
  /** The row's shape: which dies, links and thermal entries it holds. */
  readonly layout: RowLayout;
  /** Computes one point into `out` (length `layout.length`). */
  evaluate(x: PointNumbers, out: Float64Array): void;
  /**
   * Why the point evaluated into `row` is infeasible, with messages. Called only when the row's
   * reason mask is non-zero, off the per-point path (reports, explain, the evaluate command); it
   * returns one reason per bit of the mask at least.
   */
  reasons(x: PointNumbers, row: Float64Array): InfeasibilityReason[];
}

export interface PackagingPlugin<S extends OptionsSchema = OptionsSchema> {
  /** Unique id, used as `package.approach` in design files. */
  readonly id: string;
  readonly version: string;
  /** The PLUGIN_API_VERSION the plugin was written against. */
  readonly apiVersion: number;
  /** Human-readable approach, e.g. "2.5D silicon interposer". */
  readonly approach: string;
  readonly description: string;
  readonly options: S;
  readonly capabilities: PluginCapabilities;
  /** One line per model saying what it is and where it comes from. */
  readonly models: PluginModelsInfo;
  /** Default carrier id when the design names none. */
  readonly defaultCarrier: string;
  /**
   * Checks what the capabilities cannot express (bonding processes present, PHY fit, footprints)
   * and compiles the design; returns the problems found instead when it cannot be built. Core has
   * already checked the capabilities, the options (typed, defaulted), the carrier id and the
   * reticle.
   */
  compile(design: CompileInput<OptionsOf<S>>, tech: TechnologyLibrary): Plan | InputIssue[];
}

/** Identity function that lets TypeScript infer a plugin's option types from its schema. */
export function definePackagingPlugin<const S extends OptionsSchema>(
  plugin: PackagingPlugin<S>,
): PackagingPlugin<S> {
  return plugin;
}

/** Options after validation: the schema's keys with values of the declared types. */
export type ResolvedOptions = Record<string, OptionValue>;

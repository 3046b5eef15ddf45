/**
 * The kinds of extension a plugin package contributes, each bound in the package's inversify
 * ContainerModule to its own multi-injected token. The tokens are global symbols (Symbol.for), so
 * a package built against another copy of @chiplet-dse/core binds the same ones. The registry
 * (registry.ts) receives every kind through `@multiInject` and checks ids once, per kind.
 *
 *   PACKAGING_PLUGIN   packaging approaches (contract.ts)
 *   TECHNOLOGY_PRESET  technology libraries selectable like the built-in presets
 *   YIELD_MODEL        die yield models a design names in `system.yieldModel`
 *   THERMAL_MODEL      thermal models a plugin looks up by id (`compact` is built in)
 *   DERIVED_METRIC     `derived.*` metrics usable as objectives and constraints
 *   MODULE_REQUIREMENT the module specifiers a module needs loaded beside it
 *
 * `defineExtensions({...})` binds any of them in one ContainerModule; `definePlugin(plugin)`
 * (pluginModule.ts) is the one-approach shorthand.
 */
import { ContainerModule } from 'inversify';
import type { ThermalColumn, ThermalPackage, ThermalResult } from '../thermal/types.js';
import type { Metrics } from '../metrics/types.js';
import type { PackagingPlugin } from './contract.js';
import { PACKAGING_PLUGIN } from './pluginModule.js';

export const TECHNOLOGY_PRESET: symbol = Symbol.for('chiplet-dse.TechnologyPreset');
export const YIELD_MODEL: symbol = Symbol.for('chiplet-dse.YieldModel');
export const THERMAL_MODEL: symbol = Symbol.for('chiplet-dse.ThermalModel');
export const DERIVED_METRIC: symbol = Symbol.for('chiplet-dse.DerivedMetric');
export const MODULE_REQUIREMENT: symbol = Symbol.for('chiplet-dse.ModuleRequirement');

/**
 * A technology library contributed by a package (a foundry's or OSAT's values, with sources).
 * `data` is written like a technology file (docs/technology-library.md): numbers plain or sourced
 * (`{ value, source: [ids], note }`), a `sources` section, and optionally `extends` naming the
 * preset it is layered on (default "default"). It is validated by the technology schema when the
 * registry is built and selected like a built-in preset: `--preset <id>` of `chiplet-dse tech`, or
 * `extends: <id>` in a --tech file or a design's `technology:` section.
 */
export interface TechnologyPreset {
  /** Preset name, e.g. "osat-substrates-2024" (lower-case letters, digits, ".", "_", "-"). */
  readonly id: string;
  readonly description: string;
  /** The library, or the overlay on the preset named by its `extends`, as a technology file holds it. */
  readonly data: Readonly<Record<string, unknown>>;
}

/** Parameters a yield model may use, from the die's process node. */
export interface YieldModelParams {
  /** Clustering parameter α of the node (negative-binomial-like models). */
  readonly clusteringAlpha: number;
  /** Critical layers of the node (Bose-Einstein-like models; D0 is then per layer). */
  readonly criticalLayers: number;
}

/** Die yield from the die area (mm²) and the node's defect density (defects/cm²); in (0, 1]. */
export type YieldFunction = (
  areaMm2: number,
  defectDensityPerCm2: number,
  params: YieldModelParams,
) => number;

export interface YieldModel {
  /** The id a design names in `system.yieldModel`. */
  readonly id: string;
  readonly description: string;
  /** Non-increasing in area and defect density, 1 at zero area, in (0, 1]. */
  readonly yield: YieldFunction;
}

/** A prepared thermal model of one package: evaluates column placements to temperatures. */
export interface PreparedThermalModel {
  evaluate(columns: readonly ThermalColumn[]): ThermalResult;
  /**
   * Optional allocation-free form for Plans: writes [peakC, meanC] per tier (columns in order,
   * tiers in order) into `out`, equal to `evaluate`'s for a package at `point.ambientC` (the
   * prepared package's ambient when `point` is absent). Without it the kit's ThermalKernel
   * prepares a model per ambient and calls `evaluate` (and allocates per point).
   */
  writeInto?(
    columns: readonly ThermalColumn[],
    out: Float64Array,
    point?: { readonly ambientC: number },
  ): void;
}

export interface ThermalModel {
  /** The id a plugin asks for (`thermalModelById`); `compact` is built in. */
  readonly id: string;
  readonly description: string;
  /** Prepares the model of one package (plate, ambient, calibration). */
  prepare(pkg: ThermalPackage): PreparedThermalModel;
}

/** A metric computed from the Metrics record, usable as an objective or constraint. */
export interface DerivedMetric {
  /** `derived.<name>`, e.g. "derived.costPerGBps". */
  readonly id: string;
  /** Unit of the value, e.g. "USD/(GB/s)". */
  readonly unit: string;
  readonly description: string;
  /** A pure function of the metrics of one design point (may be NaN or ±Infinity where undefined). */
  compute(metrics: Metrics): number;
}

/** What a module needs loaded beside it: package names or module specifiers. */
export interface ModuleRequirement {
  readonly requires: readonly string[];
}

export interface ExtensionSet {
  readonly approaches?: readonly PackagingPlugin[];
  readonly presets?: readonly TechnologyPreset[];
  readonly yieldModels?: readonly YieldModel[];
  readonly thermalModels?: readonly ThermalModel[];
  readonly metrics?: readonly DerivedMetric[];
  /** Package names (or specifiers) that must be loaded too; loading fails naming both otherwise. */
  readonly requires?: readonly string[];
}

/** The ContainerModule `defineExtensions` returns; it keeps what it binds for tools and tests. */
export class ExtensionsModule extends ContainerModule {
  readonly extensions: ExtensionSet;
  constructor(extensions: ExtensionSet) {
    super(({ bind }) => {
      for (const p of extensions.approaches ?? []) bind<PackagingPlugin>(PACKAGING_PLUGIN).toConstantValue(p);
      for (const p of extensions.presets ?? []) bind<TechnologyPreset>(TECHNOLOGY_PRESET).toConstantValue(p);
      for (const y of extensions.yieldModels ?? []) bind<YieldModel>(YIELD_MODEL).toConstantValue(y);
      for (const t of extensions.thermalModels ?? []) bind<ThermalModel>(THERMAL_MODEL).toConstantValue(t);
      for (const m of extensions.metrics ?? []) bind<DerivedMetric>(DERIVED_METRIC).toConstantValue(m);
      if (extensions.requires !== undefined && extensions.requires.length > 0)
        bind<ModuleRequirement>(MODULE_REQUIREMENT).toConstantValue({ requires: [...extensions.requires] });
    });
    this.extensions = extensions;
  }
}

/**
 * One ContainerModule binding every extension given, each to its kind's token. A plugin package
 * exports it by default (or a list of modules).
 */
export function defineExtensions(extensions: ExtensionSet): ExtensionsModule {
  return new ExtensionsModule(extensions);
}

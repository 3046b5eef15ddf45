/**
 * The public plugin contract. A packaging plugin turns a resolved design plus a technology
 * library into the metrics record. Plugins are plain objects; `definePlugin` wraps one into the
 * inversify ContainerModule that the registry collects.
 */
import type { ResolvedDesign, OptionValue } from '../design/types.js';
import type { Metrics } from '../metrics/types.js';
import type { TechnologyLibrary } from '../technology/types.js';

/** The contract version this build of core implements. A plugin declares the one it targets. */
export const PLUGIN_API_VERSION = 1;

export type OptionSpec =
  | {
      type: 'number';
      description: string;
      default: number;
      min?: number;
      max?: number;
      integer?: boolean;
      unit?: string;
    }
  | { type: 'boolean'; description: string; default: boolean }
  | { type: 'enum'; description: string; default: string; values: readonly string[] };

export type OptionsSchema = Readonly<Record<string, OptionSpec>>;

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

export interface PackagingPlugin {
  /** Unique id, used as `package.approach` in design files. */
  readonly id: string;
  readonly version: string;
  /** The PLUGIN_API_VERSION the plugin was written against. */
  readonly apiVersion: number;
  /** Human-readable approach, e.g. "2.5D silicon interposer". */
  readonly approach: string;
  readonly description: string;
  readonly options: OptionsSchema;
  /** One line per model saying what it is and where it comes from. */
  readonly models: PluginModelsInfo;
  /** Default carrier id when the design names none. */
  readonly defaultCarrier: string;
  /**
   * Checks the design against what the approach can build (stack footprints, carrier kind, PHY
   * fit). Returns the problems found; an empty list means the design can be evaluated.
   */
  validate(design: ResolvedDesign, tech: TechnologyLibrary): InputIssue[];
  /** Evaluates the design. Pure: same input, same output. Options are already defaulted. */
  evaluate(design: ResolvedDesign, tech: TechnologyLibrary): Metrics;
}

export type ResolvedOptions = Record<string, OptionValue>;

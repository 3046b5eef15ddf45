/**
 * The extension registry: inversify constructs it with every extension bound to each kind's token
 * (`@multiInject`, one parameter per kind; extensions.ts lists the kinds) and it checks them once,
 * here: shape, ids unique per kind (naming both modules), and the modules' `requires`. Which module
 * bound what is recorded by the loader in the ModuleSet (it is the one thing inversify does not
 * tell); core's built-in extensions come from the module of builtins.ts, loaded first.
 */
import { Container, inject, injectable, multiInject, optional } from 'inversify';
import { InputError, PluginError } from '../errors.js';
import { setContributedYieldModels } from '../math/yieldModels.js';
import {
  applyTechnologyOverlay,
  loadPreset,
  parseTechnologyOverlay,
  type PresetSource,
} from '../technology/library.js';
import type { TechnologyLibrary } from '../technology/types.js';
import { builtinExtensions, CORE_SPECIFIER, isBuiltinPreset } from './builtins.js';
import type { PackagingPlugin } from './contract.js';
import {
  DERIVED_METRIC,
  MODULE_REQUIREMENT,
  TECHNOLOGY_PRESET,
  THERMAL_MODEL,
  YIELD_MODEL,
  type DerivedMetric,
  type ModuleRequirement,
  type TechnologyPreset,
  type ThermalModel,
  type YieldModel,
} from './extensions.js';
import { PACKAGING_PLUGIN } from './pluginModule.js';
import { validatePlugin } from './validatePlugin.js';

export const MODULE_SET: symbol = Symbol.for('chiplet-dse.ModuleSet');

/** The tokens the loader attributes to modules (what each module bound). */
export const EXTENSION_TOKENS: readonly symbol[] = [
  PACKAGING_PLUGIN,
  TECHNOLOGY_PRESET,
  YIELD_MODEL,
  THERMAL_MODEL,
  DERIVED_METRIC,
  MODULE_REQUIREMENT,
];

/** The modules loaded into a container: their specifiers, package names, and what each bound. */
export class ModuleSet {
  readonly specifiers: string[] = [];
  /** Package name (from package.json) of a specifier that is a path, by specifier. */
  readonly packageNames = new Map<string, string>();
  /** The specifier of the module that bound each extension object. */
  readonly originOf = new Map<unknown, string>();

  /** Loads `module` into `container` and records what it bound under `specifier`. */
  load(
    container: Container,
    specifier: string,
    module: Parameters<Container['load']>[0],
    packageName?: string,
  ): void {
    container.load(module);
    this.specifiers.push(specifier);
    if (packageName !== undefined) this.packageNames.set(specifier, packageName);
    for (const token of EXTENSION_TOKENS) {
      for (const value of container.getAll<unknown>(token, { optional: true })) {
        if (!this.originOf.has(value)) this.originOf.set(value, specifier);
      }
    }
  }

  origin(value: unknown): string {
    return this.originOf.get(value) ?? 'a module bound without the loader';
  }

  /** Whether `name` (a package name or a specifier) is loaded. */
  has(name: string): boolean {
    return this.specifiers.includes(name) || [...this.packageNames.values()].includes(name);
  }
}

const ID = /^[a-z0-9][a-z0-9._-]*$/;
const DERIVED_ID = /^derived\.[A-Za-z][A-Za-z0-9_]*$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object';
}

/** Keeps one entry per id, refusing a second one naming both modules (the one duplicate check). */
function byId<T extends { readonly id: string }>(
  kind: string,
  values: readonly T[],
  modules: ModuleSet,
  check: (value: T, origin: string) => void,
): Map<string, T> {
  const out = new Map<string, T>();
  for (const value of values) {
    const origin = modules.origin(value);
    check(value, origin);
    const existing = out.get(value.id);
    if (existing !== undefined) {
      throw new PluginError(
        `"${value.id}"`,
        `duplicate ${kind} id: registered by ${modules.origin(existing)} and again by ${origin}`,
      );
    }
    out.set(value.id, value);
  }
  return out;
}

function checkEntry(kind: string, idPattern: RegExp, idRule: string) {
  return (v: unknown, origin: string, fields: Record<string, 'string' | 'function'>): void => {
    if (!isObject(v)) throw new PluginError(origin, `a bound ${kind} is not an object`);
    const id = v['id'];
    const name = typeof id === 'string' ? `"${id}" (${origin})` : origin;
    if (typeof id !== 'string' || !idPattern.test(id))
      throw new PluginError(name, `${kind} id must be ${idRule}; found ${JSON.stringify(id)}`);
    for (const [field, type] of Object.entries(fields)) {
      if (typeof v[field] !== type)
        throw new PluginError(
          name,
          `${kind} needs ${type === 'string' ? 'a string' : 'a function'} "${field}"`,
        );
    }
  };
}
const idRule = 'lower-case letters, digits, ".", "_" or "-"';

/** Probe points a contributed yield model must answer in (0, 1]. */
const YIELD_PROBES: [number, number][] = [
  [0, 0.1],
  [100, 0.1],
  [800, 0.5],
  [100, 0],
];

@injectable()
export class ExtensionRegistry implements PresetSource {
  private readonly plugins: Map<string, PackagingPlugin>;
  private readonly presetEntries: Map<string, TechnologyPreset>;
  private readonly presetLibraries = new Map<string, TechnologyLibrary>();
  private readonly yieldEntries: Map<string, YieldModel>;
  private readonly thermalEntries: Map<string, ThermalModel>;
  private readonly metricEntries: Map<string, DerivedMetric>;
  private readonly modules: ModuleSet;

  constructor(
    @multiInject(PACKAGING_PLUGIN) @optional() plugins: PackagingPlugin[] | undefined,
    @multiInject(TECHNOLOGY_PRESET) @optional() presets: TechnologyPreset[] | undefined,
    @multiInject(YIELD_MODEL) @optional() yieldModels: YieldModel[] | undefined,
    @multiInject(THERMAL_MODEL) @optional() thermalModels: ThermalModel[] | undefined,
    @multiInject(DERIVED_METRIC) @optional() metrics: DerivedMetric[] | undefined,
    @multiInject(MODULE_REQUIREMENT) @optional() requirements: ModuleRequirement[] | undefined,
    @inject(MODULE_SET) @optional() modules: ModuleSet | undefined,
  ) {
    this.modules = modules ?? new ModuleSet();
    const m = this.modules;
    for (const r of requirements ?? []) {
      const origin = m.origin(r);
      for (const name of r.requires) {
        if (!m.has(name))
          throw new PluginError(
            origin,
            `requires ${name}, which is not loaded: load it too (--plugin ${name}, or the design's plugins: list) before ${origin}`,
          );
      }
    }
    this.plugins = byId('plugin', plugins ?? [], m, (p, origin) => void validatePlugin(p, origin));
    const preset = checkEntry('technology preset', ID, idRule);
    this.presetEntries = byId('technology preset', presets ?? [], m, (p, origin) => {
      // A built-in preset's description is read from its file when first asked for (builtins.ts):
      // checking its type here would read every preset at every start-up.
      preset(p, origin, isBuiltinPreset(p) ? {} : { description: 'string' });
      if (!isBuiltinPreset(p) && !isObject(p.data))
        throw new PluginError(`"${p.id}" (${origin})`, 'technology preset needs a data object');
    });
    const yieldCheck = checkEntry('yield model', ID, idRule);
    this.yieldEntries = byId('yield model', yieldModels ?? [], m, (y, origin) => {
      yieldCheck(y, origin, { description: 'string', yield: 'function' });
      for (const [a, d] of YIELD_PROBES) {
        const v = y.yield(a, d, { clusteringAlpha: 3, criticalLayers: 10 });
        if (!(v > 0 && v <= 1))
          throw new PluginError(
            `"${y.id}" (${origin})`,
            `yield model must return a yield in (0, 1]; yield(${a} mm², ${d}/cm²) returned ${String(v)}`,
          );
      }
    });
    const thermal = checkEntry('thermal model', ID, idRule);
    this.thermalEntries = byId('thermal model', thermalModels ?? [], m, (t, origin) =>
      thermal(t, origin, { description: 'string', prepare: 'function' }),
    );
    const metric = checkEntry('derived metric', DERIVED_ID, '"derived." then letters, digits or "_"');
    this.metricEntries = byId('derived metric', metrics ?? [], m, (d, origin) =>
      metric(d, origin, { unit: 'string', description: 'string', compute: 'function' }),
    );
    // Contributed presets are built now, so a bad one fails at load naming its module.
    for (const id of this.presetEntries.keys())
      if (!isBuiltinPreset(this.presetEntries.get(id)!)) this.build(id, []);
    // Plugins compute die yields by id (dieYield): make the contributed models reachable there.
    setContributedYieldModels(this.yieldEntries);
    setContributedThermalModels(this.thermalEntries);
  }

  // --- packaging approaches (the PluginRegistry API) ---

  has(id: string): boolean {
    return this.plugins.has(id);
  }

  get(id: string): PackagingPlugin | undefined {
    return this.plugins.get(id);
  }

  ids(): string[] {
    return [...this.plugins.keys()];
  }

  list(): PackagingPlugin[] {
    return [...this.plugins.values()];
  }

  /** The module specifier that contributed an extension (or '@chiplet-dse/core' for builtins). */
  originOf(extension: unknown): string {
    return this.modules.origin(extension);
  }

  // --- technology presets ---

  presetNames(): string[] {
    return [...this.presetEntries.keys()];
  }

  presets(): TechnologyPreset[] {
    return [...this.presetEntries.values()];
  }

  presetLibrary(name: string): TechnologyLibrary | undefined {
    if (!this.presetEntries.has(name)) return undefined;
    return structuredClone(this.build(name, []));
  }

  private build(name: string, chain: string[]): TechnologyLibrary {
    const cached = this.presetLibraries.get(name);
    if (cached !== undefined) return cached;
    const entry = this.presetEntries.get(name)!;
    if (isBuiltinPreset(entry)) return loadPreset(name);
    const origin = this.originOf(entry);
    const label = `technology preset "${name}" of ${origin}`;
    let lib: TechnologyLibrary;
    try {
      const layer = parseTechnologyOverlay(entry.data, label);
      const base = layer.overlay.extends ?? 'default';
      if (!this.presetEntries.has(base) || chain.includes(base) || base === name)
        throw InputError.at(
          label,
          'extends',
          `a preset name other than itself (${this.presetNames().join(', ')})`,
          JSON.stringify(base),
        );
      lib = applyTechnologyOverlay(this.build(base, [...chain, name]), layer, {
        file: label,
        pathPrefix: '',
      });
    } catch (err) {
      if (err instanceof InputError) throw new PluginError(`"${name}" (${origin})`, err.message);
      throw err;
    }
    if (entry.data['name'] === undefined) lib.name = name;
    if (entry.data['description'] === undefined) lib.description = entry.description;
    this.presetLibraries.set(name, lib);
    return lib;
  }

  // --- yield models ---

  yieldModel(id: string): YieldModel | undefined {
    return this.yieldEntries.get(id);
  }

  yieldModels(): YieldModel[] {
    return [...this.yieldEntries.values()];
  }

  // --- thermal models ---

  thermalModel(id: string): ThermalModel | undefined {
    return this.thermalEntries.get(id);
  }

  thermalModels(): ThermalModel[] {
    return [...this.thermalEntries.values()];
  }

  // --- derived metrics ---

  metric(id: string): DerivedMetric | undefined {
    return this.metricEntries.get(id);
  }

  metrics(): DerivedMetric[] {
    return [...this.metricEntries.values()];
  }
}

/** The name the registry had before it collected every kind of extension. */
export { ExtensionRegistry as PluginRegistry };

let contributedThermal: ReadonlyMap<string, ThermalModel> = new Map();
function setContributedThermalModels(models: ReadonlyMap<string, ThermalModel>): void {
  contributedThermal = models;
}

/**
 * The thermal model registered under `id` by the last registry built in this thread (every
 * thread of a sweep builds one from the same specifiers), for plugins that let a design choose
 * one. `compact` is always there.
 */
export function thermalModelById(id: string): ThermalModel | undefined {
  return contributedThermal.get(id) ?? (id === 'compact' ? builtinCompactThermal() : undefined);
}

function builtinCompactThermal(): ThermalModel | undefined {
  return builtinExtensions.extensions.thermalModels?.find((t) => t.id === 'compact');
}

/**
 * A container holding the registry and core's built-in extensions; plugin modules are loaded into
 * it (ModuleSet.load) before the first get.
 */
export function createPluginContainer(): Container {
  const container = new Container();
  const modules = new ModuleSet();
  container.bind(MODULE_SET).toConstantValue(modules);
  container.bind(ExtensionRegistry).toSelf().inSingletonScope();
  modules.load(container, CORE_SPECIFIER, builtinExtensions);
  return container;
}

/** The ModuleSet of a container made by createPluginContainer. */
export function moduleSetOf(container: Container): ModuleSet {
  return container.get<ModuleSet>(MODULE_SET);
}

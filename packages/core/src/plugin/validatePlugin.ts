/** Checks that an object is a well-formed plugin before it is registered. */
import { PluginError } from '../errors.js';
import { PLUGIN_API_VERSION, type OptionSpec, type PackagingPlugin } from './contract.js';

const ID = /^[a-z0-9][a-z0-9._-]*$/;

function checkOption(name: string, spec: unknown): string | undefined {
  if (spec === null || typeof spec !== 'object') return `option "${name}" is not an object`;
  const s = spec as Partial<OptionSpec> & Record<string, unknown>;
  if (typeof s.description !== 'string') return `option "${name}" has no description`;
  switch (s.type) {
    case 'number':
      if (typeof s.default !== 'number' || !Number.isFinite(s.default))
        return `option "${name}" needs a finite number default`;
      if (s.min !== undefined && s.default < (s.min as number))
        return `option "${name}" default is below its min`;
      if (s.max !== undefined && s.default > (s.max as number))
        return `option "${name}" default is above its max`;
      return undefined;
    case 'boolean':
      return typeof s.default === 'boolean' ? undefined : `option "${name}" needs a boolean default`;
    case 'enum':
      if (!Array.isArray(s.values) || s.values.length === 0)
        return `option "${name}" needs a non-empty values list`;
      return s.values.includes(s.default as string)
        ? undefined
        : `option "${name}" default is not one of its values`;
    default:
      return `option "${name}" has type ${JSON.stringify(s.type)}; expected "number", "boolean" or "enum"`;
  }
}

/** Throws PluginError naming `source` (a module specifier) when `candidate` is not a valid plugin. */
export function validatePlugin(candidate: unknown, source: string): PackagingPlugin {
  if (candidate === null || typeof candidate !== 'object')
    throw new PluginError(source, 'the bound plugin is not an object');
  const p = candidate as Partial<PackagingPlugin>;
  const name = typeof p.id === 'string' ? `"${p.id}" (${source})` : source;
  if (typeof p.id !== 'string' || !ID.test(p.id)) {
    throw new PluginError(
      name,
      `id must be lower-case letters, digits, ".", "_" or "-"; found ${JSON.stringify(p.id)}`,
    );
  }
  if (p.apiVersion !== PLUGIN_API_VERSION) {
    throw new PluginError(
      name,
      `targets plugin API version ${JSON.stringify(p.apiVersion)}, but this chiplet-dse implements version ${PLUGIN_API_VERSION}`,
    );
  }
  if (typeof p.version !== 'string' || p.version === '')
    throw new PluginError(name, 'needs a version string');
  for (const field of ['approach', 'description', 'defaultCarrier'] as const) {
    if (typeof p[field] !== 'string') throw new PluginError(name, `needs a string "${field}"`);
  }
  if (typeof p.evaluate !== 'function')
    throw new PluginError(name, 'needs an evaluate(design, tech) function');
  if (typeof p.validate !== 'function')
    throw new PluginError(name, 'needs a validate(design, tech) function');
  if (p.models === null || typeof p.models !== 'object')
    throw new PluginError(name, 'needs a models description object');
  for (const m of ['yield', 'cost', 'bandwidth', 'thermal'] as const) {
    if (typeof p.models[m] !== 'string')
      throw new PluginError(name, `models.${m} must describe the ${m} model`);
  }
  if (p.options === null || typeof p.options !== 'object')
    throw new PluginError(name, 'needs an options schema object');
  for (const [k, spec] of Object.entries(p.options)) {
    const problem = checkOption(k, spec);
    if (problem !== undefined) throw new PluginError(name, problem);
  }
  return p as PackagingPlugin;
}

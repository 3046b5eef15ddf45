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

const CARRIER_KINDS: readonly string[] = [
  'organic-substrate',
  'silicon-interposer',
  'rdl-interposer',
  'embedded-bridge',
  'glass-interposer',
  'panel',
];

function checkCapabilities(c: unknown): string | undefined {
  if (c === null || typeof c !== 'object')
    return 'needs a capabilities object (carrierKinds, stacking, hbmCarrierKinds, components)';
  const caps = c as Record<string, unknown>;
  for (const list of ['carrierKinds', 'hbmCarrierKinds'] as const) {
    const v = caps[list];
    if (!Array.isArray(v) || v.some((k) => !CARRIER_KINDS.includes(k as string)))
      return `capabilities.${list} must be a list of carrier kinds (${CARRIER_KINDS.join(', ')})`;
  }
  if ((caps['carrierKinds'] as unknown[]).length === 0)
    return 'capabilities.carrierKinds must name at least one carrier kind';
  for (const flag of ['stacking', 'components'] as const) {
    if (typeof caps[flag] !== 'boolean') return `capabilities.${flag} must be true or false`;
  }
  for (const bound of ['minDies', 'maxDies'] as const) {
    const v = caps[bound];
    if (v !== undefined && !(typeof v === 'number' && Number.isInteger(v) && v >= 1))
      return `capabilities.${bound} must be an integer >= 1`;
  }
  return undefined;
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
  if (p.apiVersion === 1) {
    throw new PluginError(
      name,
      `targets plugin API version 1, but this chiplet-dse implements version ${PLUGIN_API_VERSION}: ` +
        'version 2 replaced validate(design, tech) and evaluate(design, tech) by `capabilities` (checked by core) and ' +
        '`compile(design, tech)`, which returns a Plan whose evaluate(numbers, row) writes a metrics row ' +
        '(see docs/plugin-authoring.md, "From API version 1")',
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
  if (typeof p.compile !== 'function')
    throw new PluginError(
      name,
      'needs a compile(design, tech) function returning a Plan or a list of input issues',
    );
  const problem = checkCapabilities(p.capabilities);
  if (problem !== undefined) throw new PluginError(name, problem);
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

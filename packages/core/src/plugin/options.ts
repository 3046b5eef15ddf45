/** Validates a design's package options against the plugin's option schema and fills defaults. */
import type { OptionValue } from '../design/types.js';
import { describeValue, InputError, type InputIssueAt } from '../errors.js';
import { didYouMean } from '../io/suggest.js';
import type {
  BooleanOptionSpec,
  EnumOptionSpec,
  NumberOptionSpec,
  PackagingPlugin,
  ResolvedOptions,
} from './contract.js';

/** Option declarations that keep their literal types, so `compile` sees typed options. */
export function numberOption(spec: Omit<NumberOptionSpec, 'type'>): NumberOptionSpec {
  return { type: 'number', ...spec };
}
export function booleanOption(spec: Omit<BooleanOptionSpec, 'type'>): BooleanOptionSpec {
  return { type: 'boolean', ...spec };
}
export function enumOption<const V extends string>(spec: Omit<EnumOptionSpec<V>, 'type'>): EnumOptionSpec<V> {
  return { type: 'enum', ...spec };
}

export function resolvePluginOptions(
  plugin: Pick<PackagingPlugin, 'id' | 'options'>,
  given: Record<string, OptionValue>,
  file: string,
  pathPrefix = 'package.options',
): ResolvedOptions {
  const issues: InputIssueAt[] = [];
  const out: ResolvedOptions = {};
  const names = Object.keys(plugin.options);
  for (const key of Object.keys(given)) {
    if (!(key in plugin.options)) {
      issues.push({
        file,
        path: `${pathPrefix}.${key}`,
        expected:
          names.length === 0
            ? `no options (plugin ${plugin.id} has none)`
            : `an option of plugin ${plugin.id} (${names.join(', ')})`,
        found: `an unknown option "${key}"${didYouMean(key, names)}`,
      });
    }
  }
  for (const [key, spec] of Object.entries(plugin.options)) {
    const value = given[key];
    const path = `${pathPrefix}.${key}`;
    if (value === undefined) {
      out[key] = spec.default;
      continue;
    }
    switch (spec.type) {
      case 'number': {
        const ok =
          typeof value === 'number' &&
          Number.isFinite(value) &&
          (spec.min === undefined || value >= spec.min) &&
          (spec.max === undefined || value <= spec.max) &&
          (spec.integer !== true || Number.isInteger(value));
        if (!ok) {
          const range = [
            spec.min === undefined ? '' : `>= ${spec.min}`,
            spec.max === undefined ? '' : `<= ${spec.max}`,
          ]
            .filter((s) => s !== '')
            .join(' and ');
          issues.push({
            file,
            path,
            expected: `${spec.integer === true ? 'an integer' : 'a number'}${range === '' ? '' : ` ${range}`}${spec.unit === undefined ? '' : ` (${spec.unit})`} for plugin ${plugin.id}`,
            found: describeValue(value),
          });
        } else out[key] = value;
        break;
      }
      case 'boolean':
        if (typeof value !== 'boolean')
          issues.push({
            file,
            path,
            expected: `true or false for plugin ${plugin.id}`,
            found: describeValue(value),
          });
        else out[key] = value;
        break;
      case 'enum':
        if (typeof value !== 'string' || !spec.values.includes(value)) {
          issues.push({
            file,
            path,
            expected: `one of ${spec.values.map((v) => `"${v}"`).join(', ')} for plugin ${plugin.id}`,
            found: describeValue(value),
          });
        } else out[key] = value;
        break;
    }
  }
  if (issues.length > 0) throw new InputError(issues);
  return out;
}

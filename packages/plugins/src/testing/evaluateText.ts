/** Test helper: evaluate design text with the built-in plugins (plus any given), in-process. */
import {
  definePlugin,
  evaluatePrepared,
  parseDesignText,
  prepareCase,
  registryFromModules,
  type Metrics,
  type PackagingPlugin,
  type PluginRegistry,
  type PreparedCase,
} from '@chiplet-dse/core';
import builtins from '../index.js';

export function registryWith(extra: readonly PackagingPlugin[] = []): PluginRegistry {
  // An extra plugin with a built-in's id replaces it (tests written before it was registered).
  const extraIds = new Set(extra.map((p) => p.id));
  return registryFromModules([
    ...builtins
      .filter((module) => !extraIds.has((module as { pluginId?: string }).pluginId ?? ''))
      .map((module) => ({ specifier: '@chiplet-dse/plugins', module })),
    ...extra.map((p) => ({ specifier: `test:${p.id}`, module: definePlugin(p) })),
  ]);
}

export const registry = registryWith();

export interface EvaluateTextOptions {
  /** Plugins not (yet) in the built-in list. */
  plugins?: readonly PackagingPlugin[];
  file?: string;
}

export function prepareText(text: string, options: EvaluateTextOptions = {}): PreparedCase[] {
  const file = options.file ?? 'test.yaml';
  const reg = options.plugins === undefined ? registry : registryWith(options.plugins);
  const loaded = parseDesignText(text, file);
  return loaded.cases.map((c) => prepareCase(loaded, c, reg));
}

export function evaluateText(
  text: string,
  options: EvaluateTextOptions = {},
): { prepared: PreparedCase; metrics: Metrics }[] {
  return prepareText(text, options).map((p) => ({ prepared: p, metrics: evaluatePrepared(p) }));
}

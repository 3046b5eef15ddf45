/** Test helper: evaluate design text with the built-in plugins, in-process. */
import {
  evaluatePrepared,
  parseDesignText,
  prepareCase,
  registryFromModules,
  type Metrics,
  type PreparedCase,
} from '@chiplet-dse/core';
import builtins from '../index.js';

export const registry = registryFromModules(
  builtins.map((module) => ({ specifier: '@chiplet-dse/plugins', module })),
);

export function prepareText(text: string, file = 'test.yaml'): PreparedCase[] {
  const loaded = parseDesignText(text, file);
  return loaded.cases.map((c) => prepareCase(loaded, c, registry));
}

export function evaluateText(
  text: string,
  file = 'test.yaml',
): { prepared: PreparedCase; metrics: Metrics }[] {
  return prepareText(text, file).map((p) => ({ prepared: p, metrics: evaluatePrepared(p) }));
}

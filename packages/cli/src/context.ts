/** What every command needs: output streams, the working directory and the plugin set. */
import { isAbsolute, resolve } from 'node:path';
import { loadPluginRegistry, type LoadedDesign, type PluginRegistry } from '@chiplet-dse/core';

/**
 * The module specifier of the built-in plugins. Core knows no concrete plugin: the CLI loads these
 * by specifier, like a `--plugin` flag or a design's `plugins:` list, and hands the same list to
 * every sweep worker.
 */
export const BUILTIN_PLUGINS = '@chiplet-dse/plugins';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  cwd: string;
}

export interface GlobalArgs {
  tech?: string | undefined;
  plugin?: string[] | undefined;
}

/**
 * Built-in plugins first, then --plugin flags, then the design file's own `plugins:` list. Paths
 * are made absolute (against the working directory) so one plugin named two ways loads once.
 */
export function pluginSpecifiers(args: GlobalArgs, design?: LoadedDesign, cwd = process.cwd()): string[] {
  const flags = (args.plugin ?? []).map((s) => (s.startsWith('.') || isAbsolute(s) ? resolve(cwd, s) : s));
  const specs = [BUILTIN_PLUGINS, ...flags, ...(design?.pluginSpecifiers ?? [])];
  return [...new Set(specs)];
}

export async function registryFor(
  args: GlobalArgs,
  io: CliIo,
  design?: LoadedDesign,
): Promise<PluginRegistry> {
  return loadPluginRegistry(pluginSpecifiers(args, design), io.cwd);
}

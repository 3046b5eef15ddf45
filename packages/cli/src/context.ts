/** What every command needs: output streams, the working directory and the plugin set. */
import {
  BUILTIN_PLUGINS,
  loadPluginRegistry,
  type LoadedDesign,
  type PluginRegistry,
} from '@chiplet-dse/core';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  cwd: string;
}

export interface GlobalArgs {
  tech?: string | undefined;
  plugin?: string[] | undefined;
}

/** Built-in plugins first, then --plugin flags, then the design file's own `plugins:` list. */
export function pluginSpecifiers(args: GlobalArgs, design?: LoadedDesign): string[] {
  const specs = [BUILTIN_PLUGINS, ...(args.plugin ?? []), ...(design?.pluginSpecifiers ?? [])];
  return [...new Set(specs)];
}

export async function registryFor(
  args: GlobalArgs,
  io: CliIo,
  design?: LoadedDesign,
): Promise<PluginRegistry> {
  return loadPluginRegistry(pluginSpecifiers(args, design), io.cwd);
}

import { PLUGIN_API_VERSION } from '@chiplet-dse/core';
import { registryFor, type CliIo, type GlobalArgs } from '../context.js';
import { count } from '../format/plural.js';
import { renderTable } from '../format/table.js';

export interface PluginsArgs extends GlobalArgs {
  json?: boolean | undefined;
}

export async function runPlugins(args: PluginsArgs, io: CliIo): Promise<number> {
  const registry = await registryFor(args, io);
  const plugins = registry.list();
  if (args.json === true) {
    io.out(
      JSON.stringify(
        plugins.map((p) => ({
          id: p.id,
          version: p.version,
          apiVersion: p.apiVersion,
          approach: p.approach,
          description: p.description,
          defaultCarrier: p.defaultCarrier,
          options: p.options,
          models: p.models,
        })),
        null,
        2,
      ),
    );
    return 0;
  }
  io.out(
    renderTable(
      ['id', 'version', 'approach', 'default carrier', 'options'],
      plugins.map((p) => ({
        label: p.id,
        values: [p.version, p.approach, p.defaultCarrier, Object.keys(p.options).join(', ') || '-'],
      })),
      { maxWidth: io.columns, shrink: [4, 2, 3] },
    ),
  );
  const others: [string, { id: string }[]][] = [
    ['Technology presets', registry.presets()],
    ['Yield models', registry.yieldModels()],
    ['Thermal models', registry.thermalModels()],
    ['Derived metrics', registry.metrics()],
  ];
  io.out('');
  for (const [kind, list] of others)
    io.out(`${kind}: ${list.length === 0 ? '-' : list.map((x) => x.id).join(', ')}`);
  io.out(
    `\n${count(plugins.length, 'plugin')}, plugin API version ${PLUGIN_API_VERSION}. Options and models: chiplet-dse plugins --json`,
  );
  return 0;
}

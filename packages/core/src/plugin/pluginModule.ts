/**
 * A plugin is shipped as an inversify ContainerModule that binds the plugin object to the one
 * multi-injected token PACKAGING_PLUGIN. The token is a global symbol (Symbol.for) so a plugin
 * built against another copy of @chiplet-dse/core binds the same token.
 */
import { ContainerModule } from 'inversify';
import type { PackagingPlugin } from './contract.js';

export const PACKAGING_PLUGIN: symbol = Symbol.for('chiplet-dse.PackagingPlugin');

export class PackagingPluginModule extends ContainerModule {
  readonly pluginId: string;
  readonly pluginVersion: string;
  /** The plugin itself, so the loader can check it naming the module specifier. */
  readonly plugin: PackagingPlugin;
  constructor(plugin: PackagingPlugin) {
    super(({ bind }) => {
      bind<PackagingPlugin>(PACKAGING_PLUGIN).toConstantValue(plugin);
    });
    this.pluginId = plugin.id;
    this.pluginVersion = plugin.version;
    this.plugin = plugin;
  }
}

/** Wraps a plugin object into the ContainerModule a plugin package exports by default. */
export function definePlugin(plugin: PackagingPlugin): PackagingPluginModule {
  return new PackagingPluginModule(plugin);
}

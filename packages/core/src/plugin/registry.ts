/**
 * The registry collects every plugin bound to PACKAGING_PLUGIN and rejects duplicate ids.
 * It is the only class in core: the container constructs it with the multi-injected plugins.
 */
import { Container, injectable, multiInject } from 'inversify';
import { PluginError } from '../errors.js';
import type { PackagingPlugin } from './contract.js';
import { PACKAGING_PLUGIN } from './pluginModule.js';
import { validatePlugin } from './validatePlugin.js';

@injectable()
export class PluginRegistry {
  private readonly byId = new Map<string, PackagingPlugin>();

  constructor(@multiInject(PACKAGING_PLUGIN) plugins: PackagingPlugin[]) {
    for (const candidate of plugins) {
      const plugin = validatePlugin(candidate, 'a registered module');
      const existing = this.byId.get(plugin.id);
      if (existing !== undefined) {
        throw new PluginError(
          `"${plugin.id}"`,
          `duplicate plugin id: version ${existing.version} and version ${plugin.version} are both registered`,
        );
      }
      this.byId.set(plugin.id, plugin);
    }
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): PackagingPlugin | undefined {
    return this.byId.get(id);
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }

  list(): PackagingPlugin[] {
    return [...this.byId.values()];
  }
}

/** A container holding the registry; plugin modules are loaded into it before the first get. */
export function createPluginContainer(): Container {
  const container = new Container();
  container.bind(PluginRegistry).toSelf().inSingletonScope();
  return container;
}

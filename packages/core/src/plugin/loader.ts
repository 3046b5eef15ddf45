/**
 * Loading plugins by module specifier (an npm package name or a path). Every worker thread of a
 * sweep calls the same function with the same specifiers, so all threads see the same plugins.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ContainerModule } from 'inversify';
import { PluginError } from '../errors.js';
import { createPluginContainer, PluginRegistry } from './registry.js';
import { validatePlugin } from './validatePlugin.js';

export interface LoadedModule {
  specifier: string;
  module: ContainerModule & { pluginId?: string; pluginVersion?: string; plugin?: unknown };
}

function isPath(spec: string): boolean {
  return spec.startsWith('.') || isAbsolute(spec);
}

function entryOfPackageDir(dir: string): string {
  const pkgFile = join(dir, 'package.json');
  if (!existsSync(pkgFile)) return join(dir, 'index.js');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { exports?: unknown; main?: string };
  let entry: unknown = pkg.exports;
  if (entry !== null && typeof entry === 'object' && '.' in entry)
    entry = (entry as Record<string, unknown>)['.'];
  while (entry !== null && typeof entry === 'object') {
    const e = entry as Record<string, unknown>;
    entry = e['import'] ?? e['default'] ?? e['node'];
  }
  return join(dir, typeof entry === 'string' ? entry : (pkg.main ?? 'index.js'));
}

async function importSpecifier(spec: string, cwd: string): Promise<unknown> {
  if (isPath(spec)) {
    const abs = resolve(cwd, spec);
    if (!existsSync(abs)) throw new PluginError(spec, `no file or folder at ${abs}`);
    const file = statSync(abs).isDirectory() ? entryOfPackageDir(abs) : abs;
    return import(pathToFileURL(file).href);
  }
  try {
    return await import(spec);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw err;
    // Not reachable from here: look in the user's project (the working directory) instead.
    let dir: string;
    try {
      const req = createRequire(join(cwd, 'package.json'));
      dir = req.resolve(`${spec}/package.json`).slice(0, -'/package.json'.length);
    } catch {
      const hint = existsSync(resolve(cwd, spec))
        ? `; to load the folder or file ${spec}, write it as a path: ./${spec}`
        : '';
      throw new PluginError(spec, `cannot find the package (is it installed? npm install ${spec})${hint}`);
    }
    return import(pathToFileURL(entryOfPackageDir(dir)).href);
  }
}

function asModules(exported: unknown, spec: string): LoadedModule[] {
  const list = Array.isArray(exported) ? exported : [exported];
  if (list.length === 0) throw new PluginError(spec, 'the default export is an empty list');
  return list.map((m) => {
    if (m === null || typeof m !== 'object' || typeof (m as { load?: unknown }).load !== 'function') {
      throw new PluginError(
        spec,
        'the default export must be an inversify ContainerModule (use definePlugin from @chiplet-dse/core) or a list of them',
      );
    }
    return { specifier: spec, module: m as LoadedModule['module'] };
  });
}

/** Imports each specifier; its default export is a plugin module or a list of them. */
export async function importPluginModules(
  specifiers: readonly string[],
  cwd = process.cwd(),
): Promise<LoadedModule[]> {
  const out: LoadedModule[] = [];
  for (const spec of specifiers) {
    let ns: unknown;
    try {
      ns = await importSpecifier(spec, cwd);
    } catch (err) {
      if (err instanceof PluginError) throw err;
      throw new PluginError(spec, `failed to load: ${(err as Error).message}`);
    }
    const exported = (ns as { default?: unknown }).default;
    if (exported === undefined) throw new PluginError(spec, 'has no default export');
    out.push(...asModules(exported, spec));
  }
  return out;
}

/** Builds a registry from loaded modules, naming the specifiers when ids collide. */
export function registryFromModules(modules: readonly LoadedModule[]): PluginRegistry {
  const seen = new Map<string, string>();
  // Check each plugin here first, where its module specifier is known (the registry is not told).
  for (const m of modules) if (m.module.plugin !== undefined) validatePlugin(m.module.plugin, m.specifier);
  for (const m of modules) {
    const id = m.module.pluginId;
    if (id === undefined) continue;
    const prev = seen.get(id);
    if (prev !== undefined) {
      throw new PluginError(
        `"${id}"`,
        `duplicate plugin id: registered by ${prev} and again by ${m.specifier}`,
      );
    }
    seen.set(id, m.specifier);
  }
  const container = createPluginContainer();
  for (const m of modules) {
    try {
      container.load(m.module);
    } catch (err) {
      throw new PluginError(m.specifier, `its ContainerModule failed to load: ${(err as Error).message}`);
    }
  }
  try {
    return container.get(PluginRegistry);
  } catch (err) {
    if (err instanceof PluginError) throw err;
    const cause = (err as Error).cause;
    if (cause instanceof PluginError) throw cause;
    throw new PluginError(modules.map((m) => m.specifier).join(', '), (err as Error).message);
  }
}

export async function loadPluginRegistry(
  specifiers: readonly string[],
  cwd = process.cwd(),
): Promise<PluginRegistry> {
  return registryFromModules(await importPluginModules(specifiers, cwd));
}

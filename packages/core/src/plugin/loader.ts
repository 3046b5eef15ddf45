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
import { createPluginContainer, ExtensionRegistry, moduleSetOf } from './registry.js';

export interface LoadedModule {
  specifier: string;
  module: ContainerModule & { pluginId?: string; pluginVersion?: string; plugin?: unknown };
  /** The package name of a specifier that is a path to a package folder (for `requires`). */
  packageName?: string | undefined;
}

function isPath(spec: string): boolean {
  return spec.startsWith('.') || isAbsolute(spec);
}

function packageNameOf(spec: string, cwd: string): string | undefined {
  if (!isPath(spec)) return undefined;
  const abs = resolve(cwd, spec);
  const pkgFile = join(abs, 'package.json');
  if (!existsSync(abs) || !statSync(abs).isDirectory() || !existsSync(pkgFile)) return undefined;
  try {
    const name = (JSON.parse(readFileSync(pkgFile, 'utf8')) as { name?: unknown }).name;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
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
    const packageName = packageNameOf(spec, cwd);
    out.push(...asModules(exported, spec).map((m) => ({ ...m, packageName })));
  }
  return out;
}

/**
 * Builds the registry from loaded modules: core's built-in extensions first, then each module in
 * order, recording which module bound what so the registry's checks (shape, duplicate ids,
 * `requires`) name module specifiers.
 */
export function registryFromModules(modules: readonly LoadedModule[]): ExtensionRegistry {
  const container = createPluginContainer();
  const set = moduleSetOf(container);
  for (const m of modules) {
    try {
      set.load(container, m.specifier, m.module, m.packageName);
    } catch (err) {
      throw new PluginError(m.specifier, `its ContainerModule failed to load: ${(err as Error).message}`);
    }
  }
  try {
    return container.get(ExtensionRegistry);
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
): Promise<ExtensionRegistry> {
  return registryFromModules(await importPluginModules(specifiers, cwd));
}

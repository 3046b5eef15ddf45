import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of the package `name` that holds the module at `moduleUrl` (its `import.meta.url`):
 * the nearest folder above it whose package.json has that name. A module finds its package's
 * files (package.json, presets, templates) through this, not through a fixed `../..`: the same
 * code runs from src/ under the tests, from dist/ as compiled, and from dist/bundle/ bundled
 * (scripts/bundle.mjs), each at another depth.
 */
export function packageDirOf(moduleUrl: string, name: string): string {
  const start = dirname(fileURLToPath(moduleUrl));
  for (let dir = start; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name === name)
      return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json of ${name} above ${start}`);
  }
}

/** The version in the package.json of the package `name` that holds the module at `moduleUrl`. */
export function packageVersionOf(moduleUrl: string, name: string): string {
  const file = join(packageDirOf(moduleUrl, name), 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

/**
 * A worker module built beside the module at `moduleUrl`: `<name>.js` in the same folder when
 * running compiled or bundled (a bundle's worker is an entry of its own, in the same folder as the
 * chunk that starts it); from a TypeScript source (under the tests), the package's bundled worker,
 * so that the worker loads the same bundled copy of core as the plugins it loads.
 */
export function workerFileBeside(moduleUrl: string, packageName: string, name: string): string {
  const here = fileURLToPath(moduleUrl);
  const js = here.endsWith('.ts')
    ? join(packageDirOf(moduleUrl, packageName), 'dist', 'bundle', `${name}.js`)
    : join(dirname(here), `${name}.js`);
  if (!existsSync(js)) throw new Error(`worker not built: ${js} (run npm run build)`);
  return js;
}

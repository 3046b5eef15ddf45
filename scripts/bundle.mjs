#!/usr/bin/env node
/**
 * Bundles each package's built JavaScript (dist/, from `tsc -b`) into a few ES modules under
 * dist/bundle/, which the packages' `exports` point at. Node 20 loads each ES module separately:
 * the CLI and its dependencies were about 540 modules, half of a command's start-up
 * (docs/performance.md, "Start-up"). The bundles load the same code as about ten.
 *
 * What each package bundles is in its package.json, under "chiplet-dse-bundle":
 *   entries:  dist files that become dist/bundle/<name>.js (entry points and worker files);
 *   external: packages left to node_modules. Another @chiplet-dse package is always external,
 *             so every package (and a third-party plugin) shares one copy of core.
 * Code shared by a package's entries goes into chunks, so the entries of one package also share
 * one copy of each module (one InputError class, one plugin container).
 *
 * Usage: node scripts/bundle.mjs [package folder ...]   (default: every package that asks for it)
 * `--if-stale` bundles a package only when a dist file is newer than its bundle.
 */
import { build } from 'esbuild';
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = '.bundled';

function packagesToBundle(args) {
  const named = args.filter((a) => !a.startsWith('--'));
  const dirs = named.length > 0 ? named.map((d) => resolve(d)) : defaultPackages();
  return dirs.filter((d) => readPackage(d)['chiplet-dse-bundle'] !== undefined);
}

function defaultPackages() {
  const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  return root.workspaces.map((w) => join(ROOT, w));
}

const readPackage = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));

/** The newest modification time of the .js files under dist/, outside the bundle. */
function newestDistMs(dist) {
  let newest = 0;
  for (const e of readdirSync(dist, { recursive: true, withFileTypes: true })) {
    if (!e.isFile() || !e.name.endsWith('.js')) continue;
    const file = join(e.parentPath, e.name);
    const rel = relative(dist, file);
    if (rel.startsWith('bundle') || rel.startsWith('.bundle-')) continue;
    newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}

/**
 * The bundle's source maps lead to our TypeScript sources (shipped in each package's src/), and
 * for a dependency to its JavaScript as installed, with the text inside the map: a dependency's own
 * map would point at its sources, which npm does not install.
 */
const dependencyMapsOff = {
  name: 'dependency-maps-off',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/].*\.[cm]?js$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replace(/^\/\/# sourceMappingURL=.*$/gm, ''),
      loader: 'js',
    }));
  },
};

/**
 * zod's `z` namespace re-exports every locale's messages (about 370 kB, 15 % of core's bundle,
 * compiled at every start-up); only English is used (zod's default, and our own messages).
 */
const englishOnlyZod = {
  name: 'zod-english-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: "export { default as en } from './en.js';\n",
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

async function bundlePackage(dir, ifStale) {
  const pkg = readPackage(dir);
  const config = pkg['chiplet-dse-bundle'];
  const dist = join(dir, 'dist');
  const out = join(dist, 'bundle');
  const stamp = join(out, STAMP);
  if (!existsSync(dist)) throw new Error(`${pkg.name}: ${dist} is missing: run tsc -b first`);
  if (ifStale && existsSync(stamp) && statSync(stamp).mtimeMs >= newestDistMs(dist)) return false;
  const own = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies }).filter((d) =>
    d.startsWith('@chiplet-dse/'),
  );
  // Built beside, then swapped in: a CLI started meanwhile (another test run) finds the old
  // bundle or the new one, not a half-written folder.
  const next = join(dist, `.bundle-${process.pid}`);
  rmSync(next, { recursive: true, force: true });
  const result = await build({
    entryPoints: Object.fromEntries(
      config.entries.map((e) => [
        e
          .replace(/^dist\//, '')
          .replace(/\.js$/, '')
          .split('/')
          .pop(),
        join(dir, e),
      ]),
    ),
    outdir: next,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Subpaths of an external package (`@chiplet-dse/core/explore`) stay external too.
    external: [...own, ...own.map((d) => `${d}/*`), ...(config.external ?? [])],
    chunkNames: 'chunk-[hash]',
    // Bundled CommonJS dependencies call require(); an ES module has none of its own.
    banner: {
      js: "import { createRequire as __bundleRequire } from 'node:module';\nconst require = __bundleRequire(import.meta.url);",
    },
    sourcemap: 'linked',
    sourcesContent: true,
    legalComments: 'none',
    metafile: true,
    plugins: [englishOnlyZod, dependencyMapsOff],
    logLevel: 'warning',
  });
  writeFileSync(join(next, 'THIRD-PARTY-LICENSES.txt'), thirdPartyLicenses(result.metafile));
  writeFileSync(join(next, STAMP), `${new Date().toISOString()}\n`);
  rmSync(out, { recursive: true, force: true });
  renameSync(next, out);
  return true;
}

/**
 * The licence texts of the npm packages a bundle contains: bundling copies their code into ours,
 * and their licences (MIT, ISC, ...) ask that the notice go with every copy.
 */
function thirdPartyLicenses(metafile) {
  const dirs = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m !== null) dirs.add(resolve(ROOT, m[1]));
  }
  const parts = [];
  const seen = new Set();
  for (const dir of [...dirs].sort()) {
    const pkg = readPackage(dir);
    if (seen.has(`${pkg.name}@${pkg.version}`)) continue;
    seen.add(`${pkg.name}@${pkg.version}`);
    const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    const text =
      file === undefined
        ? `License: ${pkg.license ?? 'see the package'}`
        : readFileSync(join(dir, file), 'utf8').trim();
    parts.push(`${pkg.name}@${pkg.version}\n${'-'.repeat(60)}\n${text}\n`);
  }
  return parts.length === 0
    ? 'This bundle contains no third-party package.\n'
    : `This bundle contains code of the following packages, under these licences.\n\n${parts.join('\n')}`;
}

const args = process.argv.slice(2);
const ifStale = args.includes('--if-stale');
for (const dir of packagesToBundle(args)) {
  const done = await bundlePackage(dir, ifStale);
  if (done && !args.includes('--quiet')) console.log(`bundled ${relative(ROOT, dir)}/dist/bundle`);
}

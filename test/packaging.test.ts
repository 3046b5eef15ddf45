/**
 * The packages as a user outside this repository gets them (docs/plugin-authoring.md, section 1):
 * `npm pack` of core, plugins and cli, the tarballs installed into a scratch project (their
 * dependencies from the npm cache where it has them), a plugin compiled there against the
 * installed types, loaded by the installed CLI with --plugin, and checked by the installed
 * conformance kit. Also what npm would publish: every `files` entry exists, every `exports` target
 * and `bin` is shipped, and every source map points at a shipped source.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/runCli.js';

const PACKAGES = ['core', 'plugins', 'cli'] as const;
const FIXTURE = join(REPO_ROOT, 'test/fixtures/packaging');

/**
 * The environment of a nested npm: without the npm_* variables `npx vitest` sets (its
 * local prefix is this repository), but with the user's cache and config locations.
 */
function npmEnv(): NodeJS.ProcessEnv {
  const keep = new Set([
    'npm_config_cache',
    'npm_config_userconfig',
    'npm_config_globalconfig',
    'npm_config_cafile',
    'npm_config_registry',
  ]);
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1', npm_config_update_notifier: 'false' };
  for (const [k, v] of Object.entries(process.env))
    if (!k.toLowerCase().startsWith('npm_') || keep.has(k.toLowerCase())) env[k] = v;
  return env;
}

function npm(args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync('npm', args, { cwd, encoding: 'utf8', env: npmEnv() });
}

const npmVersion = spawnSync('npm', ['--version'], { encoding: 'utf8', env: npmEnv() });
const HAVE_NPM = npmVersion.status === 0;
if (!HAVE_NPM)
  console.warn('test/packaging.test.ts: skipped, npm is not available (`npm --version` failed on this PATH)');

/** Every string in an `exports` map (the files its conditions point at). */
function exportTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(exportTargets);
  return [];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

interface PackageJson {
  name: string;
  files?: string[];
  exports?: unknown;
  bin?: Record<string, string>;
}

describe.skipIf(!HAVE_NPM)(
  `installable packages: npm pack, install outside the workspace, a plugin built against them${HAVE_NPM ? '' : ' (skipped: npm is not available)'}`,
  () => {
    let work: string;
    let project: string;
    const installed = (p: string) => join(project, 'node_modules', '@chiplet-dse', p);
    const cli = (args: string[]) => {
      const r = spawnSync(process.execPath, [join(installed('cli'), 'bin/chiplet-dse.js'), ...args], {
        cwd: project,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });
      return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    };

    beforeAll(() => {
      work = mkdtempSync(join(tmpdir(), 'chiplet-dse-packaging-'));
      const tarballs = join(work, 'tarballs');
      mkdirSync(tarballs);
      const packed = npm(
        [
          'pack',
          '--json',
          '--pack-destination',
          tarballs,
          ...PACKAGES.flatMap((p) => ['-w', `packages/${p}`]),
        ],
        REPO_ROOT,
      );
      expect(packed.status, packed.stderr).toBe(0);
      const files = (JSON.parse(packed.stdout) as { filename: string }[]).map((t) =>
        join(tarballs, t.filename),
      );
      expect(files).toHaveLength(3);

      project = join(work, 'project');
      mkdirSync(project);
      writeFileSync(
        join(project, 'package.json'),
        JSON.stringify({ name: 'scratch', version: '0.0.0', private: true, type: 'module' }),
      );
      // fast-check for the conformance kit (an optional peer of core), at the repository's version.
      const fastCheck = (
        JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/fast-check/package.json'), 'utf8')) as {
          version: string;
        }
      ).version;
      const install = (mode: string) =>
        npm(['install', mode, '--no-audit', '--no-fund', ...files, `fast-check@${fastCheck}`], project);
      // Offline when the cache holds every package's metadata; else the cache first, then the registry.
      let r = install('--offline');
      if (r.status !== 0) r = install('--prefer-offline');
      expect(r.status, r.stderr).toBe(0);
    }, 300_000);

    afterAll(() => {
      if (work !== undefined) rmSync(work, { recursive: true, force: true });
    });

    it.each(PACKAGES)(
      '%s: every files entry exists, every exports target, bin and map source is shipped, no build or test leftovers',
      (p) => {
        const source = join(REPO_ROOT, 'packages', p);
        const pkg = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as PackageJson;
        const dir = installed(p);
        const shipped = filesUnder(dir);
        for (const entry of pkg.files ?? []) {
          if (entry.startsWith('!')) continue;
          expect(existsSync(join(source, entry)), `files entry ${entry} of ${pkg.name}`).toBe(true);
          expect(
            shipped.some((f) => f === entry || f.startsWith(`${entry}/`)),
            `${entry} shipped`,
          ).toBe(true);
        }
        for (const target of exportTargets(pkg.exports))
          expect(existsSync(resolve(dir, target)), `exports target ${target} of ${pkg.name}`).toBe(true);
        for (const [name, target] of Object.entries(pkg.bin ?? {})) {
          // As npm publishes it: `./bin/x.js` would be rewritten (npm publish warns).
          expect(target, `bin ${name}`).not.toMatch(/^\.\//);
          expect(existsSync(join(dir, target)), `bin ${name}: ${target}`).toBe(true);
          expect(existsSync(join(project, 'node_modules/.bin', name)), `node_modules/.bin/${name}`).toBe(
            true,
          );
        }
        const maps = shipped.filter((f) => f.endsWith('.map'));
        expect(maps.length).toBeGreaterThan(0);
        for (const map of maps) {
          const m = JSON.parse(readFileSync(join(dir, map), 'utf8')) as {
            sources: string[];
            sourceRoot?: string;
            sourcesContent?: (string | null)[];
          };
          m.sources.forEach((s, i) => {
            // A bundle's map carries the text of the dependencies it contains (scripts/bundle.mjs),
            // and their licences go beside it; our own sources must be shipped.
            if (s.includes('node_modules/') && typeof m.sourcesContent?.[i] === 'string') {
              expect(shipped, `${pkg.name}/${map} bundles ${s}`).toContain(
                join(dirname(map), 'THIRD-PARTY-LICENSES.txt'),
              );
              return;
            }
            const at = resolve(dirname(join(dir, map)), m.sourceRoot ?? '', s);
            expect(existsSync(at), `${pkg.name}/${map} points at ${relative(dir, at)}`).toBe(true);
          });
        }
        expect(shipped.filter((f) => /tsbuildinfo|\.test\.|\.bench\.|\.oracle\./.test(f))).toEqual([]);
      },
    );

    it('the installed CLI runs: --version, and evaluate of an example design with the built-in plugins', () => {
      expect(cli(['--version']).stdout.trim()).toBe('0.1.0');
      cpSync(join(REPO_ROOT, 'examples/2.5d.yaml'), join(project, '2.5d.yaml'));
      const r = cli(['evaluate', '2.5d.yaml', '--json']);
      expect(r.code, r.stderr).toBe(0);
      const designs = (JSON.parse(r.stdout) as { designs: { metrics: { pluginId: string } }[] }).designs;
      expect(designs.length).toBeGreaterThan(0);
      for (const d of designs) expect(d.metrics.pluginId).toBe('2.5d');
    });

    it('a plugin compiled against the installed types loads with --plugin (evaluate and a sweep on workers), and passes the conformance kit', () => {
      mkdirSync(join(project, 'src'));
      cpSync(join(FIXTURE, 'plugin.ts'), join(project, 'src/plugin.ts'));
      cpSync(join(FIXTURE, 'tiles.yaml'), join(project, 'tiles.yaml'));
      cpSync(join(FIXTURE, 'conformance.node.mjs'), join(project, 'conformance.node.mjs'));
      writeFileSync(
        join(project, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            target: 'es2022',
            module: 'nodenext',
            moduleResolution: 'nodenext',
            strict: true,
            noUncheckedIndexedAccess: true,
            // The shipped declarations are checked too, and need nothing beyond what is installed.
            skipLibCheck: false,
            types: [],
            rootDir: 'src',
            outDir: 'dist',
          },
          include: ['src'],
        }),
      );
      // TypeScript is the author's tool, not a dependency of the packages: the repository's.
      const tsc = spawnSync(
        process.execPath,
        [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', project],
        {
          cwd: project,
          encoding: 'utf8',
        },
      );
      expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0);

      const e = cli(['evaluate', 'tiles.yaml', '--plugin', './dist/plugin.js', '--json']);
      expect(e.code, e.stderr).toBe(0);
      const m = (
        JSON.parse(e.stdout) as {
          designs: { metrics: { pluginId: string; feasibility: { feasible: boolean } } }[];
        }
      ).designs[0]!.metrics;
      expect(m.pluginId).toBe('scratch-tiles');
      expect(m.feasibility.feasible).toBe(true);

      const out = join(project, 'out');
      const s = cli([
        'sweep',
        'tiles.yaml',
        '--plugin',
        './dist/plugin.js',
        '--workers',
        '1',
        '--quiet',
        '--out',
        out,
      ]);
      expect(s.code, s.stderr).toBe(0);
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
        points: { evaluated: number; failed: number };
      };
      expect(summary.points).toMatchObject({ evaluated: 6, failed: 0 });

      const kit = spawnSync(process.execPath, ['--test', 'conformance.node.mjs'], {
        cwd: project,
        encoding: 'utf8',
      });
      expect(kit.status, kit.stdout + kit.stderr).toBe(0);
      expect(kit.stdout).toMatch(/^# fail 0$/m);
      expect(kit.stdout).toMatch(/^# pass [1-9]\d*$/m);
    });
  },
);

/**
 * Building the technology library in layers: a preset < a technology file (--tech) < the
 * design's `technology:` section. Every layer is validated; the result is validated as a whole
 * and its cross-references (carrier -> node, carrier -> bonding) are checked.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, type InputIssueAt } from '../errors.js';
import { packageDirOf } from '../io/packageDir.js';
import { readDataFile } from '../io/readDataFile.js';
import { unknownId } from '../io/suggest.js';
import { issueFromZod, PARSE_OPTIONS } from '../io/zodIssues.js';
import { technologyLibrarySchema, technologyOverlaySchema, type TechnologyOverlay } from './schema.js';
import { splitSourced } from './sourcedValues.js';
import type { TechnologyLibrary } from './types.js';

const PRESET_DIR = join(packageDirOf(import.meta.url, '@chiplet-dse/core'), 'presets');
const PRESET_SUFFIX = '.tech.json';

export function presetDirectory(): string {
  return PRESET_DIR;
}

export function listPresets(): string[] {
  return readdirSync(PRESET_DIR)
    .filter((f) => f.endsWith(PRESET_SUFFIX))
    .map((f) => f.slice(0, -PRESET_SUFFIX.length))
    .sort();
}

const SECTIONS = ['nodes', 'carriers', 'bonding', 'phys', 'hbm', 'materials', 'cooling', 'panels'] as const;
const OBJECTS = ['thermalCalibration', 'test'] as const;

const presetCache = new Map<string, TechnologyLibrary>();

/** Loads a built-in preset ("default", "actuary-dac22"). */
export function loadPreset(name: string): TechnologyLibrary {
  const cached = presetCache.get(name);
  if (cached !== undefined) return structuredClone(cached);
  const presets = listPresets();
  if (!presets.includes(name)) {
    throw InputError.at(
      '',
      'technology preset',
      `one of ${presets.map((p) => `"${p}"`).join(', ')}`,
      unknownId(name, presets),
    );
  }
  const file = join(PRESET_DIR, `${name}${PRESET_SUFFIX}`);
  const provenance: Record<string, string[]> = {};
  const plain = splitSourced(readDataFile(file), provenance);
  const parsed = technologyLibrarySchema.safeParse(plain, PARSE_OPTIONS);
  if (!parsed.success)
    throw new InputError(
      parsed.error.issues.flatMap((i) => issueFromZod(i, file, '', technologyLibrarySchema)),
    );
  const lib: TechnologyLibrary = { ...parsed.data, provenance };
  const issues = checkReferences(lib, file);
  if (issues.length > 0) throw new InputError(issues);
  presetCache.set(name, lib);
  return structuredClone(lib);
}

/** Parses a technology overlay (a --tech file or a design's technology section). */
export function parseTechnologyOverlay(
  data: unknown,
  file: string,
  pathPrefix = '',
): { overlay: TechnologyOverlay; provenance: Record<string, string[]> } {
  const provenance: Record<string, string[]> = {};
  const plain = splitSourced(data, provenance);
  const parsed = technologyOverlaySchema.safeParse(plain, PARSE_OPTIONS);
  if (!parsed.success)
    throw new InputError(
      parsed.error.issues.flatMap((i) => issueFromZod(i, file, pathPrefix, technologyOverlaySchema)),
    );
  return { overlay: parsed.data, provenance };
}

export function readTechnologyFile(file: string): {
  overlay: TechnologyOverlay;
  provenance: Record<string, string[]>;
} {
  return parseTechnologyOverlay(readDataFile(file), file);
}

function numericPaths(value: unknown, path: string, out: string[]): void {
  if (typeof value === 'number') out.push(path);
  else if (Array.isArray(value)) value.forEach((v, i) => numericPaths(v, `${path}[${i}]`, out));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) numericPaths(v, `${path}.${k}`, out);
  }
}

/**
 * Applies one overlay on a library. `origin` names the layer ("file x.yaml") for provenance of
 * values it sets without sources, and for errors about entries it introduces.
 */
export function applyTechnologyOverlay(
  base: TechnologyLibrary,
  layer: { overlay: TechnologyOverlay; provenance: Record<string, string[]> },
  origin: { file: string; pathPrefix: string },
): TechnologyLibrary {
  const { overlay } = layer;
  const lib = structuredClone(base) as TechnologyLibrary;
  const mark = (path: string, value: unknown) => {
    const paths: string[] = [];
    numericPaths(value, path, paths);
    for (const p of paths) {
      const given = layer.provenance[p];
      lib.provenance[p] = given ?? [
        `file:${origin.file}${origin.pathPrefix === '' ? '' : ` (${origin.pathPrefix})`}`,
      ];
    }
  };
  if (overlay.name !== undefined) lib.name = overlay.name;
  if (overlay.description !== undefined) lib.description = overlay.description;
  if (overlay.reticleAreaMm2 !== undefined) {
    lib.reticleAreaMm2 = overlay.reticleAreaMm2;
    mark('reticleAreaMm2', overlay.reticleAreaMm2);
  }
  const introduced: { section: string; key: string }[] = [];
  for (const section of SECTIONS) {
    const entries = overlay[section];
    if (entries === undefined) continue;
    const target = lib[section] as Record<string, object>;
    for (const [key, entry] of Object.entries(entries)) {
      if (!(key in target)) introduced.push({ section, key });
      target[key] = { ...(target[key] ?? {}), ...entry };
      mark(`${section}.${key}`, entry);
    }
  }
  for (const section of OBJECTS) {
    const entry = overlay[section];
    if (entry === undefined) continue;
    (lib as unknown as Record<string, object>)[section] = { ...lib[section], ...entry };
    mark(section, entry);
  }
  if (overlay.sources !== undefined) lib.sources = { ...lib.sources, ...overlay.sources };

  const full = technologyLibrarySchema.safeParse(stripProvenance(lib), PARSE_OPTIONS);
  if (!full.success) {
    const issues = full.error.issues.flatMap((i) => issueFromZod(i, origin.file));
    // A new entry missing fields is the overlay's fault: point at it with its prefix.
    throw new InputError(
      issues.map((iss) => ({
        ...iss,
        path: origin.pathPrefix === '' ? iss.path : `${origin.pathPrefix}.${iss.path}`,
        expected:
          introduced.some((n) => iss.path.startsWith(`${n.section}.${n.key}.`)) && iss.found === 'nothing'
            ? `${iss.expected} (a new entry must give every field)`
            : iss.expected,
      })),
    );
  }
  const issues = checkReferences(lib, origin.file);
  if (issues.length > 0) throw new InputError(issues);
  return lib;
}

function stripProvenance(lib: TechnologyLibrary): Omit<TechnologyLibrary, 'provenance'> {
  const { provenance: _p, ...rest } = lib;
  return rest;
}

function checkReferences(lib: TechnologyLibrary, file: string): InputIssueAt[] {
  const issues: InputIssueAt[] = [];
  for (const [id, c] of Object.entries(lib.carriers)) {
    if (c.processNode !== '' && !(c.processNode in lib.nodes)) {
      issues.push({
        file,
        path: `carriers.${id}.processNode`,
        expected: `a node id (${Object.keys(lib.nodes).join(', ')}) or ""`,
        found: unknownId(c.processNode, Object.keys(lib.nodes)),
      });
    }
    for (const field of ['dieBonding', 'substrateBonding'] as const) {
      const b = c[field];
      if ((b !== '' || field === 'dieBonding') && !(b in lib.bonding)) {
        issues.push({
          file,
          path: `carriers.${id}.${field}`,
          expected: `a bonding id (${Object.keys(lib.bonding).join(', ')})${field === 'substrateBonding' ? ' or ""' : ''}`,
          found: unknownId(b, Object.keys(lib.bonding)),
        });
      }
    }
  }
  for (const [path, ids] of Object.entries(lib.provenance)) {
    for (const id of ids) {
      // Values set by a file without sources record the file ("file:..."), not a source id.
      if (!id.startsWith('file:') && !(id in lib.sources)) {
        issues.push({
          file,
          path: `${path} (source)`,
          expected: 'a source id defined in "sources"',
          found: unknownId(id, Object.keys(lib.sources)),
        });
      }
    }
  }
  return issues;
}

/**
 * Where presets come from: the built-in ones (packages/core/presets/) and those plugin packages
 * contribute. The extension registry is one; without it only the built-in presets exist.
 */
export interface PresetSource {
  presetNames(): string[];
  /** A copy of the preset's library, or undefined when no preset has that name. */
  presetLibrary(name: string): TechnologyLibrary | undefined;
}

const builtinPresets: PresetSource = {
  presetNames: listPresets,
  presetLibrary: (name) => (listPresets().includes(name) ? loadPreset(name) : undefined),
};

export interface TechnologyLayers {
  /** A --tech file, if given. */
  techFile?: string | undefined;
  /** Technology sections of the design (base, then variant), with the file and field they are in. */
  designSections?: { data: unknown; file: string; pathPrefix: string }[];
  /** The presets to choose from (default: the built-in ones). */
  presets?: PresetSource | undefined;
}

/** Builds the library for a run: preset < --tech file < design sections, in order. */
export function buildTechnologyLibrary(layers: TechnologyLayers): TechnologyLibrary {
  const fileLayer = layers.techFile === undefined ? undefined : readTechnologyFile(layers.techFile);
  const designLayers = (layers.designSections ?? [])
    .filter((s) => s.data !== undefined)
    .map((s) => ({ ...s, layer: parseTechnologyOverlay(s.data, s.file, s.pathPrefix) }));
  let presetName = fileLayer?.overlay.extends ?? 'default';
  let presetAt = { file: layers.techFile ?? '', path: 'extends' };
  for (const d of designLayers) {
    if (d.layer.overlay.extends !== undefined) {
      presetName = d.layer.overlay.extends;
      presetAt = { file: d.file, path: `${d.pathPrefix}.extends` };
    }
  }
  const presets = layers.presets ?? builtinPresets;
  const base = presets.presetLibrary(presetName);
  if (base === undefined) {
    throw InputError.at(
      presetAt.file,
      presetAt.path,
      `a preset name (${presets.presetNames().join(', ')})`,
      unknownId(presetName, presets.presetNames()),
    );
  }
  let lib = base;
  if (fileLayer !== undefined)
    lib = applyTechnologyOverlay(lib, fileLayer, { file: layers.techFile!, pathPrefix: '' });
  for (const d of designLayers) {
    lib = applyTechnologyOverlay(lib, d.layer, { file: d.file, pathPrefix: d.pathPrefix });
  }
  return lib;
}

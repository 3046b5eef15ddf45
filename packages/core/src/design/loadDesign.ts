/**
 * Loading a design file: parse, validate the structure, and merge each variant onto the base
 * design. Nothing here needs the technology library or plugins.
 */
import { dirname, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { parseDataText, readDataFile } from '../io/readDataFile.js';
import { issueFromZod, PARSE_OPTIONS } from '../io/zodIssues.js';
import {
  designBodySchema,
  designFileSchema,
  type DesignBody,
  type DesignFile,
  type VariantInput,
} from './schema.js';

export interface DesignCase {
  /** Variant name, or the design name when there are no variants. */
  name: string;
  body: DesignBody;
  /** Technology sections to layer, in order (base design, then variant). */
  technologySections: { data: unknown; file: string; pathPrefix: string }[];
  /** Path prefix of fields that came from the variant, for messages. */
  origin: string;
}

export interface LoadedDesign {
  file: string;
  data: DesignFile;
  cases: DesignCase[];
  /** Plugin specifiers from the file, resolved against its folder when they are paths. */
  pluginSpecifiers: string[];
}

function mergeVariant(base: DesignBody, variant: VariantInput): unknown {
  const approachChanged =
    variant.package?.approach !== undefined && variant.package.approach !== base.package.approach;
  const pkg = { ...base.package, ...variant.package };
  // Options and assembly belong to one approach: a variant that switches approach starts afresh.
  if (approachChanged) {
    if (variant.package?.options === undefined) delete pkg.options;
    if (variant.package?.assembly === undefined) delete pkg.assembly;
    if (variant.package?.carrier === undefined) delete pkg.carrier;
  }
  return {
    name: `${base.name}/${variant.name}`,
    description: variant.description ?? base.description,
    logicBudgetMm2: variant.logicBudgetMm2 ?? base.logicBudgetMm2,
    system: { ...base.system, ...variant.system },
    chiplets: variant.chiplets ?? base.chiplets,
    memory: variant.memory ?? base.memory,
    components: variant.components ?? base.components,
    links: variant.links ?? base.links,
    package: pkg,
  };
}

function isPathSpecifier(spec: string): boolean {
  return (
    spec.startsWith('./') || spec.startsWith('../') || spec.startsWith('/') || /^[A-Za-z]:[\\/]/.test(spec)
  );
}

/** Resolves a plugin specifier written in a file relative to that file's folder. */
export function resolvePluginSpecifier(spec: string, baseDir: string): string {
  return isPathSpecifier(spec) ? resolve(baseDir, spec) : spec;
}

export function parseDesign(data: unknown, file: string): LoadedDesign {
  const parsed = designFileSchema.safeParse(data, PARSE_OPTIONS);
  if (!parsed.success)
    throw new InputError(parsed.error.issues.flatMap((i) => issueFromZod(i, file, '', designFileSchema)));
  const d = parsed.data;
  const {
    $schema: _s,
    plugins: _p,
    variants,
    space: _sp,
    constraints: _c,
    objectives: _o,
    technology,
    ...body
  } = d;
  const base = body as DesignBody;
  const baseTech = technology === undefined ? [] : [{ data: technology, file, pathPrefix: 'technology' }];
  let cases: DesignCase[];
  if (variants === undefined || variants.length === 0) {
    cases = [{ name: d.name, body: base, technologySections: baseTech, origin: '' }];
  } else {
    const seen = new Set<string>();
    cases = variants.map((v, i) => {
      if (seen.has(v.name)) {
        throw InputError.at(
          file,
          `variants[${i}].name`,
          'a name no other variant has',
          JSON.stringify(v.name),
        );
      }
      seen.add(v.name);
      const merged = designBodySchema.safeParse(mergeVariant(base, v), PARSE_OPTIONS);
      if (!merged.success) {
        throw new InputError(
          merged.error.issues.flatMap((iss) => issueFromZod(iss, file, '', designBodySchema)),
          `${file}: variant "${v.name}" (variants[${i}]) does not make a complete design:`,
        );
      }
      const tech =
        v.technology === undefined
          ? []
          : [{ data: v.technology, file, pathPrefix: `variants[${i}].technology` }];
      return {
        name: v.name,
        body: merged.data,
        technologySections: [...baseTech, ...tech],
        origin: `variants[${i}]`,
      };
    });
  }
  const dir = dirname(resolve(file));
  return {
    file,
    data: d,
    cases,
    pluginSpecifiers: (d.plugins ?? []).map((s) => resolvePluginSpecifier(s, dir)),
  };
}

export function loadDesignFile(file: string): LoadedDesign {
  return parseDesign(readDataFile(file), file);
}

export function parseDesignText(text: string, file: string): LoadedDesign {
  return parseDesign(parseDataText(text, file), file);
}

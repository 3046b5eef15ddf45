/**
 * `chiplet-dse init [file] --template accelerator|cpu [--force]`: writes a commented starter
 * design file from packages/cli/templates, with its `$schema` pointing at the design JSON Schema.
 *
 * Where `$schema` points: if `@chiplet-dse/core` is installed where the new file lives (the
 * project has chiplet-dse in its node_modules), the relative path to its
 * `schema/design.schema.json`, so the file works for everyone who clones the project and runs
 * npm install. Otherwise (a global install, npx) the absolute path of the schema inside this
 * installation, with a note on how to get a portable one.
 */
import { InputError, packageDirOf, writeFileAtomic } from '@chiplet-dse/core';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { CliIo } from '../context.js';

export const TEMPLATES = {
  accelerator: 'an AI accelerator: compute chiplets with HBM3 on a 2.5D silicon interposer, UCIe-A',
  cpu: 'a server CPU: core chiplets on n5 around an n7 I/O die, UCIe-S, on an organic substrate (mcm)',
} as const;

export type TemplateName = keyof typeof TEMPLATES;
export const TEMPLATE_NAMES = Object.keys(TEMPLATES) as TemplateName[];

export const DEFAULT_DESIGN_FILE = 'design.yaml';

/** The templates folder: packages/cli/templates, next to src/ and dist/. */
export function templateFile(name: TemplateName): string {
  return join(packageDirOf(import.meta.url, '@chiplet-dse/cli'), 'templates', `${name}.yaml`);
}

export interface InitArgs {
  file?: string | undefined;
  template?: TemplateName | undefined;
  force?: boolean | undefined;
  json?: boolean | undefined;
}

/** `init --json` (docs/cli.md): what was written. */
export interface InitJson {
  /** As given (a folder gets design.yaml appended). */
  file: string;
  /** Absolute path. */
  path: string;
  template: TemplateName;
  /** What `$schema` is set to, and whether it is the portable (project-relative) path. */
  schema: string;
  portable: boolean;
}

export interface SchemaLocation {
  /** What `$schema` is set to. */
  path: string;
  /** True when it is a path relative to the file into the project's own node_modules. */
  portable: boolean;
}

const SCHEMA_IN_CORE = join('schema', 'design.schema.json');

function posix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** The design schema for a file written into `dir` (see the module comment). */
export function schemaLocation(dir: string): SchemaLocation {
  try {
    const pkg = createRequire(join(dir, 'package.json')).resolve('@chiplet-dse/core/package.json');
    const schema = join(dirname(pkg), SCHEMA_IN_CORE);
    if (existsSync(schema)) {
      const rel = posix(relative(dir, schema));
      return { path: rel.startsWith('.') ? rel : `./${rel}`, portable: true };
    }
  } catch {
    // not installed in the project: fall through to this installation's copy
  }
  const own = createRequire(import.meta.url).resolve('@chiplet-dse/core/package.json');
  return { path: posix(join(dirname(own), SCHEMA_IN_CORE)), portable: false };
}

/** A YAML scalar for the path: plain when safe, double-quoted (JSON) otherwise. */
function yamlScalar(text: string): string {
  return /^[A-Za-z0-9_./@-]+$/.test(text) ? text : JSON.stringify(text);
}

/** The template's text with both schema references (comment and `$schema:`) set to `schemaPath`. */
export function renderTemplate(name: TemplateName, schemaPath: string): string {
  return readFileSync(templateFile(name), 'utf8')
    .replace(/^# yaml-language-server: \$schema=.*$/m, `# yaml-language-server: $schema=${schemaPath}`)
    .replace(/^\$schema: .*$/m, `$schema: ${yamlScalar(schemaPath)}`);
}

export function runInit(args: InitArgs, io: CliIo): number {
  const template = args.template ?? 'accelerator';
  const given = args.file ?? DEFAULT_DESIGN_FILE;
  let file = resolve(io.cwd, given);
  let shown = given;
  const namesFolder = given.endsWith('/') || given.endsWith(sep);
  if (namesFolder || (existsSync(file) && statSync(file).isDirectory())) {
    file = join(file, DEFAULT_DESIGN_FILE);
    shown = posix(join(given, DEFAULT_DESIGN_FILE));
  }
  if (existsSync(file) && args.force !== true) {
    throw new InputError([], `${shown} already exists; pass --force to overwrite it`);
  }
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true });
  const schema = schemaLocation(dir);
  writeFileAtomic(file, renderTemplate(template, schema.path));
  if (args.json === true) {
    const json: InitJson = {
      file: shown,
      path: file,
      template,
      schema: schema.path,
      portable: schema.portable,
    };
    io.out(JSON.stringify(json, null, 2));
  } else
    io.out(
      `Wrote ${shown} (template ${template}: ${TEMPLATES[template]}). Next:\n` +
        `  chiplet-dse validate ${shown}\n` +
        `  chiplet-dse evaluate ${shown}\n` +
        `  chiplet-dse sweep ${shown}`,
    );
  if (!schema.portable) {
    io.err(
      `note: $schema points into this chiplet-dse installation (${schema.path}). For a path that travels ` +
        `with the file, install chiplet-dse in the project (npm install --save-dev @chiplet-dse/cli) and run ` +
        `init again, or write the schema beside it (chiplet-dse schema design > design.schema.json) and set ` +
        `$schema: ./design.schema.json`,
    );
  }
  return 0;
}

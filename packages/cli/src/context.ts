/** What every command needs: output streams, the working directory and the plugin set. */
import { isAbsolute, resolve } from 'node:path';
import {
  InputError,
  loadDesignFile,
  loadPluginRegistry,
  parseDesignText,
  readStreamText,
  STDIN_NAME,
  type LoadedDesign,
  type PluginRegistry,
} from '@chiplet-dse/core';

/**
 * The module specifier of the built-in plugins. Core knows no concrete plugin: the CLI loads these
 * by specifier, like a `--plugin` flag or a design's `plugins:` list, and hands the same list to
 * every sweep worker.
 */
export const BUILTIN_PLUGINS = '@chiplet-dse/plugins';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  cwd: string;
  /** The whole of stdin as text (default: process.stdin, under the input size limit). */
  readStdin?: () => Promise<string>;
  /** The widest a line of a table may be (terminalColumns); undefined: no limit. */
  columns?: number | undefined;
}

/**
 * The width tables are fitted to: `COLUMNS` from the environment when it is a whole number
 * (0 means no limit), else the terminal's width when stdout is a terminal, else no limit: piped
 * or redirected output stays whole for grep and awk.
 */
export function terminalColumns(
  env: Record<string, string | undefined>,
  stdout: { isTTY?: boolean; columns?: number },
): number | undefined {
  const set = env['COLUMNS']?.trim();
  if (set !== undefined && /^\d+$/.test(set)) {
    const n = Number(set);
    return n === 0 ? undefined : Math.max(n, 20);
  }
  if (stdout.isTTY === true && stdout.columns !== undefined && stdout.columns > 0) return stdout.columns;
  return undefined;
}

/**
 * The design argument that means "read the design from stdin": `-` on the command line. yargs
 * turns a lone `-` positional into '' (or true), so buildParser swaps it for this token first;
 * a NUL can be in no file name, so no real path is taken for it.
 */
export const STDIN_ARG = '\u0000-';

/** The design argument as messages and JSON name it: the path as given, or `<stdin>`. */
export function designName(design: string): string {
  return design === STDIN_ARG ? STDIN_NAME : design;
}

export function readStdin(io: CliIo): Promise<string> {
  return io.readStdin?.() ?? readStreamText(process.stdin);
}

/**
 * Loads the design a command names: a file (relative to the working directory), or with `-` the
 * text on stdin (YAML or JSON), named `<stdin>` in messages. A stdin design has no folder of its
 * own, so its relative `plugins:` paths resolve against the working directory.
 */
export async function loadDesignArg(design: string, io: CliIo): Promise<LoadedDesign> {
  if (design !== STDIN_ARG) return loadDesignFile(resolve(io.cwd, design));
  const loaded = parseDesignText(await readStdin(io), STDIN_NAME);
  const dotted = (s: string) => s.startsWith('./') || s.startsWith('../');
  return {
    ...loaded,
    pluginSpecifiers: (loaded.data.plugins ?? []).map((s) => (dotted(s) ? resolve(io.cwd, s) : s)),
  };
}

export interface GlobalArgs {
  tech?: string | undefined;
  plugin?: string[] | undefined;
  /** Load the plugin modules a design file's `plugins:` list names (off: design files are data). */
  allowFilePlugins?: boolean | undefined;
}

/**
 * Built-in plugins first, then --plugin flags, then the design file's own `plugins:` list. Paths
 * are made absolute (against the working directory) so one plugin named two ways loads once.
 *
 * A design file is data: a plugin it names is code, so it loads only with --allow-file-plugins
 * (or when --plugin names it too); otherwise this is an input error naming each such entry,
 * before any plugin is imported.
 */
export function pluginSpecifiers(args: GlobalArgs, design?: LoadedDesign, cwd = process.cwd()): string[] {
  const flags = (args.plugin ?? []).map((s) => (s.startsWith('.') || isAbsolute(s) ? resolve(cwd, s) : s));
  const fromFile = design?.pluginSpecifiers ?? [];
  if (design !== undefined && args.allowFilePlugins !== true) {
    const written = design.data.plugins ?? [];
    const refused = fromFile.flatMap((spec, i) => (flags.includes(spec) ? [] : [{ spec, i }]));
    if (refused.length > 0)
      throw new InputError(
        refused.map(({ spec, i }) => {
          const text = written[i] ?? spec;
          return {
            file: design.file,
            path: `plugins[${i}]`,
            expected:
              'no plugin module (design files are data and a plugin is code: pass --allow-file-plugins to load ' +
              'the plugins this file names, or give this one with --plugin)',
            found: `${JSON.stringify(text)}${text === spec ? '' : ` (${spec})`}`,
          };
        }),
      );
  }
  const specs = [BUILTIN_PLUGINS, ...flags, ...fromFile];
  return [...new Set(specs)];
}

export async function registryFor(
  args: GlobalArgs,
  io: CliIo,
  design?: LoadedDesign,
): Promise<PluginRegistry> {
  return loadPluginRegistry(pluginSpecifiers(args, design), io.cwd);
}

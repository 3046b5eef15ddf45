/**
 * The chiplet-dse command line. Commands hold no model: they load files, call core and the
 * plugins, and print. Exit codes: 0 success, 1 failure, 2 bad input or usage.
 */
import {
  guardProcessExit,
  packageVersionOf,
  InputError,
  ModelError,
  OutputError,
  PluginError,
  PluginExitError,
} from '@chiplet-dse/core';
import yargs, { type Argv } from 'yargs';
import { TEMPLATE_NAMES } from './commands/init.js';
import { SECTIONS } from './commands/tech.js';
import { registryFor, STDIN_ARG, type CliIo } from './context.js';
import {
  COUNT,
  POSITIVE,
  SECONDS,
  SEED,
  UsageError,
  numberFlag,
  numberListFlag,
  shardFlag,
} from './flags.js';

/** For the bin, which loads this bundle and nothing else of the CLI. */
export { terminalColumns } from './context.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

const pkg = { version: packageVersionOf(import.meta.url, '@chiplet-dse/cli') };

/** Maps an error to its exit code and prints it; user errors get no stack trace. */
export function reportError(err: unknown, io: CliIo): number {
  if (err instanceof UsageError) {
    io.err(`error: ${err.message}\nRun with --help for usage.`);
    return EXIT_USAGE;
  }
  if (err instanceof InputError || err instanceof PluginError) {
    io.err(`error: ${err.message}`);
    return EXIT_USAGE;
  }
  if (err instanceof OutputError) {
    io.err(`error: ${err.message}`);
    return EXIT_FAILURE;
  }
  if (err instanceof PluginExitError) {
    // Caught where no plugin could be named (evaluate and validate name it): still a plugin fault.
    io.err(`error: a plugin ${err.message}`);
    return EXIT_FAILURE;
  }
  if (err instanceof ModelError) {
    io.err(`error: ${err.message}\nThis is a bug in the model; please report it with the design file.`);
    return EXIT_FAILURE;
  }
  const e = err as Error;
  io.err(`error: ${e?.message ?? String(err)}`);
  if (process.env['CHIPLET_DSE_DEBUG'] !== undefined && e?.stack !== undefined) io.err(e.stack);
  return EXIT_FAILURE;
}

/**
 * A command's handler, imported when the command runs: start-up loads only the parser and the
 * command that was asked for (a sweep's pool and the report's page are not loaded by evaluate).
 */
function lazy<A>(
  load: () => Promise<(args: A, io: CliIo) => Promise<number> | number>,
): (args: A, io: CliIo) => Promise<number> {
  return async (args, io) => (await load())(args, io);
}

const SCHEMA_KINDS = ['design', 'technology'] as const;

/** yargs' completion protocol: the words of the command line being completed follow this flag. */
export const COMPLETION_FLAG = '--get-yargs-completions';

/**
 * Values of the flags that take one of a set yargs does not know (they are not `choices`, so that
 * a wrong value gets this tool's own message): `--section`, and `--preset` (the presets of the
 * built-in plugins and of the --plugin packages on the line); and `schema`'s kind. undefined:
 * none of these, yargs completes.
 */
async function flagValues(flag: string | undefined, plugins: string[] | undefined, io: CliIo) {
  if (flag === '--section') return [...SECTIONS];
  // yargs completes a positional's choices only when the line validates, and it never does here.
  if (flag === 'schema') return [...SCHEMA_KINDS];
  if (flag === '--preset') {
    try {
      return (await registryFor({ plugin: plugins }, io)).presetNames();
    } catch {
      return [];
    }
  }
  return undefined;
}

export function buildParser(argv: string[], io: CliIo, setExit: (code: number) => void): Argv {
  // While completing (the shell's Tab), no command runs and nothing is validated: the line is
  // unfinished, and the answer may come after yargs' parse has returned (--preset loads plugins).
  const completing = argv.includes(COMPLETION_FLAG);
  const words = argv.slice(argv.indexOf(COMPLETION_FLAG) + 1);
  const run =
    <A>(fn: (args: A, io: CliIo) => Promise<number> | number) =>
    async (args: A) => {
      if (completing) return;
      // Plugin code runs inside commands: process.exit there throws instead of ending the
      // command silently (core's exit guard); the command reports it naming the plugin.
      const restore = guardProcessExit();
      try {
        setExit(await fn(args, io));
      } finally {
        restore();
      }
    };
  // A lone `-` (read the design from stdin) as a token yargs keeps (context.ts, STDIN_ARG).
  // --help is wrapped at the tables' width (COLUMNS, else the terminal's), at most 110.
  return yargs(argv.map((a) => (a === '-' ? STDIN_ARG : a)))
    .scriptName('chiplet-dse')
    .usage(
      '$0 <command> [options]\n\nChiplet design-space exploration: yield, cost, bandwidth and temperature of packaging choices.',
    )
    .option('tech', {
      type: 'string',
      describe: 'Technology file layered over the preset (YAML or JSON)',
      global: true,
    })
    .option('plugin', {
      type: 'string',
      array: true,
      describe: 'Extra plugin module specifier (npm package or path); repeatable',
      global: true,
    })
    .option('allow-file-plugins', {
      type: 'boolean',
      describe:
        "Load the plugin modules a design file's plugins: list names (design files are data: off by default)",
      global: true,
    })
    .command(
      'evaluate <design>',
      'Evaluate a design file (every variant) and print its metrics',
      (y) =>
        y
          .positional('design', {
            type: 'string',
            demandOption: true,
            describe: 'Design file (YAML or JSON); - reads it from stdin',
          })
          .option('json', { type: 'boolean', describe: 'Print the metrics records as JSON' })
          .option('variant', { type: 'string', array: true, describe: 'Evaluate only these variants' })
          .option('point-timeout', {
            requiresArg: true,
            coerce: numberFlag('--point-timeout', COUNT),
            describe:
              "Time limit in ms of each design's compile and evaluation: a plugin past it is stopped (exit 1)",
          }),
      run(lazy(() => import('./commands/evaluate.js').then((m) => m.runEvaluate))),
    )
    .command(
      'validate <design>',
      'Check a design file against the schema, the technology library and the plugins',
      (y) =>
        y
          .positional('design', {
            type: 'string',
            demandOption: true,
            describe: 'Design file (YAML or JSON); - reads it from stdin',
          })
          .option('json', {
            type: 'boolean',
            describe: 'Print the result as JSON: { file, valid, designs, issues }',
          }),
      run(lazy(() => import('./commands/validate.js').then((m) => m.runValidate))),
    )
    .command(
      'sweep <design>',
      'Explore the design space of a design file on all cores and write its Pareto front',
      (y) =>
        y
          .positional('design', {
            type: 'string',
            demandOption: true,
            describe: 'Design file with space:, objectives: (and constraints:)',
          })
          .option('out', {
            type: 'string',
            requiresArg: true,
            describe: 'Output folder (default dse-out/<design name>), locked while the sweep runs',
          })
          .option('workers', {
            requiresArg: true,
            coerce: numberFlag('--workers', COUNT),
            describe:
              'Worker threads, an integer >= 1 (default: available parallelism; at most that, and no more than tasks)',
          })
          .option('force-workers', {
            type: 'boolean',
            describe: 'Start --workers threads even if more than the available parallelism',
          })
          .option('task-size', {
            requiresArg: true,
            coerce: numberFlag('--task-size', COUNT),
            describe: 'Points per task, an integer >= 1 (default: sized to ~50 ms of work)',
          })
          .option('strategy', {
            choices: ['grid', 'random', 'sobol', 'halton'] as const,
            describe: "Override the space's strategy",
          })
          .option('samples', {
            requiresArg: true,
            coerce: numberFlag('--samples', COUNT),
            describe: 'Points to sample (random, sobol, halton), an integer >= 1',
          })
          .option('seed', {
            requiresArg: true,
            coerce: numberFlag('--seed', SEED),
            describe: 'Seed of the sampling, an integer >= 0',
          })
          .option('max-points', {
            requiresArg: true,
            coerce: numberFlag('--max-points', COUNT),
            describe: 'Refuse grids larger than this (default 100,000,000)',
          })
          .option('shard', {
            type: 'string',
            requiresArg: true,
            coerce: shardFlag,
            describe:
              "Evaluate slice i/n (0-based); default: the index from the scheduler's array task, with --shard-count, or the checkpoint's shard",
          })
          .option('shard-count', {
            requiresArg: true,
            coerce: numberFlag('--shard-count', COUNT),
            describe:
              "Shard count with the scheduler's array task index (the array's own size is never used)",
          })
          .option('checkpoint', {
            type: 'string',
            requiresArg: true,
            describe: 'Checkpoint file: written as the sweep goes, resumed from if present',
          })
          .option('checkpoint-interval', {
            requiresArg: true,
            coerce: numberFlag('--checkpoint-interval', SECONDS),
            describe: 'Seconds between checkpoint writes, a number > 0 (default 2)',
          })
          .option('fail-fast', { type: 'boolean', describe: 'Stop at the first point a plugin fails on' })
          .option('point-timeout', {
            requiresArg: true,
            coerce: numberFlag('--point-timeout', COUNT),
            describe:
              'Time limit per point in ms: a worker past it is stopped, the point fails and the sweep goes on (default: none)',
          })
          .option('all-points', {
            type: 'string',
            requiresArg: true,
            describe: 'Stream every evaluated point to this .csv or .ndjson file',
          })
          .option('epsilon', {
            type: 'string',
            requiresArg: true,
            coerce: numberListFlag('--epsilon', POSITIVE),
            describe: 'Epsilon-box sizes per objective, comma-separated, each > 0 (bounds the front)',
          })
          .option('hv-reference', {
            type: 'string',
            requiresArg: true,
            coerce: numberListFlag('--hv-reference'),
            describe: 'Hypervolume reference point, comma-separated (default: nadir + 10 %)',
          })
          .option('quiet', { type: 'boolean', describe: 'No progress on stderr' })
          .option('json', {
            type: 'boolean',
            describe:
              "Print the run's summary as one JSON object instead of the text (progress stays on stderr)",
          })
          .option('report', {
            type: 'string',
            requiresArg: true,
            describe: 'Also write the HTML report to this file (with the --all-points file if given)',
          }),
      run(lazy(() => import('./commands/sweep.js').then((m) => m.runSweepCommand))),
    )
    .command(
      'merge <fronts..>',
      'Merge the fronts of shards (front.json files or their folders) into the global front',
      (y) =>
        y
          .positional('fronts', {
            type: 'string',
            array: true,
            demandOption: true,
            describe: 'front.json files or output folders',
          })
          .option('out', { type: 'string', describe: 'Output folder (default dse-out/<design>-merged)' })
          .option('allow-partial', {
            type: 'boolean',
            describe: 'Merge even when shards are missing or incomplete (the output is marked partial)',
          })
          .option('json', { type: 'boolean', describe: 'Print the merged result as one JSON object' }),
      run(lazy(() => import('./commands/sweep.js').then((m) => m.runMerge))),
    )
    .command(
      'report <sweep-dir>',
      'Write a self-contained HTML report (charts and tables) of a sweep output folder',
      (y) =>
        y
          .positional('sweep-dir', {
            type: 'string',
            demandOption: true,
            describe: 'Folder written by sweep --out (front.json, summary.json)',
          })
          .option('output', {
            alias: 'o',
            type: 'string',
            demandOption: true,
            describe: 'HTML file to write',
          })
          .option('points', {
            type: 'string',
            describe: "The sweep's --all-points file (.csv or .ndjson): all feasible points in the scatters",
          })
          .option('max-points', {
            requiresArg: true,
            coerce: numberFlag('--max-points', COUNT),
            describe: 'Feasible points drawn at most (default 20,000; sampled by point index)',
          })
          .option('json', { type: 'boolean', describe: 'Print what was written as one JSON object' }),
      run(lazy(() => import('./commands/report.js').then((m) => m.runReport))),
    )
    .command(
      'plugins',
      'List the packaging plugins (ids, versions, approaches)',
      (y) => y.option('json', { type: 'boolean', describe: 'Print as JSON, with options and models' }),
      run(lazy(() => import('./commands/plugins.js').then((m) => m.runPlugins))),
    )
    .command(
      'tech',
      'Print the technology library with the source of every value',
      (y) =>
        y
          .option('preset', {
            type: 'string',
            describe: 'Preset to print (default, actuary-dac22, or one a --plugin package registers)',
          })
          .option('list', {
            type: 'boolean',
            describe: 'List the presets (built-in and from plugin packages) with their origin',
          })
          .option('section', {
            type: 'string',
            describe: 'Only this section (nodes, carriers, bonding, phys, hbm, ...)',
          })
          .option('json', { type: 'boolean', describe: 'Print as JSON with provenance' }),
      run(lazy(() => import('./commands/tech.js').then((m) => m.runTech))),
    )
    .command(
      'schema [kind]',
      'Print the JSON Schema of design files or technology files',
      (y) =>
        y
          .positional('kind', { choices: ['design', 'technology'] as const, default: 'design' as const })
          .option('json', { type: 'boolean', describe: 'Accepted and ignored: the schema is JSON already' }),
      run(lazy(() => import('./commands/schema.js').then((m) => m.runSchema))),
    )
    .command(
      'init [file]',
      'Write a commented starter design file (with a design space) from a template',
      (y) =>
        y
          .positional('file', {
            type: 'string',
            default: 'design.yaml',
            describe: 'Design file to write (a folder: design.yaml in it)',
          })
          .option('template', {
            choices: TEMPLATE_NAMES,
            default: 'accelerator' as const,
            describe:
              'accelerator (HBM, 2.5D interposer, UCIe-A) or cpu (core chiplets + I/O die, mcm, UCIe-S)',
          })
          .option('force', { type: 'boolean', describe: 'Overwrite the file if it exists' })
          .option('json', { type: 'boolean', describe: 'Print what was written as one JSON object' }),
      run(lazy(() => import('./commands/init.js').then((m) => m.runInit))),
    )
    .completion(
      'completion',
      'Print the bash/zsh completion script (install: chiplet-dse completion >> ~/.bashrc)',
      (
        current: string,
        parsed: { plugin?: string[] },
        defaultCompletion: (onCompleted?: (err: Error | null, list: string[] | undefined) => void) => void,
        done: (c: string[]) => void,
      ) => {
        // The word before the one being completed: a flag whose values yargs does not know?
        const previous = current.startsWith('-') ? undefined : words.at(-2);
        void flagValues(previous, parsed.plugin, io).then((values) => {
          // yargs offers the alias -h as `--h`: not an option of this tool.
          if (values === undefined)
            defaultCompletion((_, list) => done((list ?? []).filter((c) => c !== '--h')));
          else done(values.filter((v) => v.startsWith(current)));
        });
      },
    )
    .demandCommand(completing ? 0 : 1, 'Name a command.')
    .recommendCommands()
    .strict(!completing)
    .version(pkg.version)
    .help()
    .alias('h', 'help')
    .wrap(Math.min(110, io.columns ?? 100))
    .fail((msg, err) => {
      if (completing) return; // an unfinished line is no error (see `completing`)
      // yargs' own errors, and a flag's coerce (flags.ts) failing, arrive as a YError: usage, exit 2.
      if (err !== undefined && err !== null && err.name !== 'YError') throw err;
      throw new UsageError(msg ?? err?.message ?? 'bad usage');
    });
}

/** Runs the CLI; resolves to the exit code (the bin sets process.exitCode from it). */
/**
 * yargs formats a command's whole help text before running its handler, in case the handler
 * shows help later (the command's context is gone by then). No handler here shows help, errors
 * are printed by reportError, and the formatting took about 40 ms of every command's start-up
 * (string widths, wrapping): the cache is turned off. Angular's CLI does the same
 * (angular/angular-cli#34087). `--help` itself is printed by the parser, not from this cache.
 * yargs' internal methods are not typed; if a later yargs drops them, nothing is changed.
 */
function skipHelpCache(parser: Argv): void {
  const internal = (parser as unknown as { getInternalMethods?: () => unknown }).getInternalMethods?.();
  const usage = (internal as { getUsageInstance?: () => unknown } | undefined)?.getUsageInstance?.();
  if (usage !== null && typeof usage === 'object' && 'cacheHelpMessage' in usage)
    (usage as { cacheHelpMessage: () => void }).cacheHelpMessage = () => {};
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  let code = EXIT_OK;
  try {
    const parser = buildParser(argv, io, (c) => {
      code = c;
    });
    skipHelpCache(parser);
    await parser.parseAsync();
  } catch (err) {
    return reportError(err, io);
  }
  return code;
}

/**
 * Runs the CLI's `main` inside the test worker: the same command line, working directory, stdin
 * text and environment as runCli, the same CliResult, without starting Node and loading the CLI
 * (about 0.4 s of CPU a run). For tests of input checking and messages only: anything about the
 * process itself (signals, exit codes set by the bin, pipes, ulimit, worker threads, locks held by
 * another process, --help/--version/completion, real sweeps) stays on runCli.
 *
 * Faithful to the bin (bin/chiplet-dse.ts): each io.out/io.err call is one line ending in '\n';
 * columns come from COLUMNS as for a non-TTY stdout (no limit unless the test passes COLUMNS);
 * stdin is read by core's readStreamText (with its size limit). What the CLI writes outside io
 * (sweep progress on process.stderr, console.*) is captured into stdout/stderr in order, not lost.
 *
 * Isolation between runs: process.exit, process.exitCode, the env keys the test set and
 * signal/exit listeners are put back after every run, failing or not (main's exit guard restores
 * itself). The
 * process-wide tables of contributed yield and thermal models are replaced by every registry a
 * command builds, so no run sees the plugins of an earlier one.
 */
import { Readable } from 'node:stream';
import { format } from 'node:util';
import { main } from '@chiplet-dse/cli';
import { readStreamText } from '@chiplet-dse/core';
import { terminalColumns } from '../../packages/cli/src/context.js';
import { REPO_ROOT, type CliResult } from './runCli.js';

/** Arguments whose behaviour is the process's (yargs prints and calls process.exit): use runCli. */
const PROCESS_ONLY = new Set(['--help', '-h', '--version', 'completion', '--get-yargs-completions']);
const LISTENED: ('SIGINT' | 'SIGTERM' | 'exit')[] = ['SIGINT', 'SIGTERM', 'exit'];
const CONSOLE = ['log', 'info', 'debug', 'warn', 'error'] as const;

export async function runCliInProcess(
  args: string[],
  cwd: string = REPO_ROOT,
  input?: string,
  env: Record<string, string> = {},
): Promise<CliResult> {
  const refused = args.find((a) => PROCESS_ONLY.has(a));
  if (refused !== undefined) throw new Error(`runCliInProcess: ${refused} is process behaviour; use runCli`);
  let stdout = '';
  let stderr = '';
  // The environment the child would get (NO_COLOR=1 and the test's keys); COLUMNS only sets the width.
  const { COLUMNS, ...vars }: Record<string, string> = { NO_COLOR: '1', ...env };
  const savedEnv = Object.keys(vars).map((k) => [k, process.env[k]] as const);
  const savedExit = process.exit;
  const savedExitCode = process.exitCode;
  const savedListeners = LISTENED.map((e) => [e, process.listeners(e as 'exit') as unknown[]] as const);
  const savedWrites = { out: process.stdout.write, err: process.stderr.write };
  const savedConsole = CONSOLE.map((m) => [m, console[m]] as const);
  let exitCalled: unknown;
  const capture = (to: 'out' | 'err') =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      if (to === 'out') stdout += text;
      else stderr += text;
      const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      done?.();
      return true;
    }) as typeof process.stdout.write;
  try {
    Object.assign(process.env, vars);
    process.exit = ((code?: number) => {
      exitCalled = code ?? 0;
      throw new Error(`runCliInProcess: process.exit(${String(code)}) called outside a command`);
    }) as typeof process.exit;
    process.stdout.write = capture('out');
    process.stderr.write = capture('err');
    for (const [m] of savedConsole)
      console[m] = (...a: unknown[]) => {
        if (m === 'log' || m === 'info' || m === 'debug') stdout += `${format(...a)}\n`;
        else stderr += `${format(...a)}\n`;
      };
    const code = await main(args, {
      out: (text) => (stdout += `${text}\n`),
      err: (text) => (stderr += `${text}\n`),
      cwd,
      readStdin: () => readStreamText(Readable.from(input === undefined ? [] : [Buffer.from(input, 'utf8')])),
      columns: terminalColumns({ COLUMNS }, { isTTY: false }),
    });
    if (exitCalled !== undefined) throw new Error(`runCliInProcess: process.exit(${String(exitCalled)})`);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = savedWrites.out;
    process.stderr.write = savedWrites.err;
    for (const [m, f] of savedConsole) console[m] = f;
    process.exit = savedExit;
    process.exitCode = savedExitCode;
    for (const [e, listeners] of savedListeners)
      for (const l of process.listeners(e as 'exit'))
        if (!listeners.includes(l)) process.removeListener(e as 'exit', l);
    for (const [k, v] of savedEnv) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

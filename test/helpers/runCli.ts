/** Runs the built chiplet-dse bin in a child process, as a user would. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = fileURLToPath(new URL('../../packages/cli/dist/bin/chiplet-dse.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `input`, when given, is the child's stdin (for `-` as the design file); `env` is added to the
 * environment, where `COLUMNS` is unset unless given (tables then have no width limit).
 */
export function runCli(
  args: string[],
  cwd: string = REPO_ROOT,
  input?: string,
  env: Record<string, string> = {},
): CliResult {
  const { COLUMNS: _columns, ...inherited } = process.env;
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    ...(input === undefined ? {} : { input, maxBuffer: 64 * 1024 * 1024 }),
    env: { ...inherited, NO_COLOR: '1', ...env },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** True when the text holds a JavaScript stack trace. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+\(.+:\d+:\d+\)$/m.test(text) || /^\s+at .+:\d+:\d+$/m.test(text);
}

/**
 * A plugin fails a point by throwing, never by ending the process: `process.exit` in plugin code
 * would end a command, or a sweep's worker thread, without a word. While the guard is on,
 * `process.exit` throws a PluginExitError instead, which the caller reports naming the plugin.
 */

/** What a guarded `process.exit(code)` throws. */
export class PluginExitError extends Error {
  readonly code: string | number | null | undefined;
  constructor(code: string | number | null | undefined) {
    super(
      `called process.exit(${code === undefined ? '' : String(code)}); a plugin must throw an error to fail a point, not end the process`,
    );
    this.name = 'PluginExitError';
    this.code = code;
  }
}

/**
 * The last `process.exit` call the guard stopped, until taken: read once per sweep point (a
 * property read, no call), so an exit a plugin caught and swallowed is still reported.
 */
export const exitCalls: { last: PluginExitError | undefined } = { last: undefined };

let depth = 0;
let original: typeof process.exit | undefined;

/**
 * Turns `process.exit` into a throw until the returned function is called (nested guards
 * restore the original once the outermost ends). Each thread has its own `process`, so a
 * worker guards itself.
 */
export function guardProcessExit(): () => void {
  if (depth++ === 0) {
    original = process.exit;
    process.exit = ((code?: string | number | null) => {
      const err = new PluginExitError(code);
      exitCalls.last = err;
      throw err;
    }) as typeof process.exit;
  }
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    if (--depth === 0 && original !== undefined) process.exit = original;
  };
}

/** The `process.exit` call stopped since the last take, if any (and forgets it). */
export function takeExitCall(): PluginExitError | undefined {
  const e = exitCalls.last;
  exitCalls.last = undefined;
  return e;
}

#!/usr/bin/env node
import { createRequire } from 'node:module';
import type * as CliModule from '../cli.js';

// `--version` alone is answered before anything else loads: the CLI and core take a few tenths of a
// second to load and set up, the version a few milliseconds (docs/performance.md, "Start-up").
const args = process.argv.slice(2);
if (args.length === 1 && args[0] === '--version') {
  process.stdout.write(
    `${(createRequire(import.meta.url)('../../package.json') as { version: string }).version}\n`,
  );
  process.exit(0);
}
// The bundled CLI (scripts/bundle.mjs): a few modules instead of hundreds.
const cli = (await import(new URL('../bundle/cli.js', import.meta.url).href)) as typeof CliModule;
const { main, terminalColumns } = cli;

/**
 * A reader that stops early (`chiplet-dse tech | head`) closes the pipe: the next write fails with
 * EPIPE. That is not an error of the command: later writes to that stream are dropped, the command
 * finishes (a sweep still writes its files) and exits with its own code, without a stack trace.
 */
let failed = false;

function guard(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (closed || err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') {
      closed = true;
      return;
    }
    closed = true;
    if (stream !== process.stderr) process.stderr.write(`error: cannot write the output: ${err.message}\n`);
    failed = true;
  });
  return (text) => {
    if (!closed && !stream.destroyed) stream.write(`${text}\n`);
  };
}

const out = guard(process.stdout);
const err = guard(process.stderr);
const code = await main(process.argv.slice(2), {
  out,
  err,
  cwd: process.cwd(),
  columns: terminalColumns(process.env, process.stdout),
});
process.exitCode = code === 0 && failed ? 1 : code;

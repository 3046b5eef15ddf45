#!/usr/bin/env node
import { hideBin } from 'yargs/helpers';
import { main } from '../cli.js';

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
const code = await main(hideBin(process.argv), { out, err, cwd: process.cwd() });
process.exitCode = code === 0 && failed ? 1 : code;

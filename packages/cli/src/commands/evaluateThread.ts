/**
 * The worker thread of `evaluate --point-timeout` (evaluateLimit.ts): runs the command, sends its
 * output and the design it is on to the main thread, and its exit code last.
 */
import { guardProcessExit } from '@chiplet-dse/core';
import { parentPort, workerData } from 'node:worker_threads';
import { reportError } from '../cli.js';
import type { CliIo } from '../context.js';
import { runEvaluate } from './evaluate.js';
import type { EvaluateMessage, EvaluateWorkerData } from './evaluateLimit.js';

// process.exit in a plugin throws here, and is reported naming the plugin (evaluate.ts).
guardProcessExit();

const post = (m: EvaluateMessage) => parentPort!.postMessage(m);
const data = workerData as EvaluateWorkerData;
const io: CliIo = {
  out: (text) => post({ kind: 'out', text }),
  err: (text) => post({ kind: 'err', text }),
  cwd: data.cwd,
  ...(data.stdinText === undefined ? {} : { readStdin: () => Promise.resolve(data.stdinText!) }),
};
let code: number;
try {
  code = await runEvaluate(data.args, io, (step) => post({ kind: 'step', step }));
} catch (err) {
  code = reportError(err, io);
}
post({ kind: 'done', code });

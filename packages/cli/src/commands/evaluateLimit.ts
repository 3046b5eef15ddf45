/**
 * `evaluate --point-timeout <ms>`: plugin code runs synchronously, so a plugin that never returns
 * can only be stopped from another thread. The command runs on a worker thread
 * (evaluateThread.ts) that reports each design it compiles or evaluates; the main thread relays
 * its output and ends it when one of those steps takes longer than the limit.
 */
import { workerFileBeside } from '@chiplet-dse/core';
import { Worker } from 'node:worker_threads';
import { readStdin, STDIN_ARG, type CliIo } from '../context.js';
import type { EvaluateArgs } from './evaluate.js';

/** The design a worker is on; loading plugins and printing are not limited. */
export interface EvaluateStep {
  pluginId: string;
  design: string;
  phase: 'compile' | 'evaluate';
}

export type EvaluateMessage =
  | { kind: 'out' | 'err'; text: string }
  | { kind: 'step'; step: EvaluateStep | undefined }
  | { kind: 'done'; code: number };

export interface EvaluateWorkerData {
  args: EvaluateArgs;
  cwd: string;
  /** The design text when the design is `-`: the thread has no stdin of its own. */
  stdinText?: string | undefined;
}

/** The worker module: evaluateThread.js beside this file's compiled or bundled form. */
function threadFile(): string {
  return workerFileBeside(import.meta.url, '@chiplet-dse/cli', 'evaluateThread');
}

export async function evaluateInWorker(args: EvaluateArgs, io: CliIo, limitMs: number): Promise<number> {
  // Plain values only (yargs adds `_` and `$0`); the thread must not start a thread of its own.
  const data: EvaluateWorkerData = {
    args: {
      design: args.design,
      json: args.json,
      variant: args.variant,
      tech: args.tech,
      plugin: args.plugin,
      allowFilePlugins: args.allowFilePlugins,
    },
    cwd: io.cwd,
    stdinText: args.design === STDIN_ARG ? await readStdin(io) : undefined,
  };
  const worker = new Worker(threadFile(), { workerData: data });
  return new Promise<number>((done) => {
    let code: number | undefined;
    let step: EvaluateStep | undefined;
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    let crash: unknown;
    worker.on('message', (m: EvaluateMessage) => {
      if (m.kind === 'out') io.out(m.text);
      else if (m.kind === 'err') io.err(m.text);
      else if (m.kind === 'done') code = m.code;
      else if (m.kind === 'step') {
        clearTimeout(timer);
        step = m.step;
        if (step !== undefined)
          timer = setTimeout(() => {
            timedOut = true;
            void worker.terminate();
          }, limitMs);
      }
    });
    worker.on('error', (err) => (crash = err));
    worker.on('exit', (exitCode) => {
      clearTimeout(timer);
      const on =
        step === undefined
          ? ''
          : ` ${step.phase === 'compile' ? 'compiling' : 'evaluating'} design "${step.design}"`;
      if (timedOut) {
        io.err(
          `error: plugin ${step!.pluginId} did not finish${on} within ${limitMs} ms (--point-timeout); it was stopped`,
        );
        done(1);
      } else if (code !== undefined) done(code);
      else {
        const why =
          crash === undefined ? `exit code ${exitCode}` : ((crash as Error)?.message ?? String(crash));
        io.err(
          `error: the evaluation ended early (${why})${step === undefined ? '' : ` while plugin ${step.pluginId} was${on}`}`,
        );
        done(1);
      }
    });
  });
}

import {
  evaluatePrepared,
  prepareCase,
  InputError,
  ModelError,
  OutputError,
  PluginError,
  type Metrics,
  type PreparedCase,
} from '@chiplet-dse/core';
import { resolve } from 'node:path';
import { designName, loadDesignArg, registryFor, type CliIo, type GlobalArgs } from '../context.js';
import { metricsTable, type EvaluatedCase } from '../format/metricsTable.js';
import { evaluateInWorker, type EvaluateStep } from './evaluateLimit.js';

export interface EvaluateArgs extends GlobalArgs {
  design: string;
  json?: boolean | undefined;
  variant?: string[] | undefined;
  /** Time limit in ms of each design's compile and evaluation (--point-timeout). */
  pointTimeout?: number | undefined;
}

/**
 * An error out of plugin code (compile, Plan.evaluate, a guarded process.exit) is the plugin's
 * fault: a model error naming it (exit 1), not an anonymous TypeError.
 */
export function asPluginFault(err: unknown, pluginId: string): unknown {
  if (
    err instanceof InputError ||
    err instanceof PluginError ||
    err instanceof ModelError ||
    err instanceof OutputError
  )
    return err;
  return new ModelError(pluginId, (err as Error)?.message ?? String(err));
}

/**
 * `evaluate`. With --point-timeout the work runs on a worker thread that the main thread stops
 * when one design takes longer (evaluateLimit.ts); `step` is how that thread reports which
 * design and plugin it is on.
 */
export async function runEvaluate(
  args: EvaluateArgs,
  io: CliIo,
  step?: (s: EvaluateStep | undefined) => void,
): Promise<number> {
  if (args.pointTimeout !== undefined && step === undefined)
    return evaluateInWorker(args, io, args.pointTimeout);
  const loaded = await loadDesignArg(args.design, io);
  const registry = await registryFor(args, io, loaded);
  let cases = loaded.cases;
  if (args.variant !== undefined && args.variant.length > 0) {
    const names = cases.map((c) => c.name);
    for (const v of args.variant) {
      if (!names.includes(v))
        throw InputError.at(
          '',
          '--variant',
          `one of ${names.map((n) => `"${n}"`).join(', ')}`,
          JSON.stringify(v),
        );
    }
    cases = cases.filter((c) => args.variant!.includes(c.name));
  }
  const techFile = args.tech === undefined ? undefined : resolve(io.cwd, args.tech);
  // Prepare every case first, so bad input anywhere fails before any number is printed.
  const prepared: PreparedCase[] = [];
  for (const c of cases) {
    const pluginId = c.body.package.approach;
    step?.({ pluginId, design: c.name, phase: 'compile' });
    try {
      prepared.push(prepareCase(loaded, c, registry, { techFile }));
    } catch (err) {
      throw asPluginFault(err, pluginId);
    }
  }
  const evaluated: EvaluatedCase[] = [];
  for (const p of prepared) {
    step?.({ pluginId: p.plugin.id, design: p.name, phase: 'evaluate' });
    let metrics: Metrics;
    try {
      metrics = evaluatePrepared(p);
    } catch (err) {
      throw asPluginFault(err, p.plugin.id);
    }
    evaluated.push({ prepared: p, metrics });
  }
  step?.(undefined);
  if (args.json === true) {
    io.out(
      JSON.stringify(
        {
          file: designName(args.design),
          designs: evaluated.map((e) => ({
            name: e.prepared.name,
            technology: e.prepared.tech.name,
            metrics: e.metrics,
          })),
        },
        null,
        2,
      ),
    );
  } else {
    io.out(
      `${loaded.data.name}: ${designName(args.design)} (technology: ${prepared[0]?.tech.name ?? '-'})\n`,
    );
    io.out(metricsTable(evaluated, io.columns));
  }
  return 0;
}

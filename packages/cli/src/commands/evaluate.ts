import { evaluatePrepared, loadDesignFile, prepareCase, InputError } from '@chiplet-dse/core';
import { resolve } from 'node:path';
import { registryFor, type CliIo, type GlobalArgs } from '../context.js';
import { metricsTable, type EvaluatedCase } from '../format/metricsTable.js';

export interface EvaluateArgs extends GlobalArgs {
  design: string;
  json?: boolean | undefined;
  variant?: string[] | undefined;
}

export async function runEvaluate(args: EvaluateArgs, io: CliIo): Promise<number> {
  const file = resolve(io.cwd, args.design);
  const loaded = loadDesignFile(file);
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
  const prepared = cases.map((c) => prepareCase(loaded, c, registry, { techFile }));
  const evaluated: EvaluatedCase[] = prepared.map((p) => ({ prepared: p, metrics: evaluatePrepared(p) }));
  if (args.json === true) {
    io.out(
      JSON.stringify(
        {
          file: args.design,
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
    io.out(`${loaded.data.name}: ${args.design} (technology: ${prepared[0]?.tech.name ?? '-'})\n`);
    io.out(metricsTable(evaluated));
  }
  return 0;
}

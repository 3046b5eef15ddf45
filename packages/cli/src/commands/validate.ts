import { InputError, loadDesignFile, prepareCase } from '@chiplet-dse/core';
import { resolve } from 'node:path';
import { registryFor, type CliIo, type GlobalArgs } from '../context.js';
import { asPluginFault } from './evaluate.js';

export interface ValidateArgs extends GlobalArgs {
  design: string;
}

export async function runValidate(args: ValidateArgs, io: CliIo): Promise<number> {
  const file = resolve(io.cwd, args.design);
  const loaded = loadDesignFile(file);
  const registry = await registryFor(args, io, loaded);
  const techFile = args.tech === undefined ? undefined : resolve(io.cwd, args.tech);
  // Every case is checked, and every problem found is listed (docs/cli.md), not only the first.
  const errors: InputError[] = [];
  for (const c of loaded.cases) {
    try {
      prepareCase(loaded, c, registry, { techFile });
    } catch (err) {
      if (!(err instanceof InputError)) throw asPluginFault(err, c.body.package.approach);
      errors.push(err);
    }
  }
  if (errors.length > 0) throw InputError.combine(errors);
  io.out(
    `${args.design}: valid (${loaded.cases.length} design${loaded.cases.length === 1 ? '' : 's'}: ${loaded.cases.map((c) => c.name).join(', ')})`,
  );
  return 0;
}

import { InputError, prepareCase, type LoadedDesign } from '@chiplet-dse/core';
import { checkDesignSpace } from '@chiplet-dse/core/explore';
import { resolve } from 'node:path';
import { designName, loadDesignArg, registryFor, type CliIo, type GlobalArgs } from '../context.js';
import { asPluginFault } from './evaluate.js';

export interface ValidateArgs extends GlobalArgs {
  design: string;
  json?: boolean | undefined;
}

/** `validate --json` (docs/cli.md): one object, `issues` empty when `valid`. */
export interface ValidateJson {
  file: string;
  valid: boolean;
  designs: string[];
  issues: { file: string; path: string; expected: string; found: string }[];
}

export async function runValidate(args: ValidateArgs, io: CliIo): Promise<number> {
  let loaded: LoadedDesign | undefined;
  try {
    loaded = await loadDesignArg(args.design, io);
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
    // The space: every parameter's path and values, as a sweep checks them before any compute.
    try {
      checkDesignSpace(loaded);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      errors.push(err);
    }
    if (errors.length > 0) throw InputError.combine(errors);
  } catch (err) {
    // With --json an invalid design is still a result on stdout; the error text and exit code
    // (reportError) stay as without it. Plugin faults and the like print no JSON.
    if (args.json === true && err instanceof InputError)
      io.out(JSON.stringify(validateJson(args, loaded, err), null, 2));
    throw err;
  }
  const names = loaded.cases.map((c) => c.name);
  if (args.json === true) io.out(JSON.stringify(validateJson(args, loaded), null, 2));
  else
    io.out(
      `${designName(args.design)}: valid (${names.length} design${names.length === 1 ? '' : 's'}: ${names.join(', ')})`,
    );
  return 0;
}

function validateJson(args: ValidateArgs, loaded: LoadedDesign | undefined, err?: InputError): ValidateJson {
  return {
    file: designName(args.design),
    valid: err === undefined,
    designs: loaded?.cases.map((c) => c.name) ?? [],
    issues: (err?.issues ?? []).map((i) => ({
      file: i.file,
      path: i.path,
      expected: i.expected,
      found: i.found,
    })),
  };
}

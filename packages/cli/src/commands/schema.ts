import { designJsonSchema, technologyJsonSchema } from '@chiplet-dse/core';
import type { CliIo } from '../context.js';

export interface SchemaArgs {
  kind: 'design' | 'technology';
  /** Accepted for uniformity with the other commands: the schema is JSON either way. */
  json?: boolean | undefined;
}

export function runSchema(args: SchemaArgs, io: CliIo): number {
  io.out(JSON.stringify(args.kind === 'design' ? designJsonSchema() : technologyJsonSchema(), null, 2));
  return 0;
}

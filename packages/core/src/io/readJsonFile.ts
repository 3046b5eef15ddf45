/**
 * Reading back a JSON file the toolkit wrote (front.json, summary.json, checkpoints) against the
 * zod schema of its format. A missing, unparsable or malformed file is an InputError naming the
 * file and the field path (exit 2), never a crash further on.
 */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { InputError } from '../errors.js';
import { issueFromZod, PARSE_OPTIONS } from './zodIssues.js';

/**
 * Checks already-parsed data against `schema`. The data itself is returned (not zod's rebuilt
 * copy) so key order and any extra fields survive a read-then-write round trip byte for byte;
 * that is only sound for schemas without transforms or defaults, which the file schemas are.
 */
export function checkJsonData<S extends z.ZodType>(schema: S, data: unknown, file: string): z.output<S> {
  const parsed = schema.safeParse(data, PARSE_OPTIONS);
  if (!parsed.success)
    throw new InputError(parsed.error.issues.flatMap((i) => issueFromZod(i, file, '', schema)));
  return data as z.output<S>;
}

/** Reads `file` as JSON and checks it against `schema`; `what` describes the expected file. */
export function readJsonFile<S extends z.ZodType>(file: string, schema: S, what: string): z.output<S> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw InputError.at(
      file,
      '',
      what,
      code === 'ENOENT' ? 'no such file' : `unreadable (${(err as Error).message})`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw InputError.at(file, '', what, `invalid JSON (${(err as Error).message})`);
  }
  return checkJsonData(schema, data, file);
}

/** Turns schema-library issues into our file/path/expected/found form. */
import type { core } from 'zod';
import { describeValue, type InputIssueAt } from '../errors.js';
import { didYouMean } from './suggest.js';

/**
 * How every input is parsed: with the input in each issue (for "found ..."), and without zod's
 * compiled fast path. Each schema here parses a handful of files per run; compiling the fast path
 * (code generated per object schema on its first parse) cost about 30 ms of each command's
 * start-up and paid back only over thousands of parses.
 */
export const PARSE_OPTIONS = { reportInput: true, jitless: true } as const;

interface SchemaDef {
  type?: string;
  shape?: Record<string, unknown>;
  element?: unknown;
  valueType?: unknown;
  innerType?: unknown;
  in?: unknown;
  getter?: () => unknown;
}

/** Field names of the object schema at `path` inside `schema` (for "did you mean"), if any. */
export function fieldNamesAt(schema: unknown, path: readonly PropertyKey[]): string[] | undefined {
  let s = schema;
  let i = 0;
  for (let guard = 0; guard < 1000; guard++) {
    const def = (s as { _zod?: { def?: SchemaDef } } | undefined)?._zod?.def;
    if (def === undefined) return undefined;
    if (def.innerType !== undefined) {
      s = def.innerType;
      continue;
    }
    if (def.type === 'lazy' && def.getter !== undefined) {
      s = def.getter();
      continue;
    }
    if (def.type === 'pipe') {
      s = def.in;
      continue;
    }
    if (i === path.length) return def.type === 'object' ? Object.keys(def.shape ?? {}) : undefined;
    const seg = path[i++];
    if (def.type === 'object') s = def.shape?.[String(seg)];
    else if (def.type === 'array') s = def.element;
    else if (def.type === 'record') s = def.valueType;
    else return undefined;
  }
  return undefined;
}

export function formatPath(segments: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const seg of segments) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out;
}

function bound(kind: string, inclusive: boolean | undefined, limit: unknown, more: boolean): string {
  const op = more ? (inclusive === false ? '>' : '>=') : inclusive === false ? '<' : '<=';
  if (kind === 'array') return `a list with ${op} ${String(limit)} entries`;
  if (kind === 'string') return `text with ${op} ${String(limit)} characters`;
  return `a number ${op} ${String(limit)}`;
}

/** A range message set on a schema's bounds (technology/ranges.ts), used as the expected value. */
function rangeMessage(issue: core.$ZodIssue): string | undefined {
  return /^(a number|an integer) in [[(]/.test(issue.message) ? issue.message : undefined;
}

/**
 * Our issues for one zod issue. `schema`, the root schema that was parsed, lets unknown fields get
 * a "did you mean" from the fields the object at that path has.
 */
export function issueFromZod(
  issue: core.$ZodIssue,
  file: string,
  prefix = '',
  schema?: unknown,
): InputIssueAt[] {
  const path = formatPath(issue.path, prefix);
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type':
      return [
        {
          file,
          path,
          expected:
            rangeMessage(issue) ?? (issue.expected === 'number' ? 'a finite number' : `${issue.expected}`),
          found: describeValue(input),
        },
      ];
    case 'too_small':
      return [
        {
          file,
          path,
          expected: rangeMessage(issue) ?? bound(issue.origin, issue.inclusive, issue.minimum, true),
          found: describeValue(input),
        },
      ];
    case 'too_big':
      return [
        {
          file,
          path,
          expected: rangeMessage(issue) ?? bound(issue.origin, issue.inclusive, issue.maximum, false),
          found: describeValue(input),
        },
      ];
    case 'unrecognized_keys': {
      const known = schema === undefined ? undefined : fieldNamesAt(schema, issue.path);
      return issue.keys.map((key) => ({
        file,
        path: formatPath([...issue.path, key], prefix),
        expected: 'a known field (see the JSON schema or the docs)',
        found: `an unknown field "${key}"${known === undefined ? '' : didYouMean(key, known)}`,
      }));
    }
    case 'invalid_value':
      return [
        {
          file,
          path,
          expected: `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
          found: describeValue(input),
        },
      ];
    case 'invalid_union': {
      // A discriminated union (file formats by their `format` field) whose field matches no form.
      const options = 'options' in issue ? issue.options : undefined;
      if (issue.discriminator !== undefined && options !== undefined && options.length > 0)
        return [
          {
            file,
            path,
            expected: `one of ${options.map((v) => JSON.stringify(v)).join(', ')}`,
            found: describeValue(
              input !== null && typeof input === 'object'
                ? (input as Record<string, unknown>)[issue.discriminator]
                : input,
            ),
          },
        ];
      // Report the branch that got furthest: the one with the fewest issues.
      const branches = issue.errors.filter((b) => b.length > 0).sort((a, b) => a.length - b.length);
      const best = branches[0];
      if (best !== undefined && best.length <= 2) {
        return best.flatMap((sub) =>
          issueFromZod(
            { ...sub, path: [...issue.path, ...sub.path] } as core.$ZodIssue,
            file,
            prefix,
            schema,
          ),
        );
      }
      return [
        {
          file,
          path,
          expected: issue.message.replace(/^Invalid input:?\s*/, '') || 'one of the allowed forms',
          found: describeValue(input),
        },
      ];
    }
    default:
      return [{ file, path, expected: issue.message, found: describeValue(input) }];
  }
}

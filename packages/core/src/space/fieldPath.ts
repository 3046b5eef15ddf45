/**
 * Field paths of design-space parameters: `package.options.flow`, `chiplets[0].count`,
 * `chiplets[tile].node` (a list entry by its id). Parsed once, checked against the design schema
 * (the field must exist there and hold a single value) and against the base design (list entries
 * must exist), and resolved to plain keys and indices for applyPoint.
 */
import { z } from 'zod';
import { describeValue } from '../errors.js';
import { designBodySchema, type DesignBody } from '../design/schema.js';
import { issueFromZod, PARSE_OPTIONS } from '../io/zodIssues.js';
import type { FieldValue } from '../design/spaceSchema.js';

export type PathSelector =
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'id'; readonly id: string };

/** A parameter target after resolution against the base design. */
export interface ResolvedField {
  /** The path as written. */
  readonly path: string;
  /** The same field with list indices only, e.g. chiplets[0].node for chiplets[tile].node. */
  readonly canonical: string;
  /** Object keys and list indices from the design body's root to the field. */
  readonly segments: readonly (string | number)[];
  /** Whether the field may be removed (a null value): optional fields and plugin options. */
  readonly optional: boolean;
}

export type ResolveResult =
  | { readonly ok: true; readonly field: ResolvedField; readonly schema: z.ZodType }
  | { readonly ok: false; readonly expected: string; readonly found: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*/;
const SELECTOR = /^\[([A-Za-z0-9][A-Za-z0-9_.-]*)\]/;

/** Splits a path into selectors; undefined when it is not a path (the schema's regex refuses it). */
export function parseFieldPath(text: string): PathSelector[] | undefined {
  const out: PathSelector[] = [];
  let rest = text;
  for (;;) {
    const name = NAME.exec(rest);
    if (name === null) return undefined;
    out.push({ kind: 'key', key: name[0] });
    rest = rest.slice(name[0].length);
    for (let sel = SELECTOR.exec(rest); sel !== null; sel = SELECTOR.exec(rest)) {
      const inner = sel[1]!;
      out.push(/^\d+$/.test(inner) ? { kind: 'index', index: Number(inner) } : { kind: 'id', id: inner });
      rest = rest.slice(sel[0].length);
    }
    if (rest === '') return out;
    if (!rest.startsWith('.')) return undefined;
    rest = rest.slice(1);
  }
}

function formatSegments(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out === '' ? s : `.${s}`;
  return out;
}

interface Unwrapped {
  schema: z.ZodType;
  optional: boolean;
}

function unwrap(schema: z.ZodType): Unwrapped {
  let s = schema;
  let optional = false;
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodDefault) {
      optional = true;
      s = s.unwrap() as z.ZodType;
    } else if (s instanceof z.ZodNullable) {
      s = s.unwrap() as z.ZodType;
    } else if (s instanceof z.ZodLazy) {
      s = s.unwrap() as z.ZodType;
    } else if (s instanceof z.ZodPipe) {
      s = s.in as z.ZodType;
    } else {
      return { schema: s, optional };
    }
  }
}

function isScalarSchema(s: z.ZodType): boolean {
  if (
    s instanceof z.ZodNumber ||
    s instanceof z.ZodString ||
    s instanceof z.ZodBoolean ||
    s instanceof z.ZodEnum ||
    s instanceof z.ZodLiteral
  )
    return true;
  if (s instanceof z.ZodUnion)
    return (s.options as z.ZodType[]).every((o) => isScalarSchema(unwrap(o).schema));
  return false;
}

function kindOf(s: z.ZodType): string {
  if (s instanceof z.ZodArray) return 'a list';
  if (s instanceof z.ZodObject || s instanceof z.ZodRecord) return 'a group of fields';
  return 'not a single value';
}

function known(keys: string[]): string {
  return keys.length <= 14 ? keys.join(', ') : `${keys.slice(0, 14).join(', ')}, ...`;
}

/**
 * Resolves a written path against the design schema and a base design body. Object fields that
 * are optional and absent in the base (package.options, package.carrier) are fine: applyPoint
 * creates them. List entries must exist in the base.
 */
export function resolveFieldPath(path: string, body: DesignBody): ResolveResult {
  const selectors = parseFieldPath(path);
  if (selectors === undefined)
    return {
      ok: false,
      expected: 'a field path such as package.approach, chiplets[0].count or chiplets[tile].node',
      found: JSON.stringify(path),
    };
  let schema: z.ZodType = designBodySchema;
  let optional = false;
  let value: unknown = body;
  const segments: (string | number)[] = [];
  for (const sel of selectors) {
    const here = segments.length === 0 ? 'the design' : formatSegments(segments);
    const { schema: s } = unwrap(schema);
    if (sel.kind === 'key') {
      if (s instanceof z.ZodObject) {
        const shape = s.shape as Record<string, z.ZodType>;
        const next = shape[sel.key];
        if (next === undefined || !Object.hasOwn(shape, sel.key))
          return {
            ok: false,
            expected: `a field of ${here} (${known(Object.keys(shape))})`,
            found: JSON.stringify(sel.key),
          };
        schema = next;
        optional = unwrap(next).optional;
      } else if (s instanceof z.ZodRecord) {
        schema = s._zod.def.valueType as z.ZodType;
        // An entry of a map (plugin options) can always be removed.
        optional = true;
      } else if (s instanceof z.ZodArray) {
        return {
          ok: false,
          expected: `an index or id in brackets after ${here} (it is a list), e.g. ${here}[0]`,
          found: `.${sel.key}`,
        };
      } else if (isScalarSchema(s)) {
        return { ok: false, expected: `nothing after ${here} (it is a single value)`, found: `.${sel.key}` };
      } else {
        return {
          ok: false,
          expected:
            segments[0] === 'technology'
              ? 'a field of the design body (technology overrides cannot be swept)'
              : `a known field after ${here}`,
          found: `.${sel.key}`,
        };
      }
      if (sel.key === 'technology' && segments.length === 0)
        return {
          ok: false,
          expected:
            'a field of the design body (technology overrides cannot be swept: they are read before the design)',
          found: JSON.stringify(path),
        };
      segments.push(sel.key);
      value =
        value !== null && typeof value === 'object' && Object.hasOwn(value, sel.key)
          ? (value as Record<string, unknown>)[sel.key]
          : undefined;
      continue;
    }
    // A list entry, by index or id.
    if (!(s instanceof z.ZodArray)) {
      const shown = sel.kind === 'index' ? `[${sel.index}]` : `[${sel.id}]`;
      return { ok: false, expected: `a field name after ${here} (it is not a list)`, found: shown };
    }
    const list = Array.isArray(value) ? (value as unknown[]) : undefined;
    if (list === undefined || list.length === 0)
      return {
        ok: false,
        expected: `an existing entry of ${here} (the base design has no ${here} entries)`,
        found: sel.kind === 'index' ? `[${sel.index}]` : `[${sel.id}]`,
      };
    let index: number;
    if (sel.kind === 'index') {
      if (sel.index >= list.length)
        return {
          ok: false,
          expected: `an index below ${list.length} (${here} has ${list.length} ${list.length === 1 ? 'entry' : 'entries'})`,
          found: `[${sel.index}]`,
        };
      index = sel.index;
    } else {
      const ids = list.map((e) =>
        e !== null && typeof e === 'object' && typeof (e as { id?: unknown }).id === 'string'
          ? (e as { id: string }).id
          : undefined,
      );
      if (ids.every((x) => x === undefined))
        return {
          ok: false,
          expected: `an index in brackets (${here} entries have no id), e.g. ${here}[0]`,
          found: `[${sel.id}]`,
        };
      index = ids.indexOf(sel.id);
      if (index < 0)
        return {
          ok: false,
          expected: `the id of an entry of ${here} (${known(ids.filter((x): x is string => x !== undefined))})`,
          found: JSON.stringify(sel.id),
        };
    }
    schema = s.element as z.ZodType;
    optional = false;
    segments.push(index);
    value = list[index];
  }
  const leaf = unwrap(schema).schema;
  const canonical = formatSegments(segments);
  if (!isScalarSchema(leaf))
    return {
      ok: false,
      expected: `a path to a single value (number, text or true/false); ${canonical} is ${kindOf(leaf)}`,
      found: JSON.stringify(path),
    };
  return { ok: true, field: { path, canonical, segments, optional }, schema };
}

/**
 * Checks a value against the field's schema. Returns what was expected when the value does not
 * fit, or undefined. null means "remove the field" and fits only optional fields.
 */
export function checkFieldValue(
  field: ResolvedField,
  schema: z.ZodType,
  value: FieldValue,
): string | undefined {
  if (value === null)
    return field.optional ? undefined : `a value (${field.canonical} is required, so null cannot remove it)`;
  const parsed = schema.safeParse(value, PARSE_OPTIONS);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  if (issue === undefined) return 'a valid value';
  const expected = issueFromZod(issue, '')[0]?.expected;
  if (expected === undefined) return `a valid value, found ${describeValue(value)}`;
  // zod reports a non-integer for an .int() field as expected "int".
  return expected === 'int' ? 'an integer' : expected;
}

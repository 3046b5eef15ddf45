/**
 * Reads a YAML or JSON data file safely: YAML is parsed with no custom tags (parsing never runs
 * code), duplicate keys are errors, and keys that could reach object prototypes are refused.
 */
import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { parseDocument } from 'yaml';
import { InputError } from '../errors.js';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Resource limits of input reading (docs/robustness.md). A design or technology file is a few
 * kB; these bounds are far above any real one and keep a hostile or broken file from taking
 * gigabytes of memory or the stack: size, YAML alias expansions ("billion laughs"), nesting.
 */
export const INPUT_LIMITS = {
  /** Largest file read, bytes (10 MB). */
  maxFileBytes: 10 * 1024 * 1024,
  /** Alias expansions the YAML reader allows (the `yaml` package's maxAliasCount). */
  maxYamlAliasCount: 1000,
  /** Deepest nesting of lists and maps (a 3D stack of 20 tiers needs about 45). */
  maxNestingDepth: 100,
} as const;

const MB = 1024 * 1024;
function megabytes(bytes: number): string {
  return `${(bytes / MB).toFixed(1)} MB`;
}

function tooBig(file: string, bytes: number): InputError {
  return InputError.at(
    file,
    '',
    `a file of at most ${INPUT_LIMITS.maxFileBytes / MB} MB (the input size limit)`,
    megabytes(bytes),
  );
}

function tooDeep(file: string, what: string): InputError {
  return InputError.at(
    file,
    '',
    `lists and maps nested at most ${INPUT_LIMITS.maxNestingDepth} deep (the input nesting limit)`,
    what,
  );
}

/** Depth of the deepest bracket in JSON text (strings skipped); stops early past `limit`. */
function jsonBracketDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92 /* \\ */) i++;
      else if (ch === 34 /* " */) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 91 || ch === 123 /* [ { */) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (ch === 93 || ch === 125 /* ] } */) depth--;
  }
  return max;
}

/** Nesting depth of parsed data, without recursion; stops early past `limit`. */
function dataDepth(data: unknown, limit: number): number {
  let max = 0;
  const stack: [unknown, number][] = [[data, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    const d = depth + 1;
    if (d > max) {
      max = d;
      if (max > limit) return max;
    }
    for (const child of Array.isArray(value) ? value : Object.values(value)) stack.push([child, d]);
  }
  return max;
}

/** Refuses keys like `__proto__` anywhere in parsed data; returns the data unchanged. */
export function assertSafeKeys(data: unknown, file: string, path = ''): void {
  if (Array.isArray(data)) {
    data.forEach((item, i) => assertSafeKeys(item, file, `${path}[${i}]`));
    return;
  }
  if (data !== null && typeof data === 'object') {
    for (const key of Object.keys(data)) {
      const at = path === '' ? key : `${path}.${key}`;
      if (FORBIDDEN_KEYS.has(key)) {
        throw InputError.at(
          file,
          at,
          'a field name other than __proto__, constructor or prototype',
          JSON.stringify(key),
        );
      }
      assertSafeKeys((data as Record<string, unknown>)[key], file, at);
    }
  }
}

/** Parses text as JSON (for .json files) or YAML (anything else; YAML is a superset of JSON). */
export function parseDataText(text: string, file: string): unknown {
  // UTF-16 length is at most the UTF-8 byte count: a cheap bound for text that came from memory.
  if (text.length > INPUT_LIMITS.maxFileBytes) throw tooBig(file, Buffer.byteLength(text, 'utf8'));
  let data: unknown;
  if (extname(file).toLowerCase() === '.json') {
    const depth = jsonBracketDepth(text, INPUT_LIMITS.maxNestingDepth);
    if (depth > INPUT_LIMITS.maxNestingDepth)
      throw tooDeep(file, `more than ${INPUT_LIMITS.maxNestingDepth}`);
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw InputError.at(file, '', 'valid JSON', `a syntax error (${(err as Error).message})`);
    }
  } else {
    let doc: ReturnType<typeof parseDocument>;
    try {
      doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true, logLevel: 'silent' });
    } catch (err) {
      if (err instanceof RangeError) throw tooDeep(file, 'nesting too deep to parse');
      throw err;
    }
    const problem = doc.errors[0] ?? doc.warnings[0];
    if (problem !== undefined) {
      if (/call stack/i.test(problem.message)) throw tooDeep(file, 'nesting too deep to parse');
      const pos = problem.linePos?.[0];
      const at = pos === undefined ? '' : ` at line ${pos.line}, column ${pos.col}`;
      const firstLine = problem.message.split('\n')[0] ?? problem.message;
      throw InputError.at(
        file,
        '',
        'valid YAML',
        `${firstLine.replace(/ at line \d+, column \d+:?$/, '')}${at}`,
      );
    }
    try {
      data = doc.toJS({ maxAliasCount: INPUT_LIMITS.maxYamlAliasCount });
    } catch (err) {
      if (err instanceof RangeError) throw tooDeep(file, 'nesting too deep to read');
      if (/alias/i.test((err as Error).message)) {
        throw InputError.at(
          file,
          '',
          `YAML whose aliases (*name) expand to at most ${INPUT_LIMITS.maxYamlAliasCount} nodes (the YAML alias limit)`,
          'more (an alias bomb?)',
        );
      }
      throw err;
    }
  }
  const depth = dataDepth(data, INPUT_LIMITS.maxNestingDepth);
  if (depth > INPUT_LIMITS.maxNestingDepth) throw tooDeep(file, `more than ${INPUT_LIMITS.maxNestingDepth}`);
  assertSafeKeys(data, file);
  return data;
}

export function readDataFile(file: string): unknown {
  let text: string;
  try {
    const stat = statSync(file);
    if (stat.isFile() && stat.size > INPUT_LIMITS.maxFileBytes) throw tooBig(file, stat.size);
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const found =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'a directory'
          : `an unreadable file (${code ?? 'error'})`;
    throw InputError.at(file, '', 'a readable YAML or JSON file', found);
  }
  return parseDataText(text, file);
}

/** The name a design read from stdin (`-`) goes by in messages. */
export const STDIN_NAME = '<stdin>';

/**
 * Reads a stream (stdin for `-`) to its end as UTF-8 text, under the same size limit as a file:
 * it stops reading past the limit, so a huge or endless pipe cannot take the memory.
 */
export async function readStreamText(stream: AsyncIterable<unknown>, name = STDIN_NAME): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk as Uint8Array);
    bytes += buf.length;
    if (bytes > INPUT_LIMITS.maxFileBytes) throw tooBig(name, bytes);
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

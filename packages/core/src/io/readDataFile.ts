/**
 * Reads a YAML or JSON data file safely: YAML is parsed with no custom tags (parsing never runs
 * code), duplicate keys are errors, and keys that could reach object prototypes are refused.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseDocument } from 'yaml';
import { InputError } from '../errors.js';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

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
  let data: unknown;
  if (extname(file).toLowerCase() === '.json') {
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw InputError.at(file, '', 'valid JSON', `a syntax error (${(err as Error).message})`);
    }
  } else {
    const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true, logLevel: 'silent' });
    const problem = doc.errors[0] ?? doc.warnings[0];
    if (problem !== undefined) {
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
    data = doc.toJS({ maxAliasCount: 1000 });
  }
  assertSafeKeys(data, file);
  return data;
}

export function readDataFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
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

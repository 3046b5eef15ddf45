import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { INPUT_LIMITS, parseDataText, readDataFile, readStreamText } from './readDataFile.js';

describe('readDataFile', () => {
  it('parses YAML and JSON alike', () => {
    expect(parseDataText('a: 1\nb: [x, y]\n', 'f.yaml')).toEqual({ a: 1, b: ['x', 'y'] });
    expect(parseDataText('{"a": 1}', 'f.json')).toEqual({ a: 1 });
  });

  it('reports malformed YAML with file and line', () => {
    expect(() => parseDataText('a: [1, 2\nb: 3\n', 'bad.yaml')).toThrow(
      /bad\.yaml: expected valid YAML, found .*line \d+/,
    );
  });

  it('reports malformed JSON with the file', () => {
    expect(() => parseDataText('{"a": }', 'bad.json')).toThrow(/bad\.json: expected valid JSON/);
  });

  it('refuses duplicate keys', () => {
    expect(() => parseDataText('a: 1\na: 2\n', 'dup.yaml')).toThrow(/dup\.yaml: expected valid YAML/);
  });

  it('never runs code from tags: unknown tags are errors', () => {
    expect(() => parseDataText('a: !!js/function "function () { return 1 }"\n', 't.yaml')).toThrow(
      InputError,
    );
  });

  it('keeps __proto__ keys from reaching prototypes', () => {
    expect(() => parseDataText('__proto__:\n  polluted: true\n', 'p.yaml')).toThrow(
      /p\.yaml: __proto__: expected a field name other than/,
    );
    expect(() => parseDataText('{"x": {"__proto__": {"polluted": true}}}', 'p.json')).toThrow(/x\.__proto__/);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('names a missing file', () => {
    expect(() => readDataFile('/nonexistent/design.yaml')).toThrow(
      /\/nonexistent\/design\.yaml: expected a readable YAML or JSON file, found no such file/,
    );
  });

  it('reads files from disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dse-'));
    const f = join(dir, 'x.yml');
    writeFileSync(f, 'name: x\n');
    expect(readDataFile(f)).toEqual({ name: 'x' });
  });
});

describe('readStreamText (stdin for `-`)', () => {
  it('joins the chunks as UTF-8, also a character split across chunks', async () => {
    const bytes = Buffer.from('name: é\n', 'utf8');
    async function* chunks() {
      yield bytes.subarray(0, 7);
      yield bytes.subarray(7);
    }
    expect(await readStreamText(chunks())).toBe('name: é\n');
  });

  it('stops past the size limit with an InputError naming <stdin>', async () => {
    let pulled = 0;
    async function* endless() {
      for (;;) {
        pulled++;
        yield Buffer.alloc(1024 * 1024, 0x20);
      }
    }
    await expect(readStreamText(endless())).rejects.toThrow(
      /^<stdin>: expected a file of at most 10 MB \(the input size limit\)/,
    );
    expect(pulled).toBe(INPUT_LIMITS.maxFileBytes / (1024 * 1024) + 1);
  });
});

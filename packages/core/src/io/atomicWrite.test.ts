import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputError } from '../errors.js';
import { AtomicFileStream } from './atomicWrite.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'dse-atomic-'));

describe('AtomicFileStream', () => {
  it('streams to a temporary file and replaces the target only at publish()', async () => {
    const dir = tmp();
    const file = join(dir, 'points.csv');
    writeFileSync(file, 'old');
    const s = new AtomicFileStream(file, 16);
    expect(s.write('0123456789')).toBe(true);
    // Past the high-water mark: the caller is asked to wait.
    expect(s.write('abcdefghij')).toBe(false);
    await s.drain();
    for (let i = 0; i < 100; i++) s.write(`${i}\n`);
    expect(readFileSync(file, 'utf8')).toBe('old');
    await s.finish();
    expect(readFileSync(file, 'utf8')).toBe('old');
    s.publish();
    const want = `0123456789abcdefghij${Array.from({ length: 100 }, (_, i) => `${i}\n`).join('')}`;
    expect(readFileSync(file, 'utf8')).toBe(want);
    expect(readdirSync(dir)).toEqual(['points.csv']);
  });

  it('discard() removes the temporary file and leaves the target', async () => {
    const dir = tmp();
    const file = join(dir, 'points.csv');
    writeFileSync(file, 'old');
    const s = new AtomicFileStream(file);
    s.write('x'.repeat(100_000));
    expect(existsSync(s.tempFile)).toBe(true);
    s.discard();
    await new Promise((r) => setTimeout(r, 50));
    expect(readdirSync(dir)).toEqual(['points.csv']);
    expect(readFileSync(file, 'utf8')).toBe('old');
  });

  it('a target under a file throws OutputError naming it', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'plain'), 'x');
    expect(() => new AtomicFileStream(join(dir, 'plain', 'p.csv'))).toThrow(OutputError);
    expect(() => new AtomicFileStream(join(dir, 'plain', 'p.csv'))).toThrow(/cannot write .*plain\/p\.csv/);
  });
});

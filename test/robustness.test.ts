/**
 * Nothing lost, nothing silent (docs/robustness.md): each case here failed before its fix.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputError, writeFileAtomic } from '@chiplet-dse/core';
import { BIN, hasStackTrace, REPO_ROOT, runCli } from './helpers/runCli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'dse-robust-'));
const SWEEP = 'examples/accelerator-sweep.yaml';

describe('every write is complete and atomic, or the command fails and the previous file stays', () => {
  it('a front.json that would exceed the file-size limit fails with exit 1 and leaves the previous front', () => {
    const out = tmp();
    expect(runCli(['sweep', SWEEP, '--out', out, '--quiet']).code).toBe(0);
    const before = readFileSync(join(out, 'front.json'), 'utf8');
    expect(before.length).toBeGreaterThan(8 * 1024);
    // 8 blocks of 1 KiB: front.json (about 40 KB) cannot be written whole.
    const r = spawnSync(
      'bash',
      ['-c', `ulimit -f 8; exec "${process.execPath}" "${BIN}" sweep ${SWEEP} --out "${out}" --quiet`],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /cannot write .*front\.json: the file would exceed the file-size limit \(EFBIG\); the previous file, if any, is unchanged/,
    );
    expect(r.stdout).not.toMatch(/Wrote/);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(readFileSync(join(out, 'front.json'), 'utf8')).toBe(before);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writeFileAtomic under a file (not a folder) throws OutputError and writes nothing', () => {
    const dir = tmp();
    const file = join(dir, 'plain');
    writeFileSync(file, 'x');
    expect(() => writeFileAtomic(join(file, 'front.json'), '{}')).toThrow(OutputError);
    expect(() => writeFileAtomic(join(file, 'front.json'), '{}')).toThrow(
      /is a file, not a folder|ENOTDIR|EEXIST/,
    );
    expect(readFileSync(file, 'utf8')).toBe('x');
    expect(readdirSync(dir)).toEqual(['plain']);
  });

  it('writeFileAtomic replaces a file whole', () => {
    const dir = tmp();
    const file = join(dir, 'a.json');
    writeFileAtomic(file, 'old');
    const text = 'é'.repeat(100_000);
    writeFileAtomic(file, text);
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(existsSync(join(dir, `.a.json.${process.pid}.tmp`))).toBe(false);
  });
});

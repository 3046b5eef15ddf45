import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addRange,
  readCheckpoint,
  remainingRanges,
  writeCheckpoint,
  type CheckpointData,
} from './checkpoint.js';

describe('checkpoint ranges', () => {
  it('added ranges plus remaining ranges cover the whole span exactly once', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(200), fc.nat(50)), { maxLength: 20 }), (adds) => {
        let done: [number, number][] = [];
        const covered = new Set<number>();
        for (const [s, len] of adds) {
          done = addRange(done, s, s + len);
          for (let i = s; i < s + len; i++) covered.add(i);
        }
        // disjoint, sorted, non-touching
        for (let i = 1; i < done.length; i++) expect(done[i]![0]).toBeGreaterThan(done[i - 1]![1]);
        const rest = remainingRanges(done, 0, 260);
        const seen = new Set<number>();
        for (const [a, b] of rest) for (let i = a; i < b; i++) seen.add(i);
        for (let i = 0; i < 260; i++) expect(seen.has(i) !== covered.has(i)).toBe(true);
      }),
    );
  });
});

describe('checkpoint files', () => {
  const data: CheckpointData = {
    version: 1,
    fingerprint: 'abc',
    done: [[0, 10]],
    counts: { evaluated: 10, feasible: 9, invalid: 0, failed: 1 },
    archiveIndices: [3],
    archiveValues: [1, 2],
    failures: [{ pointIndex: 4, pluginId: 'x', message: 'boom' }],
  };

  it('round-trip, leave no temporary file, and refuse another sweep', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-'));
    const f = join(dir, 'c.json');
    writeCheckpoint(f, data);
    expect(readdirSync(dir)).toEqual(['c.json']);
    expect(readCheckpoint(f, 'abc')).toEqual(data);
    expect(() => readCheckpoint(f, 'other')).toThrow(/a checkpoint of a different sweep/);
    expect(readCheckpoint(join(dir, 'none.json'), 'abc')).toBeUndefined();
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import {
  addRange,
  readCheckpoint,
  readCheckpointShard,
  remainingRanges,
  writeCheckpoint,
  type CheckpointData,
  type CheckpointExpectation,
} from './checkpoint.js';
import { sealCheckpoint } from './checkpointSchema.js';

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
  const expectation: CheckpointExpectation = {
    fingerprint: 'abc',
    totalPoints: 48,
    shard: { index: 0, count: 2, start: 0, end: 24 },
    objectives: 2,
  };
  const data: CheckpointData = sealCheckpoint({
    version: 2,
    fingerprint: 'abc',
    totalPoints: 48,
    shard: { index: 0, count: 2, start: 0, end: 24 },
    done: [[0, 10]],
    counts: { evaluated: 10, feasible: 9, invalid: 0, failed: 1 },
    archiveIndices: [3],
    archiveValues: [1, 2],
    failures: [{ pointIndex: 4, pluginId: 'x', message: 'boom' }],
  });
  const write = (edit: (d: Record<string, unknown>) => void = () => {}) => {
    const f = join(mkdtempSync(join(tmpdir(), 'ckpt-')), 'c.json');
    const json = JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
    edit(json);
    writeFileSync(f, JSON.stringify(json));
    return f;
  };

  it('round-trip, leave no temporary file, and refuse another sweep or shard', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-'));
    const f = join(dir, 'c.json');
    writeCheckpoint(f, data);
    expect(readdirSync(dir)).toEqual(['c.json']);
    expect(readCheckpoint(f, expectation)).toEqual(data);
    expect(() => readCheckpoint(f, { ...expectation, fingerprint: 'other' })).toThrow(
      /a checkpoint of a different sweep .*delete it to start this shard again, or use another --checkpoint path/,
    );
    expect(() =>
      readCheckpoint(f, { ...expectation, shard: { index: 1, count: 2, start: 24, end: 48 } }),
    ).toThrow(/expected the checkpoint of shard 1\/2, found the checkpoint of shard 0\/2/);
    expect(readCheckpoint(join(dir, 'none.json'), expectation)).toBeUndefined();
    expect(readCheckpointShard(f)).toEqual(data.shard);
  });

  it('refuses ranges past the end of the shard, counts that do not add up, and stray archive points', () => {
    const past = write((d) => {
      d['done'] = [[0, 36]];
      (d['counts'] as Record<string, number>)['evaluated'] = 36;
    });
    expect(() => readCheckpoint(past, expectation)).toThrow(
      /done\[0\]: expected ranges within shard 0\/2's points 0\.\.23 of 48, found \[0, 36\]: past the end of the shard/,
    );
    const counted = write((d) => ((d['counts'] as Record<string, number>)['evaluated'] = 12));
    expect(() => readCheckpoint(counted, expectation)).toThrow(
      /counts\.evaluated: expected 10 \(the points in done\), found 12/,
    );
    const stray = write((d) => (d['archiveIndices'] = [17]));
    expect(() => readCheckpoint(stray, expectation)).toThrow(
      /archiveIndices\[0\]: expected an evaluated point/,
    );
  });

  it('refuses an archive edited after it was written (digest)', () => {
    const edited = write((d) => ((d['archiveValues'] as number[])[0] = 0.5));
    expect(() => readCheckpoint(edited, expectation)).toThrow(
      /digest: expected the digest of the checkpoint's content .*the content was changed after it was written; delete it/,
    );
    // Key order does not matter to the digest.
    const reordered = write((d) => {
      const done = d['done'];
      delete d['done'];
      d['done'] = done;
    });
    expect(readCheckpoint(reordered, expectation)).toEqual(data);
  });

  it('refuses a version 1 checkpoint, saying how to proceed', () => {
    const old = write((d) => {
      d['version'] = 1;
      d['fingerprint'] = 'abc:0/2';
    });
    expect(() => readCheckpoint(old, expectation)).toThrow(InputError);
    expect(() => readCheckpoint(old, expectation)).toThrow(
      /version: expected a version 2 checkpoint .*found version 1, written by an earlier chiplet-dse, which cannot be checked; delete it to start this shard again, or use another --checkpoint path/,
    );
  });
});

/**
 * Sweep checkpoints: what was done (index ranges), the archive so far and the counters, tied to
 * a fingerprint of everything that decides the results. Written atomically; a resume with a
 * different design, technology, plugin set, strategy or shard is refused.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { InputError } from '../errors.js';
import { readCheckpointFile, writeCheckpointFile, type CheckpointData } from './checkpointSchema.js';

// The file format (schema, types, read/write) lives in checkpointSchema.ts; re-exported here so
// `import { CheckpointData } from './checkpoint.js'` keeps working.
export type { CheckpointData, PointFailure, SweepCounts } from './checkpointSchema.js';

export function fingerprint(parts: readonly string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\u0000');
  return h.digest('hex');
}

/** Adds [start, end) to a sorted list of disjoint ranges, merging neighbours. */
export function addRange(ranges: [number, number][], start: number, end: number): [number, number][] {
  const out: [number, number][] = [];
  let s = start;
  let e = end;
  let placed = false;
  for (const [a, b] of ranges) {
    if (b < s) out.push([a, b]);
    else if (a > e) {
      if (!placed) {
        out.push([s, e]);
        placed = true;
      }
      out.push([a, b]);
    } else {
      s = Math.min(s, a);
      e = Math.max(e, b);
    }
  }
  if (!placed) out.push([s, e]);
  return out.sort((x, y) => x[0] - y[0]);
}

/** The parts of [start, end) not covered by `done`. */
export function remainingRanges(
  done: readonly [number, number][],
  start: number,
  end: number,
): [number, number][] {
  const out: [number, number][] = [];
  let cursor = start;
  for (const [a, b] of done) {
    if (b <= cursor || a >= end) continue;
    if (a > cursor) out.push([cursor, Math.min(a, end)]);
    cursor = Math.max(cursor, b);
  }
  if (cursor < end) out.push([cursor, end]);
  return out;
}

export function writeCheckpoint(file: string, data: CheckpointData): void {
  writeCheckpointFile(file, data);
}

/**
 * Reads the checkpoint at `file` for a resume: undefined when there is none yet; an InputError
 * when it is malformed or belongs to a different sweep.
 */
export function readCheckpoint(file: string, expectedFingerprint: string): CheckpointData | undefined {
  if (!existsSync(file)) return undefined;
  const data = readCheckpointFile(file);
  if (data.fingerprint !== expectedFingerprint) {
    throw InputError.at(
      file,
      'fingerprint',
      'a checkpoint of this same sweep (design, technology, plugins, strategy and shard)',
      'a checkpoint of a different sweep; delete it or name another --checkpoint file',
    );
  }
  return data;
}

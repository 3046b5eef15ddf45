/**
 * Sweep checkpoints: what was done (index ranges), the archive so far and the counters, tied to
 * a fingerprint of everything that decides the results. Written atomically; a resume with a
 * different design, technology, plugin set, strategy or shard is refused.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { writeFileAtomic } from './atomicWrite.js';

export interface SweepCounts {
  evaluated: number;
  feasible: number;
  /** Points the approach cannot build (input issues of a combination): skipped, not failures. */
  invalid: number;
  failed: number;
}

export interface PointFailure {
  pointIndex: number;
  pluginId: string;
  message: string;
}

export interface CheckpointData {
  version: 1;
  fingerprint: string;
  /** Sorted, disjoint, merged [start, end) ranges of point indices already evaluated. */
  done: [number, number][];
  counts: SweepCounts;
  /** Archive: point indices and their objective rows (minimisation form), row-major. */
  archiveIndices: number[];
  archiveValues: number[];
  failures: PointFailure[];
}

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
  writeFileAtomic(file, JSON.stringify(data));
}

export function readCheckpoint(file: string, expectedFingerprint: string): CheckpointData | undefined {
  if (!existsSync(file)) return undefined;
  let data: CheckpointData;
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as CheckpointData;
  } catch (err) {
    throw InputError.at(
      file,
      '',
      'a sweep checkpoint (JSON)',
      `unreadable content (${(err as Error).message})`,
    );
  }
  if (data.version !== 1 || !Array.isArray(data.done)) {
    throw InputError.at(file, 'version', 'a version 1 sweep checkpoint', JSON.stringify(data.version));
  }
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

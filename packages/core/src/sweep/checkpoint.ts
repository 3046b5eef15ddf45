/**
 * Sweep checkpoints: what was done (index ranges), the archive so far and the counters, tied to
 * the sweep's fingerprint and the shard's identity, sealed by a digest. Written atomically; a resume
 * with a different sweep or shard, or from a checkpoint that does not fit, is refused.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { InputError, type InputIssueAt } from '../errors.js';
import {
  CHECKPOINT_WAY_OUT,
  checkpointDigest,
  readCheckpointFile,
  writeCheckpointFile,
  type CheckpointData,
} from './checkpointSchema.js';
import { describeRange, rangeSize, shardLabel, type ShardSpan } from './coverage.js';
import { shortHash } from './fingerprint.js';

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

/** What a checkpoint must match to be resumed. */
export interface CheckpointExpectation {
  /** The sweep's fingerprint. */
  fingerprint: string;
  /** Points in the whole space. */
  totalPoints: number;
  /** This run's shard and its point range. */
  shard: ShardSpan;
  /** Objectives per archive row. */
  objectives: number;
}

const sameShard = (a: ShardSpan, b: ShardSpan) => a.index === b.index && a.count === b.count;

/**
 * Reads the checkpoint at `file` for a resume: undefined when there is none yet; an InputError
 * (naming the file and field, and saying how to proceed) when it is malformed, of an earlier
 * version, of a different sweep or shard, when its ranges or archive do not fit its shard, or when
 * its content does not match its digest (edited after it was written).
 */
export function readCheckpoint(file: string, expected: CheckpointExpectation): CheckpointData | undefined {
  if (!existsSync(file)) return undefined;
  const data = readCheckpointFile(file);
  if (data.fingerprint !== expected.fingerprint) {
    throw InputError.at(
      file,
      'fingerprint',
      `a checkpoint of this same sweep (design, technology, plugins, space, objectives, constraints and epsilon: fingerprint ${shortHash(expected.fingerprint)})`,
      `a checkpoint of a different sweep (fingerprint ${shortHash(data.fingerprint)}); ${CHECKPOINT_WAY_OUT}`,
    );
  }
  const span = expected.shard;
  if (!sameShard(data.shard, span))
    throw InputError.at(
      file,
      'shard',
      `the checkpoint of shard ${shardLabel(span)}`,
      `the checkpoint of shard ${shardLabel(data.shard)}; each shard needs its own --checkpoint file: use another --checkpoint path`,
    );
  const issues: InputIssueAt[] = [];
  const issue = (path: string, want: string, found: string) =>
    issues.push({ file, path, expected: want, found });
  const shardText = `shard ${shardLabel(span)}'s ${span.end > span.start ? describeRange([span.start, span.end]) : 'no points'} of ${expected.totalPoints}`;
  if (data.totalPoints !== expected.totalPoints)
    issue('totalPoints', `${expected.totalPoints} (the points of this space)`, String(data.totalPoints));
  if (data.shard.start !== span.start || data.shard.end !== span.end)
    issue('shard', `the range of ${shardText}`, `${describeRange([data.shard.start, data.shard.end])}`);
  data.done.forEach(([a, b], k) => {
    if (a < span.start || b > span.end)
      issue(`done[${k}]`, `ranges within ${shardText}`, `[${a}, ${b}]: past the end of the shard`);
  });
  const doneSize = rangeSize(data.done);
  const c = data.counts;
  if (c.evaluated !== doneSize)
    issue('counts.evaluated', `${doneSize} (the points in done)`, String(c.evaluated));
  if (c.feasible + c.invalid + c.failed > c.evaluated)
    issue(
      'counts',
      `feasible + invalid + failed <= evaluated (${c.evaluated})`,
      `${c.feasible} + ${c.invalid} + ${c.failed}`,
    );
  const inDone = (k: number) => data.done.some(([a, b]) => k >= a && k < b);
  const n = data.archiveIndices.length;
  if (data.archiveValues.length !== n * expected.objectives)
    issue(
      'archiveValues',
      `${n * expected.objectives} numbers (${n} points x ${expected.objectives} objectives)`,
      `${data.archiveValues.length}`,
    );
  const bad = data.archiveIndices.findIndex((k, i) => !inDone(k) || data.archiveIndices.indexOf(k) !== i);
  if (bad >= 0)
    issue(
      `archiveIndices[${bad}]`,
      'an evaluated point (in done), listed once',
      String(data.archiveIndices[bad]),
    );
  const badFailure = data.failures.findIndex((f) => !inDone(f.pointIndex));
  if (badFailure >= 0)
    issue(
      `failures[${badFailure}].pointIndex`,
      'an evaluated point (in done)',
      String(data.failures[badFailure]!.pointIndex),
    );
  if (issues.length === 0 && checkpointDigest(data) !== data.digest)
    issue(
      'digest',
      `the digest of the checkpoint's content (${shortHash(checkpointDigest(data))})`,
      `${shortHash(data.digest)}: the content was changed after it was written`,
    );
  if (issues.length > 0) {
    const last = issues[issues.length - 1]!;
    last.found += `; ${CHECKPOINT_WAY_OUT}`;
    throw new InputError(issues);
  }
  return data;
}

/**
 * The shard a checkpoint at `file` was written for, or undefined when there is no file yet: lets a
 * re-run take its shard from its own checkpoint. Only the file's form is checked here; the resume
 * (readCheckpoint) checks the rest.
 */
export function readCheckpointShard(file: string): ShardSpan | undefined {
  if (!existsSync(file)) return undefined;
  return readCheckpointFile(file).shard;
}

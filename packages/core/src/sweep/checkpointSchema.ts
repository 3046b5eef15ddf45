/**
 * The sweep checkpoint file format (version 2): one zod schema, the TypeScript types derived from
 * it, and the typed read and write functions. A checkpoint that does not match (hand-edited,
 * truncated, another tool's file) is an InputError naming the file and field, not a resume from
 * garbage. Version 2 adds the shard's identity (index, count, point range, the space's size) and a
 * digest of the content, so that a resume can check it (checkpoint.ts, readCheckpoint).
 */
import { z } from 'zod';
import { InputError } from '../errors.js';
import { readJsonFile, checkJsonData } from '../io/readJsonFile.js';
import { writeFileAtomic } from '../io/atomicWrite.js';
import { pointRangesSchema, shardSpanSchema } from './coverage.js';
import { canonicalJson, sha256Hex } from './fingerprint.js';

export const CHECKPOINT_VERSION = 2;

const count = () => z.number().int().min(0);

export const sweepCountsSchema = z.strictObject({
  evaluated: count(),
  feasible: count(),
  /** Points the approach cannot build (input issues of a combination): skipped, not failures. */
  invalid: count(),
  failed: count(),
});

export const pointFailureSchema = z.strictObject({
  pointIndex: count(),
  pluginId: z.string(),
  message: z.string(),
});

export const checkpointSchema = z.strictObject({
  version: z.literal(CHECKPOINT_VERSION),
  /** The sweep's fingerprint (sweepContext.ts, sweepFingerprint): the shard is not part of it. */
  fingerprint: z.string(),
  /** Points in the whole space. */
  totalPoints: count(),
  /** The shard this checkpoint is of, and its point range. */
  shard: shardSpanSchema,
  /** Sorted, disjoint, merged [start, end) ranges of point indices already evaluated. */
  done: pointRangesSchema,
  counts: sweepCountsSchema,
  /** Archive: point indices and their objective rows (minimisation form), row-major. */
  archiveIndices: z.array(count()),
  archiveValues: z.array(z.number()),
  failures: z.array(pointFailureSchema),
  /** SHA-256 of the canonical JSON of every other field (checkpointDigest). */
  digest: z.string(),
});

export type SweepCounts = z.output<typeof sweepCountsSchema>;
export type PointFailure = z.output<typeof pointFailureSchema>;
export type CheckpointData = z.output<typeof checkpointSchema>;

/** The digest of a checkpoint's content: every field but the digest, key order aside. */
export function checkpointDigest(data: Omit<CheckpointData, 'digest'> & { digest?: string }): string {
  const { digest: _d, ...content } = data;
  return sha256Hex(canonicalJson(content));
}

/** The checkpoint with its digest. */
export function sealCheckpoint(data: Omit<CheckpointData, 'digest'>): CheckpointData {
  return { ...data, digest: checkpointDigest(data) };
}

/** How to get past a checkpoint that cannot be used, for the end of every such message. */
export const CHECKPOINT_WAY_OUT = 'delete it to start this shard again, or use another --checkpoint path';

/** Reads and checks a checkpoint file (InputError naming file and field when malformed). */
export function readCheckpointFile(file: string): CheckpointData {
  const data = readJsonFile(file, z.unknown(), 'a sweep checkpoint (JSON)');
  const version = (data as { version?: unknown } | null)?.version;
  if (version === 1)
    throw InputError.at(
      file,
      'version',
      `a version ${CHECKPOINT_VERSION} checkpoint (with the shard's point range and a digest of its content, which a resume checks)`,
      `version 1, written by an earlier chiplet-dse, which cannot be checked; ${CHECKPOINT_WAY_OUT}`,
    );
  return checkJsonData(checkpointSchema, data, file);
}

/** Writes a checkpoint atomically, as compact JSON. */
export function writeCheckpointFile(file: string, data: CheckpointData): void {
  writeFileAtomic(file, JSON.stringify(data));
}

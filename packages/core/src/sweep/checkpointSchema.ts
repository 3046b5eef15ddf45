/**
 * The sweep checkpoint file format (version 1): one zod schema, the TypeScript types derived from
 * it, and the typed read and write functions. A checkpoint that does not match (hand-edited,
 * truncated, another tool's file) is an InputError naming the file and field, not a resume from
 * garbage.
 */
import { z } from 'zod';
import { readJsonFile } from '../io/readJsonFile.js';
import { writeFileAtomic } from '../io/atomicWrite.js';

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
  version: z.literal(1),
  fingerprint: z.string(),
  /** Sorted, disjoint, merged [start, end) ranges of point indices already evaluated. */
  done: z.array(z.tuple([count(), count()])),
  counts: sweepCountsSchema,
  /** Archive: point indices and their objective rows (minimisation form), row-major. */
  archiveIndices: z.array(count()),
  archiveValues: z.array(z.number()),
  failures: z.array(pointFailureSchema),
});

export type SweepCounts = z.output<typeof sweepCountsSchema>;
export type PointFailure = z.output<typeof pointFailureSchema>;
export type CheckpointData = z.output<typeof checkpointSchema>;

/** Reads and checks a checkpoint file (InputError naming file and field when malformed). */
export function readCheckpointFile(file: string): CheckpointData {
  return readJsonFile(file, checkpointSchema, 'a version 1 sweep checkpoint (JSON)');
}

/** Writes a checkpoint atomically, as compact JSON. */
export function writeCheckpointFile(file: string, data: CheckpointData): void {
  writeFileAtomic(file, JSON.stringify(data));
}

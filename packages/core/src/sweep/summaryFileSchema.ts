/**
 * The summary.json file format (`chiplet-dse-summary/2`): one zod schema, the TypeScript type
 * derived from it, and the typed read and write functions used by `sweep`, `merge` and `report`.
 */
import { z } from 'zod';
import { readJsonFile } from '../io/readJsonFile.js';
import { pointFailureSchema, sweepCountsSchema } from './checkpointSchema.js';
import { shardSchema } from './frontFileSchema.js';
import { pointRangesSchema, shardSpanSchema } from './coverage.js';
import { writeFileAtomic } from '../io/atomicWrite.js';

/** The current format; `chiplet-dse-summary/1` files are still read, for `report`. */
export const SUMMARY_FORMAT = 'chiplet-dse-summary/2';
export const SUMMARY_FORMAT_V1 = 'chiplet-dse-summary/1';

const count = () => z.number().int().min(0);

const common = {
  design: z.string(),
  fingerprint: z.string(),
  /** How the run ended ('complete', 'interrupted', ...; 'partial' for a merge of unfinished shards). */
  status: z.string(),
  message: z.string(),
  /** The space's strategy as the design gave it (null for a merge without summaries). */
  strategy: z.unknown(),
  points: z.strictObject({
    total: count(),
    inShard: count(),
    ...sweepCountsSchema.shape,
    infeasible: count(),
  }),
  frontSize: count(),
  hypervolume: z.strictObject({
    /**
     * In memory NaN where the hypervolume was too costly to compute; JSON.stringify writes NaN
     * as null, so a file read back holds null there.
     */
    value: z.number().nullable(),
    reference: z.array(z.number()),
    objectives: z.array(z.string()),
  }),
  wallTimeS: z.number().min(0),
  pointsPerSecond: z.number().min(0),
  workers: count(),
  taskSize: count(),
  resumedFromCheckpoint: z.boolean(),
  failures: z.array(pointFailureSchema),
};

const summaryV1Schema = z.strictObject({
  format: z.literal(SUMMARY_FORMAT_V1),
  ...common,
  shard: shardSchema,
});

/** A range of points not evaluated, and the shard it belongs to when known. */
export const missingRangeSchema = z.strictObject({
  start: count(),
  end: count(),
  shard: shardSchema.nullable(),
});

const summaryV2Schema = z.strictObject({
  format: z.literal(SUMMARY_FORMAT),
  ...common,
  /** The shard and its point range (a merge: 0/1 over every point). */
  shard: shardSpanSchema,
  /** The ranges of point indices evaluated. */
  evaluated: pointRangesSchema,
  /** True when points of the shard's range were not evaluated: listed in `missing`. */
  partial: z.boolean(),
  missing: z.array(missingRangeSchema),
});

export const summaryFileSchema = z.discriminatedUnion('format', [summaryV1Schema, summaryV2Schema]);

/** A summary.json of either format. */
export type SummaryData = z.output<typeof summaryFileSchema>;
/** A summary.json of the current format: what `sweep` and `merge` write. */
export type CurrentSummaryData = z.output<typeof summaryV2Schema>;
export type MissingRange = z.output<typeof missingRangeSchema>;

/** Reads and checks a summary.json (InputError naming the file and field when malformed). */
export function readSummaryFile(file: string): SummaryData {
  return readJsonFile(file, summaryFileSchema, 'a summary.json written by chiplet-dse sweep');
}

/** Writes a summary.json atomically (two-space indented JSON). */
export function writeSummaryFile(file: string, summary: SummaryData): void {
  writeFileAtomic(file, JSON.stringify(summary, null, 2));
}

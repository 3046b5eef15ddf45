/**
 * The front.json file format (`chiplet-dse-front/2`): one zod schema, the TypeScript types
 * derived from it, and the typed read and write functions used by `sweep`, `merge` and `report`.
 * Format 2 adds the shard's point range, the evaluated ranges and the partial flag, which `merge`
 * checks; format 1 files are read (for `report`) but not merged.
 */
import { z } from 'zod';
import { readJsonFile } from '../io/readJsonFile.js';
import { metricsSchema } from '../metrics/metricsSchema.js';
import { writeFileAtomic } from '../io/atomicWrite.js';
import { pointRangesSchema, shardSpanSchema } from './coverage.js';

/** The current format; `chiplet-dse-front/1` files (no point ranges) are still read, for `report`. */
export const FRONT_FORMAT = 'chiplet-dse-front/2';
export const FRONT_FORMAT_V1 = 'chiplet-dse-front/1';

export const frontPointSchema = z.strictObject({
  pointIndex: z.number().int().min(0),
  /**
   * Parameter name -> the level's value: the number or true/false a level sets when it sets one
   * field to one, else its label (text values, bundles). Files before typed values hold labels.
   */
  parameters: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  /** Objective values in their own sense (not negated). */
  objectives: z.array(z.number()),
  metrics: metricsSchema,
  /**
   * Values of the derived metrics registered by plugin packages (id -> value; null where the
   * value is not a finite number). Absent when none is registered.
   */
  derived: z.record(z.string(), z.number().nullable()).optional(),
});

export const shardSchema = z.strictObject({
  index: z.number().int().min(0),
  count: z.number().int().min(1),
});

const objectivesSchema = z
  .array(z.strictObject({ metric: z.string(), goal: z.enum(['minimize', 'maximize']) }))
  .min(1);

/** The first format: no point ranges, so `merge` cannot check it for missing or repeated shards. */
const frontFileV1Schema = z.strictObject({
  format: z.literal(FRONT_FORMAT_V1),
  design: z.string(),
  fingerprint: z.string(),
  objectives: objectivesSchema,
  parameters: z.array(z.string()),
  shard: shardSchema,
  points: z.array(frontPointSchema),
});

const frontFileV2Schema = z.strictObject({
  format: z.literal(FRONT_FORMAT),
  design: z.string(),
  /** Hash of everything that decides the points and the front; `merge` refuses fronts of others. */
  fingerprint: z.string(),
  /** Points in the whole space. */
  totalPoints: z.number().int().min(0),
  /** The shard this front is of and its point range (a merge: 0/1 over every point). */
  shard: shardSpanSchema,
  /** The ranges of point indices whose points this front covers. */
  evaluated: pointRangesSchema,
  /** True when `evaluated` does not cover the shard's range (an interrupted sweep, a partial merge). */
  partial: z.boolean(),
  objectives: objectivesSchema,
  parameters: z.array(z.string()),
  points: z.array(frontPointSchema),
});

export const frontFileSchema = z
  .discriminatedUnion('format', [frontFileV1Schema, frontFileV2Schema])
  .superRefine((front, ctx) => {
    // Every point carries one value per objective: merge and the report index them by position.
    front.points.forEach((p, i) => {
      if (p.objectives.length !== front.objectives.length)
        ctx.addIssue({
          code: 'custom',
          path: ['points', i, 'objectives'],
          message: `a list of ${front.objectives.length} numbers (one per objective)`,
          input: p.objectives,
        });
    });
  });

export type FrontPoint = z.output<typeof frontPointSchema>;
/** A front.json of either format. */
export type FrontFile = z.output<typeof frontFileSchema>;
/** A front.json of the current format: what `sweep` and `merge` write. */
export type CurrentFrontFile = z.output<typeof frontFileV2Schema>;

const FRONT_WHAT = 'a front.json written by chiplet-dse sweep';

/** Reads and checks a front.json (InputError naming the file and field when malformed). */
export function readFrontFile(file: string): FrontFile {
  return readJsonFile(file, frontFileSchema, FRONT_WHAT);
}

/** Writes a front.json atomically (two-space indented JSON). */
export function writeFrontFile(file: string, front: FrontFile): void {
  writeFileAtomic(file, JSON.stringify(front, null, 2));
}

/**
 * The front.json file format (`chiplet-dse-front/1`): one zod schema, the TypeScript types
 * derived from it, and the typed read and write functions used by `sweep`, `merge` and `report`.
 */
import { z } from 'zod';
import { readJsonFile } from '../io/readJsonFile.js';
import { metricsSchema } from '../metrics/metricsSchema.js';
import { writeFileAtomic } from '../io/atomicWrite.js';

export const FRONT_FORMAT = 'chiplet-dse-front/1';

export const frontPointSchema = z.strictObject({
  pointIndex: z.number().int().min(0),
  /** Parameter name -> the level's label. */
  parameters: z.record(z.string(), z.string()),
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

export const frontFileSchema = z
  .strictObject({
    format: z.literal(FRONT_FORMAT),
    design: z.string(),
    /** Hash of everything that decides the results; `merge` refuses fronts of different sweeps. */
    fingerprint: z.string(),
    objectives: z
      .array(z.strictObject({ metric: z.string(), goal: z.enum(['minimize', 'maximize']) }))
      .min(1),
    parameters: z.array(z.string()),
    shard: shardSchema,
    points: z.array(frontPointSchema),
  })
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
export type FrontFile = z.output<typeof frontFileSchema>;

const FRONT_WHAT = 'a front.json written by chiplet-dse sweep';

/** Reads and checks a front.json (InputError naming the file and field when malformed). */
export function readFrontFile(file: string): FrontFile {
  return readJsonFile(file, frontFileSchema, FRONT_WHAT);
}

/** Writes a front.json atomically (two-space indented JSON). */
export function writeFrontFile(file: string, front: FrontFile): void {
  writeFileAtomic(file, JSON.stringify(front, null, 2));
}

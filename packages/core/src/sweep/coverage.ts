/**
 * Which points a sweep file covers: its shard's identity (index, count and point range) and the
 * ranges of point indices it evaluated. Fronts, summaries and checkpoints carry these so that a
 * merge can tell a missing, incomplete or repeated shard, and a resume can tell a checkpoint whose
 * ranges do not fit its shard.
 */
import { z } from 'zod';
import { shardRange } from '../space/shard.js';

/** A half-open range [start, end) of point indices. */
export type PointRange = [number, number];

const index = () => z.number().int().min(0);

/** [start, end) with start < end. */
export const pointRangeSchema = z
  .tuple([index(), index()])
  .refine(([a, b]) => a < b, { message: 'a range [start, end) with start < end' });

/** Sorted, disjoint, non-touching ranges (as addRange keeps them). */
export const pointRangesSchema = z.array(pointRangeSchema).superRefine((ranges, ctx) => {
  for (let i = 1; i < ranges.length; i++)
    if (ranges[i]![0] <= ranges[i - 1]![1])
      ctx.addIssue({
        code: 'custom',
        path: [i],
        message: `ranges sorted and apart: after [${ranges[i - 1]!.join(', ')}] one that starts after ${ranges[i - 1]![1]}`,
        input: ranges[i],
      });
});

/** A shard and the point range [start, end) it was given. */
export const shardSpanSchema = z
  .strictObject({
    index: index(),
    count: z.number().int().min(1),
    start: index(),
    end: index(),
  })
  .refine((s) => s.index < s.count && s.start <= s.end, {
    message: 'a shard with index < count and start <= end',
  });

export type ShardSpan = z.output<typeof shardSpanSchema>;

/** The span of shard `index` of `count` over `total` points. */
export function shardSpan(total: number, index: number, count: number): ShardSpan {
  return { index, count, ...shardRange(total, index, count) };
}

export const shardLabel = (s: { index: number; count: number }): string => `${s.index}/${s.count}`;

/** "points 24..47", "point 3". */
export function describeRange([a, b]: readonly [number, number]): string {
  return b - a === 1 ? `point ${a}` : `points ${a}..${b - 1}`;
}

export const rangeSize = (ranges: readonly (readonly [number, number])[]): number =>
  ranges.reduce((s, [a, b]) => s + (b - a), 0);

/** The parts of [start, end) that `ranges` (sorted, disjoint) do not cover. */
export function uncovered(
  ranges: readonly (readonly [number, number])[],
  start: number,
  end: number,
): PointRange[] {
  const out: PointRange[] = [];
  let cursor = start;
  for (const [a, b] of ranges) {
    if (b <= cursor || a >= end) continue;
    if (a > cursor) out.push([cursor, Math.min(a, end)]);
    cursor = Math.max(cursor, b);
  }
  if (cursor < end) out.push([cursor, end]);
  return out;
}

/** Whether every range lies inside [start, end). */
export const within = (ranges: readonly (readonly [number, number])[], start: number, end: number): boolean =>
  ranges.every(([a, b]) => a >= start && b <= end);

/** The shard of `count` over `total` points that holds point `p` (the inverse of shardRange). */
export function shardOfPoint(total: number, count: number, p: number): number {
  const rest = total % count;
  const base = (total - rest) / count;
  const big = rest * (base + 1);
  return p < big ? Math.floor(p / (base + 1)) : rest + Math.floor((p - big) / base);
}

/** The shards of `count` (over `total` points) that overlap `range`, in order; at most `limit`. */
export function shardsOverlapping(
  total: number,
  count: number,
  [a, b]: readonly [number, number],
  limit = Number.POSITIVE_INFINITY,
): number[] {
  const out: number[] = [];
  for (let i = shardOfPoint(total, count, a); i < count && out.length < limit; i++) {
    const r = shardRange(total, i, count);
    if (r.start >= b) break;
    if (r.end > r.start) out.push(i);
  }
  return out;
}

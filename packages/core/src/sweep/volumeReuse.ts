/**
 * Reuse across production volumes. The plugin contract makes NRE per unit equal total NRE over
 * `system.volumeUnits`, and nothing else depend on the volume (the conformance kit checks it).
 * So when a parameter of the space sets only the volume, the points that differ in nothing but
 * that parameter share one evaluation: the row's NRE parts are rescaled (x V0/V) and its totals
 * derived again (finishRow) instead of re-evaluating. The shared evaluation is always the one at
 * the first volume level, so a point's numbers do not depend on which points a task saw before
 * it (fronts stay bit-identical across task sizes and shards); they equal a fresh evaluation up
 * to the rounding of the rescale.
 */
import { finishRow, ROW } from '../metrics/row.js';
import type { Metrics } from '../metrics/types.js';
import type { Buildable } from './compiledPoints.js';
import {
  PointEvaluator,
  POINT_FEASIBLE,
  POINT_INFEASIBLE,
  type PointOutcome,
  type PointStatus,
} from './evaluatePoint.js';
import type { SweepContext } from './sweepContext.js';

const CACHE_LIMIT = 512;

interface Entry {
  status: PointStatus;
  pluginId: string;
  message: string;
  exit: boolean;
  /** Feasible and infeasible points: the structure, its row at the first volume, its levels. */
  structure: Buildable | undefined;
  row: Float64Array | undefined;
  levels: Int32Array | undefined;
}

/** Metrics of the same design at another volume: every NRE part scales as V0/V. */
export function rescaleVolume(m: Metrics, fromUnits: number, toUnits: number): Metrics {
  if (fromUnits === toUnits) return m;
  const k = fromUnits / toUnits;
  const nre = {
    designUsd: m.cost.nre.designUsd * k,
    masksUsd: m.cost.nre.masksUsd * k,
    d2dPhyUsd: m.cost.nre.d2dPhyUsd * k,
    packageUsd: m.cost.nre.packageUsd * k,
  };
  const nreUsd = nre.designUsd + nre.masksUsd + nre.d2dPhyUsd + nre.packageUsd;
  return { ...m, cost: { ...m.cost, nre, nreUsd, totalUsd: m.cost.recurringUsd + nreUsd } };
}

/** The same rescale on a row, in place (the same operations, so the same numbers). */
export function rescaleRowVolume(row: Float64Array, fromUnits: number, toUnits: number): void {
  if (fromUnits === toUnits) return;
  const k = fromUnits / toUnits;
  row[ROW.nreDesignUsd] = row[ROW.nreDesignUsd]! * k;
  row[ROW.nreMasksUsd] = row[ROW.nreMasksUsd]! * k;
  row[ROW.nreD2dPhyUsd] = row[ROW.nreD2dPhyUsd]! * k;
  row[ROW.nrePackageUsd] = row[ROW.nrePackageUsd]! * k;
  finishRow(row);
}

export class VolumeReuse {
  private readonly cache = new Map<number, Entry>();
  private readonly strides: number[];
  private readonly evaluator: PointEvaluator;
  /** The rescaled row of the last point. */
  private scratch = new Float64Array(0);

  private constructor(
    private readonly ctx: SweepContext,
    private readonly volumeParam: number,
    private readonly volumeLevels: readonly number[],
  ) {
    // A key that ignores the volume level: mixed radix over the other parameters.
    const counts = ctx.space.levelCounts;
    this.strides = new Array<number>(counts.length).fill(0);
    let stride = 1;
    for (let j = counts.length - 1; j >= 0; j--) {
      if (j === volumeParam) continue;
      this.strides[j] = stride;
      stride *= counts[j]!;
    }
    this.evaluator = PointEvaluator.forContext(ctx);
  }

  private static readonly byContext = new WeakMap<SweepContext, VolumeReuse | null>();

  /**
   * The reuse of a sweep (one per context, kept across tasks), or undefined when no parameter
   * sets system.volumeUnits and nothing else.
   */
  static forContext(ctx: SweepContext): VolumeReuse | undefined {
    const known = VolumeReuse.byContext.get(ctx);
    if (known !== undefined) return known ?? undefined;
    const made = VolumeReuse.create(ctx);
    VolumeReuse.byContext.set(ctx, made ?? null);
    return made;
  }

  private static create(ctx: SweepContext): VolumeReuse | undefined {
    // Only a grid visits the volume levels of one design one after another (the cache hits);
    // sampled points rarely share the other levels, and a compiled plan is cheaper than the
    // cache's bookkeeping. Decided per sweep, so every thread and shard agrees.
    if (ctx.space.strategy.kind !== 'grid') return undefined;
    const j = ctx.space.parameters.findIndex(
      (p) => p.targets.length === 1 && p.targets[0]!.canonical === 'system.volumeUnits',
    );
    if (j < 0) return undefined;
    const levels = ctx.space.parameters[j]!.levels.map((l) => {
      const v = l.set.length === 1 ? l.set[0]!.value : undefined;
      return typeof v === 'number' ? v : Number.NaN;
    });
    if (levels.some((v) => !(v > 0))) return undefined;
    return new VolumeReuse(ctx, j, levels);
  }

  /**
   * Evaluates point `index` (decoding its levels into `levels`), through the shared evaluation
   * at the first volume level. The point's plugin id, message and record are then those of the
   * context's PointEvaluator (`PointEvaluator.forContext(ctx)`).
   */
  evaluateStatus(index: number, levels: Int32Array, objectivesOut: Float64Array): PointStatus {
    this.ctx.decoder.decode(index, levels);
    let key = 0;
    for (let j = 0; j < levels.length; j++) key += levels[j]! * this.strides[j]!;
    const volume = this.volumeLevels[levels[this.volumeParam]!]!;
    const ev = this.evaluator;
    let hit = this.cache.get(key);
    if (hit === undefined) {
      const level = levels[this.volumeParam]!;
      levels[this.volumeParam] = 0;
      const status = ev.evaluate(levels, objectivesOut);
      const s = ev.structure;
      hit = {
        status,
        pluginId: ev.pluginId,
        message: ev.message,
        exit: ev.exit,
        structure: s,
        row: s === undefined ? undefined : s.row.slice(),
        levels: s === undefined ? undefined : levels.slice(),
      };
      levels[this.volumeParam] = level;
      if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(key, hit);
    }
    if (hit.structure === undefined || (hit.status !== POINT_FEASIBLE && hit.status !== POINT_INFEASIBLE)) {
      ev.resumeFailed(hit.pluginId, hit.message, hit.exit);
      return hit.status;
    }
    if (this.scratch.length !== hit.row!.length) this.scratch = new Float64Array(hit.row!.length);
    this.scratch.set(hit.row!);
    rescaleRowVolume(this.scratch, this.volumeLevels[0]!, volume);
    ev.resume(hit.structure, hit.levels!, hit.pluginId);
    return ev.judge(this.scratch, objectivesOut);
  }

  /** The metrics record of the last point (feasible or infeasible), else undefined. */
  metrics(): Metrics | undefined {
    return this.evaluator.metrics(this.scratch);
  }

  /** evaluateStatus with the point's metrics record. */
  evaluate(index: number, levels: Int32Array, objectivesOut: Float64Array): PointOutcome {
    const status = this.evaluateStatus(index, levels, objectivesOut);
    const ev = this.evaluator;
    const metrics = status === POINT_FEASIBLE || status === POINT_INFEASIBLE ? this.metrics() : undefined;
    return {
      status,
      metrics,
      pluginId: ev.pluginId,
      message: ev.message,
      ...(ev.exit ? { exit: true as const } : {}),
    };
  }
}

/**
 * Evaluating one point of a sweep: decode its levels, find the compiled structure of its
 * structural levels (compiledPoints.ts), write its numeric levels into the structure's numbers,
 * run the Plan into the structure's row, check the row with the metrics guard and the
 * constraints, and write the objective vector (minimisation form). Combinations the approach
 * cannot build are "invalid" (skipped, counted); a plugin that throws or breaks the metrics
 * contract makes a "failed" point.
 *
 * `PointEvaluator.evaluate` builds no Metrics record for points whose objectives and constraints
 * are metric paths (read from the row); the record is built on demand (`metrics()`), for fronts,
 * --all-points and derived metrics.
 */
import { METRIC_ROW_INDEX, derivedMetricFault, isMetricPath } from '../design/spaceSchema.js';
import { PluginExitError } from '../plugin/exitGuard.js';
import { metricsViolations } from '../metrics/checkMetrics.js';
import { ROW } from '../metrics/row.js';
import type { Metrics } from '../metrics/types.js';
import {
  StructureCache,
  rowIsSound,
  splitParameters,
  structureMetrics,
  writeNumericValues,
  type Buildable,
} from './compiledPoints.js';
import type { SweepContext } from './sweepContext.js';

export const POINT_FEASIBLE = 0;
export const POINT_INFEASIBLE = 1;
export const POINT_INVALID = 2;
export const POINT_FAILED = 3;
export type PointStatus = 0 | 1 | 2 | 3;
export const STATUS_NAMES = ['feasible', 'infeasible', 'invalid', 'failed'] as const;

export interface PointOutcome {
  status: PointStatus;
  metrics: Metrics | undefined;
  /** Plugin id and message of a failed or invalid point. */
  pluginId: string;
  message: string;
  /** The plugin called process.exit on this point (the exit guard stopped it): the sweep stops. */
  exit?: true;
}

/** Row index of each metric path, -1 for derived metrics (computed from the record). */
function rowIndices(paths: readonly string[]): Int32Array {
  return Int32Array.from(paths, (p) => (isMetricPath(p) ? METRIC_ROW_INDEX[p] : -1));
}

/**
 * The point evaluator of a sweep context (one per context and thread): the structure cache and
 * the state of the last point evaluated.
 */
export class PointEvaluator {
  readonly structures: StructureCache;
  private readonly objectiveRow: Int32Array;
  private readonly constraintRow: Int32Array;
  /** The structure of the last point, when it was evaluated (feasible or infeasible). */
  private current: Buildable | undefined;
  private record: Metrics | undefined;
  /** Plugin id and message of the last point, when it was invalid or failed. */
  pluginId = '';
  message = '';
  /** The last point's plugin called process.exit (the exit guard turned it into a throw). */
  exit = false;

  private constructor(private readonly ctx: SweepContext) {
    this.structures = new StructureCache(
      { base: ctx.base, space: ctx.space, tech: ctx.tech, registry: ctx.registry, file: ctx.file },
      splitParameters(ctx.space),
    );
    this.objectiveRow = rowIndices(ctx.objectives.map((o) => o.metric));
    this.constraintRow = rowIndices(ctx.constraints.map((c) => c.metric));
  }

  private static readonly byContext = new WeakMap<SweepContext, PointEvaluator>();

  static forContext(ctx: SweepContext): PointEvaluator {
    let e = PointEvaluator.byContext.get(ctx);
    if (e === undefined) {
      e = new PointEvaluator(ctx);
      PointEvaluator.byContext.set(ctx, e);
    }
    return e;
  }

  /** Evaluates the point with these levels (already decoded); objectives go to objectivesOut. */
  evaluate(levels: Int32Array, objectivesOut: Float64Array): PointStatus {
    this.current = undefined;
    this.record = undefined;
    this.resumeLevels = undefined;
    this.exit = false;
    let s;
    try {
      s = this.structures.get(levels);
    } catch (err) {
      // Only a plugin's process.exit escapes compiling (other errors make unbuildable structures).
      return this.thrown(this.ctx.base.package.approach, err);
    }
    if (!s.ok) {
      this.pluginId = s.pluginId;
      this.message = s.message;
      return s.invalid ? POINT_INVALID : POINT_FAILED;
    }
    this.pluginId = s.pluginId;
    this.message = '';
    writeNumericValues(this.structures.split, s, levels);
    try {
      s.plan.evaluate(s.x, s.row);
    } catch (err) {
      return this.thrown(s.pluginId, err);
    }
    if (!rowIsSound(s.layout, s.row)) {
      this.message = `model error: ${metricsViolations(structureMetrics(s)).join('; ')}`;
      return POINT_FAILED;
    }
    this.current = s;
    return this.judge(s.row, objectivesOut);
  }

  /**
   * Constraints and objectives of the last evaluated point from `row` (its own row, or a copy
   * rescaled to another volume by VolumeReuse).
   */
  judge(row: Float64Array, objectivesOut: Float64Array): PointStatus {
    const ctx = this.ctx;
    derivedMetricFault.last = ''; // a fault seen elsewhere (an --all-points column) is not this one's
    let feasible = row[ROW.feasible] === 1;
    for (let c = 0; c < ctx.constraints.length && feasible; c++) {
      const at = this.constraintRow[c]!;
      const v = at >= 0 ? row[at]! : ctx.constraintGetters[c]!(this.metricsOf(row));
      const con = ctx.constraints[c]!;
      if (v !== v) return this.notANumber('constraint', con.metric);
      if ((con.max !== undefined && v > con.max) || (con.min !== undefined && v < con.min)) feasible = false;
    }
    for (let o = 0; o < this.objectiveRow.length; o++) {
      const at = this.objectiveRow[o]!;
      const v = at >= 0 ? row[at]! : ctx.objectiveGetters[o]!(this.metricsOf(row));
      // NaN (a derived metric undefined here, or one that threw or returned no number) cannot be
      // ranked: the point fails, the sweep goes on.
      if (v !== v) return this.notANumber('objective', ctx.objectives[o]!.metric);
      objectivesOut[o] = ctx.objectiveSigns[o]! * v;
    }
    return feasible ? POINT_FEASIBLE : POINT_INFEASIBLE;
  }

  private notANumber(kind: 'constraint' | 'objective', metric: string): PointStatus {
    const fault = derivedMetricFault.last;
    derivedMetricFault.last = '';
    this.current = undefined;
    this.message =
      fault === ''
        ? `${kind} ${metric} is NaN at this point, which cannot be ${kind === 'objective' ? 'ranked' : 'checked'}`
        : `${kind} ${metric}: ${fault}`;
    return POINT_FAILED;
  }

  /** A point whose plugin threw (or called process.exit, which the exit guard turns into a throw). */
  private thrown(pluginId: string, err: unknown): PointStatus {
    this.pluginId = pluginId;
    this.message = (err as Error)?.message ?? String(err);
    this.exit = err instanceof PluginExitError;
    return POINT_FAILED;
  }

  /** The structure of the last point evaluated (feasible or infeasible), else undefined. */
  get structure(): Buildable | undefined {
    return this.current;
  }

  /**
   * Makes an earlier point current again (VolumeReuse): its structure, and the levels whose
   * numbers its reasons are asked with when the record is built.
   */
  resume(s: Buildable, levels: ArrayLike<number>, pluginId: string): void {
    this.current = s;
    this.record = undefined;
    this.pluginId = pluginId;
    this.message = '';
    this.exit = false;
    this.resumeLevels = levels;
  }

  /** The invalid or failed outcome of an earlier point, made current again. */
  resumeFailed(pluginId: string, message: string, exit: boolean): void {
    this.current = undefined;
    this.record = undefined;
    this.pluginId = pluginId;
    this.message = message;
    this.exit = exit;
  }

  private resumeLevels: ArrayLike<number> | undefined;

  private metricsOf(row: Float64Array): Metrics {
    if (this.record === undefined) {
      const s = this.current!;
      // The structure's numbers may since have been overwritten by another point: restore them.
      if (this.resumeLevels !== undefined) writeNumericValues(this.structures.split, s, this.resumeLevels);
      this.record = structureMetrics(s, row);
    }
    return this.record;
  }

  /**
   * The metrics record of the last point evaluated (feasible or infeasible), or of `row` (a
   * rescaled copy of its row); built once per point.
   */
  metrics(row?: Float64Array): Metrics | undefined {
    if (this.current === undefined) return undefined;
    return this.metricsOf(row ?? this.current.row);
  }
}

export function evaluatePoint(
  ctx: SweepContext,
  index: number,
  levels: Int32Array,
  objectivesOut: Float64Array,
): PointOutcome {
  ctx.decoder.decode(index, levels);
  return evaluateLevels(ctx, levels, objectivesOut);
}

/** Evaluates the point with these levels (already decoded), with its metrics record. */
export function evaluateLevels(
  ctx: SweepContext,
  levels: Int32Array,
  objectivesOut: Float64Array,
): PointOutcome {
  const e = PointEvaluator.forContext(ctx);
  const status = e.evaluate(levels, objectivesOut);
  return {
    status,
    metrics: e.metrics(),
    pluginId: e.pluginId,
    message: e.message,
    ...(e.exit ? { exit: true as const } : {}),
  };
}

/**
 * Evaluating one point of a sweep: decode its levels, apply them to the base design, resolve,
 * evaluate with the plugin, check the model's feasibility and the constraints, and write the
 * objective vector (minimisation form). Combinations the approach cannot build are "invalid"
 * (skipped, counted); a plugin that throws or breaks the metrics contract makes a "failed" point.
 */
import { InputError } from '../errors.js';
import { evaluatePlan, prepareDesign } from '../evaluate/prepareCase.js';
import { pointNumbersOf } from '../plugin/pointNumbers.js';
import { metricsViolations } from '../metrics/checkMetrics.js';
import type { Metrics } from '../metrics/types.js';
import { applyPoint } from '../space/decodePoint.js';
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

/** Evaluates the point with these levels (already decoded). */
export function evaluateLevels(
  ctx: SweepContext,
  levels: Int32Array,
  objectivesOut: Float64Array,
): PointOutcome {
  const body = applyPoint(ctx.base, ctx.space, levels);
  let prepared;
  try {
    prepared = prepareDesign(body, ctx.tech, ctx.registry, { file: ctx.file, reticleIsInputError: false });
  } catch (err) {
    if (err instanceof InputError)
      return {
        status: POINT_INVALID,
        metrics: undefined,
        pluginId: body.package.approach,
        message: err.message,
      };
    return {
      status: POINT_FAILED,
      metrics: undefined,
      pluginId: body.package.approach,
      message: (err as Error).message,
    };
  }
  const { design, plugin, plan } = prepared;
  let metrics: Metrics;
  try {
    metrics = evaluatePlan(plan, pointNumbersOf(design));
  } catch (err) {
    return {
      status: POINT_FAILED,
      metrics: undefined,
      pluginId: plugin.id,
      message: (err as Error)?.message ?? String(err),
    };
  }
  const violations = metricsViolations(metrics);
  if (violations.length > 0) {
    return {
      status: POINT_FAILED,
      metrics: undefined,
      pluginId: plugin.id,
      message: `model error: ${violations.join('; ')}`,
    };
  }
  let feasible = metrics.feasibility.feasible;
  for (let c = 0; c < ctx.constraints.length && feasible; c++) {
    const v = ctx.constraintGetters[c]!(metrics);
    const con = ctx.constraints[c]!;
    if ((con.max !== undefined && v > con.max) || (con.min !== undefined && v < con.min)) feasible = false;
  }
  for (let o = 0; o < ctx.objectiveGetters.length; o++) {
    objectivesOut[o] = ctx.objectiveSigns[o]! * ctx.objectiveGetters[o]!(metrics);
  }
  return { status: feasible ? POINT_FEASIBLE : POINT_INFEASIBLE, metrics, pluginId: plugin.id, message: '' };
}

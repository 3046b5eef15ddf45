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
import { derivedMetricFault } from '../design/spaceSchema.js';
import { PluginExitError } from '../plugin/exitGuard.js';
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

/** A point whose plugin threw (or called process.exit, which the exit guard turns into a throw). */
function thrown(pluginId: string, err: unknown): PointOutcome {
  const message = (err as Error)?.message ?? String(err);
  return err instanceof PluginExitError
    ? { status: POINT_FAILED, metrics: undefined, pluginId, message, exit: true }
    : { status: POINT_FAILED, metrics: undefined, pluginId, message };
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
    return thrown(body.package.approach, err);
  }
  const { design, plugin, plan } = prepared;
  let metrics: Metrics;
  try {
    metrics = evaluatePlan(plan, pointNumbersOf(design));
  } catch (err) {
    return thrown(plugin.id, err);
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
  return judgePoint(ctx, metrics, plugin.id, objectivesOut);
}

/**
 * Checks the constraints of a sound metrics record and writes its objective vector. A constraint
 * or objective that is NaN (a derived metric undefined there, or one that threw or returned a
 * non-number) fails the point: the Pareto archive cannot rank it, and one point must not stop a
 * sweep. Metric getters never throw (design/spaceSchema.ts), so no try is needed here.
 */
export function judgePoint(
  ctx: SweepContext,
  metrics: Metrics,
  pluginId: string,
  objectivesOut: Float64Array,
): PointOutcome {
  derivedMetricFault.last = ''; // a fault seen elsewhere (an --all-points column) is not this one's
  let feasible = metrics.feasibility.feasible;
  for (let c = 0; c < ctx.constraints.length && feasible; c++) {
    const v = ctx.constraintGetters[c]!(metrics);
    const con = ctx.constraints[c]!;
    if (v !== v) return notANumber(pluginId, 'constraint', con.metric);
    if ((con.max !== undefined && v > con.max) || (con.min !== undefined && v < con.min)) feasible = false;
  }
  for (let o = 0; o < ctx.objectiveGetters.length; o++) {
    const v = ctx.objectiveGetters[o]!(metrics);
    if (v !== v) return notANumber(pluginId, 'objective', ctx.objectives[o]!.metric);
    objectivesOut[o] = ctx.objectiveSigns[o]! * v;
  }
  return { status: feasible ? POINT_FEASIBLE : POINT_INFEASIBLE, metrics, pluginId, message: '' };
}

function notANumber(pluginId: string, kind: 'constraint' | 'objective', metric: string): PointOutcome {
  const fault = derivedMetricFault.last;
  derivedMetricFault.last = '';
  return {
    status: POINT_FAILED,
    metrics: undefined,
    pluginId,
    message:
      fault === ''
        ? `${kind} ${metric} is NaN at this point, which cannot be ${kind === 'objective' ? 'ranked' : 'checked'}`
        : `${kind} ${metric}: ${fault}`,
  };
}

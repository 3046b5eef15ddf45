/**
 * The simple way to a Plan: a model that returns a `Metrics` record for a resolved design.
 * The layout is taken from the record of the compiled design itself (dies, links and thermal
 * entries are structural, so every point of the structure has the same ones); each point
 * rebuilds the design from its numbers (`designAt`) and writes the record into the row.
 *
 * It allocates per point (the design copy and the record), so it suits models written as
 * records; a plan written for speed writes the row directly (metrics/row.ts). It keeps the last
 * record, so the point the plan was compiled for and the reasons of the point just evaluated
 * cost no second run of the model.
 */
import type { ResolvedDesign } from '../design/types.js';
import { describeValue, ModelError } from '../errors.js';
import { writeMetricsRow, type RowLayout } from '../metrics/row.js';
import { recordLayout } from './kernelParts.js';
import type { Metrics } from '../metrics/types.js';
import type { Plan } from '../plugin/contract.js';
import {
  copyPointNumbers,
  designAt,
  pointNumbersOf,
  samePointNumbers,
  type PointNumbers,
} from '../plugin/pointNumbers.js';

/** Whether a record has exactly the layout's dies, links and thermal entries, in order. */
function matchesLayout(layout: RowLayout, m: Metrics): boolean {
  const dies = m.yields.dies;
  const links = m.bandwidth.links;
  const thermal = m.thermal.dies;
  if (
    dies.length !== layout.dieIds.length ||
    links.length !== layout.links.length ||
    thermal.length !== layout.thermalIds.length
  )
    return false;
  for (let i = 0; i < dies.length; i++) if (dies[i]!.id !== layout.dieIds[i]) return false;
  for (let k = 0; k < links.length; k++) {
    const l = layout.links[k]!;
    if (links[k]!.from !== l.from || links[k]!.to !== l.to) return false;
  }
  for (let i = 0; i < thermal.length; i++) if (thermal[i]!.id !== layout.thermalIds[i]) return false;
  return true;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';

/** The model's result if it has a Metrics record's structure; a ModelError naming the plugin if not. */
function checkRecord(pluginId: string, m: unknown): Metrics {
  const r = m as Record<string, Record<string, unknown> | undefined>;
  if (
    !isObject(m) ||
    !isObject(r['cost']) ||
    !isObject(r['feasibility']) ||
    !Array.isArray(r['yields']?.['dies']) ||
    !Array.isArray(r['bandwidth']?.['links']) ||
    !Array.isArray(r['thermal']?.['dies'])
  )
    throw new ModelError(pluginId, `the model returned ${describeValue(m)}, expected a Metrics record`);
  return m as unknown as Metrics;
}

/**
 * A plan evaluating `model` at each point. `model` must be pure and must not keep the design it
 * is given. A record whose structure differs from the compiled one (a model bug) makes a row of
 * NaN, which the metrics guard reports as a model error.
 */
export function recordPlan<D extends ResolvedDesign>(
  plugin: { id: string; version: string },
  design: D,
  model: (design: D) => Metrics,
): Plan {
  const first = checkRecord(plugin.id, model(design));
  const layout = recordLayout(plugin, first);
  // The last record and the numbers it was made for: compiling made one for the design's own
  // numbers, which a sweep evaluates next, and reasons() asks again for the point just evaluated.
  const lastX = pointNumbersOf(design);
  let last = first;
  const at = (x: PointNumbers): Metrics => {
    if (!samePointNumbers(x, lastX)) {
      last = checkRecord(plugin.id, model(designAt(design, x)));
      copyPointNumbers(x, lastX);
    }
    return last;
  };
  return {
    layout,
    evaluate(x, out) {
      const m = at(x);
      if (matchesLayout(layout, m)) writeMetricsRow(layout, m, out);
      else out.fill(Number.NaN);
    },
    reasons(x) {
      return at(x).feasibility.reasons;
    },
  };
}

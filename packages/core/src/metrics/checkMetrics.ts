/**
 * The guard between a plugin and the user: no NaN or Infinity, yields in (0, 1], non-negative
 * costs, and totals that equal the sum of their parts. A violation is a model bug (ModelError).
 */
import { ModelError } from '../errors.js';
import type { Metrics } from './types.js';

function walkNumbers(value: unknown, path: string, visit: (path: string, n: number) => void): void {
  if (typeof value === 'number') visit(path, value);
  else if (Array.isArray(value)) value.forEach((v, i) => walkNumbers(v, `${path}[${i}]`, visit));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) walkNumbers(v, path === '' ? k : `${path}.${k}`, visit);
  }
}

function allNonNegative(value: unknown): boolean {
  if (typeof value === 'number') return value >= 0;
  if (Array.isArray(value)) {
    for (const v of value) if (!allNonNegative(v)) return false;
    return true;
  }
  if (value !== null && typeof value === 'object') {
    for (const k in value) if (!allNonNegative((value as Record<string, unknown>)[k])) return false;
  }
  return true;
}

const REL_TOL = 1e-9;

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= REL_TOL * Math.max(1, Math.abs(a), Math.abs(b));
}

/** True when every number in the value is finite (no path bookkeeping: the common case). */
function allFinite(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) {
    for (const v of value) if (!allFinite(v)) return false;
    return true;
  }
  if (value !== null && typeof value === 'object') {
    for (const k in value) if (!allFinite((value as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/** Returns the list of contract violations (empty when the record is sound). */
export function metricsViolations(m: Metrics): string[] {
  const out: string[] = [];
  if (!allFinite(m)) {
    walkNumbers(m, '', (path, n) => {
      if (!Number.isFinite(n)) out.push(`${path} is ${n}`);
    });
    return out;
  }
  const yields = [
    ...m.yields.dies.map((d) => [`yields.dies[${d.id}]`, d.dieYield] as const),
    ['yields.carrier', m.yields.carrier] as const,
    ['yields.assembly', m.yields.assembly] as const,
    ['yields.package', m.yields.package] as const,
    ['yields.compound', m.yields.compound] as const,
  ];
  for (const [path, y] of yields) if (!(y > 0 && y <= 1)) out.push(`${path} = ${y} is outside (0, 1]`);
  if (!allNonNegative(m.cost)) {
    walkNumbers(m.cost, 'cost', (path, n) => {
      if (n < 0) out.push(`${path} = ${n} is negative`);
    });
  }
  const r = m.cost.recurring;
  const recurringSum =
    r.rawDiesUsd +
    r.defectLossUsd +
    r.carrierUsd +
    r.bondingAssemblyUsd +
    r.testUsd +
    r.componentsUsd +
    r.packageScrapUsd +
    r.wastedGoodDiesUsd;
  if (!close(recurringSum, m.cost.recurringUsd))
    out.push(`cost.recurringUsd = ${m.cost.recurringUsd} but its parts sum to ${recurringSum}`);
  const n = m.cost.nre;
  const nreSum = n.designUsd + n.masksUsd + n.d2dPhyUsd + n.packageUsd;
  if (!close(nreSum, m.cost.nreUsd))
    out.push(`cost.nreUsd = ${m.cost.nreUsd} but its parts sum to ${nreSum}`);
  if (!close(m.cost.recurringUsd + m.cost.nreUsd, m.cost.totalUsd))
    out.push(`cost.totalUsd != recurringUsd + nreUsd`);
  if (!allNonNegative(m.bandwidth)) {
    walkNumbers(m.bandwidth, 'bandwidth', (path, v) => {
      if (v < 0) out.push(`${path} = ${v} is negative`);
    });
  }
  return out;
}

export function assertMetrics(m: Metrics, pluginId: string): Metrics {
  const problems = metricsViolations(m);
  if (problems.length > 0) throw new ModelError(pluginId, problems.join('; '));
  return m;
}

/**
 * Sweep results on disk: front.csv (one column per parameter and per metric, units in the
 * names), front.json (parameters and full metrics of each front point, plus what `merge` needs),
 * summary.json (counts, front size, hypervolume, timings), and the --all-points stream.
 */
import { mkdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { ModelError } from '../errors.js';
import { hypervolume } from '../pareto/hypervolume.js';
import { pointLabels } from '../space/decodePoint.js';
import { metricGetter, metricPaths } from '../design/spaceSchema.js';
import { AtomicFileStream, writeFileAtomic } from '../io/atomicWrite.js';
import { csvLine } from './csv.js';
import { evaluatePoint, STATUS_NAMES } from './evaluatePoint.js';
import { writeFrontFile, type CurrentFrontFile, type FrontPoint } from './frontFileSchema.js';
import { writeSummaryFile, type CurrentSummaryData } from './summaryFileSchema.js';
import type { SweepContext } from './sweepContext.js';
import { pointRowLayout } from './sweepTask.js';

// The file formats (schemas, types, read/write) live in frontFileSchema.ts and
// summaryFileSchema.ts; the types are re-exported here for existing importers.
export type { CurrentFrontFile, FrontFile, FrontPoint } from './frontFileSchema.js';
export type { CurrentSummaryData, MissingRange, SummaryData } from './summaryFileSchema.js';

/**
 * The value a front point shows for a level: the number or true/false it sets when it sets one
 * field (typed in front.json, so notebooks read numbers as numbers), else its label.
 */
function levelValue(level: { label: string; set: readonly { value: unknown }[] }): string | number | boolean {
  const v = level.set.length === 1 ? level.set[0]!.value : undefined;
  return typeof v === 'number' || typeof v === 'boolean' ? v : level.label;
}

/** Re-evaluates the front points on this thread for their parameters and full metrics. */
export function frontPoints(ctx: SweepContext, indices: ArrayLike<number>): FrontPoint[] {
  const levels = new Int32Array(ctx.decoder.dimensions);
  const obj = new Float64Array(ctx.objectives.length);
  const out: FrontPoint[] = [];
  for (let i = 0; i < indices.length; i++) {
    const k = indices[i]!;
    const r = evaluatePoint(ctx, k, levels, obj);
    if (r.metrics === undefined)
      throw new ModelError(r.pluginId, `front point ${k} did not evaluate again: ${r.message}`);
    const parameters: FrontPoint['parameters'] = {};
    ctx.space.parameters.forEach((p, j) => (parameters[p.name] = levelValue(p.levels[levels[j]!]!)));
    out.push({
      pointIndex: k,
      parameters,
      objectives: ctx.objectiveGetters.map((g) => g(r.metrics!)),
      metrics: r.metrics,
      ...(ctx.derivedMetrics.length === 0 ? {} : { derived: derivedValues(ctx, r.metrics) }),
    });
  }
  return out;
}

function derivedValues(ctx: SweepContext, m: FrontPoint['metrics']): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const d of ctx.derivedMetrics) {
    const v = d.compute(m);
    out[d.id] = Number.isFinite(v) ? v : null;
  }
  return out;
}

/**
 * Hypervolume of the front (minimisation form) against a reference point: given, or the front's
 * nadir pushed out by 10 % of each objective's range (1 where the range is 0).
 */
export function frontHypervolume(
  values: Float64Array,
  m: number,
  reference?: number[],
): { value: number; reference: number[] } {
  const n = values.length / m;
  if (n === 0) return { value: 0, reference: reference ?? [] };
  let ref = reference;
  if (ref === undefined) {
    ref = [];
    for (let j = 0; j < m; j++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < n; i++) {
        lo = Math.min(lo, values[i * m + j]!);
        hi = Math.max(hi, values[i * m + j]!);
      }
      ref.push(hi + (hi > lo ? 0.1 * (hi - lo) : Math.max(1, Math.abs(hi) * 0.1)));
    }
  }
  // Exact hypervolume costs O(n log n) up to 3 objectives but grows as n^(m-2) beyond: skip it
  // (report null) where it would take longer than the sweep.
  const affordable = m <= 3 || (m === 4 && n <= 4000) || (m === 5 && n <= 300);
  return { value: affordable ? hypervolume(values, m, ref) : Number.NaN, reference: ref };
}

const FRONT_METRICS = metricPaths;

export function frontCsv(
  ctx: { space: { parameters: readonly { name: string }[] } },
  points: readonly FrontPoint[],
): string {
  const params = ctx.space.parameters.map((p) => p.name);
  // Derived metrics (registered by plugin packages) follow the built-in ones, in registry order.
  const derived = [...new Set(points.flatMap((p) => Object.keys(p.derived ?? {})))];
  let text = csvLine(['pointIndex', ...params, ...FRONT_METRICS, ...derived]);
  const getters = FRONT_METRICS.map((p) => metricGetter(p));
  for (const p of points)
    text += csvLine(
      [
        p.pointIndex,
        ...params.map((n) => p.parameters[n]),
        ...getters.map((g) => g(p.metrics)),
        ...derived.map((id) => p.derived?.[id] ?? Number.NaN),
      ],
      1 + params.length,
    );
  return text;
}

export function writeSweepOutputs(
  dir: string,
  front: CurrentFrontFile,
  summary: CurrentSummaryData,
  ctx: { space: { parameters: readonly { name: string }[] } },
): void {
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, 'front.csv'), frontCsv(ctx, front.points));
  writeFrontFile(join(dir, 'front.json'), front);
  writeSummaryFile(join(dir, 'summary.json'), summary);
}

/**
 * Streams every evaluated point to CSV or NDJSON (by extension) as tasks finish, atomically: the
 * rows go to a temporary file beside the target (AtomicFileStream), which replaces the target
 * only at `publish()`. `write()` returns false when the caller should wait for `drain()` (the
 * sweep then holds back new tasks); the first write failure is kept in `failed`.
 */
export class AllPointsWriter {
  private readonly out: AtomicFileStream;
  private readonly ndjson: boolean;
  private wroteHeader = false;
  private readonly levels: Int32Array;
  /** Opens the temporary file; throws OutputError if it cannot. */
  constructor(
    readonly file: string,
    private readonly ctx: SweepContext,
  ) {
    this.ndjson = ['.ndjson', '.jsonl'].includes(extname(file).toLowerCase());
    this.out = new AtomicFileStream(file);
    this.levels = new Int32Array(ctx.decoder.dimensions);
  }

  /** The first write failure (an OutputError naming the file), if any. */
  get failed() {
    return this.out.failed;
  }

  /** Queues the rows of a finished task; false when the caller should wait for drain(). */
  write(rows: Float64Array): boolean {
    this.header();
    const params = this.ctx.space.parameters.map((p) => p.name);
    const { names: ROW_METRICS, width: ROW_WIDTH } = pointRowLayout(this.ctx);
    let chunk = '';
    for (let o = 0; o < rows.length; o += ROW_WIDTH) {
      const k = rows[o]!;
      this.ctx.decoder.decode(k, this.levels);
      const labels = pointLabels(this.ctx.space, this.levels);
      const status = STATUS_NAMES[rows[o + 1]!] ?? 'unknown';
      const metrics = Array.from(rows.subarray(o + 2, o + ROW_WIDTH));
      if (this.ndjson) {
        const rec: Record<string, unknown> = { pointIndex: k, status };
        params.forEach((n, j) => (rec[n] = labels[j]));
        ROW_METRICS.forEach((n, j) => {
          const v = metrics[j]!;
          if (Number.isFinite(v)) rec[n] = v;
        });
        chunk += `${JSON.stringify(rec)}\n`;
      } else chunk += csvLine([k, status, ...labels, ...metrics], 2 + labels.length);
    }
    return this.out.write(chunk);
  }

  /** Resolves when the queued rows are below the high-water mark, or writing failed. */
  drain(): Promise<void> {
    return this.out.drain();
  }

  /** Writes the rest (the CSV header at least), fsyncs; throws OutputError on a failure. */
  async finish(): Promise<void> {
    this.header();
    await this.out.finish();
  }

  /** Puts the finished file in place of the target. */
  publish(): void {
    this.out.publish();
  }

  /** Abandons the file: the temporary file is removed, a previous file at the target stays. */
  discard(): void {
    this.out.discard();
  }

  private header(): void {
    if (this.ndjson || this.wroteHeader) return;
    const params = this.ctx.space.parameters.map((p) => p.name);
    this.out.write(csvLine(['pointIndex', 'status', ...params, ...pointRowLayout(this.ctx).names]));
    this.wroteHeader = true;
  }
}

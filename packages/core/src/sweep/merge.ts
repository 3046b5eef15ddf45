/**
 * `merge`: the fronts of a sweep's shards into the global front, after checking that they belong
 * together and cover the space. Fronts of another sweep (fingerprint, objectives), of an earlier
 * format, the same shard twice, and a summary.json of another run beside a front are refused; a
 * missing or incomplete shard is refused unless the merge may be partial, and then it is named and
 * the output is marked partial.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError, type InputIssueAt } from '../errors.js';
import { ParetoArchive } from '../pareto/paretoArchive.js';
import { addRange } from './checkpoint.js';
import {
  describeRange,
  rangeSize,
  shardLabel,
  shardSpan,
  shardsOverlapping,
  uncovered,
  within,
  type PointRange,
} from './coverage.js';
import { shortHash } from './fingerprint.js';
import { FRONT_FORMAT, readFrontFile, type CurrentFrontFile, type FrontPoint } from './frontFileSchema.js';
import {
  readSummaryFile,
  SUMMARY_FORMAT,
  type CurrentSummaryData,
  type MissingRange,
} from './summaryFileSchema.js';

export interface MergeOptions {
  /** Merge even when shards are missing or incomplete; the result is marked partial. */
  allowPartial?: boolean;
}

export interface MergeSource {
  file: string;
  front: CurrentFrontFile;
  /** The summary.json beside the front, when there is one. */
  summary?: CurrentSummaryData;
}

export interface MergeResult {
  front: CurrentFrontFile;
  sources: MergeSource[];
  /** Points not covered, by shard where known (empty for a complete merge). */
  missing: MissingRange[];
  /** One line per missing or incomplete shard (or range), for messages. */
  gaps: string[];
}

/** Most gaps named one by one in a message. */
const MAX_GAPS_LISTED = 20;

const objectivesText = (f: CurrentFrontFile) =>
  f.objectives.map((o) => `${o.goal === 'maximize' ? 'max' : 'min'} ${o.metric}`).join(', ');

function fail(issues: InputIssueAt[], summary?: string): never {
  throw new InputError(issues, summary);
}

/** Reads one front and the summary beside it, and checks that they describe one run of one shard. */
function readSource(file: string): MergeSource {
  const data = readFrontFile(file);
  if (data.format !== FRONT_FORMAT)
    fail([
      {
        file,
        path: 'format',
        expected: `a front written by this version of chiplet-dse (${FRONT_FORMAT}, with the shard's point ranges, which merge checks for missing and repeated shards)`,
        found: `${data.format}, written by an earlier version; re-run that sweep or shard with this version`,
      },
    ]);
  const front = data;
  const span = shardSpan(front.totalPoints, front.shard.index, front.shard.count);
  if (front.shard.start !== span.start || front.shard.end !== span.end)
    fail([
      {
        file,
        path: 'shard',
        expected: `shard ${shardLabel(span)}'s ${describeRange([span.start, span.end])} of ${front.totalPoints}`,
        found: describeRange([front.shard.start, front.shard.end]),
      },
    ]);
  if (!within(front.evaluated, span.start, span.end))
    fail([
      {
        file,
        path: 'evaluated',
        expected: `ranges within shard ${shardLabel(span)}'s points ${span.start}..${span.end - 1}`,
        found: front.evaluated.map((r) => `[${r.join(', ')}]`).join(', '),
      },
    ]);
  const inEvaluated = (k: number) => front.evaluated.some(([a, b]) => k >= a && k < b);
  const stray = front.points.findIndex((p) => !inEvaluated(p.pointIndex));
  if (stray >= 0)
    fail([
      {
        file,
        path: `points[${stray}].pointIndex`,
        expected: 'a point in the evaluated ranges',
        found: String(front.points[stray]!.pointIndex),
      },
    ]);
  const summaryFile = join(dirname(file), 'summary.json');
  if (!existsSync(summaryFile)) return { file, front };
  const summary = readSummaryFile(summaryFile);
  const same =
    summary.format === SUMMARY_FORMAT &&
    summary.fingerprint === front.fingerprint &&
    summary.shard.index === front.shard.index &&
    summary.shard.count === front.shard.count &&
    JSON.stringify(summary.evaluated) === JSON.stringify(front.evaluated);
  if (!same)
    fail([
      {
        file: summaryFile,
        path: '',
        expected: `the summary of the run that wrote ${file} (the same fingerprint, shard and evaluated points)`,
        found: `the summary of another run (${summary.format === SUMMARY_FORMAT ? `shard ${shardLabel(summary.shard)}, fingerprint ${shortHash(summary.fingerprint)}` : summary.format}); the folder mixes the files of two runs: re-run that shard`,
      },
    ]);
  return { file, front, summary };
}

/**
 * Merges the fronts in `files` (front.json paths). Throws an InputError (exit 2) naming the files
 * for fronts that do not belong together, and for missing or incomplete shards unless
 * `options.allowPartial`.
 */
export function mergeShardFiles(files: readonly string[], options: MergeOptions = {}): MergeResult {
  if (files.length === 0) throw InputError.at('', 'fronts', 'one or more front.json files', 'none');
  const seen = new Map<string, string>();
  for (const f of files) {
    const key = resolve(f);
    const before = seen.get(key);
    if (before !== undefined)
      fail([{ file: f, path: '', expected: 'each front once', found: `the same file given twice` }]);
    seen.set(key, f);
  }
  const sources = files.map(readSource);
  const first = sources[0]!;

  // One sweep: the same objectives (named, for the message) and fingerprint.
  const issues: InputIssueAt[] = [];
  for (const s of sources.slice(1)) {
    if (objectivesText(s.front) !== objectivesText(first.front))
      issues.push({
        file: s.file,
        path: 'objectives',
        expected: `the objectives of ${first.file} (${objectivesText(first.front)})`,
        found: objectivesText(s.front),
      });
    else if (
      s.front.fingerprint !== first.front.fingerprint ||
      s.front.totalPoints !== first.front.totalPoints
    )
      issues.push({
        file: s.file,
        path: 'fingerprint',
        expected: `a front of the same sweep as ${first.file} (same design, technology, plugins, space, objectives, constraints and epsilon: fingerprint ${shortHash(first.front.fingerprint)})`,
        found: `a different sweep (fingerprint ${shortHash(s.front.fingerprint)})`,
      });
  }
  if (issues.length > 0) fail(issues);

  // No point twice: the same shard given twice (a copy, or a re-run in another folder).
  const pieces = sources
    .flatMap((s) => s.front.evaluated.map((r) => ({ range: r, source: s })))
    .sort((a, b) => a.range[0] - b.range[0]);
  for (let i = 1; i < pieces.length; i++) {
    const a = pieces[i - 1]!;
    const b = pieces[i]!;
    if (b.range[0] < a.range[1]) {
      const sa = a.source.front.shard;
      const sb = b.source.front.shard;
      const overlap: PointRange = [b.range[0], Math.min(a.range[1], b.range[1])];
      issues.push({
        file: b.source.file,
        path: '',
        expected: 'each shard once (fronts of disjoint points)',
        found:
          sa.index === sb.index && sa.count === sb.count
            ? `shard ${shardLabel(sb)} again (also ${a.source.file})`
            : `${describeRange(overlap)} again (shard ${shardLabel(sb)}; also in ${a.source.file}, shard ${shardLabel(sa)})`,
      });
    }
  }
  if (issues.length > 0) fail(issues);

  // Coverage: what no front evaluated, by shard where that can be told.
  const total = first.front.totalPoints;
  let covered: PointRange[] = [];
  for (const p of pieces) covered = addRange(covered, p.range[0], p.range[1]);
  const holes = uncovered(covered, 0, total);
  const missing: MissingRange[] = [];
  const gaps: string[] = [];
  let rest = holes;
  for (const s of sources) {
    // A shard whose own front is partial (interrupted, stopped): incomplete, not missing.
    const { start, end } = s.front.shard;
    const own = holes.flatMap(([a, b]): PointRange[] =>
      a < end && b > start ? [[Math.max(a, start), Math.min(b, end)]] : [],
    );
    if (own.length === 0) continue;
    const shard = { index: s.front.shard.index, count: s.front.shard.count };
    for (const [a, b] of own) missing.push({ start: a, end: b, shard });
    gaps.push(
      `shard ${shardLabel(shard)} incomplete (${s.file}): ${rangeSize(own)} of ${end - start} points not evaluated${s.summary === undefined ? '' : ` (${s.summary.status})`}`,
    );
    // What is left are holes outside the shards given.
    rest = rest.flatMap(([a, b]) => uncovered([[start, end]], a, b));
  }
  const counts = [...new Set(sources.map((s) => s.front.shard.count).filter((n) => n > 1))];
  for (const r of rest) {
    if (counts.length !== 1) {
      missing.push({ start: r[0], end: r[1], shard: null });
      gaps.push(`${describeRange(r)} missing`);
      continue;
    }
    const n = counts[0]!;
    for (const i of shardsOverlapping(total, n, r)) {
      const span = shardSpan(total, i, n);
      const part: PointRange = [Math.max(span.start, r[0]), Math.min(span.end, r[1])];
      missing.push({ start: part[0], end: part[1], shard: { index: i, count: n } });
      gaps.push(`shard ${i}/${n} missing (${describeRange(part)})`);
    }
  }
  missing.sort((a, b) => a.start - b.start);
  if (missing.length > 0 && options.allowPartial !== true) {
    const listed = gaps.slice(0, MAX_GAPS_LISTED);
    fail(
      listed.map((g) => ({
        file: '',
        path: '',
        expected: 'the front of every shard of the sweep (or --allow-partial to merge what is there)',
        found: g,
      })),
      `merge: the fronts do not cover the sweep (${rangeSize(holes)} of ${total} points missing)${gaps.length > listed.length ? `; the first ${listed.length} of ${gaps.length} gaps:` : ':'}`,
    );
  }

  // The union of the fronts, filtered again: the front of a union is the front of the union of fronts.
  const m = first.front.objectives.length;
  const archive = new ParetoArchive(m);
  const byIndex = new Map<number, FrontPoint>();
  for (const s of sources) {
    const signs = s.front.objectives.map((o) => (o.goal === 'maximize' ? -1 : 1));
    const row = new Float64Array(m);
    for (const p of s.front.points) {
      for (let j = 0; j < m; j++) row[j] = signs[j]! * p.objectives[j]!;
      archive.insert(row, 0, p.pointIndex);
      byIndex.set(p.pointIndex, p);
    }
  }
  const flat = archive.toFlat();
  const front: CurrentFrontFile = {
    format: FRONT_FORMAT,
    design: first.front.design,
    fingerprint: first.front.fingerprint,
    totalPoints: total,
    shard: shardSpan(total, 0, 1),
    evaluated: covered,
    partial: missing.length > 0,
    objectives: first.front.objectives,
    parameters: first.front.parameters,
    points: Array.from(flat.indices, (k) => byIndex.get(k)!),
  };
  return { front, sources, missing, gaps };
}

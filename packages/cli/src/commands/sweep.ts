import { acquireLock, InputError, loadDesignFile, type HeldLock } from '@chiplet-dse/core';
import {
  AllPointsWriter,
  arrayTaskFromEnv,
  createProgress,
  FRONT_FORMAT,
  frontHypervolume,
  frontPoints,
  mergeShardFiles,
  parseShard,
  readCheckpointShard,
  resolveShard,
  runSweep,
  shardCountFromEnv,
  shardLabel,
  SUMMARY_FORMAT,
  uncovered,
  writeSweepOutputs,
  type CurrentFrontFile,
  type CurrentSummaryData,
  type FrontFile,
  type SweepOutcome,
} from '@chiplet-dse/core/explore';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, rmdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pluginSpecifiers, STDIN_ARG, type CliIo, type GlobalArgs } from '../context.js';
import { count } from '../format/plural.js';
import { fmtNumber, renderTable } from '../format/table.js';
import { formatAlike } from '../format/units.js';
import { writeReport } from '../report/index.js';
import { reportJson, reportLine, type ReportJson } from './report.js';

export interface SweepArgs extends GlobalArgs {
  design: string;
  out?: string | undefined;
  workers?: number | undefined;
  forceWorkers?: boolean | undefined;
  taskSize?: number | undefined;
  strategy?: 'grid' | 'random' | 'sobol' | 'halton' | undefined;
  samples?: number | undefined;
  seed?: number | undefined;
  maxPoints?: number | undefined;
  shard?: string | undefined;
  shardCount?: number | undefined;
  checkpoint?: string | undefined;
  checkpointInterval?: number | undefined;
  failFast?: boolean | undefined;
  /** Time limit per point in ms (--point-timeout). */
  pointTimeout?: number | undefined;
  allPoints?: string | undefined;
  /** Parsed and checked by the flag's coerce (flags.ts). */
  epsilon?: number[] | undefined;
  hvReference?: number[] | undefined;
  quiet?: boolean | undefined;
  /** Print the run's summary as one JSON object (docs/cli.md) instead of the text. */
  json?: boolean | undefined;
  /** Also write the HTML report here (commands/report.ts). */
  report?: string | undefined;
}

/** The path's stat, or undefined when nothing is there (or a part of the path is a file). */
function statOf(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function errnoText(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'EROFS') return 'a read-only file system (EROFS)';
  if (code === 'EACCES' || code === 'EPERM') return `no write permission (${code})`;
  if (code === 'ENOENT') return 'a folder where nothing can be created (ENOENT)';
  return (err as Error)?.message ?? String(err);
}

/**
 * Checks before any compute that `target` can be written: as a folder (`--out`) or as a file
 * (`--all-points`, `--report`, `--checkpoint`). The path, or its nearest existing ancestor, must be
 * a writable folder (and an existing file target must not be a folder). Nothing is left behind.
 */
export function checkOutputPath(flag: string, target: string, kind: 'folder' | 'file'): void {
  const st = statOf(target);
  if (st !== undefined) {
    if (kind === 'folder' && !st.isDirectory())
      throw InputError.at('', flag, 'a folder to write into (or a path to create one)', `a file: ${target}`);
    if (kind === 'file' && st.isDirectory())
      throw InputError.at('', flag, 'a file path', `a folder: ${target}`);
  }
  let dir = kind === 'folder' ? target : dirname(target);
  let dirStat = statOf(dir);
  while (dirStat === undefined && dirname(dir) !== dir) {
    dir = dirname(dir);
    dirStat = statOf(dir);
  }
  if (dirStat !== undefined && !dirStat.isDirectory())
    throw InputError.at('', flag, `a path under a folder (${target})`, `${dir} is a file, not a folder`);
  try {
    // A real write test (permissions, read-only mounts, root on pseudo file systems): make and
    // remove an empty folder where the output's first folder or file will go.
    rmdirSync(mkdtempSync(join(dir, '.chiplet-dse-check-')));
    if (kind === 'file' && st !== undefined) accessSync(target, constants.W_OK);
  } catch (err) {
    throw InputError.at('', flag, `a writable location for ${target}`, `${errnoText(err)} on ${dir}`);
  }
}

export const EXIT_INTERRUPTED = 130;

/**
 * Front table for the terminal: point, parameters, objectives; each objective's column at one
 * precision. Columns past `maxWidth` go into blocks below.
 */
function frontTable(front: FrontFile, maxWidth: number | undefined, limit = 40): string {
  const shown = front.points.slice(0, limit);
  const objectives = front.objectives.map((_, j) =>
    formatAlike(
      shown.map((p) => p.objectives[j]!),
      4,
    ),
  );
  const rows = shown.map((p, i) => ({
    label: String(p.pointIndex),
    values: [
      ...front.parameters.map((n) => String(p.parameters[n] ?? '')),
      ...objectives.map((column) => column[i]!),
    ],
  }));
  let text = renderTable(
    [
      'point',
      ...front.parameters,
      ...front.objectives.map((o) => `${o.metric} (${o.goal === 'maximize' ? 'max' : 'min'})`),
    ],
    rows,
    { maxWidth },
  );
  if (front.points.length > limit) text += `\n... ${front.points.length - limit} more in front.csv`;
  return text;
}

export async function runSweepCommand(args: SweepArgs, io: CliIo): Promise<number> {
  // The workers each read the design file, and a checkpoint or a shard is tied to it: a design
  // on stdin would need a temporary copy that outlives nothing it is checked against. Refused.
  if (args.design === STDIN_ARG)
    throw InputError.at(
      '',
      'design',
      'a design file path (sweep workers read the design from its file; save stdin to a file first)',
      '"-" (stdin)',
    );
  const file = resolve(io.cwd, args.design);
  const loaded = loadDesignFile(file);
  const checkpointFile = args.checkpoint === undefined ? undefined : resolve(io.cwd, args.checkpoint);
  const outDir = resolve(
    io.cwd,
    args.out ?? join('dse-out', loaded.data.name.replace(/[^A-Za-z0-9_.-]+/g, '_')),
  );
  // Every output path and the hypervolume reference are checked before any compute.
  checkOutputPath('--out', outDir, 'folder');
  if (args.allPoints !== undefined) checkOutputPath('--all-points', resolve(io.cwd, args.allPoints), 'file');
  if (args.report !== undefined) checkOutputPath('--report', resolve(io.cwd, args.report), 'file');
  if (checkpointFile !== undefined) checkOutputPath('--checkpoint', checkpointFile, 'file');
  // The shard: --shard, or the scheduler's array task id with an explicit count, or the shard the
  // checkpoint was written for (a re-run of one shard resumes it). Never the array's own size.
  const ckShard = checkpointFile === undefined ? undefined : readCheckpointShard(checkpointFile);
  const shard = resolveShard({
    flag: args.shard === undefined ? undefined : parseShard(args.shard),
    count: shardCountFromEnv(process.env, args.shardCount),
    task: args.shard === undefined ? arrayTaskFromEnv(process.env) : undefined,
    checkpoint: ckShard === undefined ? undefined : { file: args.checkpoint!, shard: ckShard },
  });
  if (shard === undefined && args.shardCount !== undefined)
    throw InputError.at(
      '',
      '--shard-count',
      "a shard index with it: --shard i/n, or a scheduler's array task variable (SLURM_ARRAY_TASK_ID, ...)",
      `only the count (${args.shardCount})`,
    );
  if (shard !== undefined && shard.source !== '--shard')
    io.err(`shard ${shardLabel(shard)} from ${shard.source}`);
  const objectiveCount = loaded.data.objectives?.length;
  if (
    args.hvReference !== undefined &&
    objectiveCount !== undefined &&
    args.hvReference.length !== objectiveCount
  )
    throw InputError.at(
      '',
      '--hv-reference',
      `${objectiveCount} comma-separated numbers, one per objective (${loaded.data.objectives!.map((o) => o.metric).join(', ')})`,
      `${args.hvReference.length}: ${args.hvReference.join(',')}`,
    );
  let workers = args.workers;
  const cores = availableParallelism();
  if (workers !== undefined && workers > cores && args.forceWorkers !== true) {
    io.err(
      `note: --workers ${workers} is more than the available parallelism (${cores}); using ${cores} (--force-workers to start ${workers})`,
    );
    workers = cores;
  }
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigint);
  // --out is locked for the run: two sweeps writing one folder would mix their files.
  const createdOut = !existsSync(outDir);
  let lock: HeldLock | undefined;
  try {
    mkdirSync(outDir, { recursive: true });
    lock = acquireLock(join(outDir, LOCK_FILE), {
      flag: '--out',
      target: outDir,
      command: `chiplet-dse ${process.argv.slice(2).join(' ')}`.slice(0, 300),
    });
    if (lock.note !== undefined) io.err(lock.note);
    return await sweepLocked(args, io, { file, loaded, outDir, checkpointFile, shard, workers, abort });
  } finally {
    process.removeListener('SIGINT', onSigint);
    process.removeListener('SIGTERM', onSigint);
    lock?.release();
    if (createdOut) {
      try {
        // A run that stopped before writing anything leaves no empty folder behind.
        rmdirSync(outDir);
      } catch {
        // Not empty: the outputs are there.
      }
    }
  }
}

/** The lock file in a sweep's --out folder while the sweep runs. */
export const LOCK_FILE = '.chiplet-dse.lock';

interface LockedRun {
  file: string;
  loaded: ReturnType<typeof loadDesignFile>;
  outDir: string;
  checkpointFile: string | undefined;
  shard: { index: number; count: number } | undefined;
  workers: number | undefined;
  abort: AbortController;
}

/** The sweep itself, once --out is locked. */
async function sweepLocked(args: SweepArgs, io: CliIo, run: LockedRun): Promise<number> {
  const { file, loaded, outDir, checkpointFile, workers, abort } = run;
  const shard = run.shard === undefined ? undefined : { index: run.shard.index, count: run.shard.count };
  // --all-points goes to a temporary file beside it, renamed into place only once the front is
  // written too: a failed command leaves the previous file as it was (docs/cli.md).
  const pointsFile = args.allPoints === undefined ? undefined : resolve(io.cwd, args.allPoints);
  let writer: AllPointsWriter | undefined;
  let published = false;
  let outcome: SweepOutcome;
  let files: SweepFiles;
  try {
    outcome = await runSweep(
      {
        designFile: file,
        techFile: args.tech === undefined ? undefined : resolve(io.cwd, args.tech),
        pluginSpecifiers: pluginSpecifiers(args, loaded, io.cwd),
        cwd: io.cwd,
        strategy: { kind: args.strategy, samples: args.samples, seed: args.seed },
        epsilon: args.epsilon,
      },
      {
        ...(workers === undefined ? {} : { workers }),
        ...(args.taskSize === undefined ? {} : { taskSize: args.taskSize }),
        ...(shard === undefined ? {} : { shard }),
        ...(args.maxPoints === undefined ? {} : { maxPoints: args.maxPoints }),
        ...(checkpointFile === undefined ? {} : { checkpointFile }),
        ...(args.checkpointInterval === undefined ? {} : { checkpointIntervalS: args.checkpointInterval }),
        failFast: args.failFast === true,
        ...(args.pointTimeout === undefined ? {} : { pointTimeoutMs: args.pointTimeout }),
        signal: abort.signal,
        progress: createProgress({
          quiet: args.quiet === true,
          isTty: process.stderr.isTTY === true,
          write: (s) => process.stderr.write(s),
        }),
        ...(pointsFile === undefined
          ? {}
          : {
              onRows: (rows, ctx) => {
                writer ??= new AllPointsWriter(pointsFile, ctx);
                if (writer.write(rows)) return undefined;
                // A write failed: stop the sweep (a checkpoint is still written) and fail below.
                // Else the disk is behind: no new task starts until the queued rows are written.
                if (writer.failed !== undefined) abort.abort();
                return writer.drain();
              },
            }),
      },
    );
    // A run that evaluated nothing (all resumed from its checkpoint) still writes the header.
    if (pointsFile !== undefined) writer ??= new AllPointsWriter(pointsFile, outcome.ctx);
    await writer?.finish();
    files = sweepFiles(outcome, args.hvReference);
    writeSweepOutputs(outDir, files.front, files.summary, outcome.ctx);
    writer?.publish();
    published = true;
  } finally {
    if (!published) writer?.discard();
  }
  const { front, summary, hv } = files;
  const ctx = outcome.ctx;
  const points = front.points;
  const written = [join(outDir, 'front.csv'), join(outDir, 'front.json'), join(outDir, 'summary.json')];
  if (args.json !== true) printSweepText(io, { front, summary, outcome, hv: hv.value, shard, outDir });
  let report: ReportJson | undefined;
  if (args.report !== undefined) {
    const r = await writeReport({
      sweepDir: outDir,
      pointsFile,
      outFile: resolve(io.cwd, args.report),
    });
    report = reportJson(r);
    if (args.json !== true) io.out(reportLine(r));
  }
  if (args.json === true) {
    const json: SweepJson = {
      design: ctx.name,
      status: outcome.status,
      shard: shard ?? null,
      partial: summary.partial,
      points: summary.points,
      frontSize: points.length,
      hypervolume: hv.value,
      wallTimeS: outcome.wallTimeS,
      workers: outcome.workers,
      written: [
        ...written,
        ...(pointsFile === undefined ? [] : [pointsFile]),
        ...(report === undefined ? [] : [report.file]),
      ],
    };
    io.out(JSON.stringify(json, null, 2));
  }
  return sweepExit(args, io, outcome);
}

interface SweepFiles {
  front: CurrentFrontFile;
  summary: CurrentSummaryData;
  hv: { value: number; reference: number[] };
}

/** front.json's and summary.json's content for a finished (or stopped) run. */
function sweepFiles(outcome: SweepOutcome, hvReference: number[] | undefined): SweepFiles {
  const ctx = outcome.ctx;
  const points = frontPoints(ctx, outcome.frontIndices);
  const hv = frontHypervolume(outcome.frontValues, ctx.objectives.length, hvReference);
  const span = outcome.shard;
  // What this run's shard still lacks (an interrupted or stopped run): the outputs say so.
  const notDone = uncovered(outcome.done, span.start, span.end);
  const front: CurrentFrontFile = {
    format: FRONT_FORMAT,
    design: ctx.name,
    fingerprint: ctx.fingerprint,
    totalPoints: outcome.totalPoints,
    shard: span,
    evaluated: outcome.done,
    partial: notDone.length > 0,
    objectives: ctx.objectives.map((o) => ({ metric: o.metric, goal: o.goal })),
    parameters: ctx.space.parameters.map((p) => p.name),
    points,
  };
  const summary: CurrentSummaryData = {
    format: SUMMARY_FORMAT,
    design: ctx.name,
    fingerprint: ctx.fingerprint,
    status: outcome.status,
    message: outcome.message,
    strategy: ctx.space.strategy,
    shard: span,
    evaluated: outcome.done,
    partial: notDone.length > 0,
    missing: notDone.map(([a, b]) => ({ start: a, end: b, shard: { index: span.index, count: span.count } })),
    points: {
      total: outcome.totalPoints,
      inShard: outcome.range.end - outcome.range.start,
      ...outcome.counts,
      infeasible:
        outcome.counts.evaluated - outcome.counts.feasible - outcome.counts.invalid - outcome.counts.failed,
    },
    frontSize: points.length,
    hypervolume: {
      value: hv.value,
      reference: hv.reference.map((r, j) => (ctx.objectiveSigns[j] ?? 1) * r),
      objectives: ctx.objectives.map((o) => o.metric),
    },
    wallTimeS: outcome.wallTimeS,
    pointsPerSecond: outcome.wallTimeS > 0 ? outcome.evaluatedThisRun / outcome.wallTimeS : 0,
    workers: outcome.workers,
    taskSize: outcome.taskSize,
    resumedFromCheckpoint: outcome.resumedFromCheckpoint,
    failures: outcome.failures.slice(0, 100),
  };
  return { front, summary, hv };
}

/** `sweep --json` (docs/cli.md): the run's summary as the text gives it. */
export interface SweepJson {
  design: string;
  status: SweepOutcome['status'];
  shard: { index: number; count: number } | null;
  partial: boolean;
  points: CurrentSummaryData['points'];
  frontSize: number;
  hypervolume: number;
  wallTimeS: number;
  workers: number;
  /** Absolute paths: front.csv, front.json, summary.json, then --all-points and --report if given. */
  written: string[];
}

interface SweepText {
  front: CurrentFrontFile;
  summary: CurrentSummaryData;
  outcome: SweepOutcome;
  hv: number;
  shard: { index: number; count: number } | undefined;
  outDir: string;
}

function printSweepText(io: CliIo, t: SweepText): void {
  const { front, summary, outcome, hv, shard, outDir } = t;
  const c = outcome.counts;
  const points = front.points;
  const ctx = outcome.ctx;
  io.out(
    `${ctx.name}: Pareto front of ${count(points.length, 'design')} (${ctx.objectives.map((o) => `${o.goal} ${o.metric}`).join(', ')})\n`,
  );
  io.out(frontTable(front, io.columns));
  io.out(
    `\n${c.evaluated.toLocaleString('en-US')} of ${count(outcome.range.end - outcome.range.start, 'point')} evaluated` +
      `${shard === undefined ? '' : ` (shard ${shard.index}/${shard.count})`}: ${c.feasible.toLocaleString('en-US')} feasible, ` +
      `${summary.points.infeasible.toLocaleString('en-US')} infeasible, ${c.invalid.toLocaleString('en-US')} not buildable, ${c.failed} failed. ` +
      `Hypervolume ${fmtNumber(hv, 4)}. ${outcome.wallTimeS.toFixed(2)} s, ${count(Math.round(summary.pointsPerSecond), 'point')}/s on ${count(outcome.workers, 'worker')}.`,
  );
  io.out(`Wrote ${join(outDir, 'front.csv')}, front.json, summary.json`);
}

/** Warnings and the exit code of a finished sweep (the same with and without --json). */
function sweepExit(args: SweepArgs, io: CliIo, outcome: SweepOutcome): number {
  const c = outcome.counts;
  if (c.failed > 0) {
    const f = outcome.failures[0]!;
    io.err(
      `warning: ${count(c.failed, 'point')} failed (first: point ${f.pointIndex}, plugin ${f.pluginId}: ${f.message}); see summary.json`,
    );
  }
  switch (outcome.status) {
    case 'complete':
      return 0;
    case 'interrupted':
      io.err(
        `interrupted: partial results written${args.checkpoint === undefined ? '' : `; resume with --checkpoint ${args.checkpoint}`}`,
      );
      return EXIT_INTERRUPTED;
    default:
      io.err(
        `error: sweep stopped: ${outcome.message}${args.checkpoint === undefined ? '' : `; what was done is in ${args.checkpoint}`}`,
      );
      return 1;
  }
}

export interface MergeArgs {
  fronts: string[];
  out?: string | undefined;
  /** Merge even when shards are missing or incomplete; the outputs are marked partial. */
  allowPartial?: boolean | undefined;
  json?: boolean | undefined;
}

/** `merge --json` (docs/cli.md): the merged result. */
export interface MergeJson {
  design: string;
  fronts: number;
  frontSize: number;
  partial: boolean;
  totalPoints: number;
  missingPoints: number;
  points: CurrentSummaryData['points'];
  hypervolume: number;
  written: string[];
}

export function runMerge(args: MergeArgs, io: CliIo): number {
  const files: string[] = [];
  for (const f of args.fronts) {
    const p = resolve(io.cwd, f);
    if (!(existsSync(p) && statSync(p).isDirectory())) {
      files.push(p);
      continue;
    }
    // A shard's folder without a front (killed before it wrote one): its shard is reported missing.
    if (existsSync(join(p, 'front.json'))) files.push(join(p, 'front.json'));
    else io.err(`note: ${f} holds no front.json (a shard that has not finished?); left out`);
  }
  if (files.length === 0)
    throw InputError.at('', 'fronts', 'one or more front.json files (or folders holding one)', 'none');
  const merged = mergeShardFiles(files, { allowPartial: args.allowPartial === true });
  const front = merged.front;
  const outDir = resolve(io.cwd, args.out ?? join('dse-out', `${front.design}-merged`));
  // Sum the shards' counters where their summaries sit beside the fronts.
  const summaries = merged.sources.flatMap((s) => (s.summary === undefined ? [] : [s.summary]));
  for (const s of merged.sources)
    if (s.summary === undefined)
      io.err(`note: no summary.json beside ${s.file}: its point counts are not in the merged summary.json`);
  const sum = (k: 'evaluated' | 'feasible' | 'invalid' | 'failed' | 'infeasible' | 'inShard') =>
    summaries.reduce((s, x) => s + x.points[k], 0);
  const m = front.objectives.length;
  const signs = front.objectives.map((o) => (o.goal === 'maximize' ? -1 : 1));
  const values = new Float64Array(front.points.length * m);
  front.points.forEach((p, i) => p.objectives.forEach((v, j) => (values[i * m + j] = signs[j]! * v)));
  const hv = frontHypervolume(values, m);
  const partial = merged.missing.length > 0;
  const missingPoints = merged.missing.reduce((n, r) => n + (r.end - r.start), 0);
  const gapText =
    merged.gaps.slice(0, 5).join('; ') +
    (merged.gaps.length > 5 ? `; and ${merged.gaps.length - 5} more` : '');
  const summary: CurrentSummaryData = {
    format: SUMMARY_FORMAT,
    design: front.design,
    fingerprint: front.fingerprint,
    status: partial ? 'partial' : 'complete',
    message: `merged ${count(files.length, 'front')}${partial ? `; partial: ${missingPoints} of ${front.totalPoints} points missing: ${gapText}` : ''}`,
    strategy: summaries[0]?.strategy ?? null,
    shard: front.shard,
    evaluated: front.evaluated,
    partial,
    missing: merged.missing,
    points: {
      total: front.totalPoints,
      inShard: sum('inShard'),
      evaluated: sum('evaluated'),
      feasible: sum('feasible'),
      invalid: sum('invalid'),
      failed: sum('failed'),
      infeasible: sum('infeasible'),
    },
    frontSize: front.points.length,
    hypervolume: {
      value: hv.value,
      reference: hv.reference.map((r, j) => signs[j]! * r),
      objectives: front.objectives.map((o) => o.metric),
    },
    wallTimeS: summaries.reduce((s, x) => s + x.wallTimeS, 0),
    pointsPerSecond: 0,
    workers: 0,
    taskSize: 0,
    resumedFromCheckpoint: false,
    failures: summaries
      .flatMap((s) => s.failures)
      .sort((a, b) => a.pointIndex - b.pointIndex)
      .slice(0, 100),
  };
  writeSweepOutputs(outDir, front, summary, {
    space: { parameters: front.parameters.map((name) => ({ name })) },
  });
  if (args.json === true) {
    const json: MergeJson = {
      design: front.design,
      fronts: files.length,
      frontSize: front.points.length,
      partial,
      totalPoints: front.totalPoints,
      missingPoints,
      points: summary.points,
      hypervolume: hv.value,
      written: [join(outDir, 'front.csv'), join(outDir, 'front.json'), join(outDir, 'summary.json')],
    };
    io.out(JSON.stringify(json, null, 2));
  } else {
    printMergeText(io, { front, files: files.length, partial, missingPoints, gapText, outDir });
  }
  if (partial)
    io.err(
      `warning: partial merge (--allow-partial): ${missingPoints} of ${front.totalPoints} points missing: ${gapText}; front.json and summary.json say "partial": true`,
    );
  return 0;
}

function printMergeText(
  io: CliIo,
  m: {
    front: CurrentFrontFile;
    files: number;
    partial: boolean;
    missingPoints: number;
    gapText: string;
    outDir: string;
  },
): void {
  const { front, partial, missingPoints, gapText, outDir } = m;
  io.out(
    `${front.design}: merged ${count(m.files, 'front')} into a ${partial ? 'partial ' : ''}front of ${count(front.points.length, 'design')}${partial ? ` (${missingPoints} of ${front.totalPoints} points missing: ${gapText})` : ''}\n`,
  );
  io.out(frontTable(front, io.columns));
  io.out(`\nWrote ${join(outDir, 'front.csv')}, front.json, summary.json`);
}

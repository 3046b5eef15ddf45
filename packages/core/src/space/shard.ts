/**
 * Shards of a sweep: shard i of n evaluates a contiguous, balanced range of the point indices.
 * The shard comes from `--shard i/n` (0-based), or from a batch scheduler's array-task id with an
 * explicit count, or from the run's checkpoint. See docs/design-space.md, "Sharding".
 */
import { InputError } from '../errors.js';

export interface Shard {
  /** 0-based shard index, in [0, count). */
  readonly index: number;
  readonly count: number;
}

/** Our own variable for the shard count (an array's size is not one: see ArrayTask). */
export const SHARD_COUNT_ENV = 'CHIPLET_DSE_SHARD_COUNT';

/** Most shards (a sanity bound; schedulers cap arrays far lower). */
export const MAX_SHARDS = 1_000_000_000;

const INT = /^\s*(\d+)\s*$/;

function intOf(text: string): number | undefined {
  const m = INT.exec(text);
  if (m === null) return undefined;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * Parses "i/n". The index is 0-based by default (0/4 .. 3/4); with base 1 it is 1-based
 * (1/4 .. 4/4), as LSF and SGE number array tasks. `what` names the source in errors.
 */
export function parseShard(text: string, base: 0 | 1 = 0, what = '--shard'): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const expected =
    base === 0
      ? 'i/n with 0 <= i < n, e.g. 0/4 for the first of four shards'
      : 'i/n with 1 <= i <= n, e.g. 1/4 for the first of four shards';
  if (m === null) throw InputError.at('', what, expected, JSON.stringify(text));
  const i = Number(m[1]);
  const n = Number(m[2]);
  if (
    !Number.isSafeInteger(i) ||
    !Number.isSafeInteger(n) ||
    n < 1 ||
    n > MAX_SHARDS ||
    i < base ||
    i - base >= n
  )
    throw InputError.at('', what, expected, JSON.stringify(text));
  return { index: i - base, count: n };
}

function checkCount(count: number, what: string): number {
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_SHARDS)
    throw InputError.at('', what, `a shard count >= 1`, String(count));
  return count;
}

type Env = Readonly<Record<string, string | undefined>>;

function reader(env: Env): (name: string) => number | undefined {
  return (name) => {
    const text = env[name];
    if (text === undefined || text.trim() === '') return undefined;
    const n = intOf(text);
    if (n === undefined) throw InputError.at('', name, 'a non-negative integer', JSON.stringify(text));
    return n;
  };
}

/**
 * A batch scheduler's array task: its id is the shard index. The array's own size is not the
 * shard count: re-running part of an array (`sbatch --array=17`) makes a smaller one, and reading
 * the count from it once swept the whole space as shard 0/1 (issue 9).
 */
export interface ArrayTask {
  /** 0-based shard index: the task id, less 1 where the scheduler numbers tasks from 1. */
  readonly index: number;
  /** Where it came from, for messages, e.g. "SLURM_ARRAY_TASK_ID=17". */
  readonly source: string;
  /** The highest shard index this submission of the array has, when the scheduler says: a check only. */
  readonly highest?: { readonly index: number; readonly source: string };
}

/**
 * The array task from a batch scheduler's environment, or undefined when no array-task variable
 * is set. Looked up in this order (the first one set wins):
 *
 * - Slurm: SLURM_ARRAY_TASK_ID (arrays numbered from 0: `--array=0-99`); SLURM_ARRAY_TASK_MAX.
 * - LSF: LSB_JOBINDEX - 1 (arrays numbered from 1: `dse[1-100]`; 0 means not an array job);
 *   LSB_JOBINDEX_END.
 * - SGE / UGE: SGE_TASK_ID - 1 (`qsub -t 1-100`; "undefined" when not an array job); SGE_TASK_LAST.
 * - AWS Batch: AWS_BATCH_JOB_ARRAY_INDEX (0-based).
 * - Kubernetes Indexed Jobs: JOB_COMPLETION_INDEX (0-based).
 *
 * The id is taken as it is (not counted from the first id of this submission), so that re-running
 * one task of an array runs the same shard.
 */
export function arrayTaskFromEnv(env: Env): ArrayTask | undefined {
  const read = reader(env);
  const task = (index: number, source: string, highest?: number, highestSource?: string): ArrayTask =>
    highest === undefined || highestSource === undefined
      ? { index, source }
      : { index, source, highest: { index: highest, source: highestSource } };

  const slurmId = read('SLURM_ARRAY_TASK_ID');
  if (slurmId !== undefined) {
    const max = read('SLURM_ARRAY_TASK_MAX');
    return task(slurmId, `SLURM_ARRAY_TASK_ID=${slurmId}`, max, `SLURM_ARRAY_TASK_MAX=${max}`);
  }
  const lsfId = read('LSB_JOBINDEX');
  if (lsfId !== undefined && lsfId > 0) {
    const end = read('LSB_JOBINDEX_END');
    return task(
      lsfId - 1,
      `LSB_JOBINDEX=${lsfId}`,
      end === undefined || end < 1 ? undefined : end - 1,
      `LSB_JOBINDEX_END=${end}`,
    );
  }
  const sgeText = env['SGE_TASK_ID'];
  if (sgeText !== undefined && sgeText.trim() !== '' && sgeText.trim() !== 'undefined') {
    const sgeId = read('SGE_TASK_ID')!;
    if (sgeId < 1) throw InputError.at('', 'SGE_TASK_ID', 'a task id >= 1 (qsub -t 1-N)', String(sgeId));
    const last = read('SGE_TASK_LAST');
    return task(
      sgeId - 1,
      `SGE_TASK_ID=${sgeId}`,
      last === undefined || last < 1 ? undefined : last - 1,
      `SGE_TASK_LAST=${last}`,
    );
  }
  const awsId = read('AWS_BATCH_JOB_ARRAY_INDEX');
  if (awsId !== undefined) return task(awsId, `AWS_BATCH_JOB_ARRAY_INDEX=${awsId}`);
  const k8sId = read('JOB_COMPLETION_INDEX');
  if (k8sId !== undefined) return task(k8sId, `JOB_COMPLETION_INDEX=${k8sId}`);
  return undefined;
}

/** An explicit shard count: --shard-count (`flag`), else CHIPLET_DSE_SHARD_COUNT. */
export function shardCountFromEnv(
  env: Env,
  flag?: number,
): { readonly count: number; readonly source: string } | undefined {
  if (flag !== undefined) return { count: checkCount(flag, '--shard-count'), source: '--shard-count' };
  const text = env[SHARD_COUNT_ENV];
  if (text === undefined || text.trim() === '') return undefined;
  const n = intOf(text);
  if (n === undefined) throw InputError.at('', SHARD_COUNT_ENV, 'a shard count >= 1', JSON.stringify(text));
  return { count: checkCount(n, SHARD_COUNT_ENV), source: `${SHARD_COUNT_ENV}=${n}` };
}

export interface ShardSources {
  /** --shard i/n. */
  flag?: Shard | undefined;
  /** --shard-count or CHIPLET_DSE_SHARD_COUNT. */
  count?: { readonly count: number; readonly source: string } | undefined;
  /** The scheduler's array task. */
  task?: ArrayTask | undefined;
  /** The shard a --checkpoint file that exists was written for. */
  checkpoint?: { readonly file: string; readonly shard: Shard } | undefined;
}

export interface ResolvedShard extends Shard {
  /** Where index and count came from, for the note on stderr. */
  readonly source: string;
}

const label = (s: Shard) => `${s.index}/${s.count}`;
const OWN_CHECKPOINT = 'each shard needs its own --checkpoint file: use another --checkpoint path';

/**
 * The shard of a run from what is given, or undefined for the whole space (0/1). The count comes
 * from --shard i/n, --shard-count or CHIPLET_DSE_SHARD_COUNT, or the checkpoint; the index from
 * --shard, the scheduler's array task, or the checkpoint. Sources that disagree are refused
 * (InputError naming both) rather than one of them silently winning.
 */
export function resolveShard(sources: ShardSources): ResolvedShard | undefined {
  const { flag, count, task, checkpoint: ck } = sources;
  const checkCheckpoint = (shard: Shard, from: string) => {
    if (ck !== undefined && (ck.shard.index !== shard.index || ck.shard.count !== shard.count))
      throw InputError.at(
        ck.file,
        'shard',
        `the checkpoint of shard ${label(shard)} (${from})`,
        `the checkpoint of shard ${label(ck.shard)}; ${OWN_CHECKPOINT}`,
      );
  };
  if (flag !== undefined) {
    if (count !== undefined && count.count !== flag.count)
      throw InputError.at(
        '',
        count.source.split('=')[0]!,
        `the shard count of --shard ${label(flag)} (${flag.count}), or no count`,
        String(count.count),
      );
    checkCheckpoint(flag, '--shard');
    return { ...flag, source: '--shard' };
  }
  if (task !== undefined) {
    const n =
      count ??
      (ck === undefined ? undefined : { count: ck.shard.count, source: `the checkpoint ${ck.file}` });
    if (n === undefined)
      throw InputError.at(
        '',
        '--shard-count',
        `the shard count: --shard ${task.index}/N, --shard-count N or ${SHARD_COUNT_ENV}=N (the array's own size is not used: re-running part of an array, e.g. sbatch --array=17, makes a smaller one)`,
        `${task.source} without a shard count`,
      );
    if (ck !== undefined && ck.shard.count !== n.count)
      throw InputError.at(
        ck.file,
        'shard',
        `a checkpoint of a sweep in ${n.count} shards (${n.source})`,
        `the checkpoint of shard ${label(ck.shard)}; delete it or use another --checkpoint path`,
      );
    if (task.highest !== undefined && task.highest.index >= n.count)
      throw InputError.at(
        '',
        task.highest.source.split('=')[0]!,
        `an array whose task ids are the shard indices, all below the shard count ${n.count} (${n.source})`,
        `${task.highest.source}: more tasks than shards`,
      );
    if (task.index >= n.count)
      throw InputError.at(
        '',
        task.source.split('=')[0]!,
        `a task index below the shard count ${n.count} (${n.source}), 0-based`,
        String(task.index),
      );
    const shard = { index: task.index, count: n.count };
    checkCheckpoint(shard, task.source);
    return { ...shard, source: `${task.source}, count from ${n.source}` };
  }
  if (ck !== undefined) {
    if (count !== undefined && count.count !== ck.shard.count)
      throw InputError.at(
        ck.file,
        'shard',
        `a checkpoint of a sweep in ${count.count} shards (${count.source})`,
        `the checkpoint of shard ${label(ck.shard)}; delete it or use another --checkpoint path`,
      );
    return { ...ck.shard, source: `the checkpoint ${ck.file}` };
  }
  return undefined;
}

/**
 * The shard from the environment alone: the index from the scheduler's array task, the count from
 * `options.count` (--shard-count) or CHIPLET_DSE_SHARD_COUNT; undefined when no array-task variable
 * is set. An InputError when the count is missing or does not fit the task.
 */
export function shardFromEnv(env: Env, options: { count?: number } = {}): ResolvedShard | undefined {
  const task = arrayTaskFromEnv(env);
  if (task === undefined) return undefined;
  return resolveShard({ task, count: shardCountFromEnv(env, options.count) });
}

function checkShardArgs(total: number, index: number, count: number): void {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`bad point total ${total}`);
  if (!Number.isSafeInteger(count) || count < 1) throw new RangeError(`bad shard count ${count}`);
  if (!Number.isSafeInteger(index) || index < 0 || index >= count)
    throw new RangeError(`shard index ${index} is outside 0..${count - 1}`);
}

/**
 * The contiguous range [start, end) of point indices of shard `index` of `count` over `total`
 * points. Balanced: the first (total mod count) shards get one point more than the others, so
 * sizes differ by at most 1; the ranges are disjoint, in shard order, and cover 0..total-1.
 * Exact for totals up to 2^53 - 1 (no total x index products).
 */
export function shardRange(total: number, index: number, count: number): { start: number; end: number } {
  checkShardArgs(total, index, count);
  const rest = total % count;
  const base = (total - rest) / count;
  const start = index * base + Math.min(index, rest);
  return { start, end: start + base + (index < rest ? 1 : 0) };
}

/**
 * The strided alternative: shard `index` takes points index, index + count, index + 2 count, ...
 * (better balance when evaluation cost varies along the index; results come interleaved).
 * Returns the number of points of the shard.
 */
export function stridedShardSize(total: number, index: number, count: number): number {
  checkShardArgs(total, index, count);
  if (index >= total) return 0;
  const rest = (total - index) % count;
  return (total - index - rest) / count + (rest > 0 ? 1 : 0);
}

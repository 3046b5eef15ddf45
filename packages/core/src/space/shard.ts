/**
 * Shards of a sweep: shard i of n evaluates a contiguous, balanced range of the point indices.
 * The shard comes from `--shard i/n` (0-based) or from a batch scheduler's array-task variables,
 * normalised to 0-based. See docs/design-space.md, "Sharding".
 */
import { InputError } from '../errors.js';

export interface Shard {
  /** 0-based shard index, in [0, count). */
  readonly index: number;
  readonly count: number;
}

export interface EnvShard extends Shard {
  /** Where it came from, for messages and manifests, e.g. "SLURM_ARRAY_TASK_ID=3". */
  readonly source: string;
}

/** Our own variable for the shard count where the scheduler does not set one (Kubernetes, AWS Batch). */
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

export interface ShardFromEnvOptions {
  /** The shard count from the command line (--shard-count); wins over SHARD_COUNT_ENV. */
  count?: number;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The shard from a batch scheduler's environment, or undefined when no array-task variable is set.
 * Looked up in this order (the first one set wins):
 *
 * - Slurm: SLURM_ARRAY_TASK_ID, normalised with SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_STEP;
 *   count SLURM_ARRAY_TASK_COUNT. Arrays with gaps (--array=1,3,8) are refused.
 * - LSF: LSB_JOBINDEX (1-based; 0 means not an array job); step LSB_JOBINDEX_STEP; count from
 *   LSB_JOBINDEX_END, which assumes the array starts at 1 (bsub -J "dse[1-N]"): LSF does not tell
 *   where an array starts.
 * - SGE / UGE: SGE_TASK_ID ("undefined" when not an array job), with SGE_TASK_FIRST,
 *   SGE_TASK_LAST and SGE_TASK_STEPSIZE.
 * - AWS Batch: AWS_BATCH_JOB_ARRAY_INDEX (0-based); the count must be given.
 * - Kubernetes Indexed Jobs: JOB_COMPLETION_INDEX (0-based); the count must be given (the Job's
 *   `completions`).
 *
 * The count comes from options.count, else CHIPLET_DSE_SHARD_COUNT, else the scheduler; when
 * both an explicit count and the scheduler's are known they must agree.
 */
export function shardFromEnv(env: Env, options: ShardFromEnvOptions = {}): EnvShard | undefined {
  const countEnv = env[SHARD_COUNT_ENV];
  let given: { count: number; what: string } | undefined;
  if (options.count !== undefined)
    given = { count: checkCount(options.count, '--shard-count'), what: '--shard-count' };
  else if (countEnv !== undefined && countEnv.trim() !== '') {
    const n = intOf(countEnv);
    if (n === undefined)
      throw InputError.at('', SHARD_COUNT_ENV, 'a shard count >= 1', JSON.stringify(countEnv));
    given = { count: checkCount(n, SHARD_COUNT_ENV), what: SHARD_COUNT_ENV };
  }

  const read = (name: string): number | undefined => {
    const text = env[name];
    if (text === undefined || text.trim() === '') return undefined;
    const n = intOf(text);
    if (n === undefined) throw InputError.at('', name, 'a non-negative integer', JSON.stringify(text));
    return n;
  };

  const finish = (
    index: number,
    schedulerCount: number | undefined,
    source: string,
    hint: string,
  ): EnvShard => {
    let count: number;
    if (given !== undefined) {
      if (schedulerCount !== undefined && schedulerCount !== given.count)
        throw InputError.at(
          '',
          given.what,
          `the array's task count ${schedulerCount} (from ${source}), or no explicit count`,
          String(given.count),
        );
      count = given.count;
    } else if (schedulerCount !== undefined) {
      count = schedulerCount;
    } else {
      throw InputError.at(
        '',
        SHARD_COUNT_ENV,
        `the shard count (${hint}), with --shard-count or ${SHARD_COUNT_ENV}`,
        `${source} without a count`,
      );
    }
    if (index >= count)
      throw InputError.at(
        '',
        source.split('=')[0]!,
        `a task index below the shard count ${count} (after normalising to 0-based)`,
        String(index),
      );
    return { index, count, source };
  };

  // Slurm
  const slurmId = read('SLURM_ARRAY_TASK_ID');
  if (slurmId !== undefined) {
    const min = read('SLURM_ARRAY_TASK_MIN') ?? 0;
    const max = read('SLURM_ARRAY_TASK_MAX');
    const step = read('SLURM_ARRAY_TASK_STEP') ?? 1;
    const slurmCount = read('SLURM_ARRAY_TASK_COUNT');
    const source = `SLURM_ARRAY_TASK_ID=${slurmId}`;
    if (step < 1 || slurmId < min || (slurmId - min) % step !== 0)
      throw InputError.at(
        '',
        'SLURM_ARRAY_TASK_ID',
        `min + k x step (SLURM_ARRAY_TASK_MIN=${min}, SLURM_ARRAY_TASK_STEP=${step})`,
        String(slurmId),
      );
    if (max !== undefined && slurmCount !== undefined && (max - min) / step + 1 !== slurmCount)
      throw InputError.at(
        '',
        'SLURM_ARRAY_TASK_COUNT',
        `an array without gaps (--array=first-last[:step]); ${slurmCount} tasks between ${min} and ${max} step ${step} leave gaps, so pass --shard i/n explicitly`,
        String(slurmCount),
      );
    return finish((slurmId - min) / step, slurmCount, source, 'Slurm sets SLURM_ARRAY_TASK_COUNT');
  }

  // LSF: LSB_JOBINDEX=0 for a job that is not an array.
  const lsfId = read('LSB_JOBINDEX');
  if (lsfId !== undefined && lsfId > 0) {
    const step = read('LSB_JOBINDEX_STEP') ?? 1;
    const end = read('LSB_JOBINDEX_END');
    const source = `LSB_JOBINDEX=${lsfId}`;
    if (step < 1 || (lsfId - 1) % step !== 0)
      throw InputError.at(
        '',
        'LSB_JOBINDEX',
        `1 + k x step (LSB_JOBINDEX_STEP=${step}; arrays must start at 1)`,
        String(lsfId),
      );
    const lsfCount = end === undefined ? undefined : Math.floor((end - 1) / step) + 1;
    return finish((lsfId - 1) / step, lsfCount, source, 'LSF sets LSB_JOBINDEX_END for arrays [1-N]');
  }

  // SGE / UGE: SGE_TASK_ID=undefined for a job that is not an array.
  const sgeText = env['SGE_TASK_ID'];
  if (sgeText !== undefined && sgeText.trim() !== '' && sgeText.trim() !== 'undefined') {
    const sgeId = read('SGE_TASK_ID')!;
    const first = read('SGE_TASK_FIRST') ?? 1;
    const last = read('SGE_TASK_LAST');
    const step = read('SGE_TASK_STEPSIZE') ?? 1;
    const source = `SGE_TASK_ID=${sgeId}`;
    if (step < 1 || sgeId < first || (sgeId - first) % step !== 0)
      throw InputError.at(
        '',
        'SGE_TASK_ID',
        `first + k x step (SGE_TASK_FIRST=${first}, SGE_TASK_STEPSIZE=${step})`,
        String(sgeId),
      );
    const sgeCount = last === undefined ? undefined : Math.floor((last - first) / step) + 1;
    return finish((sgeId - first) / step, sgeCount, source, 'SGE sets SGE_TASK_LAST');
  }

  // AWS Batch
  const awsId = read('AWS_BATCH_JOB_ARRAY_INDEX');
  if (awsId !== undefined)
    return finish(awsId, undefined, `AWS_BATCH_JOB_ARRAY_INDEX=${awsId}`, 'the array size');

  // Kubernetes Indexed Job
  const k8sId = read('JOB_COMPLETION_INDEX');
  if (k8sId !== undefined)
    return finish(k8sId, undefined, `JOB_COMPLETION_INDEX=${k8sId}`, "the Job's completions");

  return undefined;
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

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import {
  arrayTaskFromEnv,
  parseShard,
  resolveShard,
  SHARD_COUNT_ENV,
  shardFromEnv,
  shardRange,
  stridedShardSize,
} from './shard.js';

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('parseShard', () => {
  it('reads 0-based i/n, and 1-based when asked', () => {
    expect(parseShard('0/4')).toEqual({ index: 0, count: 4 });
    expect(parseShard(' 3 / 4 ')).toEqual({ index: 3, count: 4 });
    expect(parseShard('1/4', 1)).toEqual({ index: 0, count: 4 });
    expect(parseShard('4/4', 1)).toEqual({ index: 3, count: 4 });
    for (const bad of ['4/4', '-1/4', '1/0', 'a/b', '1', '1/2/3', '1.5/4', '']) {
      const e = inputError(() => parseShard(bad));
      expect(e.issues[0]!.path).toBe('--shard');
      expect(e.issues[0]!.expected).toMatch(/0 <= i < n/);
    }
    expect(() => parseShard('0/4', 1)).toThrow(/1 <= i <= n/);
  });
});

describe('shardFromEnv', () => {
  it('returns undefined outside array jobs', () => {
    expect(shardFromEnv({})).toBeUndefined();
    expect(shardFromEnv({ LSB_JOBINDEX: '0', LSB_JOBID: '12' })).toBeUndefined();
    expect(shardFromEnv({ SGE_TASK_ID: 'undefined' })).toBeUndefined();
    expect(shardFromEnv({ SLURM_JOB_ID: '5' })).toBeUndefined();
  });

  it("takes the task id as the shard index and never the array's size as the count", () => {
    // sbatch --array=17 (a re-run of one shard of 100): Slurm says an array of 1 task, 17..17.
    const rerun = {
      SLURM_ARRAY_TASK_ID: '17',
      SLURM_ARRAY_TASK_MIN: '17',
      SLURM_ARRAY_TASK_MAX: '17',
      SLURM_ARRAY_TASK_COUNT: '1',
      SLURM_ARRAY_TASK_STEP: '1',
    };
    const noCount = inputError(() => shardFromEnv(rerun));
    expect(noCount.issues[0]).toMatchObject({
      path: '--shard-count',
      found: 'SLURM_ARRAY_TASK_ID=17 without a shard count',
    });
    expect(noCount.issues[0]!.expected).toMatch(
      /--shard 17\/N, --shard-count N or CHIPLET_DSE_SHARD_COUNT=N/,
    );
    expect(shardFromEnv(rerun, { count: 100 })).toEqual({
      index: 17,
      count: 100,
      source: 'SLURM_ARRAY_TASK_ID=17, count from --shard-count',
    });
    expect(shardFromEnv({ ...rerun, [SHARD_COUNT_ENV]: '100' })).toMatchObject({ index: 17, count: 100 });
    expect(() => shardFromEnv({ SLURM_ARRAY_TASK_ID: 'x' })).toThrow(/non-negative integer/);
  });

  it('refuses an array with more tasks than shards, and a task beyond the count', () => {
    const whole = { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_MAX: '149', SLURM_ARRAY_TASK_COUNT: '150' };
    const e = inputError(() => shardFromEnv(whole, { count: 100 }));
    expect(e.issues[0]).toMatchObject({
      path: 'SLURM_ARRAY_TASK_MAX',
      found: 'SLURM_ARRAY_TASK_MAX=149: more tasks than shards',
    });
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: '4' }, { count: 4 })).toThrow(
      /below the shard count 4/,
    );
  });

  it('numbers LSF and SGE tasks from 1', () => {
    expect(shardFromEnv({ LSB_JOBINDEX: '1', LSB_JOBINDEX_END: '100' }, { count: 100 })).toMatchObject({
      index: 0,
      count: 100,
    });
    // bsub -J "dse[18]": a re-run of the 18th task is shard 17, whatever LSB_JOBINDEX_END says.
    expect(shardFromEnv({ LSB_JOBINDEX: '18', LSB_JOBINDEX_END: '18' }, { count: 100 })).toMatchObject({
      index: 17,
    });
    expect(
      shardFromEnv({ SGE_TASK_ID: '21', SGE_TASK_FIRST: '21', SGE_TASK_LAST: '21' }, { count: 100 }),
    ).toEqual({
      index: 20,
      count: 100,
      source: 'SGE_TASK_ID=21, count from --shard-count',
    });
    expect(() => shardFromEnv({ LSB_JOBINDEX: '3' })).toThrow(new RegExp(SHARD_COUNT_ENV));
  });

  it('needs the count for Kubernetes Indexed Jobs and AWS Batch', () => {
    const k8s = inputError(() => shardFromEnv({ JOB_COMPLETION_INDEX: '3' }));
    expect(k8s.issues[0]!.found).toBe('JOB_COMPLETION_INDEX=3 without a shard count');
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '3', [SHARD_COUNT_ENV]: '4' })).toEqual({
      index: 3,
      count: 4,
      source: `JOB_COMPLETION_INDEX=3, count from ${SHARD_COUNT_ENV}=4`,
    });
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '3', [SHARD_COUNT_ENV]: '4' }, { count: 5 })).toMatchObject({
      count: 5,
    });
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: '0', [SHARD_COUNT_ENV]: 'four' })).toThrow(InputError);
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: '0' }, { count: 0 })).toThrow(/shard count >= 1/);
    expect(shardFromEnv({ AWS_BATCH_JOB_ARRAY_INDEX: '0' }, { count: 2 })).toMatchObject({
      index: 0,
      count: 2,
    });
  });

  it('prefers Slurm, then LSF, SGE, AWS Batch, Kubernetes', () => {
    expect(
      shardFromEnv(
        { JOB_COMPLETION_INDEX: '1', SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '2' },
        {
          count: 2,
        },
      )?.source,
    ).toMatch(/^SLURM_ARRAY_TASK_ID=0/);
  });
});

describe('resolveShard', () => {
  const ck = (index: number, count: number) => ({ file: 'ck.json', shard: { index, count } });
  const task = arrayTaskFromEnv({ SLURM_ARRAY_TASK_ID: '17', SLURM_ARRAY_TASK_COUNT: '1' })!;

  it("takes a re-run's shard from its checkpoint", () => {
    expect(resolveShard({ task, checkpoint: ck(17, 100) })).toEqual({
      index: 17,
      count: 100,
      source: 'SLURM_ARRAY_TASK_ID=17, count from the checkpoint ck.json',
    });
    expect(resolveShard({ checkpoint: ck(3, 4) })).toMatchObject({ index: 3, count: 4 });
    expect(resolveShard({})).toBeUndefined();
  });

  it('refuses sources that disagree, naming both', () => {
    expect(() => resolveShard({ task, checkpoint: ck(3, 100) })).toThrow(
      /ck\.json: shard: expected the checkpoint of shard 17\/100 \(SLURM_ARRAY_TASK_ID=17\), found the checkpoint of shard 3\/100; each shard needs its own --checkpoint file/,
    );
    expect(() =>
      resolveShard({ task, count: { count: 50, source: '--shard-count' }, checkpoint: ck(17, 100) }),
    ).toThrow(
      /expected a checkpoint of a sweep in 50 shards \(--shard-count\), found the checkpoint of shard 17\/100/,
    );
    expect(() =>
      resolveShard({ flag: { index: 1, count: 4 }, count: { count: 5, source: `${SHARD_COUNT_ENV}=5` } }),
    ).toThrow(
      new RegExp(`${SHARD_COUNT_ENV}: expected the shard count of --shard 1/4 \\(4\\), or no count, found 5`),
    );
    expect(() => resolveShard({ flag: { index: 1, count: 4 }, checkpoint: ck(2, 4) })).toThrow(
      /expected the checkpoint of shard 1\/4 \(--shard\), found the checkpoint of shard 2\/4/,
    );
    // --shard wins over the scheduler's task id.
    expect(resolveShard({ flag: { index: 1, count: 4 }, checkpoint: ck(1, 4) })).toMatchObject({
      index: 1,
      count: 4,
      source: '--shard',
    });
  });
});

describe('shardRange', () => {
  it('partitions 0..total-1 into balanced contiguous ranges (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 300 }), (total, count) => {
        let next = 0;
        let min = Infinity;
        let max = -Infinity;
        for (let i = 0; i < count; i++) {
          const { start, end } = shardRange(total, i, count);
          if (start !== next || end < start) return false;
          min = Math.min(min, end - start);
          max = Math.max(max, end - start);
          next = end;
        }
        return next === total && max - min <= 1;
      }),
      { numRuns: 500 },
    );
  });

  it('is exact for totals near 2^53', () => {
    const total = Number.MAX_SAFE_INTEGER;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (count) => {
        const last = shardRange(total, count - 1, count);
        const first = shardRange(total, 0, count);
        const bigTotal = BigInt(total);
        const q = bigTotal / BigInt(count);
        const r = bigTotal % BigInt(count);
        return (
          last.end === total &&
          BigInt(first.end - first.start) === q + (r > 0n ? 1n : 0n) &&
          BigInt(last.start) === BigInt(count - 1) * q + (r < BigInt(count - 1) ? r : BigInt(count - 1))
        );
      }),
    );
  });

  it('puts the extra points in the first shards and refuses bad arguments', () => {
    expect([0, 1, 2].map((i) => shardRange(10, i, 3))).toEqual([
      { start: 0, end: 4 },
      { start: 4, end: 7 },
      { start: 7, end: 10 },
    ]);
    expect(shardRange(2, 3, 4)).toEqual({ start: 2, end: 2 });
    expect(() => shardRange(10, 3, 3)).toThrow(RangeError);
    expect(() => shardRange(-1, 0, 3)).toThrow(RangeError);
    expect(() => shardRange(10, 0, 0)).toThrow(RangeError);
  });

  it('counts strided shards that also cover everything', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 300 }), (total, count) => {
        let sum = 0;
        for (let i = 0; i < count; i++) {
          const n = stridedShardSize(total, i, count);
          let brute = 0;
          for (let k = i; k < total; k += count) brute++;
          if (n !== brute) return false;
          sum += n;
        }
        return sum === total;
      }),
      { numRuns: 100 },
    );
  });
});

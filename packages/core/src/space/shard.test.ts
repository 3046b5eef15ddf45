import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { parseShard, SHARD_COUNT_ENV, shardFromEnv, shardRange, stridedShardSize } from './shard.js';

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

  it('normalises Slurm arrays with min and step', () => {
    const env = {
      SLURM_ARRAY_TASK_ID: '7',
      SLURM_ARRAY_TASK_MIN: '5',
      SLURM_ARRAY_TASK_MAX: '14',
      SLURM_ARRAY_TASK_COUNT: '10',
      SLURM_ARRAY_TASK_STEP: '1',
    };
    expect(shardFromEnv(env)).toEqual({ index: 2, count: 10, source: 'SLURM_ARRAY_TASK_ID=7' });
    const stepped = {
      SLURM_ARRAY_TASK_ID: '8',
      SLURM_ARRAY_TASK_MIN: '0',
      SLURM_ARRAY_TASK_MAX: '12',
      SLURM_ARRAY_TASK_COUNT: '4',
      SLURM_ARRAY_TASK_STEP: '4',
    };
    expect(shardFromEnv(stepped)).toMatchObject({ index: 2, count: 4 });
    // --array=1,3,8: 3 tasks between 1 and 8 leave gaps
    const gaps = inputError(() =>
      shardFromEnv({
        SLURM_ARRAY_TASK_ID: '3',
        SLURM_ARRAY_TASK_MIN: '1',
        SLURM_ARRAY_TASK_MAX: '8',
        SLURM_ARRAY_TASK_COUNT: '3',
        SLURM_ARRAY_TASK_STEP: '1',
      }),
    );
    expect(gaps.message).toMatch(/without gaps.*--shard i\/n/);
    expect(() => shardFromEnv({ ...stepped, SLURM_ARRAY_TASK_ID: '6' })).toThrow(/min \+ k x step/);
    expect(() => shardFromEnv({ SLURM_ARRAY_TASK_ID: 'x' })).toThrow(/non-negative integer/);
    // The count may be given when Slurm's is missing, and must agree when both are known.
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '2' }, { count: 3 })).toMatchObject({ index: 2, count: 3 });
    expect(() => shardFromEnv(env, { count: 9 })).toThrow(/task count 10/);
    expect(shardFromEnv(env, { count: 10 })).toMatchObject({ index: 2, count: 10 });
  });

  it('normalises 1-based LSF indices', () => {
    expect(shardFromEnv({ LSB_JOBINDEX: '1', LSB_JOBINDEX_END: '100' })).toEqual({
      index: 0,
      count: 100,
      source: 'LSB_JOBINDEX=1',
    });
    expect(shardFromEnv({ LSB_JOBINDEX: '100', LSB_JOBINDEX_END: '100' })).toMatchObject({ index: 99 });
    // dse[1-10:3] = 1, 4, 7, 10
    expect(shardFromEnv({ LSB_JOBINDEX: '7', LSB_JOBINDEX_END: '10', LSB_JOBINDEX_STEP: '3' })).toMatchObject(
      {
        index: 2,
        count: 4,
      },
    );
    const noEnd = inputError(() => shardFromEnv({ LSB_JOBINDEX: '3' }));
    expect(noEnd.message).toMatch(new RegExp(`${SHARD_COUNT_ENV}`));
    expect(shardFromEnv({ LSB_JOBINDEX: '3', [SHARD_COUNT_ENV]: '8' })).toMatchObject({ index: 2, count: 8 });
  });

  it('normalises SGE task ranges', () => {
    const env = { SGE_TASK_ID: '21', SGE_TASK_FIRST: '1', SGE_TASK_LAST: '91', SGE_TASK_STEPSIZE: '10' };
    expect(shardFromEnv(env)).toEqual({ index: 2, count: 10, source: 'SGE_TASK_ID=21' });
  });

  it('needs the count for Kubernetes Indexed Jobs and AWS Batch', () => {
    const k8s = inputError(() => shardFromEnv({ JOB_COMPLETION_INDEX: '3' }));
    expect(k8s.issues[0]!.path).toBe(SHARD_COUNT_ENV);
    expect(k8s.issues[0]!.expected).toMatch(/completions.*--shard-count or CHIPLET_DSE_SHARD_COUNT/);
    expect(k8s.issues[0]!.found).toBe('JOB_COMPLETION_INDEX=3 without a count');
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '3', [SHARD_COUNT_ENV]: '4' })).toEqual({
      index: 3,
      count: 4,
      source: 'JOB_COMPLETION_INDEX=3',
    });
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '3', [SHARD_COUNT_ENV]: '4' }, { count: 5 })).toMatchObject({
      count: 5,
    });
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: '4' }, { count: 4 })).toThrow(
      /below the shard count 4/,
    );
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: '0', [SHARD_COUNT_ENV]: 'four' })).toThrow(InputError);
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: '0' }, { count: 0 })).toThrow(/shard count >= 1/);
    expect(shardFromEnv({ AWS_BATCH_JOB_ARRAY_INDEX: '0' }, { count: 2 })).toMatchObject({
      index: 0,
      count: 2,
    });
  });

  it('prefers Slurm, then LSF, SGE, AWS Batch, Kubernetes', () => {
    expect(
      shardFromEnv({ JOB_COMPLETION_INDEX: '1', SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '2' })
        ?.source,
    ).toBe('SLURM_ARRAY_TASK_ID=0');
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

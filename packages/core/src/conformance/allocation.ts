/**
 * Bytes a function allocates per call on the V8 young-generation heap, for the conformance
 * kit's "allocates nothing per point" check. It samples the new space's used size around each
 * call: the median delta over many calls, minus the same for an empty function (the sampling's
 * own allocation), taken at its minimum over up to `rounds` rounds so a scavenge during one round (which
 * shrinks the used size) or a late JIT tier-up cannot fake or hide allocation. A function that
 * allocates nothing measures 0; one that allocates an object per call measures its size.
 */
import v8 from 'node:v8';

function newSpaceUsedBytes(): number {
  const spaces = v8.getHeapSpaceStatistics();
  for (let i = 0; i < spaces.length; i++)
    if (spaces[i]!.space_name === 'new_space') return spaces[i]!.space_used_size;
  return 0;
}

function medianDelta(fn: () => void, calls: number, deltas: Float64Array): number {
  for (let i = 0; i < calls; i++) {
    const before = newSpaceUsedBytes();
    fn();
    deltas[i] = newSpaceUsedBytes() - before;
  }
  deltas.sort();
  return deltas[calls >> 1]!;
}

export function allocatedBytesPerCall(fn: () => void, calls = 401, rounds = 30, patienceMs = 3000): number {
  const nothing = () => {};
  const deltas = new Float64Array(calls);
  // Warm up until the optimising compiler has had its chance: interpreted code boxes doubles.
  for (let i = 0; i < 20_000; i++) fn();
  medianDelta(nothing, calls, deltas);
  let best = Number.POSITIVE_INFINITY;
  const start = performance.now();
  // At least `rounds` rounds; while the function still allocates, keep measuring up to
  // `patienceMs`: on a busy machine the optimising compiler (a background thread) can take
  // hundreds of milliseconds to install the code that does not box doubles. This bounds how long
  // the check waits; it asserts nothing about time.
  for (let r = 0; r < rounds || performance.now() - start < patienceMs; r++) {
    const own = medianDelta(fn, calls, deltas) - medianDelta(nothing, calls, deltas);
    best = Math.min(best, own);
    // Zero cannot be undercut; stop early.
    if (best <= 0) break;
  }
  return Math.max(0, best);
}

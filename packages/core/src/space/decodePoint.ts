/**
 * From a point index to level indices, and from level indices to a design body.
 *
 * Grid order: mixed radix with the LAST parameter varying fastest (row-major, like nested loops
 * written in parameter order, or itertools.product): k = ((l0 * n1 + l1) * n2 + l2) ... so the
 * points come sorted by the first parameter, then the second, and so on.
 *
 * Sampled strategies (random, sobol, halton): sample s gives one uniform u_j in [0, 1) per
 * parameter j (see samplers.ts), and level_j = floor(u_j * n_j) (kept below n_j). The same s
 * gives the same levels on any machine, in any shard, in any order.
 */
import type { DesignBody } from '../design/schema.js';
import type { CompiledSpace } from './compileSpace.js';
import {
  drawUniform,
  haltonCoordinate,
  haltonTable,
  levelOf,
  sampleKey,
  sobolTable,
  sobolWord,
  STREAM_RANDOM,
} from './samplers.js';

// --- mixed radix -----------------------------------------------------------------------------------

/**
 * Writes the levels of grid point k into out[0..radices.length). k must be an integer in
 * [0, product of radices) and below 2^53. Exact: the quotient is (k - r) / n with r = k % n,
 * an exact division, never floor(k / n) (which rounds up for large k).
 */
export function decodeGridIndex(k: number, radices: ArrayLike<number>, out: Int32Array): void {
  for (let j = radices.length - 1; j >= 0; j--) {
    const n = radices[j]!;
    const r = k % n;
    out[j] = r;
    k = (k - r) / n;
  }
}

/** The grid index of a tuple of levels (the inverse of decodeGridIndex). */
export function encodeGridLevels(levels: ArrayLike<number>, radices: ArrayLike<number>): number {
  let k = 0;
  for (let j = 0; j < radices.length; j++) k = k * radices[j]! + levels[j]!;
  return k;
}

/**
 * Steps levels to the next grid point in place (the last parameter fastest). Returns false
 * (and leaves all zeros) after the last point. Cheaper than decoding each index in a loop.
 */
export function nextGridLevels(levels: Int32Array, radices: ArrayLike<number>): boolean {
  for (let j = radices.length - 1; j >= 0; j--) {
    const v = levels[j]! + 1;
    if (v < radices[j]!) {
      levels[j] = v;
      return true;
    }
    levels[j] = 0;
  }
  return false;
}

// --- decoders ----------------------------------------------------------------------------------------

export interface PointDecoder {
  /** Number of parameters (the length out must have). */
  readonly dimensions: number;
  /** Points the strategy defines: indices are 0 .. pointCount - 1. */
  readonly pointCount: number;
  /** Writes the levels of point `index` into out (no allocation). Throws RangeError on a bad index. */
  decode(index: number, out: Int32Array): void;
}

function checkIndex(index: number, count: number): void {
  if (!(index >= 0 && index < count && Number.isInteger(index)))
    throw new RangeError(`point index ${index} is outside 0..${count - 1}`);
}

/** A decoder for a compiled space: precomputes the sampler's tables once. */
export function createDecoder(space: CompiledSpace): PointDecoder {
  const radices = Int32Array.from(space.levelCounts);
  const dims = radices.length;
  const count = space.pointCount;
  const strategy = space.strategy;
  switch (strategy.kind) {
    case 'grid':
      return {
        dimensions: dims,
        pointCount: count,
        decode(index, out) {
          checkIndex(index, count);
          decodeGridIndex(index, radices, out);
        },
      };
    case 'random': {
      const seed = strategy.seed ?? 0;
      return {
        dimensions: dims,
        pointCount: count,
        decode(index, out) {
          checkIndex(index, count);
          const key = sampleKey(STREAM_RANDOM, seed, index);
          for (let j = 0; j < dims; j++) out[j] = levelOf(drawUniform(key, j), radices[j]!);
        },
      };
    }
    case 'sobol': {
      const table = sobolTable(dims, strategy.scramble ?? false, strategy.seed ?? 0);
      return {
        dimensions: dims,
        pointCount: count,
        decode(index, out) {
          checkIndex(index, count);
          // 32-bit coordinates: level = floor(x * n / 2^32), exact in doubles (x * n < 2^53).
          for (let j = 0; j < dims; j++)
            out[j] = Math.floor((sobolWord(table, index, j) * radices[j]!) / 4294967296);
        },
      };
    }
    case 'halton': {
      const table = haltonTable(dims, strategy.scramble ?? false, strategy.seed ?? 0);
      return {
        dimensions: dims,
        pointCount: count,
        decode(index, out) {
          checkIndex(index, count);
          for (let j = 0; j < dims; j++) out[j] = levelOf(haltonCoordinate(table, index, j), radices[j]!);
        },
      };
    }
  }
}

const decoders = new WeakMap<CompiledSpace, PointDecoder>();

/** decode(index) of the space's (cached) decoder: writes the levels of point index into out. */
export function decodePoint(space: CompiledSpace, index: number, out: Int32Array): void {
  let d = decoders.get(space);
  if (d === undefined) {
    d = createDecoder(space);
    decoders.set(space, d);
  }
  d.decode(index, out);
}

// --- applying a point ----------------------------------------------------------------------------------

type Container = Record<string | number, unknown>;

/**
 * Plain copy by key. Objects made by spread ({ ...x }) are several times slower to extend with a
 * new key (package.carrier, package.options) in V8 than objects built key by key.
 */
function copyContainer(x: unknown): Container {
  if (Array.isArray(x)) return x.slice() as unknown as Container;
  const src = x as Container;
  const out: Container = {};
  for (const k of Object.keys(src)) out[k] = src[k];
  return out;
}

/** Which containers (objects and lists) lie on the way to the fields a space sets. */
interface ApplyPlan {
  /** Per container (0 = the root): the index of its parent container and its key there. */
  readonly parent: Int32Array;
  readonly key: readonly (string | number)[];
  /** Per parameter, per target: the container holding the field, and the field's key. */
  readonly holder: readonly Int32Array[];
  readonly leaf: readonly (readonly (string | number)[])[];
}

function buildPlan(space: CompiledSpace): ApplyPlan {
  const index = new Map<string, number>([['', 0]]);
  const parent = [-1];
  const key: (string | number)[] = [''];
  const containerOf = (segs: readonly (string | number)[]): number => {
    let at = 0;
    let id = '';
    for (const seg of segs) {
      id += typeof seg === 'number' ? `[${seg}]` : `.${seg}`;
      let i = index.get(id);
      if (i === undefined) {
        i = parent.length;
        index.set(id, i);
        parent.push(at);
        key.push(seg);
      }
      at = i;
    }
    return at;
  };
  const holder = space.parameters.map((p) =>
    Int32Array.from(p.targets, (t) => containerOf(t.segments.slice(0, -1))),
  );
  const leaf = space.parameters.map((p) => p.targets.map((t) => t.segments[t.segments.length - 1]!));
  return { parent: Int32Array.from(parent), key, holder, leaf };
}

const plans = new WeakMap<CompiledSpace, ApplyPlan>();

/**
 * A new design body with the fields of the given levels set. Copy-on-write: the root and every
 * object or list on the way to a field the space sets are shallow-copied, everything else is
 * shared with `base`. Cost: one shallow copy per such container (about 8 for a space over
 * chiplets, memory, package and system), independent of the levels; about 1 us per point for the
 * documented example. A null value removes the field (a `delete`, which makes that one object
 * slower to use later). Neither `base` nor the result may be mutated afterwards: they share
 * subtrees. `base` must be the body the space was compiled against (paths were resolved on it).
 */
export function applyPoint(base: DesignBody, space: CompiledSpace, levels: ArrayLike<number>): DesignBody {
  let plan = plans.get(space);
  if (plan === undefined) {
    plan = buildPlan(space);
    plans.set(space, plan);
  }
  const n = plan.parent.length;
  const copies: (Container | undefined)[] = new Array<Container | undefined>(n);
  copies[0] = copyContainer(base);
  for (let i = 1; i < n; i++) {
    const up = copies[plan.parent[i]!];
    const child = up === undefined ? undefined : up[plan.key[i]!];
    if (child === undefined || child === null || typeof child !== 'object') continue;
    const copy = copyContainer(child);
    up![plan.key[i]!] = copy;
    copies[i] = copy;
  }
  // An optional group absent from the base (package.options): created when a value goes in it.
  const materialise = (i: number): Container => {
    const have = copies[i];
    if (have !== undefined) return have;
    const made: Container = {};
    materialise(plan.parent[i]!)[plan.key[i]!] = made;
    copies[i] = made;
    return made;
  };
  const params = space.parameters;
  for (let j = 0; j < params.length; j++) {
    const p = params[j]!;
    const level = p.levels[levels[j]!];
    if (level === undefined)
      throw new RangeError(`level ${levels[j]} of parameter "${p.name}" is outside 0..${p.levelCount - 1}`);
    const holder = plan.holder[j]!;
    const leaf = plan.leaf[j]!;
    for (const a of level.set) {
      const h = holder[a.target]!;
      if (a.value === null) {
        const cur = copies[h];
        if (cur !== undefined) delete cur[leaf[a.target]!];
      } else {
        materialise(h)[leaf[a.target]!] = a.value;
      }
    }
  }
  return copies[0] as DesignBody;
}

/** The label of each parameter's level (the value, or a bundle's label), for result rows. */
export function pointLabels(space: CompiledSpace, levels: ArrayLike<number>): string[] {
  return space.parameters.map((p, j) => p.levels[levels[j]!]?.label ?? '?');
}

/**
 * From a parsed `space:` section and the base design body to a compiled space: per parameter its
 * levels as a table of field assignments, the grid size, and the number of points the strategy
 * evaluates. Every path is resolved against the base design and every value checked against the
 * design schema here, once, so that a bad parameter fails before the first point is evaluated.
 *
 * The compiled space is plain data (no functions), so it can be posted to worker threads or
 * written to a manifest as is.
 */
import type { DesignBody, DesignFile } from '../design/schema.js';
import { InputError, describeValue, type InputIssueAt } from '../errors.js';
import { checkFieldValue, resolveFieldPath, type ResolvedField } from './fieldPath.js';
import {
  BUNDLE_LABEL_KEY,
  MAX_LEVELS,
  type BundleValue,
  type FieldValue,
  type RangeInput,
  type SpaceInput,
  type Strategy,
} from '../design/spaceSchema.js';

/** One field set by one level: the index of the field in the parameter's targets, and its value. */
export interface FieldAssignment {
  readonly target: number;
  /** null removes the field (its default applies). */
  readonly value: FieldValue;
}

export interface CompiledLevel {
  /** How the level is shown in results: the value, or a bundle's label. */
  readonly label: string;
  readonly set: readonly FieldAssignment[];
}

export interface CompiledParameter {
  readonly name: string;
  /** Where the parameter is written, e.g. "space.parameters[2]". */
  readonly at: string;
  /** The fields this parameter sets (for bundles, every field any level sets). */
  readonly targets: readonly ResolvedField[];
  readonly levels: readonly CompiledLevel[];
  /** levels.length. */
  readonly levelCount: number;
}

export interface CompiledSpace {
  readonly parameters: readonly CompiledParameter[];
  /** Level count per parameter, in parameter order (the radices of the grid). */
  readonly levelCounts: readonly number[];
  readonly strategy: Strategy;
  /**
   * Number of grid points (product of the level counts). Exact when gridSizeExact; otherwise the
   * nearest double, larger than Number.MAX_SAFE_INTEGER.
   */
  readonly gridSize: number;
  readonly gridSizeExact: boolean;
  /** The grid size in decimal digits, exact even when it overflows a double's integers. */
  readonly gridSizeText: string;
  /** Points the strategy evaluates: the grid size for grid, the sample count otherwise. */
  readonly pointCount: number;
  /** Things worth telling the user that do not stop the sweep. */
  readonly warnings: readonly string[];
}

export interface CompileContext {
  /** The design file, for messages. */
  file: string;
  /** Prefix of issue paths (default "space"). */
  pathPrefix?: string;
}

// --- levels of a range -----------------------------------------------------------------------------

/**
 * The values of a range: `steps` values from min to max, evenly spaced (linear) or in geometric
 * progression (log), endpoints exact. With integer: each rounded to the nearest integer (Math.round:
 * halves go up) and repeats dropped, keeping the order; without steps,
 * every integer from min to max.
 */
export function rangeValues(range: RangeInput): number[] {
  const { min, max } = range;
  if (range.integer === true && range.steps === undefined) {
    return Array.from({ length: max - min + 1 }, (_, k) => min + k);
  }
  const steps = range.steps ?? 2;
  if (min === max) return [min];
  const out: number[] = [];
  const log = range.scale === 'log';
  const lo = log ? Math.log(min) : min;
  const hi = log ? Math.log(max) : max;
  for (let k = 0; k < steps; k++) {
    let v: number;
    if (k === 0) v = min;
    else if (k === steps - 1) v = max;
    else {
      const t = lo + ((hi - lo) * k) / (steps - 1);
      v = log ? Math.exp(t) : t;
    }
    out.push(v);
  }
  if (range.integer !== true) return out;
  const ints: number[] = [];
  for (const v of out) {
    const r = Math.round(v);
    if (ints.length === 0 || ints[ints.length - 1] !== r) ints.push(r);
  }
  return ints;
}

function labelOf(value: FieldValue): string {
  return value === null ? '(default)' : String(value);
}

// --- compile ---------------------------------------------------------------------------------------

/** Most issues reported per parameter (a range of 1 000 bad values gives 3 lines, not 1 000). */
const MAX_ISSUES_PER_PARAMETER = 3;

/**
 * The parameters of a space, resolved against the base design, every level's values checked
 * against the schema of the field it sets (the field's type, its physical range, its enum), each
 * range's min and max too: an InputError listing the problems of every parameter (at most
 * MAX_ISSUES_PER_PARAMETER each). `validate` runs this; compileSpace starts with it.
 */
export function compileParameters(
  space: Pick<SpaceInput, 'parameters'>,
  base: DesignBody,
  ctx: CompileContext,
): CompiledParameter[] {
  const prefix = ctx.pathPrefix ?? 'space';
  const issues: InputIssueAt[] = [];
  const failing: string[] = [];
  const compiled: CompiledParameter[] = [];
  /** canonical field -> parameter name that sets it */
  const owners = new Map<string, string>();

  space.parameters.forEach((p, i) => {
    const at = `${prefix}.parameters[${i}]`;
    const name = p.name ?? p.path ?? `#${i}`;
    const mine: InputIssueAt[] = [];
    const bad = (path: string, expected: string, found: string) => {
      if (mine.length < MAX_ISSUES_PER_PARAMETER) mine.push({ file: ctx.file, path, expected, found });
      else if (mine.length === MAX_ISSUES_PER_PARAMETER)
        mine.push({ file: ctx.file, path: at, expected: 'fewer problems', found: 'more (not shown)' });
    };

    // The written paths of the parameter, in first-seen order, and per level its (path, value) pairs.
    const paths: string[] = [];
    const rawLevels: { label: string; set: [string, FieldValue][]; at: string }[] = [];
    if (p.range !== undefined) {
      paths.push(p.path!);
      rangeValues(p.range).forEach((v) =>
        rawLevels.push({ label: String(v), set: [[p.path!, v]], at: `${at}.range` }),
      );
    } else {
      const values = p.values ?? [];
      values.forEach((v, k) => {
        const levelAt = `${at}.values[${k}]`;
        if (v !== null && typeof v === 'object') {
          const bundle = v as BundleValue;
          const set: [string, FieldValue][] = [];
          for (const [key, value] of Object.entries(bundle)) {
            if (key === BUNDLE_LABEL_KEY) continue;
            if (!paths.includes(key)) paths.push(key);
            set.push([key, value]);
          }
          const label = bundle[BUNDLE_LABEL_KEY];
          rawLevels.push({
            label: typeof label === 'string' ? label : labelOf(set[0]?.[1] ?? null),
            set,
            at: levelAt,
          });
        } else {
          if (!paths.includes(p.path!)) paths.push(p.path!);
          rawLevels.push({ label: labelOf(v), set: [[p.path!, v]], at: levelAt });
        }
      });
    }
    if (rawLevels.length > MAX_LEVELS) bad(at, `at most ${MAX_LEVELS} levels`, `${rawLevels.length} levels`);

    // Resolve the paths against the base design.
    const targets: ResolvedField[] = [];
    const schemas: Parameters<typeof checkFieldValue>[1][] = [];
    const targetIndex = new Map<string, number>();
    for (const path of paths) {
      const r = resolveFieldPath(path, base);
      if (!r.ok) {
        bad(p.path === undefined ? `${at}.values` : `${at}.path`, r.expected, `${r.found} in ${path}`);
        continue;
      }
      const dup = targets.findIndex((t) => t.canonical === r.field.canonical);
      if (dup >= 0) {
        bad(
          `${at}.values`,
          `each field set once per bundle (${path} and ${targets[dup]!.path} are both ${r.field.canonical})`,
          JSON.stringify(path),
        );
        continue;
      }
      const owner = owners.get(r.field.canonical);
      if (owner !== undefined) {
        bad(
          p.path === undefined ? `${at}.values` : `${at}.path`,
          `a field no other parameter sets (parameter "${owner}" sets ${r.field.canonical})`,
          JSON.stringify(path),
        );
        continue;
      }
      targetIndex.set(path, targets.length);
      targets.push(r.field);
      schemas.push(r.schema);
    }

    // A range's bounds against the field's schema (its physical range): the levels lie between
    // them, so a bound outside is the problem to name (not the levels it makes).
    if (p.range !== undefined && mine.length === 0 && targets.length === 1) {
      for (const bound of ['min', 'max'] as const) {
        const value = p.range[bound];
        const problem = checkFieldValue(targets[0]!, schemas[0]!, value);
        if (problem !== undefined)
          bad(`${at}.range.${bound}`, `${problem} for ${targets[0]!.canonical}`, describeValue(value));
      }
    }

    // Check every level's values against the fields' schemas.
    const levels: CompiledLevel[] = [];
    if (mine.length === 0) {
      for (const raw of rawLevels) {
        const set: FieldAssignment[] = [];
        for (const [path, value] of raw.set) {
          const t = targetIndex.get(path)!;
          const problem = checkFieldValue(targets[t]!, schemas[t]!, value);
          if (problem !== undefined)
            bad(raw.at, `${problem} for ${targets[t]!.canonical}`, describeValue(value));
          set.push({ target: t, value });
        }
        levels.push({ label: raw.label, set });
      }
    }

    if (mine.length > 0) {
      issues.push(...mine);
      failing.push(`"${name}" (${at})`);
      return;
    }
    for (const t of targets) owners.set(t.canonical, name);
    compiled.push({ name, at, targets, levels, levelCount: levels.length });
  });

  if (issues.length > 0) {
    const what = failing.length === 1 ? `parameter ${failing[0]}` : `parameters ${failing.join(', ')}`;
    throw new InputError(issues, `${ctx.file}: design space ${what} cannot be applied to the design:`);
  }

  return compiled;
}

export function compileSpace(space: SpaceInput, base: DesignBody, ctx: CompileContext): CompiledSpace {
  const prefix = ctx.pathPrefix ?? 'space';
  const compiled = compileParameters(space, base, ctx);

  const levelCounts = compiled.map((p) => p.levelCount);
  const exact = levelCounts.reduce((a, n) => a * BigInt(n), 1n);
  const gridSizeExact = exact <= BigInt(Number.MAX_SAFE_INTEGER);
  const gridSize = Number(exact);
  const gridSizeText = exact.toString();
  const strategy: Strategy = space.strategy ?? { kind: 'grid' };
  const warnings: string[] = [];
  space.parameters.forEach((p, i) => {
    const r = p.range;
    if (r?.integer === true && r.steps !== undefined && compiled[i]!.levelCount < r.steps)
      warnings.push(
        `parameter "${compiled[i]!.name}": the integer range has ${compiled[i]!.levelCount} distinct levels, fewer than its ${r.steps} steps`,
      );
  });
  let pointCount: number;
  if (strategy.kind === 'grid') {
    if (!gridSizeExact)
      throw InputError.at(
        ctx.file,
        `${prefix}.parameters`,
        `a grid of at most ${Number.MAX_SAFE_INTEGER} points (2^53 - 1); for a larger space use strategy random, sobol or halton`,
        `${gridSizeText} points (${levelCounts.join(' x ')})`,
      );
    pointCount = gridSize;
  } else {
    pointCount = strategy.samples;
    if (gridSizeExact && strategy.samples >= gridSize)
      warnings.push(
        `${strategy.kind} strategy: ${strategy.samples} samples for a grid of ${gridSize} points; strategy grid would cover every point exactly once`,
      );
    if (strategy.kind === 'sobol' && !Number.isInteger(Math.log2(strategy.samples)))
      warnings.push(
        `sobol strategy: ${strategy.samples} samples is not a power of 2; Sobol points are balanced for 2^m samples`,
      );
  }
  return {
    parameters: compiled,
    levelCounts,
    strategy,
    gridSize,
    gridSizeExact,
    gridSizeText,
    pointCount,
    warnings,
  };
}

/**
 * `validate`'s check of a design file's `space:` section, as a sweep checks it before any compute
 * (compileParameters, against the base design): every path and every value, each range's bounds
 * against the physical range of the field they set. The strategy is left to the sweep, whose
 * flags may change it. Throws an InputError listing every problem.
 */
export function checkDesignSpace(loaded: { file: string; data: DesignFile }): void {
  const d = loaded.data;
  if (d.space === undefined) return;
  const {
    $schema: _s,
    plugins: _p,
    variants: _v,
    space,
    constraints: _c,
    objectives: _o,
    technology: _t,
    ...base
  } = d;
  compileParameters(space, base as DesignBody, { file: loaded.file });
}

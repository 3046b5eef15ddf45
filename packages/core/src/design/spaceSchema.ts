/**
 * Schemas of the sweep sections of a design file: `space:` (the parameters and how points are
 * picked), `constraints:` and `objectives:` (both on the scalar metric paths of `Metrics`).
 * Structural rules only; whether a parameter's path exists in the design is checked by
 * compileSpace, which needs the design body. See docs/design-space.md.
 */
import { z } from 'zod';
import { describeValue, InputError } from '../errors.js';
import { issueFromZod, PARSE_OPTIONS } from '../io/zodIssues.js';
import { ROW } from '../metrics/row.js';
import type { Metrics } from '../metrics/types.js';

// --- metric paths ------------------------------------------------------------------------------

/**
 * Every numeric scalar of the Metrics record, by dotted path, with a getter. Kept explicit (fast
 * getters, no string walking per point); `_metricPathsComplete` below makes `tsc` fail when the
 * Metrics type gains or loses a numeric field that is not listed here.
 */
const metricGetters = {
  'cost.totalUsd': (m: Metrics) => m.cost.totalUsd,
  'cost.recurringUsd': (m: Metrics) => m.cost.recurringUsd,
  'cost.nreUsd': (m: Metrics) => m.cost.nreUsd,
  'cost.recurring.rawDiesUsd': (m: Metrics) => m.cost.recurring.rawDiesUsd,
  'cost.recurring.defectLossUsd': (m: Metrics) => m.cost.recurring.defectLossUsd,
  'cost.recurring.carrierUsd': (m: Metrics) => m.cost.recurring.carrierUsd,
  'cost.recurring.bondingAssemblyUsd': (m: Metrics) => m.cost.recurring.bondingAssemblyUsd,
  'cost.recurring.testUsd': (m: Metrics) => m.cost.recurring.testUsd,
  'cost.recurring.componentsUsd': (m: Metrics) => m.cost.recurring.componentsUsd,
  'cost.recurring.packageScrapUsd': (m: Metrics) => m.cost.recurring.packageScrapUsd,
  'cost.recurring.wastedGoodDiesUsd': (m: Metrics) => m.cost.recurring.wastedGoodDiesUsd,
  'cost.nre.designUsd': (m: Metrics) => m.cost.nre.designUsd,
  'cost.nre.masksUsd': (m: Metrics) => m.cost.nre.masksUsd,
  'cost.nre.d2dPhyUsd': (m: Metrics) => m.cost.nre.d2dPhyUsd,
  'cost.nre.packageUsd': (m: Metrics) => m.cost.nre.packageUsd,
  'cost.knownGoodDieUsd': (m: Metrics) => m.cost.knownGoodDieUsd,
  'yields.carrier': (m: Metrics) => m.yields.carrier,
  'yields.assembly': (m: Metrics) => m.yields.assembly,
  'yields.package': (m: Metrics) => m.yields.package,
  'yields.compound': (m: Metrics) => m.yields.compound,
  'bandwidth.aggregateD2dGBps': (m: Metrics) => m.bandwidth.aggregateD2dGBps,
  'bandwidth.memoryGBps': (m: Metrics) => m.bandwidth.memoryGBps,
  'bandwidth.energyPjPerBit': (m: Metrics) => m.bandwidth.energyPjPerBit,
  'bandwidth.ioPowerW': (m: Metrics) => m.bandwidth.ioPowerW,
  'thermal.peakTempC': (m: Metrics) => m.thermal.peakTempC,
  'geometry.packageAreaMm2': (m: Metrics) => m.geometry.packageAreaMm2,
  'geometry.carrierAreaMm2': (m: Metrics) => m.geometry.carrierAreaMm2,
  'geometry.siliconAreaMm2': (m: Metrics) => m.geometry.siliconAreaMm2,
  'geometry.packageWidthMm': (m: Metrics) => m.geometry.packageWidthMm,
  'geometry.packageHeightMm': (m: Metrics) => m.geometry.packageHeightMm,
} as const satisfies Record<string, (m: Metrics) => number>;

export type MetricPath = keyof typeof metricGetters;

/** The dotted paths of every numeric scalar in Metrics (lists such as per-die values excluded). */
export const metricPaths = Object.keys(metricGetters) as [MetricPath, ...MetricPath[]];

/** Dotted paths of the numeric leaves of T, not descending into lists. */
type NumericLeafPaths<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends number
    ? `${P}${K}`
    : T[K] extends readonly unknown[]
      ? never
      : T[K] extends object
        ? NumericLeafPaths<T[K], `${P}${K}.`>
        : never;
}[keyof T & string];
type MissingMetricPaths = Exclude<NumericLeafPaths<Metrics>, MetricPath>;
type UnknownMetricPaths = Exclude<MetricPath, NumericLeafPaths<Metrics>>;
/** Compile-time check: this errors when metricGetters and Metrics drift apart. */
const _metricPathsComplete: [MissingMetricPaths | UnknownMetricPaths] extends [never] ? true : never = true;

/**
 * Where each metric path sits in a plan's flat row (metrics/row.ts): sweeps read objectives and
 * constraints from the row without building the record. `satisfies` keeps it complete.
 */
export const METRIC_ROW_INDEX = {
  'cost.totalUsd': ROW.totalUsd,
  'cost.recurringUsd': ROW.recurringUsd,
  'cost.nreUsd': ROW.nreUsd,
  'cost.recurring.rawDiesUsd': ROW.rawDiesUsd,
  'cost.recurring.defectLossUsd': ROW.defectLossUsd,
  'cost.recurring.carrierUsd': ROW.carrierUsd,
  'cost.recurring.bondingAssemblyUsd': ROW.bondingAssemblyUsd,
  'cost.recurring.testUsd': ROW.testUsd,
  'cost.recurring.componentsUsd': ROW.componentsUsd,
  'cost.recurring.packageScrapUsd': ROW.packageScrapUsd,
  'cost.recurring.wastedGoodDiesUsd': ROW.wastedGoodDiesUsd,
  'cost.nre.designUsd': ROW.nreDesignUsd,
  'cost.nre.masksUsd': ROW.nreMasksUsd,
  'cost.nre.d2dPhyUsd': ROW.nreD2dPhyUsd,
  'cost.nre.packageUsd': ROW.nrePackageUsd,
  'cost.knownGoodDieUsd': ROW.knownGoodDieUsd,
  'yields.carrier': ROW.carrierYield,
  'yields.assembly': ROW.assemblyYield,
  'yields.package': ROW.packageYield,
  'yields.compound': ROW.compoundYield,
  'bandwidth.aggregateD2dGBps': ROW.aggregateD2dGBps,
  'bandwidth.memoryGBps': ROW.memoryGBps,
  'bandwidth.energyPjPerBit': ROW.energyPjPerBit,
  'bandwidth.ioPowerW': ROW.ioPowerW,
  'thermal.peakTempC': ROW.peakTempC,
  'geometry.packageAreaMm2': ROW.packageAreaMm2,
  'geometry.carrierAreaMm2': ROW.carrierAreaMm2,
  'geometry.siliconAreaMm2': ROW.siliconAreaMm2,
  'geometry.packageWidthMm': ROW.packageWidthMm,
  'geometry.packageHeightMm': ROW.packageHeightMm,
} as const satisfies Record<MetricPath, number>;

/**
 * A derived metric: `derived.<name>`, computed from the Metrics record by a function a plugin
 * package registers (plugin/extensions.ts). The schema accepts any such path; whether one is
 * registered is checked where the registry is known (the sweep's context).
 */
export type DerivedMetricPath = `derived.${string}`;
export const DERIVED_METRIC_PATTERN = /^derived\.[A-Za-z][A-Za-z0-9_]*$/;

/** Where derived metrics are looked up (the extension registry). */
export interface DerivedMetricSource {
  metric(id: string): { compute(m: Metrics): number } | undefined;
  metrics(): readonly { readonly id: string }[];
}

/**
 * Why the last derived-metric getter returned NaN because its compute threw or returned a
 * non-number ('' otherwise); the sweep reads it for the failed point's message and clears it.
 */
export const derivedMetricFault = { last: '' };

/**
 * The getter of a metric path: `metricGetter('thermal.peakTempC')(metrics)`; a derived path needs
 * the source it is registered in. A derived metric is plugin code: its getter never throws, a
 * throw or a value that is not a number gives NaN (with the reason in derivedMetricFault), so a
 * faulty metric fails a point instead of a sweep.
 */
export function metricGetter(
  path: MetricPath | DerivedMetricPath | (string & {}),
  derived?: DerivedMetricSource,
): (m: Metrics) => number {
  if (isMetricPath(path)) return metricGetters[path];
  const d = derived?.metric(path);
  if (d === undefined) throw new RangeError(`unknown metric: ${path}`);
  return (m) => {
    let v: unknown;
    try {
      v = d.compute(m);
    } catch (err) {
      derivedMetricFault.last = `derived metric ${path} threw: ${(err as Error)?.message ?? String(err)}`;
      return Number.NaN;
    }
    if (typeof v === 'number') return v;
    derivedMetricFault.last = `derived metric ${path} returned ${describeValue(v)}, expected a number`;
    return Number.NaN;
  };
}

export function isMetricPath(text: string): text is MetricPath {
  return Object.hasOwn(metricGetters, text);
}

export function isDerivedMetricPath(text: string): text is DerivedMetricPath {
  return DERIVED_METRIC_PATTERN.test(text);
}

// --- limits ------------------------------------------------------------------------------------

/** Most levels one parameter may have (a table of this many values is kept in memory). */
export const MAX_LEVELS = 100_000;
/** Most parameters in a space. */
export const MAX_PARAMETERS = 64;
/** Sobol dimensions with Joe & Kuo direction numbers built in (see lowDiscrepancy.ts). */
export const MAX_SOBOL_DIMENSIONS = 32;
/** Sobol points are 32-bit: at most 2^32 of them. */
export const MAX_SOBOL_SAMPLES = 2 ** 32;

// --- field paths and values --------------------------------------------------------------------

const fieldName = '[A-Za-z_][A-Za-z0-9_-]*';
const selector = '\\[[A-Za-z0-9][A-Za-z0-9_.-]*\\]';
const part = `${fieldName}(?:${selector})*`;
/** `package.options.flow`, `chiplets[0].count`, `chiplets[tile].node`, `memory[hbm].stacks`. */
export const FIELD_PATH_PATTERN = new RegExp(`^${part}(?:\\.${part})*$`);

export const fieldPathSchema = z
  .string()
  .regex(
    FIELD_PATH_PATTERN,
    'a field path such as package.approach, chiplets[0].count or chiplets[tile].node',
  )
  .describe(
    'Field of the design body to set: dotted names, a list entry by index (chiplets[0]) or by its id (chiplets[tile]).',
  );

/** One value a parameter may give a field. `null` removes an optional field (its default applies). */
export const fieldValueSchema = z
  .union([z.number(), z.string(), z.boolean(), z.null()])
  .describe('A number, text, true/false, or null to remove an optional field (so its default applies).');

export type FieldValue = z.infer<typeof fieldValueSchema>;

/** Reserved key of a bundle value: its label in results (default: the value of its first field). */
export const BUNDLE_LABEL_KEY = 'label';

export const bundleValueSchema = z
  .record(z.union([z.literal(BUNDLE_LABEL_KEY), fieldPathSchema]), fieldValueSchema)
  .describe(
    'A bundle level: field path -> value for every field the level sets, e.g. { package.approach: 2.5d, package.carrier: si_interposer }; optional "label" names the level in results.',
  );

export type BundleValue = z.infer<typeof bundleValueSchema>;

// --- ranges ------------------------------------------------------------------------------------

export const rangeSchema = z
  .strictObject({
    min: z.number().describe('Smallest value (first level).'),
    max: z.number().describe('Largest value (last level).'),
    steps: z
      .number()
      .int()
      .min(1)
      .max(MAX_LEVELS)
      .optional()
      .describe(
        'Number of levels, endpoints included. Required unless integer is true (then every integer from min to max).',
      ),
    scale: z
      .enum(['linear', 'log'])
      .optional()
      .describe('Spacing of the levels: linear (default) or log (geometric; min must be > 0).'),
    integer: z
      .boolean()
      .optional()
      .describe('Round every level to the nearest integer and drop repeats (so steps is an upper bound).'),
  })
  .superRefine((r, ctx) => {
    const bad = (message: string, path: PropertyKey[] = []) =>
      ctx.addIssue({ code: 'custom', message, path, input: r });
    if (r.min > r.max) bad(`min <= max (found min ${r.min} > max ${r.max})`);
    if (r.scale === 'log' && r.min <= 0) bad('min > 0 for a log scale', ['min']);
    if (r.integer === true) {
      if (!Number.isInteger(r.min)) bad('an integer min (integer is true)', ['min']);
      if (!Number.isInteger(r.max)) bad('an integer max (integer is true)', ['max']);
      if (r.steps === undefined && r.max - r.min + 1 > MAX_LEVELS)
        bad(`steps (every integer from min to max would be more than ${MAX_LEVELS} levels)`, ['steps']);
    } else if (r.steps === undefined) {
      bad('steps (the number of levels; only integer ranges may leave it out)', ['steps']);
    }
    if (r.steps === 1 && r.min !== r.max) bad('steps >= 2 when min and max differ', ['steps']);
  });

export type RangeInput = z.infer<typeof rangeSchema>;

// --- parameters --------------------------------------------------------------------------------

const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.[\]#-]*$/;

export const parameterSchema = z
  .strictObject({
    name: z
      .string()
      .regex(NAME_PATTERN, 'a name of letters, digits, "_", "-", ".", "[", "]" or "#"')
      .optional()
      .describe('Name of the parameter in results (a column). Default: its path. Required for bundles.'),
    description: z.string().optional(),
    path: fieldPathSchema
      .optional()
      .describe(
        'The design field this parameter sets (not given for bundles, whose values name their fields).',
      ),
    values: z
      .array(z.union([fieldValueSchema, bundleValueSchema]))
      .min(1)
      .max(MAX_LEVELS)
      .optional()
      .describe(
        'The levels: plain values for the field at path, or bundles (maps from field path to value) that set several fields at once.',
      ),
    range: rangeSchema.optional().describe('Numeric levels from min to max (instead of values).'),
  })
  .superRefine((p, ctx) => {
    const bad = (message: string, path: PropertyKey[] = [], input: unknown = p) =>
      ctx.addIssue({ code: 'custom', message, path, input });
    if ((p.values === undefined) === (p.range === undefined)) {
      bad('exactly one of values or range', [], p.values === undefined ? 'neither' : 'both');
      return;
    }
    if (p.range !== undefined) {
      if (p.path === undefined) bad('path (the field a range sets)', ['path'], undefined);
      return;
    }
    const values = p.values!;
    const bundles = values.filter((v) => v !== null && typeof v === 'object').length;
    if (bundles > 0 && bundles < values.length) {
      bad('values that are all plain values or all bundles (maps from path to value)', ['values']);
      return;
    }
    if (bundles === 0) {
      if (p.path === undefined)
        bad('path (the field these values set); or bundles as values', ['path'], undefined);
    } else {
      if (p.path !== undefined)
        bad('no path when the values are bundles (each bundle names its fields)', ['path'], p.path);
      if (p.name === undefined) bad('a name (bundles have no single path to name them)', ['name'], undefined);
      values.forEach((v, k) => {
        const b = v as BundleValue;
        const label = b[BUNDLE_LABEL_KEY];
        if (label !== undefined && typeof label !== 'string')
          bad('a text label', ['values', k, BUNDLE_LABEL_KEY], label);
        if (Object.keys(b).filter((key) => key !== BUNDLE_LABEL_KEY).length === 0)
          bad('a bundle that sets at least one field', ['values', k], v);
      });
    }
    const seen = new Map<string, number>();
    values.forEach((v, k) => {
      const key = JSON.stringify(v);
      const first = seen.get(key);
      if (first !== undefined)
        bad(`values that differ from each other (same as values[${first}])`, ['values', k], v);
      else seen.set(key, k);
    });
  });

export type ParameterInput = z.infer<typeof parameterSchema>;

// --- strategies --------------------------------------------------------------------------------

const seedSchema = z
  .number()
  .int()
  .min(0)
  .max(Number.MAX_SAFE_INTEGER)
  .optional()
  .describe('Seed of the sampler (an integer, default 0). Same seed, same points, on any machine and shard.');

const samplesSchema = (max: number) =>
  z.number().int().min(1).max(max).describe('Number of points to evaluate.');

export const strategySchema = z
  .discriminatedUnion('kind', [
    z
      .strictObject({ kind: z.literal('grid') })
      .describe('Every combination of levels (full factorial), in mixed-radix order.'),
    z
      .strictObject({
        kind: z.literal('random'),
        samples: samplesSchema(Number.MAX_SAFE_INTEGER),
        seed: seedSchema,
      })
      .describe('Independent uniform levels per parameter, from a generator seeded by (seed, sample index).'),
    z
      .strictObject({
        kind: z.literal('sobol'),
        samples: samplesSchema(MAX_SOBOL_SAMPLES).describe(
          'Number of points (best a power of 2; at most 2^32).',
        ),
        seed: seedSchema,
        scramble: z
          .boolean()
          .optional()
          .describe(
            'Randomise the sequence (linear matrix scramble + digital shift from the seed). Default false.',
          ),
      })
      .describe('Sobol low-discrepancy sequence (Joe & Kuo direction numbers, up to 32 parameters).'),
    z
      .strictObject({
        kind: z.literal('halton'),
        samples: samplesSchema(Number.MAX_SAFE_INTEGER),
        seed: seedSchema,
        scramble: z
          .boolean()
          .optional()
          .describe(
            'Randomise the digits (a random permutation per digit position, from the seed). Default false.',
          ),
      })
      .describe('Halton low-discrepancy sequence (one prime base per parameter: 2, 3, 5, ...).'),
  ])
  .describe('How points are picked. Default { kind: grid }.');

export type Strategy = z.infer<typeof strategySchema>;
export type StrategyKind = Strategy['kind'];

// --- space ---------------------------------------------------------------------------------------

export const spaceSchema = z
  .strictObject({
    strategy: strategySchema.optional(),
    parameters: z
      .array(parameterSchema)
      .min(1)
      .max(MAX_PARAMETERS)
      .describe('The parameters; each sets one or more fields of the design per level.'),
  })
  .superRefine((s, ctx) => {
    const seen = new Map<string, number>();
    s.parameters.forEach((p, i) => {
      const name = p.name ?? p.path;
      if (name === undefined) return;
      const first = seen.get(name);
      if (first !== undefined)
        ctx.addIssue({
          code: 'custom',
          message: `a parameter name no other parameter has (parameters[${first}] is also "${name}")`,
          path: ['parameters', i, p.name === undefined ? 'path' : 'name'],
          input: name,
        });
      else seen.set(name, i);
    });
    if (s.strategy?.kind === 'sobol' && s.parameters.length > MAX_SOBOL_DIMENSIONS)
      ctx.addIssue({
        code: 'custom',
        message: `at most ${MAX_SOBOL_DIMENSIONS} parameters for sobol (use halton or random)`,
        path: ['strategy'],
        input: `${s.parameters.length} parameters`,
      });
  })
  .describe(
    'Design space for `chiplet-dse sweep`: parameters bound to fields of the design, and a strategy.',
  );

export type SpaceInput = z.infer<typeof spaceSchema>;

// --- constraints and objectives ------------------------------------------------------------------

const metricSchema = z
  .union([
    z.enum(metricPaths),
    z
      .string()
      .regex(
        DERIVED_METRIC_PATTERN,
        `one of ${metricPaths.map((p) => JSON.stringify(p)).join(', ')}, or derived.<name> (a derived metric a plugin package registers)`,
      ),
  ])
  .describe(
    'Metric path, e.g. cost.totalUsd or thermal.peakTempC, or a derived metric a plugin package registers (derived.<name>).',
  );

export const constraintSchema = z
  .strictObject({
    metric: metricSchema,
    min: z.number().optional().describe('Feasible only if the metric is >= min.'),
    max: z.number().optional().describe('Feasible only if the metric is <= max.'),
    description: z.string().optional(),
  })
  .superRefine((c, ctx) => {
    if (c.min === undefined && c.max === undefined)
      ctx.addIssue({ code: 'custom', message: 'min or max (or both)', path: [], input: c });
    else if (c.min !== undefined && c.max !== undefined && c.min > c.max)
      ctx.addIssue({ code: 'custom', message: `min <= max (found ${c.min} > ${c.max})`, path: [], input: c });
  });

export const constraintsSchema = z
  .array(constraintSchema)
  .describe(
    'Limits on metrics; a point outside any of them is infeasible (besides the plugins’ own checks).',
  );

export const objectiveSchema = z.strictObject({
  metric: metricSchema,
  goal: z.enum(['minimize', 'maximize']).describe('Whether smaller or larger is better.'),
});

export const objectivesSchema = z
  .array(objectiveSchema)
  .min(2)
  .superRefine((list, ctx) => {
    const seen = new Map<string, number>();
    list.forEach((o, i) => {
      const first = seen.get(o.metric);
      if (first !== undefined)
        ctx.addIssue({
          code: 'custom',
          message: `a metric no other objective has (objectives[${first}] is also ${o.metric})`,
          path: [i, 'metric'],
          input: o.metric,
        });
      else seen.set(o.metric, i);
    });
  })
  .describe('At least two objectives: the sweep keeps the Pareto front over them.');

export type Constraint = z.infer<typeof constraintSchema>;
export type Objective = z.infer<typeof objectiveSchema>;

// --- parsing helpers -------------------------------------------------------------------------------

function parseWith<T>(schema: z.ZodType<T>, data: unknown, file: string, prefix: string): T {
  const parsed = schema.safeParse(data, PARSE_OPTIONS);
  if (!parsed.success)
    throw new InputError(parsed.error.issues.flatMap((i) => issueFromZod(i, file, prefix, schema)));
  return parsed.data;
}

/** Validates a `space:` section (issue paths start with `prefix`). Throws InputError. */
export function parseSpace(data: unknown, file: string, prefix = 'space'): SpaceInput {
  return parseWith(spaceSchema, data, file, prefix);
}

/** Validates a `constraints:` section. Throws InputError. */
export function parseConstraints(data: unknown, file: string, prefix = 'constraints'): Constraint[] {
  return parseWith(constraintsSchema, data, file, prefix);
}

/** Validates an `objectives:` section. Throws InputError. */
export function parseObjectives(data: unknown, file: string, prefix = 'objectives'): Objective[] {
  return parseWith(objectivesSchema, data, file, prefix);
}

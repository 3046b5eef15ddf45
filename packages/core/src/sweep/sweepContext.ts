/**
 * Everything a sweep needs to evaluate point k, built the same way on the main thread and in
 * every worker from plain inputs (file paths and plugin specifiers), so all threads agree.
 */
import { loadDesignFile } from '../design/loadDesign.js';
import type { DesignBody } from '../design/schema.js';
import { InputError } from '../errors.js';
import { packageVersionOf } from '../io/packageDir.js';
import type { Metrics } from '../metrics/types.js';
import { epsilonGrid, type EpsilonGrid } from '../pareto/epsilonBoxes.js';
import { loadPluginRegistry } from '../plugin/loader.js';
import type { PluginRegistry } from '../plugin/registry.js';
import { compileSpace, type CompiledSpace } from '../space/compileSpace.js';
import { createDecoder, type PointDecoder } from '../space/decodePoint.js';
import {
  isMetricPath,
  metricGetter,
  type Constraint,
  type Objective,
  type SpaceInput,
} from '../design/spaceSchema.js';
import { buildTechnologyLibrary } from '../technology/library.js';
import type { TechnologyLibrary } from '../technology/types.js';
import { fingerprint } from './checkpoint.js';
import { canonicalJson } from './fingerprint.js';

/** The core's version: its models decide the numbers, so it is part of the fingerprint. */
const CORE_VERSION = packageVersionOf(import.meta.url, '@chiplet-dse/core');

/** Plain, cloneable description of a sweep: what every worker receives. */
export interface SweepSpec {
  designFile: string;
  techFile?: string | undefined;
  /** All plugin module specifiers, in load order (built-ins first). */
  pluginSpecifiers: string[];
  cwd: string;
  /** Overrides of the space's strategy from the command line. */
  strategy?: { kind?: 'grid' | 'random' | 'sobol' | 'halton'; samples?: number; seed?: number } | undefined;
  /** Epsilon-box sizes per objective, in each objective's own unit (empty: exact front). */
  epsilon?: number[] | undefined;
}

export interface SweepContext {
  spec: SweepSpec;
  file: string;
  name: string;
  base: DesignBody;
  space: CompiledSpace;
  decoder: PointDecoder;
  tech: TechnologyLibrary;
  registry: PluginRegistry;
  objectives: Objective[];
  constraints: Constraint[];
  objectiveGetters: ((m: Metrics) => number)[];
  /** +1 for minimised, −1 for maximised objectives: archives minimise sign·value. */
  objectiveSigns: number[];
  constraintGetters: ((m: Metrics) => number)[];
  /** The derived metrics registered by plugin packages: written to front.json and front.csv. */
  derivedMetrics: { id: string; compute(m: Metrics): number }[];
  epsilon: EpsilonGrid | undefined;
  /**
   * Hash of everything that decides the points and the front (sweepFingerprint): `merge` and a
   * resumed checkpoint refuse files of another fingerprint.
   */
  fingerprint: string;
}

export async function createSweepContext(spec: SweepSpec): Promise<SweepContext> {
  const loaded = loadDesignFile(spec.designFile);
  const file = spec.designFile;
  const d = loaded.data;
  if (d.space === undefined) {
    throw InputError.at(
      file,
      'space',
      'a space: section with the parameters to sweep (docs/design-space.md)',
      'nothing',
    );
  }
  if (d.objectives === undefined) {
    throw InputError.at(
      file,
      'objectives',
      'an objectives: list of two or more metrics to minimise or maximise',
      'nothing',
    );
  }
  const {
    $schema: _s,
    plugins: _p,
    variants: _v,
    space: spaceIn,
    constraints,
    objectives,
    technology,
    ...rest
  } = d;
  const base = rest as DesignBody;
  const strategy = {
    ...(spaceIn.strategy ?? { kind: 'grid' as const }),
    ...stripUndefined(spec.strategy ?? {}),
  } as SpaceInput['strategy'];
  if (strategy !== undefined && strategy.kind !== 'grid') {
    // A sampled strategy needs a sample count, from --samples or the file (a --strategy flag over
    // a grid file brings none).
    const samples: unknown = (strategy as { samples?: unknown }).samples;
    if (!(typeof samples === 'number' && Number.isSafeInteger(samples) && samples >= 1)) {
      const fromFlags = spec.strategy?.samples !== undefined || spec.strategy?.kind !== undefined;
      throw InputError.at(
        fromFlags ? '' : file,
        fromFlags ? '--samples' : 'space.strategy.samples',
        `an integer >= 1: the number of points the ${strategy.kind} strategy samples (--samples N, or space.strategy.samples in the design file)`,
        samples === undefined ? 'nothing' : String(samples),
      );
    }
  }
  const spaceInput = { ...spaceIn, strategy } as SpaceInput;
  const space = compileSpace(spaceInput, base, { file });
  const registry = await loadPluginRegistry(spec.pluginSpecifiers, spec.cwd);
  const tech = buildTechnologyLibrary({
    techFile: spec.techFile,
    designSections: technology === undefined ? [] : [{ data: technology, file, pathPrefix: 'technology' }],
    presets: registry,
  });
  const unknown = [
    ...objectives.map((o, i) => ({ metric: o.metric, path: `objectives[${i}].metric` })),
    ...(constraints ?? []).map((c, i) => ({ metric: c.metric, path: `constraints[${i}].metric` })),
  ].filter((x) => !isMetricPath(x.metric) && registry.metric(x.metric) === undefined);
  if (unknown.length > 0) {
    const ids = registry.metrics().map((m) => m.id);
    throw new InputError(
      unknown.map((x) => ({
        file,
        path: x.path,
        expected: `a metric path, or a derived metric a loaded plugin package registers (${ids.length === 0 ? 'none is registered' : ids.join(', ')})`,
        found: JSON.stringify(x.metric),
      })),
    );
  }
  const objectiveSigns = objectives.map((o) => (o.goal === 'maximize' ? -1 : 1));
  let epsilon: EpsilonGrid | undefined;
  if (spec.epsilon !== undefined && spec.epsilon.length > 0) {
    if (spec.epsilon.length !== objectives.length) {
      throw InputError.at(
        '',
        '--epsilon',
        `${objectives.length} box sizes, one per objective`,
        `${spec.epsilon.length}`,
      );
    }
    epsilon = epsilonGrid(objectives.length, spec.epsilon);
  }
  return {
    spec,
    file,
    name: d.name,
    base,
    space,
    decoder: createDecoder(space),
    tech,
    registry,
    objectives,
    constraints: constraints ?? [],
    objectiveGetters: objectives.map((o) => metricGetter(o.metric, registry)),
    objectiveSigns,
    constraintGetters: (constraints ?? []).map((c) => metricGetter(c.metric, registry)),
    // Checked getters: a derived metric that throws or returns a non-number gives NaN (null in
    // the output files) instead of stopping the sweep.
    derivedMetrics: registry.metrics().map((d) => ({ id: d.id, compute: metricGetter(d.id, registry) })),
    epsilon,
    fingerprint: sweepFingerprint({
      base,
      space,
      tech,
      registry,
      objectives,
      constraints: constraints ?? [],
      epsilon: spec.epsilon ?? [],
    }),
  };
}

/**
 * The sweep's fingerprint: a hash of the canonical (key-sorted) content of what decides the points
 * and the front: the base design, the compiled space (strategy, parameters and their levels), the
 * resolved technology library (values, not where they came from), the loaded extensions (plugin ids
 * and versions, yield and thermal models, derived metrics, presets), the objectives, constraints
 * and epsilon boxes, and the core's version. Not the file text (comments, formatting), nor paths,
 * nor the shard: two shards of one sweep share it, on any machine.
 */
export function sweepFingerprint(parts: {
  base: DesignBody;
  space: CompiledSpace;
  tech: TechnologyLibrary;
  registry: PluginRegistry;
  objectives: readonly Objective[];
  constraints: readonly Constraint[];
  epsilon: readonly number[];
}): string {
  const { description: _d, ...base } = parts.base as DesignBody & { description?: string };
  const { provenance: _p, ...tech } = parts.tech;
  const r = parts.registry;
  return fingerprint([
    'chiplet-dse sweep fingerprint 2',
    `@chiplet-dse/core ${CORE_VERSION}`,
    canonicalJson(base),
    canonicalJson({
      strategy: parts.space.strategy,
      pointCount: parts.space.pointCount,
      parameters: parts.space.parameters.map((p) => ({
        name: p.name,
        targets: p.targets.map((t) => t.canonical),
        levels: p.levels,
      })),
    }),
    canonicalJson(tech),
    canonicalJson({
      plugins: r.list().map((p) => [p.id, p.version]),
      yieldModels: r.yieldModels().map((m) => m.id),
      thermalModels: r.thermalModels().map((m) => m.id),
      metrics: r.metrics().map((m) => m.id),
      presets: r.presetNames(),
    }),
    canonicalJson({ objectives: parts.objectives, constraints: parts.constraints, epsilon: parts.epsilon }),
  ]);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

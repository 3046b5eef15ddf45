/**
 * Everything a sweep needs to evaluate point k, built the same way on the main thread and in
 * every worker from plain inputs (file paths and plugin specifiers), so all threads agree.
 */
import { readFileSync } from 'node:fs';
import { loadDesignFile } from '../design/loadDesign.js';
import type { DesignBody } from '../design/schema.js';
import { InputError } from '../errors.js';
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
  /** Hash of everything that decides the results (design and technology files, plugins, strategy). */
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
  const techText = spec.techFile === undefined ? '' : readFileSync(spec.techFile, 'utf8');
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
    fingerprint: fingerprint([
      readFileSync(file, 'utf8'),
      techText,
      JSON.stringify(spec.pluginSpecifiers),
      JSON.stringify(space.strategy),
      JSON.stringify(spec.epsilon ?? []),
    ]),
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

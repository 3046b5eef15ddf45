/**
 * Compiled sweep points (docs/performance.md, "Compiled sweeps").
 *
 * A space's parameters split in two:
 * - numeric ones, which only set numbers a Plan reads per point (`PointNumbers`): the volume, the
 *   ambient and junction limit, a chiplet's power or power density, a link's bandwidth, a
 *   component's cost or power, every level a finite number;
 * - structural ones: everything else (approach, carrier, counts, nodes, stacks, bonding, PHY,
 *   options, yield model, areas and aspect ratios — what the plugin compiles, checks and lays out).
 *
 * One Plan per structural combination is compiled once and kept in a bounded least-recently-used
 * cache keyed by the combination's mixed-radix number. A combination the approach cannot build is
 * remembered as such: its points cost a lookup and throw nothing. A point then writes its numeric
 * values into the combination's PointNumbers and runs the Plan into the combination's row.
 *
 * Why this is exact: a Plan is correct for any numbers of its structure (contract.ts; the
 * conformance kit's plan-reuse property checks it), and `compile` may refuse a design only for
 * what is structural here (docs/plugin-authoring.md). The numbers written per point are the ones
 * resolveDesign derives from the same fields: a power density times the die's logic area, the
 * bandwidth of every link a design link expands to.
 */
import type { DesignBody } from '../design/schema.js';
import { resolveDesign } from '../design/resolveDesign.js';
import type { ResolvedDesign } from '../design/types.js';
import { InputError } from '../errors.js';
import { PluginExitError } from '../plugin/exitGuard.js';
import { prepareDesign } from '../evaluate/prepareCase.js';
import { buildMetrics, ROW, type RowLayout } from '../metrics/row.js';
import type { Metrics } from '../metrics/types.js';
import type { Plan } from '../plugin/contract.js';
import { pointNumbersOf, type PointNumbers } from '../plugin/pointNumbers.js';
import type { CompiledSpace } from '../space/compileSpace.js';
import { applyPoint } from '../space/decodePoint.js';

/** How a numeric field reaches PointNumbers. */
const enum Sink {
  Volume,
  Ambient,
  MaxJunction,
  DiePowerW,
  DiePowerDensity,
  LinkBandwidth,
  ComponentCost,
  ComponentPower,
}

const NUMERIC_FIELDS: readonly [RegExp, Sink][] = [
  [/^system\.volumeUnits$/, Sink.Volume],
  [/^system\.ambientC$/, Sink.Ambient],
  [/^system\.maxJunctionC$/, Sink.MaxJunction],
  [/^chiplets\[(\d+)\]\.powerW$/, Sink.DiePowerW],
  [/^chiplets\[(\d+)\]\.powerDensityWPerMm2$/, Sink.DiePowerDensity],
  [/^links\[(\d+)\]\.bandwidthGBps$/, Sink.LinkBandwidth],
  [/^components\[(\d+)\]\.costUsd$/, Sink.ComponentCost],
  [/^components\[(\d+)\]\.powerW$/, Sink.ComponentPower],
];

interface NumericTarget {
  sink: Sink;
  /** Index into the design's chiplets, links or components (-1 for system fields). */
  index: number;
}

interface NumericParameter {
  /** The parameter's position in the space. */
  param: number;
  targets: NumericTarget[];
  /** values[level * targets.length + t]: the number level `level` sets for target t. */
  values: Float64Array;
}

export interface ParameterSplit {
  numeric: NumericParameter[];
  /** Positions of the structural parameters, and their mixed-radix strides. */
  structural: number[];
  strides: number[];
  /** Whether the structural combinations can be numbered exactly (product below 2^53). */
  keyed: boolean;
}

function numericTarget(canonical: string): NumericTarget | undefined {
  for (const [re, sink] of NUMERIC_FIELDS) {
    const m = re.exec(canonical);
    if (m !== null) return { sink, index: m[1] === undefined ? -1 : Number(m[1]) };
  }
  return undefined;
}

/** Splits a space's parameters into numeric and structural ones (see the module comment). */
export function splitParameters(space: CompiledSpace): ParameterSplit {
  const numeric: NumericParameter[] = [];
  const structural: number[] = [];
  space.parameters.forEach((p, j) => {
    const targets = p.targets.map((t) => numericTarget(t.canonical));
    const values = new Float64Array(p.levelCount * targets.length);
    let isNumeric = targets.every((t) => t !== undefined);
    p.levels.forEach((level, l) => {
      // Every level must set every target to a finite number: then which fields are present
      // (e.g. powerW or powerDensityWPerMm2) is the same for every level.
      if (level.set.length !== targets.length) isNumeric = false;
      for (const a of level.set) {
        if (typeof a.value !== 'number' || !Number.isFinite(a.value)) isNumeric = false;
        else values[l * targets.length + a.target] = a.value;
      }
    });
    if (isNumeric) numeric.push({ param: j, targets: targets as NumericTarget[], values });
    else structural.push(j);
  });
  const strides = new Array<number>(structural.length);
  let product = 1;
  for (let s = structural.length - 1; s >= 0; s--) {
    strides[s] = product;
    product *= space.levelCounts[structural[s]!]!;
  }
  return { numeric, structural, strides, keyed: product <= Number.MAX_SAFE_INTEGER };
}

/** What the sweep needs to prepare a structure: the same inputs as a single-design evaluation. */
export interface StructureSource {
  base: DesignBody;
  space: CompiledSpace;
  tech: Parameters<typeof prepareDesign>[1];
  registry: Parameters<typeof prepareDesign>[2];
  file: string;
}

/** A structural combination the approach can build. */
export interface Buildable {
  ok: true;
  pluginId: string;
  plan: Plan;
  layout: RowLayout;
  x: PointNumbers;
  row: Float64Array;
  /** Per numeric parameter and target: the PointNumbers indices it writes (dies, links, ...). */
  writes: Int32Array[][];
}

/** A structural combination the approach cannot build (an invalid point), or one that failed. */
interface Unbuildable {
  ok: false;
  /** True for input problems (invalid), false for a plugin that threw (failed). */
  invalid: boolean;
  pluginId: string;
  message: string;
}

export type Structure = Buildable | Unbuildable;

/** Die, link or component instance indices a body-level index expands to in the resolved design. */
function instanceWrites(
  target: NumericTarget,
  body: DesignBody,
  design: ResolvedDesign,
  linkOrigin: Int32Array,
): Int32Array {
  const out: number[] = [];
  switch (target.sink) {
    case Sink.DiePowerW:
    case Sink.DiePowerDensity: {
      const id = body.chiplets[target.index]?.id;
      design.dies.forEach((d, i) => d.groupId === id && out.push(i));
      break;
    }
    case Sink.LinkBandwidth:
      linkOrigin.forEach((origin, k) => origin === target.index && out.push(k));
      break;
    case Sink.ComponentCost:
    case Sink.ComponentPower: {
      const id = body.components?.[target.index]?.id;
      design.components.forEach((c, i) => c.groupId === id && out.push(i));
      break;
    }
    default:
      break;
  }
  return Int32Array.from(out);
}

/**
 * Which design link each resolved link comes from: resolve the body once more with each link's
 * bandwidth set to its own index (resolveDesign expands links in order and copies the bandwidth).
 */
function linkOrigins(body: DesignBody, src: StructureSource): Int32Array {
  const links = body.links ?? [];
  if (links.length === 0) return new Int32Array(0);
  const marked = { ...body, links: links.map((l, i) => ({ ...l, bandwidthGBps: i })) };
  const design = resolveDesign(marked, src.tech, { file: src.file });
  return Int32Array.from(design.links, (l) => l.bandwidthGBps);
}

/** Compiles the structure of the point with these levels. */
export function compileStructure(
  src: StructureSource,
  split: ParameterSplit,
  levels: ArrayLike<number>,
): Structure {
  const body = applyPoint(src.base, src.space, levels);
  try {
    const { design, plugin, plan } = prepareDesign(body, src.tech, src.registry, {
      file: src.file,
      reticleIsInputError: false,
    });
    const origins = linkOrigins(body, src);
    const writes = split.numeric.map((p) => p.targets.map((t) => instanceWrites(t, body, design, origins)));
    return {
      ok: true,
      pluginId: plugin.id,
      plan,
      layout: plan.layout,
      x: pointNumbersOf(design),
      row: new Float64Array(plan.layout.length),
      writes,
    };
  } catch (err) {
    // process.exit in plugin code stops the sweep: not a property of the structure to remember.
    if (err instanceof PluginExitError) throw err;
    return {
      ok: false,
      invalid: err instanceof InputError,
      pluginId: body.package.approach,
      message: (err as Error)?.message ?? String(err),
    };
  }
}

/** Writes the numeric parameters' values at `levels` into the structure's PointNumbers. */
export function writeNumericValues(split: ParameterSplit, s: Buildable, levels: ArrayLike<number>): void {
  const x = s.x;
  const numeric = split.numeric;
  for (let q = 0; q < numeric.length; q++) {
    const p = numeric[q]!;
    const nt = p.targets.length;
    const at = levels[p.param]! * nt;
    for (let t = 0; t < nt; t++) {
      const v = p.values[at + t]!;
      const idx = s.writes[q]![t]!;
      switch (p.targets[t]!.sink) {
        case Sink.Volume:
          x.volumeUnits = v;
          break;
        case Sink.Ambient:
          x.ambientC = v;
          break;
        case Sink.MaxJunction:
          x.maxJunctionC = v;
          break;
        case Sink.DiePowerW:
          for (let i = 0; i < idx.length; i++) x.diePowerW[idx[i]!] = v;
          break;
        case Sink.DiePowerDensity:
          // As resolveDesign: the density applies to the logic area (the PHY's share excluded).
          for (let i = 0; i < idx.length; i++) x.diePowerW[idx[i]!] = v * x.dieLogicAreaMm2[idx[i]!]!;
          break;
        case Sink.LinkBandwidth:
          for (let i = 0; i < idx.length; i++) x.linkBandwidthGBps[idx[i]!] = v;
          break;
        case Sink.ComponentCost:
          for (let i = 0; i < idx.length; i++) x.componentCostUsd[idx[i]!] = v;
          break;
        case Sink.ComponentPower:
          for (let i = 0; i < idx.length; i++) x.componentPowerW[idx[i]!] = v;
          break;
      }
    }
  }
}

/** Default bound of the structure cache (plans kept). */
export const STRUCTURE_CACHE_LIMIT = 2048;

/**
 * The structures of one sweep, compiled on first use and kept least-recently-used. Keys are the
 * mixed-radix numbers of the structural levels, so a lookup hashes one number.
 */
export class StructureCache {
  private readonly map = new Map<number, Structure>();
  private lastKey = -1;
  private last: Structure | undefined;
  /** Structures compiled so far (for benchmarks and tests). */
  compiled = 0;

  constructor(
    private readonly src: StructureSource,
    readonly split: ParameterSplit,
    private readonly limit = STRUCTURE_CACHE_LIMIT,
  ) {}

  keyOf(levels: ArrayLike<number>): number {
    const { structural, strides } = this.split;
    let key = 0;
    for (let s = 0; s < structural.length; s++) key += levels[structural[s]!]! * strides[s]!;
    return key;
  }

  /** The structure of the point with these levels. */
  get(levels: ArrayLike<number>): Structure {
    // Too many combinations to number exactly: compile per point (correct, slow, rare).
    if (!this.split.keyed) return compileStructure(this.src, this.split, levels);
    const key = this.keyOf(levels);
    if (key === this.lastKey) return this.last!;
    let s = this.map.get(key);
    if (s === undefined) {
      s = compileStructure(this.src, this.split, levels);
      this.compiled++;
      if (this.map.size >= this.limit) this.map.delete(this.map.keys().next().value!);
    } else this.map.delete(key);
    // Re-inserting moves the key to the end of the map's order: the first key is the least recent.
    this.map.set(key, s);
    this.lastKey = key;
    this.last = s;
    return s;
  }

  get size(): number {
    return this.map.size;
  }
}

/**
 * Whether a row passes the metrics guard (checkMetrics.ts) without building the record: every
 * number finite, yields in (0, 1], costs and bandwidth figures non-negative. The totals are
 * derived by finishRow, so they equal their parts. When this is false, build the record and ask
 * metricsViolations for the messages.
 */
export function rowIsSound(layout: RowLayout, row: Float64Array): boolean {
  for (let i = 0; i < layout.length; i++) if (!Number.isFinite(row[i]!)) return false;
  for (let f = ROW.totalUsd; f <= ROW.knownGoodDieUsd; f++) if (!(row[f]! >= 0)) return false;
  for (let f = ROW.carrierYield; f <= ROW.compoundYield; f++) {
    const y = row[f]!;
    if (!(y > 0 && y <= 1)) return false;
  }
  for (let i = layout.dieYieldAt; i < layout.linkAt; i++) {
    const y = row[i]!;
    if (!(y > 0 && y <= 1)) return false;
  }
  for (let f = ROW.aggregateD2dGBps; f <= ROW.ioPowerW; f++) if (!(row[f]! >= 0)) return false;
  for (let i = layout.linkAt; i < layout.thermalAt; i++) if (!(row[i]! >= 0)) return false;
  return true;
}

/** The metrics record of an evaluated structure's row (with its reasons when infeasible). */
export function structureMetrics(s: Buildable, row: Float64Array = s.row): Metrics {
  const reasons = row[ROW.reasonMask] === 0 ? [] : s.plan.reasons(s.x, row);
  return buildMetrics(s.layout, row, reasons);
}

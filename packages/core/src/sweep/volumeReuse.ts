/**
 * Reuse across production volumes. The plugin contract makes NRE per unit equal total NRE over
 * `system.volumeUnits`, and nothing else depend on the volume (the conformance kit checks it).
 * So when a parameter of the space sets only the volume, the points that differ in nothing but
 * that parameter share one evaluation: the metrics are rescaled (NRE x V0/V) instead of
 * re-evaluated. The shared evaluation is always the one at the first volume level, so a point's
 * numbers do not depend on which points a task saw before it (fronts stay bit-identical across
 * task sizes and shards); they equal a fresh evaluation up to the rounding of the rescale.
 */
import type { Metrics } from '../metrics/types.js';
import {
  evaluateLevels,
  judgePoint,
  POINT_FEASIBLE,
  POINT_INFEASIBLE,
  type PointOutcome,
} from './evaluatePoint.js';
import type { SweepContext } from './sweepContext.js';

const CACHE_LIMIT = 512;

interface Entry {
  outcome: PointOutcome;
  volumeUnits: number;
}

/** Metrics of the same design at another volume: every NRE part scales as V0/V. */
export function rescaleVolume(m: Metrics, fromUnits: number, toUnits: number): Metrics {
  if (fromUnits === toUnits) return m;
  const k = fromUnits / toUnits;
  const nre = {
    designUsd: m.cost.nre.designUsd * k,
    masksUsd: m.cost.nre.masksUsd * k,
    d2dPhyUsd: m.cost.nre.d2dPhyUsd * k,
    packageUsd: m.cost.nre.packageUsd * k,
  };
  const nreUsd = nre.designUsd + nre.masksUsd + nre.d2dPhyUsd + nre.packageUsd;
  return { ...m, cost: { ...m.cost, nre, nreUsd, totalUsd: m.cost.recurringUsd + nreUsd } };
}

export class VolumeReuse {
  private readonly cache = new Map<number, Entry>();
  private readonly strides: number[];

  private constructor(
    private readonly ctx: SweepContext,
    private readonly volumeParam: number,
    private readonly volumeLevels: readonly number[],
  ) {
    // A key that ignores the volume level: mixed radix over the other parameters.
    const counts = ctx.space.levelCounts;
    this.strides = new Array<number>(counts.length).fill(0);
    let stride = 1;
    for (let j = counts.length - 1; j >= 0; j--) {
      if (j === volumeParam) continue;
      this.strides[j] = stride;
      stride *= counts[j]!;
    }
  }

  private static readonly byContext = new WeakMap<SweepContext, VolumeReuse | null>();

  /**
   * The reuse of a sweep (one per context, kept across tasks), or undefined when no parameter
   * sets system.volumeUnits and nothing else.
   */
  static forContext(ctx: SweepContext): VolumeReuse | undefined {
    const known = VolumeReuse.byContext.get(ctx);
    if (known !== undefined) return known ?? undefined;
    const made = VolumeReuse.create(ctx);
    VolumeReuse.byContext.set(ctx, made ?? null);
    return made;
  }

  private static create(ctx: SweepContext): VolumeReuse | undefined {
    const j = ctx.space.parameters.findIndex(
      (p) => p.targets.length === 1 && p.targets[0]!.canonical === 'system.volumeUnits',
    );
    if (j < 0) return undefined;
    const levels = ctx.space.parameters[j]!.levels.map((l) => {
      const v = l.set.length === 1 ? l.set[0]!.value : undefined;
      return typeof v === 'number' ? v : Number.NaN;
    });
    if (levels.some((v) => !(v > 0))) return undefined;
    return new VolumeReuse(ctx, j, levels);
  }

  evaluate(index: number, levels: Int32Array, objectivesOut: Float64Array): PointOutcome {
    const ctx = this.ctx;
    ctx.decoder.decode(index, levels);
    let key = 0;
    for (let j = 0; j < levels.length; j++) key += levels[j]! * this.strides[j]!;
    const volume = this.volumeLevels[levels[this.volumeParam]!]!;
    let hit = this.cache.get(key);
    if (hit === undefined) {
      const level = levels[this.volumeParam]!;
      levels[this.volumeParam] = 0;
      const outcome = evaluateLevels(ctx, levels, objectivesOut);
      levels[this.volumeParam] = level;
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      hit = { outcome, volumeUnits: this.volumeLevels[0]! };
      this.cache.set(key, hit);
    }
    const o = hit.outcome;
    if (o.metrics === undefined || (o.status !== POINT_FEASIBLE && o.status !== POINT_INFEASIBLE)) return o;
    return judgePoint(ctx, rescaleVolume(o.metrics, hit.volumeUnits, volume), o.pluginId, objectivesOut);
  }
}

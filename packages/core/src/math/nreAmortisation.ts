/**
 * NRE amortisation by design identity (Chiplet Actuary, Feng & Ma 2022, "homogeneous" vs
 * "distinct" reuse): a design's NRE (design effort, masks, tape-out) is paid once, however many
 * instances of it a system carries, and is shared by every system that uses it. Instances are told
 * apart only by `designId`, which the resolved design IR carries on every `DieInstance`.
 */
import { assertNonNegative, assertPositive } from './guards.js';

/** Anything that names the design it is an instance of (e.g. the IR's `DieInstance`). */
export interface DesignInstanceRef {
  readonly designId: string;
}

/** NRE per design id, USD. A Map or a plain object keyed by design id. */
export type NreUsdByDesignId = ReadonlyMap<string, number> | Readonly<Record<string, number>>;

function nreOf(nreUsdByDesignId: NreUsdByDesignId, designId: string): number {
  let nre: number | undefined;
  if (nreUsdByDesignId instanceof Map) {
    nre = (nreUsdByDesignId as ReadonlyMap<string, number>).get(designId);
  } else {
    const table = nreUsdByDesignId as Readonly<Record<string, number>>;
    // Own properties only: "constructor" or "toString" are not design ids.
    nre = Object.hasOwn(table, designId) ? table[designId] : undefined;
  }
  if (nre === undefined) throw new RangeError(`no NRE given for design '${designId}'`);
  assertNonNegative(nre, `NRE of design '${designId}'`);
  return nre;
}

/**
 * Amortised NRE per unit, USD: `nreUsd / volumeUnits`. The scalar step of every function below.
 *
 * @param nreUsd one-off cost, USD (≥ 0)
 * @param volumeUnits units it is spread over (> 0; need not be an integer)
 */
export function amortisedNreUsd(nreUsd: number, volumeUnits: number): number {
  assertNonNegative(nreUsd, 'nreUsd');
  assertPositive(volumeUnits, 'volumeUnits');
  return nreUsd / volumeUnits;
}

/**
 * NRE per system of one product, USD: Σ over the *distinct* design ids among `dieInstances` of
 * NRE_design / volume. A chiplet reused n times in the system pays its NRE once (Actuary's
 * "homogeneous" case); n different chiplets each pay ("distinct").
 *
 * @param dieInstances the system's die instances (only `designId` is read)
 * @param nreUsdByDesignId NRE of each design, USD; every design id used must be present
 * @param volumeSystems systems produced over the product's life (> 0)
 */
export function nrePerSystemUsd(
  dieInstances: readonly DesignInstanceRef[],
  nreUsdByDesignId: NreUsdByDesignId,
  volumeSystems: number,
): number {
  assertPositive(volumeSystems, 'volumeSystems');
  const seen = new Set<string>();
  let totalNreUsd = 0;
  for (const instance of dieInstances) {
    if (seen.has(instance.designId)) continue;
    seen.add(instance.designId);
    totalNreUsd += nreOf(nreUsdByDesignId, instance.designId);
  }
  return totalNreUsd / volumeSystems;
}

/**
 * NRE a shared design charges to each system unit that uses it, USD: NRE / Σ volumes of the
 * systems using it. Each system pays once per unit regardless of how many instances it carries.
 *
 * @param designNreUsd the design's NRE, USD
 * @param systemVolumes production volume of every system using the design (each > 0; at least one)
 */
export function sharedDesignNrePerSystemUsd(designNreUsd: number, systemVolumes: readonly number[]): number {
  if (systemVolumes.length === 0) throw new RangeError('systemVolumes must name at least one system');
  let totalVolume = 0;
  for (const volume of systemVolumes) {
    assertPositive(volume, 'system volume');
    totalVolume += volume;
  }
  return amortisedNreUsd(designNreUsd, totalVolume);
}

/** One product of a portfolio: its die instances and its production volume. */
export interface SystemVolume {
  readonly dieInstances: readonly DesignInstanceRef[];
  readonly volumeSystems: number;
}

/**
 * How a shared design's NRE is split between the systems that use it:
 * - 'per-system': every unit of every system using the design pays the same share,
 *   NRE / Σ V_s, however many instances it carries;
 * - 'per-instance': every instance sold pays the same share, NRE / Σ n_s·V_s, so a system with
 *   n_s instances pays n_s shares per unit (Chiplet Actuary's rule across systems).
 * Both agree for a single system, and both recover exactly the design's NRE over the portfolio.
 */
export type NreAllocation = 'per-system' | 'per-instance';

/**
 * NRE per system unit for every product of a portfolio that shares designs, USD, in input order.
 * Each design's NRE is spread over the systems that use it according to `allocation`, and each
 * system sums its shares over its distinct designs. With one system this equals
 * `nrePerSystemUsd`. The total charged, Σ_s share_s · V_s, equals Σ of the NRE of the designs used.
 */
export function portfolioNrePerSystemUsd(
  systems: readonly SystemVolume[],
  nreUsdByDesignId: NreUsdByDesignId,
  allocation: NreAllocation = 'per-system',
): number[] {
  // Weighted volume Σ w_s·V_s per design, with w_s = 1 or the instance count n_s.
  const weightedVolumeByDesign = new Map<string, number>();
  const weightsBySystem = systems.map((system) => {
    assertPositive(system.volumeSystems, 'volumeSystems');
    const instances = new Map<string, number>();
    for (const instance of system.dieInstances) {
      instances.set(instance.designId, (instances.get(instance.designId) ?? 0) + 1);
    }
    const weights = new Map<string, number>();
    for (const [designId, count] of instances) {
      const weight = allocation === 'per-instance' ? count : 1;
      weights.set(designId, weight);
      weightedVolumeByDesign.set(
        designId,
        (weightedVolumeByDesign.get(designId) ?? 0) + weight * system.volumeSystems,
      );
    }
    return weights;
  });
  return weightsBySystem.map((weights) => {
    let share = 0;
    for (const [designId, weight] of weights) {
      // Present by construction: every design of every system was added above.
      share += (nreOf(nreUsdByDesignId, designId) * weight) / weightedVolumeByDesign.get(designId)!;
    }
    return share;
  });
}

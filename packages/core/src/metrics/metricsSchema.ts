/**
 * Zod schema of the metrics record, for reading it back from files the toolkit wrote
 * (front.json). `Metrics` itself stays hand-written in metrics/types.ts because it is the plugin
 * contract; the compile-time check at the bottom fails the build when the two drift apart.
 *
 * Objects are plain z.object (unknown keys allowed, not refused): a plugin may put extra fields
 * in its metrics, and a front that carries them must still be readable and merge unchanged.
 */
import { z } from 'zod';
import { INFEASIBILITY_CODES, type Metrics } from './types.js';

const num = () => z.number();
const nonneg = () => z.number().min(0);

export const metricsSchema = z.object({
  pluginId: z.string(),
  pluginVersion: z.string(),
  cost: z.object({
    totalUsd: nonneg(),
    recurringUsd: nonneg(),
    nreUsd: nonneg(),
    recurring: z.object({
      rawDiesUsd: nonneg(),
      defectLossUsd: nonneg(),
      carrierUsd: nonneg(),
      bondingAssemblyUsd: nonneg(),
      testUsd: nonneg(),
      componentsUsd: nonneg(),
      packageScrapUsd: nonneg(),
      wastedGoodDiesUsd: nonneg(),
    }),
    nre: z.object({ designUsd: nonneg(), masksUsd: nonneg(), d2dPhyUsd: nonneg(), packageUsd: nonneg() }),
    knownGoodDieUsd: nonneg(),
  }),
  yields: z.object({
    dies: z.array(z.object({ id: z.string(), dieYield: num() })),
    carrier: num(),
    assembly: num(),
    package: num(),
    compound: num(),
  }),
  bandwidth: z.object({
    links: z.array(
      z.object({
        from: z.string(),
        to: z.string(),
        requiredGBps: num(),
        availableGBps: num(),
        energyPjPerBit: num(),
        latencyNs: num(),
        ioPowerW: num(),
      }),
    ),
    aggregateD2dGBps: num(),
    memoryGBps: num(),
    energyPjPerBit: num(),
    ioPowerW: num(),
  }),
  thermal: z.object({
    dies: z.array(z.object({ id: z.string(), powerW: num(), tempC: num() })),
    peakTempC: num(),
  }),
  geometry: z.object({
    packageAreaMm2: num(),
    carrierAreaMm2: num(),
    siliconAreaMm2: num(),
    packageWidthMm: num(),
    packageHeightMm: num(),
  }),
  feasibility: z.object({
    feasible: z.boolean(),
    reasons: z.array(
      z.object({ code: z.enum(INFEASIBILITY_CODES), message: z.string(), value: num(), limit: num() }),
    ),
  }),
});

/**
 * Compile-time drift check: true only when the schema's output and the hand-written contract
 * accept exactly the same values. A field added to Metrics but not here (or the reverse) turns
 * this into `false` and the assignment below stops compiling.
 */
type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const metricsSchemaMatchesContract: SameShape<z.output<typeof metricsSchema>, Metrics> = true;
void metricsSchemaMatchesContract;

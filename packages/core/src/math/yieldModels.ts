/**
 * Die yield models: the probability that a die of area A carries no killer defect, given a mean
 * defect density D0. Areas are in mm² and D0 in defects/cm² (the units of Chiplet Actuary,
 * ECO-CHIP and Google's model), so the expected number of defects per die is λ = A·D0/100.
 * CATCH's D in defects/mm² must be multiplied by 100 before it comes here.
 *
 * Every model returns a value in [YIELD_FLOOR, 1]: for absurd λ the true yield underflows a double,
 * and a zero yield would turn cost = price / yield into Infinity or NaN further down a sweep.
 */
import { assertNonNegative, assertPositive } from './guards.js';

/**
 * Smallest yield any model returns. Far below any yield a real product sees, yet large enough that
 * dividing a realistic cost (< 1e8 USD) by it stays finite. Clamping keeps every model
 * non-increasing in A and D0.
 */
export const YIELD_FLOOR = 1e-300;

function floorYield(y: number): number {
  return y > YIELD_FLOOR ? y : YIELD_FLOOR;
}

/** Expected killer defects per die, λ = A·D0/100 (mm² × cm⁻² → dimensionless). */
export function expectedDefectsPerDie(areaMm2: number, defectDensityPerCm2: number): number {
  assertNonNegative(areaMm2, 'areaMm2');
  assertNonNegative(defectDensityPerCm2, 'defectDensityPerCm2');
  return (areaMm2 * defectDensityPerCm2) / 100;
}

/** Poisson model, uniform defect density: Y = e^(−λ). The most pessimistic model here. */
export function poissonYield(areaMm2: number, defectDensityPerCm2: number): number {
  return floorYield(Math.exp(-expectedDefectsPerDie(areaMm2, defectDensityPerCm2)));
}

/**
 * Murphy's model (1964), triangular distribution of D0 across dies: Y = ((1 − e^(−λ))/λ)².
 * Uses expm1 so that small λ does not cancel; λ = 0 gives the limit 1.
 */
export function murphyYield(areaMm2: number, defectDensityPerCm2: number): number {
  const lambda = expectedDefectsPerDie(areaMm2, defectDensityPerCm2);
  if (lambda === 0) return 1;
  const root = -Math.expm1(-lambda) / lambda;
  // Rounding may put the root a hair above 1 for tiny λ; a yield may not exceed 1.
  return floorYield(root >= 1 ? 1 : root * root);
}

/**
 * Seeds' model (1967) in its usual restated form Y = e^(−√λ) (also published by Moore, 1970).
 * Seeds' other form, 1/(1 + λ) from an exponential distribution of D0, is
 * negativeBinomialYield with α = 1 (or boseEinsteinYield with one layer).
 */
export function seedsYield(areaMm2: number, defectDensityPerCm2: number): number {
  return floorYield(Math.exp(-Math.sqrt(expectedDefectsPerDie(areaMm2, defectDensityPerCm2))));
}

/**
 * Negative binomial model (Stapper), gamma-distributed D0 with clustering parameter α:
 * Y = (1 + λ/α)^(−α). Smaller α means stronger clustering and a higher yield; α → ∞ gives
 * Poisson (α = Infinity is accepted and returns exactly the Poisson yield). α = 0 is accepted only
 * when λ = 0 (yield 1), for carriers whose defect loss is not modelled. Chiplet Actuary uses
 * α = 10 for logic, 3 for RDL and 6 for silicon interposers; CATCH uses 2.
 */
export function negativeBinomialYield(
  areaMm2: number,
  defectDensityPerCm2: number,
  clusteringAlpha: number,
): number {
  const lambda = expectedDefectsPerDie(areaMm2, defectDensityPerCm2);
  if (clusteringAlpha === Infinity) return floorYield(Math.exp(-lambda));
  // α = 0 is the technology library's "no defect loss modelled" marker (with D0 = 0): allowed
  // only when there is nothing to lose.
  assertNonNegative(clusteringAlpha, 'clusteringAlpha');
  if (lambda === 0) return 1;
  assertPositive(clusteringAlpha, 'clusteringAlpha');
  // exp/log1p rather than pow: accurate for λ/α ≪ 1 and for very large α. When λ/α overflows
  // (tiny α), log1p(λ/α) = log λ − log α keeps the yield near its α → 0 limit of 1.
  const ratio = lambda / clusteringAlpha;
  const logTerm = ratio === Infinity ? Math.log(lambda) - Math.log(clusteringAlpha) : Math.log1p(ratio);
  return floorYield(Math.exp(-clusteringAlpha * logTerm));
}

/**
 * Bose–Einstein model (Price 1970), as in Google's chiplets-cost-model:
 * Y = (1/(1 + λ))^N, where the density is per critical layer (λ = A·D_layer/100) and N is the
 * number of critical layers, so the total density is N·D_layer. N need not be an integer (it is
 * often fitted) but must be ≥ 1.
 */
export function boseEinsteinYield(
  areaMm2: number,
  defectDensityPerCm2PerLayer: number,
  criticalLayers: number,
): number {
  const lambda = expectedDefectsPerDie(areaMm2, defectDensityPerCm2PerLayer);
  if (!(criticalLayers >= 1 && criticalLayers < Infinity)) {
    throw new RangeError(`criticalLayers must be a finite number >= 1, got ${String(criticalLayers)}`);
  }
  return floorYield(Math.exp(-criticalLayers * Math.log1p(lambda)));
}

/** A die yield model contributed by a plugin package (plugin/extensions.ts has the full type). */
interface ContributedYieldModel {
  readonly yield: (
    areaMm2: number,
    defectDensityPerCm2: number,
    params: { readonly clusteringAlpha: number; readonly criticalLayers: number },
  ) => number;
}

let contributed: ReadonlyMap<string, ContributedYieldModel> = new Map();

/**
 * Makes the yield models of a registry reachable by id from dieYield. The extension registry
 * calls it when it is built; every thread of a sweep builds its registry from the same module
 * specifiers, so every thread sees the same models.
 */
export function setContributedYieldModels(models: ReadonlyMap<string, ContributedYieldModel>): void {
  contributed = models;
}

/**
 * Die yield by model id, the form a design file selects (`SystemSpec.yieldModel`).
 * `clusteringAlpha` is used by 'negative-binomial' only and `criticalLayers` by 'bose-einstein'
 * only (where `defectDensityPerCm2` is per layer); the unused one is not checked. Other ids are
 * the models contributed by plugin packages (setContributedYieldModels); their result is floored
 * at YIELD_FLOOR like the built-in ones.
 */
export function dieYield(
  model: string,
  areaMm2: number,
  defectDensityPerCm2: number,
  clusteringAlpha: number,
  criticalLayers: number,
): number {
  switch (model) {
    case 'poisson':
      return poissonYield(areaMm2, defectDensityPerCm2);
    case 'murphy':
      return murphyYield(areaMm2, defectDensityPerCm2);
    case 'seeds':
      return seedsYield(areaMm2, defectDensityPerCm2);
    case 'negative-binomial':
      return negativeBinomialYield(areaMm2, defectDensityPerCm2, clusteringAlpha);
    case 'bose-einstein':
      return boseEinsteinYield(areaMm2, defectDensityPerCm2, criticalLayers);
    default: {
      const m = contributed.get(model);
      if (m === undefined) throw new RangeError(`unknown yield model: ${String(model)}`);
      assertNonNegative(areaMm2, 'areaMm2');
      assertNonNegative(defectDensityPerCm2, 'defectDensityPerCm2');
      const y = m.yield(areaMm2, defectDensityPerCm2, { clusteringAlpha, criticalLayers });
      // NaN passes through, so the metrics guard reports the broken model.
      return y > 1 ? 1 : Number.isNaN(y) ? y : floorYield(y);
    }
  }
}

/**
 * Spreading resistance of a centred source on a plate cooled on its far face by h:
 * Lee, Song, Au & Moran, "Constriction/spreading resistance model for electronics packaging",
 * ASME/JSME Thermal Engineering Joint Conference 1995 (also S. Lee, Electronics Cooling 4(1), 1998),
 * as written in docs/reference/thermal-model.md §4.3 (Level 0 self-term). Source and plate are replaced by discs
 * of equal area.
 */

/** Spreading resistances of one source (SI inputs), written into `out[offset]` (avg) and `out[offset+1]` (max), K/W. */
export function leeSpreadingInto(
  sourceAreaM2: number,
  plateAreaM2: number,
  plateThicknessM: number,
  conductivityWPerMK: number,
  heatTransferWPerM2K: number,
  out: Float64Array,
  offset: number,
): void {
  const r1 = Math.sqrt(sourceAreaM2 / Math.PI);
  const r2 = Math.sqrt(plateAreaM2 / Math.PI);
  // A footprint can equal the plate but never exceed it (validated); clamp rounding.
  const eps = Math.min(1, r1 / r2);
  const tau = plateThicknessM / r2;
  const biot = (heatTransferWPerM2K * r2) / conductivityWPerMK;
  const lambdaC = Math.PI + 1 / (Math.sqrt(Math.PI) * eps);
  const th = Math.tanh(lambdaC * tau);
  const phiC = (th + lambdaC / biot) / (1 + (lambdaC / biot) * th);
  const psiAvg = 0.5 * (1 - eps) * Math.sqrt(1 - eps) * phiC;
  const psiMax = (eps * tau) / Math.sqrt(Math.PI) + ((1 - eps) * phiC) / Math.sqrt(Math.PI);
  const scale = Math.sqrt(Math.PI) * conductivityWPerMK * r1;
  out[offset] = psiAvg / scale;
  out[offset + 1] = psiMax / scale;
}

export interface SpreadingResistance {
  /** R_sp,avg: mean source temperature over the 1-D (plate + film) rise, K/W. */
  avgKPerW: number;
  /** R_sp,max: peak source temperature over the film rise; contains the 1-D plate term t/(k·A_p), K/W. */
  maxKPerW: number;
}

/** Lee et al. (1995) spreading resistance of a centred source of area `sourceAreaMm2` on the plate. */
export function leeSpreadingResistance(args: {
  sourceAreaMm2: number;
  plateAreaMm2: number;
  plateThicknessMm: number;
  conductivityWPerMK: number;
  heatTransferWPerM2K: number;
}): SpreadingResistance {
  const { sourceAreaMm2, plateAreaMm2, plateThicknessMm, conductivityWPerMK, heatTransferWPerM2K } = args;
  for (const [name, value] of Object.entries(args)) {
    if (!(value > 0) || !Number.isFinite(value))
      throw new RangeError(`${name} must be positive and finite, got ${value}`);
  }
  if (sourceAreaMm2 > plateAreaMm2) throw new RangeError('sourceAreaMm2 must not exceed plateAreaMm2');
  const out = new Float64Array(2);
  leeSpreadingInto(
    sourceAreaMm2 * 1e-6,
    plateAreaMm2 * 1e-6,
    plateThicknessMm * 1e-3,
    conductivityWPerMK,
    heatTransferWPerM2K,
    out,
    0,
  );
  return { avgKPerW: out[0]!, maxKPerW: out[1]! };
}

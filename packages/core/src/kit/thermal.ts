/**
 * From a placed design to the compact thermal model (docs/models/thermal.md): one column per
 * side-by-side die, memory stack or stack of dies, centred on the cooling plate; the vertical
 * resistances of flip-chip dies and HBM stacks; the column lists of side-by-side dies and stacks.
 */
import type { ResolvedDesign } from '../design/types.js';
import type { CarrierOutline, Placement } from '../geometry/floorplan.js';
import type { DieTemperature, InfeasibilityReason } from '../metrics/types.js';
import type { TechnologyLibrary } from '../technology/types.js';
import { thermalModelById } from '../plugin/registry.js';
import type { PreparedThermalModel } from '../plugin/extensions.js';
import type { ThermalColumn, ThermalPackage, ThermalTier } from '../thermal/types.js';

/** Area-specific resistance of a layer, mm²·K/W, from its thickness (µm) and conductivity. */
export function layerResistanceMm2KPerW(thicknessUm: number, conductivityWPerMK: number): number {
  // t[m]/k [m²K/W] x 1e6 mm²/m² = thicknessUm x 1e-6 / k x 1e6
  return thicknessUm / conductivityWPerMK;
}

/** R'' from a flip-chip die's source plane to the lid: die bulk + TIM1. */
export function flipChipDieResistance(tech: TechnologyLibrary): number {
  const c = tech.thermalCalibration;
  return (
    layerResistanceMm2KPerW(c.dieBulkThicknessUm, tech.materials['silicon']!.conductivityWPerMK) +
    layerResistanceMm2KPerW(c.timThicknessUm, tech.materials['tim']!.conductivityWPerMK)
  );
}

/**
 * Prepared models per package (plate, ambient, calibration): building one tabulates the plate's
 * Green function (milliseconds); evaluating a prepared one takes microseconds.
 */
const MODEL_CACHE_LIMIT = 64;
const modelCache = new Map<string, PreparedThermalModel>();

/**
 * The prepared model of `pkg` with the registered thermal model `modelId` (the design's
 * `system.thermalModel`, checked against the registry when the design was prepared; "compact"
 * is core's compact model).
 */
function thermalModel(modelId: string, pkg: ThermalPackage): PreparedThermalModel {
  const p = pkg.plate;
  const c = pkg.calibration;
  const key = [
    modelId,
    p.widthMm,
    p.lengthMm,
    p.thicknessMm,
    p.conductivityWPerMK,
    p.sinkResistanceKPerW,
    pkg.ambientC,
    pkg.interposerCouplingScale,
    c.cKappaMm,
    c.edgeExcessSiKPerW,
    c.edgeExcessSiLengthMm,
    c.edgeExcessHbmKPerW,
    c.edgeExcessHbmLengthMm,
    c.interposerCouplingKPerW,
    c.interposerCouplingLengthMm,
  ].join('|');
  let model = modelCache.get(key);
  if (model === undefined) {
    if (modelCache.size >= MODEL_CACHE_LIMIT) modelCache.clear();
    const registered = thermalModelById(modelId);
    if (registered === undefined) throw new Error(`thermal model ${modelId} is not registered`);
    model = registered.prepare(pkg);
    modelCache.set(key, model);
  }
  return model;
}

/**
 * How the lid and heat-sink plate follows the package, per side:
 * - "beyond-cooling": the cooling solution's plate, or, for a package larger than it, the package
 *   outline rounded up to whole PLATE_STEP_MM (the built-in plugins);
 * - "always-stepped": the larger of the cooling solution's plate and the package outline rounded up
 *   to whole PLATE_STEP_MM, so a package just under a plate that is not a multiple of the step
 *   still gets the next step (the glass-core example).
 * A sink is sized to the package in coarse steps; the steps also let a sweep reuse the tabulated
 * plate instead of rebuilding it.
 */
export type PlateSizing = 'beyond-cooling' | 'always-stepped';
const PLATE_STEP_MM = 10;
export function plateSizeMm(
  coolingMm: number,
  packageMm: number,
  sizing: PlateSizing = 'beyond-cooling',
): number {
  const stepped = Math.ceil(packageMm / PLATE_STEP_MM) * PLATE_STEP_MM;
  if (sizing === 'always-stepped') return Math.max(coolingMm, stepped);
  return packageMm <= coolingMm ? coolingMm : stepped;
}

export interface ThermalColumnSpec {
  /** Placement id (die or memory instance id). */
  id: string;
  kind: 'si' | 'hbm';
  /** Tiers from the one next to the lid downwards, each with its instance id. */
  tiers: (ThermalTier & { id: string })[];
}

export interface ThermalOutcome {
  dies: DieTemperature[];
  peakTempC: number;
  reasons: InfeasibilityReason[];
}

export function runThermal(
  design: ResolvedDesign,
  tech: TechnologyLibrary,
  placements: readonly Placement[],
  outline: CarrierOutline,
  columns: readonly ThermalColumnSpec[],
  interposerCouplingScale: number,
  plateSizing: PlateSizing = 'beyond-cooling',
): ThermalOutcome {
  const cooling = tech.cooling[design.system.cooling]!;
  const plateW = plateSizeMm(cooling.plateWidthMm, outline.widthMm, plateSizing);
  const plateL = plateSizeMm(cooling.plateLengthMm, outline.heightMm, plateSizing);
  const offX = (plateW - outline.widthMm) / 2;
  const offY = (plateL - outline.heightMm) / 2;
  const byId = new Map(placements.map((p) => [p.id, p] as const));
  const thermalColumns: ThermalColumn[] = columns.map((c) => {
    const p = byId.get(c.id)!;
    return {
      xMm: offX + p.xMm + p.widthMm / 2,
      yMm: offY + p.yMm + p.heightMm / 2,
      widthMm: p.widthMm,
      lengthMm: p.heightMm,
      kind: c.kind,
      tiers: c.tiers,
    };
  });
  const result = thermalModel(design.system.thermalModel, {
    plate: {
      widthMm: plateW,
      lengthMm: plateL,
      thicknessMm: cooling.lidThicknessMm + cooling.sinkBaseThicknessMm,
      conductivityWPerMK: cooling.plateConductivityWPerMK,
      sinkResistanceKPerW: cooling.sinkResistanceKPerW,
    },
    ambientC: design.system.ambientC,
    calibration: tech.thermalCalibration,
    interposerCouplingScale,
  }).evaluate(thermalColumns);
  const dies: DieTemperature[] = [];
  columns.forEach((c, ci) => {
    c.tiers.forEach((t, ti) => {
      dies.push({ id: t.id, powerW: t.powerW, tempC: result.columns[ci]!.tiers[ti]!.peakC });
    });
  });
  const reasons: InfeasibilityReason[] = [];
  if (result.peakC > design.system.maxJunctionC) {
    const hot = dies.reduce((a, b) => (b.tempC > a.tempC ? b : a));
    reasons.push({
      code: 'over-temperature',
      message: `${hot.id} reaches ${hot.tempC.toFixed(1)} °C, above the ${design.system.maxJunctionC} °C limit`,
      value: result.peakC,
      limit: design.system.maxJunctionC,
    });
  }
  return { dies, peakTempC: result.peakC, reasons };
}

/** R'' from an HBM stack's base-die source plane to the lid: the stack at its effective k + TIM. */
export function hbmStackResistance(tech: TechnologyLibrary, generation: string): number {
  const c = tech.thermalCalibration;
  return (
    layerResistanceMm2KPerW(c.dieBulkThicknessUm, tech.hbm[generation]!.thermalConductivityWPerMK) +
    layerResistanceMm2KPerW(c.timThicknessUm, tech.materials['tim']!.conductivityWPerMK)
  );
}

/**
 * One flip-chip column per die of the design: its power plus the I/O power its links add
 * (`ioPowerWByDie`, per die index), under die bulk + TIM.
 */
export function flipChipDieColumns(
  design: ResolvedDesign,
  tech: TechnologyLibrary,
  ioPowerWByDie: readonly number[],
): ThermalColumnSpec[] {
  const rDie = flipChipDieResistance(tech);
  return design.dies.map((d, i) => ({
    id: d.id,
    kind: 'si' as const,
    tiers: [{ id: d.id, powerW: d.powerW + ioPowerWByDie[i]!, verticalResistanceMm2KPerW: rDie }],
  }));
}

/**
 * One column per HBM stack of the design, at `powerWByStack` (per memory index; default: the
 * library's stack power, an upper bound at full bandwidth).
 */
export function hbmStackColumns(
  design: ResolvedDesign,
  tech: TechnologyLibrary,
  powerWByStack?: readonly number[],
): ThermalColumnSpec[] {
  return design.memories.map((m, i) => ({
    id: m.id,
    kind: 'hbm' as const,
    tiers: [
      {
        id: m.id,
        powerW: powerWByStack === undefined ? tech.hbm[m.generation]!.powerWPerStack : powerWByStack[i]!,
        verticalResistanceMm2KPerW: hbmStackResistance(tech, m.generation),
      },
    ],
  }));
}

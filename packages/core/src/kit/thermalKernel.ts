/**
 * The thermal call of a Plan: `runThermal` (thermal.ts) split into what depends on geometry
 * (columns, plate, laid out by `layout` when the placements change) and what a point changes
 * (tier powers, ambient and junction limit), evaluated without allocation.
 *
 * The kernel prepares its own model instance (one for every ambient when the model has
 * `writeInto`, which takes the ambient per call; else one per ambient it meets), so the model's
 * geometry coefficients belong to this plan and survive a sweep that interleaves structures; the compact model's plate tables are shared (compactThermal.ts).
 * Numbers equal runThermal's: the same model, columns and call.
 */
import type { ResolvedDesign } from '../design/types.js';
import type { CarrierOutline, Placement } from '../geometry/floorplan.js';
import type { PreparedThermalModel } from '../plugin/extensions.js';
import type { PointNumbers } from '../plugin/pointNumbers.js';
import { thermalModelById } from '../plugin/registry.js';
import type { TechnologyLibrary } from '../technology/types.js';
import { thermalOutputLength, type ThermalColumn, type ThermalPackage } from '../thermal/types.js';
import { plateSizeMm, type PlateSizing, type ThermalColumnSpec } from './thermal.js';

/** Ambients a kernel keeps a prepared model for; beyond, the oldest is replaced. */
const MODELS_PER_KERNEL = 8;

export class ThermalKernel {
  /** The columns of the current geometry; their tiers' powerW are set from powersW per point. */
  private columns: ThermalColumn[] = [];
  private tiers: { powerW: number }[] = [];
  private out = new Float64Array(0);
  private plate: ThermalPackage['plate'] | undefined;
  private readonly ambients = new Float64Array(MODELS_PER_KERNEL).fill(Number.NaN);
  private readonly models: (PreparedThermalModel | undefined)[] = new Array(MODELS_PER_KERNEL);
  private nextModel = 0;

  constructor(
    private readonly design: ResolvedDesign,
    private readonly tech: TechnologyLibrary,
    private readonly interposerCouplingScale: number,
    private readonly plateSizing: PlateSizing = 'beyond-cooling',
  ) {}

  /** Lays the columns out on the placements (allocates: call when the geometry changes). */
  layout(
    placements: readonly Placement[],
    outline: CarrierOutline,
    specs: readonly ThermalColumnSpec[],
  ): void {
    const cooling = this.tech.cooling[this.design.system.cooling]!;
    const plateW = plateSizeMm(cooling.plateWidthMm, outline.widthMm, this.plateSizing);
    const plateL = plateSizeMm(cooling.plateLengthMm, outline.heightMm, this.plateSizing);
    const offX = (plateW - outline.widthMm) / 2;
    const offY = (plateL - outline.heightMm) / 2;
    const byId = new Map(placements.map((p) => [p.id, p] as const));
    this.tiers = [];
    this.columns = specs.map((c) => {
      const p = byId.get(c.id)!;
      const tiers = c.tiers.map((t) => ({
        powerW: t.powerW,
        verticalResistanceMm2KPerW: t.verticalResistanceMm2KPerW,
      }));
      this.tiers.push(...tiers);
      return {
        xMm: offX + p.xMm + p.widthMm / 2,
        yMm: offY + p.yMm + p.heightMm / 2,
        widthMm: p.widthMm,
        lengthMm: p.heightMm,
        kind: c.kind,
        tiers,
      };
    });
    this.out = new Float64Array(thermalOutputLength(this.columns));
    this.powersW = new Float64Array(this.tiers.length);
    const plate = {
      widthMm: plateW,
      lengthMm: plateL,
      thicknessMm: cooling.lidThicknessMm + cooling.sinkBaseThicknessMm,
      conductivityWPerMK: cooling.plateConductivityWPerMK,
      sinkResistanceKPerW: cooling.sinkResistanceKPerW,
    };
    const old = this.plate;
    if (
      old === undefined ||
      old.widthMm !== plate.widthMm ||
      old.lengthMm !== plate.lengthMm ||
      old.thicknessMm !== plate.thicknessMm
    ) {
      this.plate = plate;
      this.ambients.fill(Number.NaN);
      this.models.fill(undefined);
      this.nextModel = 0;
    }
  }

  /** Tiers over all columns, in order (columns in order, tiers top down). */
  get tierCount(): number {
    return this.tiers.length;
  }

  /**
   * Power of each tier for the next `evaluate`, W, written by the plan. An array rather than a
   * setter: a double passed to a call the compiler does not inline is boxed.
   */
  powersW = new Float64Array(0);

  private prepare(ambientC: number): PreparedThermalModel {
    const registered = thermalModelById(this.design.system.thermalModel);
    if (registered === undefined)
      throw new Error(`thermal model ${this.design.system.thermalModel} is not registered`);
    const model = registered.prepare({
      plate: this.plate!,
      ambientC,
      calibration: this.tech.thermalCalibration,
      interposerCouplingScale: this.interposerCouplingScale,
    });
    const slot = this.nextModel;
    this.nextModel = (slot + 1) % MODELS_PER_KERNEL;
    this.ambients[slot] = ambientC;
    this.models[slot] = model;
    return model;
  }

  /** After `evaluate`: the peak over every tier and the ambient, °C. */
  peakC = 0;

  /**
   * Evaluates `powersW` at the point's ambient; the peak is then `peakC` and the tier
   * temperatures `temperatures`. Allocates nothing in steady state with a model that has
   * `writeInto` (it takes the point, not the ambient, and finds the peak itself, because doubles
   * passed to or returned from calls that are not inlined are boxed).
   */
  evaluate(x: PointNumbers): void {
    const ambientC = x.ambientC;
    // A model with writeInto takes the ambient per call: the first one prepared serves them all.
    let model: PreparedThermalModel | undefined = this.models[0];
    if (model === undefined || model.writeInto === undefined) {
      model = undefined;
      for (let i = 0; i < MODELS_PER_KERNEL; i++) if (this.ambients[i] === ambientC) model = this.models[i];
      if (model === undefined) model = this.prepare(ambientC);
    }
    const tiers = this.tiers;
    for (let t = 0; t < tiers.length; t++) tiers[t]!.powerW = this.powersW[t]!;
    const out = this.out;
    if (model.writeInto !== undefined) model.writeInto(this.columns, out, x);
    else {
      const r = model.evaluate(this.columns);
      let f = 0;
      for (const c of r.columns)
        for (const t of c.tiers) {
          out[f++] = t.peakC;
          out[f++] = t.meanC;
        }
    }
    // The model's peak: the largest tier peak, and the ambient when nothing heats (no tiers).
    let peakC = ambientC;
    for (let f = 0; f < out.length; f += 2) if (out[f]! > peakC) peakC = out[f]!;
    this.peakC = peakC;
  }

  tierPeakC(tier: number): number {
    return this.out[2 * tier]!;
  }

  /** After `evaluate`: [peakC, meanC] per tier (read this in hot loops rather than tierPeakC). */
  get temperatures(): Float64Array {
    return this.out;
  }
}

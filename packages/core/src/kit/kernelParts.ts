/**
 * Small parts every kernel plan needs (docs/plugin-authoring.md section 5, "A kernel beside a
 * record model"): the sizes its geometry stage was computed for, the reason bits of a list of
 * reasons, and the row layout of a record.
 */
import { ROW, reasonBit, rowLayout, type RowLayout } from '../metrics/row.js';
import type { GeometryMetrics, InfeasibilityReason, Metrics } from '../metrics/types.js';
import { pointNumbersOf, type PointNumbers } from '../plugin/pointNumbers.js';
import type { ResolvedDesign } from '../design/types.js';

function sameArray(x: Float64Array, y: Float64Array): boolean {
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/**
 * The die and component sizes a geometry stage was computed for. `changed(x)` compares without
 * allocating (true before the first `remember`); `remember(x)` keeps x's sizes.
 */
export class SizeKey {
  private readonly sizes: PointNumbers;
  private known = false;

  constructor(structure: ResolvedDesign) {
    this.sizes = pointNumbersOf(structure);
  }

  changed(x: PointNumbers): boolean {
    const s = this.sizes;
    return !(
      this.known &&
      sameArray(x.dieWidthMm, s.dieWidthMm) &&
      sameArray(x.dieHeightMm, s.dieHeightMm) &&
      sameArray(x.dieAreaMm2, s.dieAreaMm2) &&
      sameArray(x.dieLogicAreaMm2, s.dieLogicAreaMm2) &&
      sameArray(x.componentWidthMm, s.componentWidthMm) &&
      sameArray(x.componentHeightMm, s.componentHeightMm)
    );
  }

  remember(x: PointNumbers): void {
    const s = this.sizes;
    s.dieWidthMm.set(x.dieWidthMm);
    s.dieHeightMm.set(x.dieHeightMm);
    s.dieAreaMm2.set(x.dieAreaMm2);
    s.dieLogicAreaMm2.set(x.dieLogicAreaMm2);
    s.componentWidthMm.set(x.componentWidthMm);
    s.componentHeightMm.set(x.componentHeightMm);
    this.known = true;
  }
}

/** The row's reason-mask bits of a list of reasons. */
export function reasonMaskOf(reasons: readonly InfeasibilityReason[]): number {
  let mask = 0;
  for (const r of reasons) mask |= reasonBit(r.code);
  return mask;
}

/** The row layout of a record: its dies, links and thermal entries, in order. */
export function recordLayout(plugin: { id: string; version: string }, m: Metrics): RowLayout {
  return rowLayout({
    pluginId: plugin.id,
    pluginVersion: plugin.version,
    dieIds: m.yields.dies.map((d) => d.id),
    links: m.bandwidth.links,
    thermalIds: m.thermal.dies.map((t) => t.id),
  });
}

/**
 * Writes a package's geometry into a row. Takes the object, not the numbers: doubles passed to a
 * call that is not inlined are boxed (docs/plugin-authoring.md section 5).
 */
export function writeGeometryRow(out: Float64Array, g: Readonly<GeometryMetrics>): void {
  out[ROW.packageAreaMm2] = g.packageAreaMm2;
  out[ROW.carrierAreaMm2] = g.carrierAreaMm2;
  out[ROW.siliconAreaMm2] = g.siliconAreaMm2;
  out[ROW.packageWidthMm] = g.packageWidthMm;
  out[ROW.packageHeightMm] = g.packageHeightMm;
}

/**
 * The per-point part of `sideBySideLinks` (links.ts) for Plans: what a link can carry depends on
 * the floorplan only (set with `setGeometry` from a LinkResult when the geometry changes); what a
 * point changes is the required bandwidth, and with it each link's I/O power, the PHY modules
 * built (signal bonds), the mean energy per bit and whether a link falls short. The arithmetic
 * is sideBySideLinks', in the same order, so the numbers are equal.
 */
import { ioPowerW } from '../bandwidth/linkBandwidth.js';
import type { ResolvedDesign } from '../design/types.js';
import { LINK_STRIDE, reasonBit } from '../metrics/row.js';
import type { D2dPhy, TechnologyLibrary } from '../technology/types.js';
import { linkEndSignalBonds, type LinkResult } from './links.js';

const LINK_REACH = reasonBit('link-reach');
const LINK_BANDWIDTH = reasonBit('link-bandwidth');
const OTHER = reasonBit('other');

export class SideBySideLinkKernel {
  private readonly from: Int32Array;
  private readonly to: Int32Array;
  private readonly phyFrom: D2dPhy[];
  private readonly phyTo: D2dPhy[];
  private readonly available: Float64Array;
  private readonly energy: Float64Array;
  private readonly latency: Float64Array;
  private readonly blocked: Uint8Array;
  private geometryMask = 0;
  private geometryAggregate = 0;
  /** Per die index, after `evaluate`: I/O power its links add, W, and D2D signal bonds. */
  readonly ioPowerWByDie: Float64Array;
  readonly signalBondsByDie: Float64Array;
  /** After `evaluate`. */
  aggregateD2dGBps = 0;
  ioPowerW = 0;
  energyPjPerBit = 0;
  /** Reason bits of the links (link-reach, link-bandwidth, other). */
  mask = 0;

  constructor(
    design: ResolvedDesign,
    tech: TechnologyLibrary,
    private readonly usableModules = false,
  ) {
    const index = new Map(design.dies.map((d, i) => [d.id, i] as const));
    const n = design.links.length;
    this.from = Int32Array.from(design.links, (l) => index.get(l.from)!);
    this.to = Int32Array.from(design.links, (l) => index.get(l.to)!);
    this.phyFrom = Array.from(this.from, (a) => tech.phys[design.dies[a]!.phy]!);
    this.phyTo = Array.from(this.to, (b) => tech.phys[design.dies[b]!.phy]!);
    this.available = new Float64Array(n);
    this.energy = new Float64Array(n);
    this.latency = new Float64Array(n);
    this.blocked = new Uint8Array(n);
    this.ioPowerWByDie = new Float64Array(design.dies.length);
    this.signalBondsByDie = new Float64Array(design.dies.length);
  }

  /** Takes what the floorplan decides from sideBySideLinks' result for this geometry. */
  setGeometry(r: LinkResult): void {
    let aggregate = 0;
    r.links.forEach((l, k) => {
      this.available[k] = l.availableGBps;
      this.energy[k] = l.energyPjPerBit;
      this.latency[k] = l.latencyNs;
      this.blocked[k] = r.blocked[k] === true ? 1 : 0;
      aggregate += l.availableGBps;
    });
    this.geometryAggregate = aggregate;
    // Reasons that do not depend on the required bandwidth: PHYs not built for the carrier.
    this.geometryMask = r.reasons.some((x) => x.code === 'other') ? OTHER : 0;
  }

  /**
   * Per point: `requiredGBps` per link; writes the link blocks of a row at `linkAt`
   * (LINK_FIELDS order) and this kernel's per-die and total figures.
   */
  evaluate(requiredGBps: Float64Array, row: Float64Array, linkAt: number): void {
    this.ioPowerWByDie.fill(0);
    this.signalBondsByDie.fill(0);
    let mask = this.geometryMask;
    let io = 0;
    let weighted = 0;
    let required = 0;
    for (let k = 0; k < this.from.length; k++) {
      const req = requiredGBps[k]!;
      const avail = this.available[k]!;
      const energy = this.energy[k]!;
      const p = ioPowerW(req, energy);
      const a = this.from[k]!;
      const b = this.to[k]!;
      this.ioPowerWByDie[a]! += p / 2;
      this.ioPowerWByDie[b]! += p / 2;
      io += p;
      weighted += energy * req;
      required += req;
      this.signalBondsByDie[a]! += linkEndSignalBonds(this.phyFrom[k]!, req, avail, this.usableModules);
      this.signalBondsByDie[b]! += linkEndSignalBonds(this.phyTo[k]!, req, avail, this.usableModules);
      if (this.blocked[k] === 1) mask |= LINK_REACH;
      else if (avail < req) mask |= LINK_BANDWIDTH;
      const at = linkAt + LINK_STRIDE * k;
      row[at] = req;
      row[at + 1] = avail;
      row[at + 2] = energy;
      row[at + 3] = this.latency[k]!;
      row[at + 4] = p;
    }
    this.aggregateD2dGBps = this.from.length === 0 ? 0 : this.geometryAggregate;
    this.ioPowerW = io;
    this.energyPjPerBit = required > 0 ? weighted / required : 0;
    this.mask = mask;
  }
}

/**
 * The design IR. `DesignInput` is what a design file holds (validated by design/schema.ts);
 * `ResolvedDesign` is what models see: counts expanded into die instances, area shares turned
 * into mm², defaults applied and every reference checked against the technology library.
 */
import type { YieldModelId } from '../technology/types.js';

export type OptionValue = number | string | boolean;

export interface SystemSpec {
  /** Units produced over the product's life: NRE is amortised over it. */
  volumeUnits: number;
  ambientC: number;
  /** Junction temperature limit; hotter points are infeasible. */
  maxJunctionC: number;
  /** Cooling solution id from the technology library. */
  cooling: string;
  yieldModel: YieldModelId;
  /** Thermal model id (registered; "compact" is core's). */
  thermalModel: string;
}

/** One die of the system after expansion. */
export interface DieInstance {
  /** Unique instance id ("tile#2" for the third instance of a chiplet group with count > 1). */
  id: string;
  /** Group id as written in the design file. */
  groupId: string;
  role: string;
  /** Design identity: instances sharing it pay NRE once. */
  designId: string;
  node: string;
  /** Full die area, including D2D PHY area. */
  areaMm2: number;
  /** Area of the die's own logic, without the D2D PHY overhead added for area shares. */
  logicAreaMm2: number;
  widthMm: number;
  heightMm: number;
  powerW: number;
  phy: string;
  /** Whether the die has D2D links (and so a D2D PHY). */
  hasD2d: boolean;
}

export interface MemoryInstance {
  id: string;
  groupId: string;
  generation: string;
  /** The die id the stack is attached to (its PHY), or '' when unattached. */
  attachedTo: string;
}

/** A purchased part placed on a SiP laminate: a packaged memory, a passive, another package. */
export interface ComponentInstance {
  id: string;
  groupId: string;
  kind: 'packaged-memory' | 'passive' | 'other';
  widthMm: number;
  heightMm: number;
  costUsd: number;
  powerW: number;
}

export interface LinkSpec {
  from: string;
  to: string;
  bandwidthGBps: number;
}

/** A node of the assembly tree: a carrier or a die with what sits on it. */
export interface AssemblyNode {
  /** A die instance id, a memory instance id, or '' for the root carrier. */
  ref: string;
  /** How this node is bonded to its parent: a bonding process id ('' for the root). */
  bonding: string;
  /** Stacking orientation relative to the parent, for 3D. */
  orientation: 'face-to-face' | 'face-to-back';
  children: AssemblyNode[];
}

export interface PackageSpec {
  /** Plugin id of the packaging approach. */
  approach: string;
  /** Carrier id from the technology library ('' = the plugin's default). */
  carrier: string;
  /** Plugin options, validated against the plugin's option schema. */
  options: Record<string, OptionValue>;
  /** What sits on what. The root is the carrier. */
  assembly: AssemblyNode;
}

export interface ResolvedDesign {
  name: string;
  /** Where the design came from (file path and variant), for messages. */
  origin: string;
  system: SystemSpec;
  dies: DieInstance[];
  memories: MemoryInstance[];
  /** Purchased components (SiP); empty for most designs. */
  components: ComponentInstance[];
  links: LinkSpec[];
  package: PackageSpec;
}

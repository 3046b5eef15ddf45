/**
 * The assembly tree read as 3D stacks (docs/models/3d.md §1): every die at the root sits on the
 * carrier and is the bottom of a column; its `stack` list holds the dies bonded on top of it,
 * bottom to top (the last one is next to the lid). Memory stacks at the root sit beside the
 * columns. Each tier remembers the design-file path it came from, for input messages.
 */
import type { AssemblyNode, DieInstance, ResolvedDesign, TechnologyLibrary } from '@chiplet-dse/core';

/**
 * The library's wafer-to-wafer hybrid-bonding process. With `stacking: auto` a stack whose every
 * bond uses it is built wafer to wafer; any other bond makes a die-to-wafer stack.
 */
export const W2W_BONDING_ID = 'hybrid_w2w';

export type StackingMode = 'd2w' | 'w2w';

export interface StackTier {
  die: DieInstance;
  /** Index of the die in design.dies. */
  dieIndex: number;
  node: AssemblyNode;
  /** Design-file path of the assembly entry, e.g. "package.assembly[0].stack[1]". */
  path: string;
  /**
   * Bottom tier: the process attaching the stack to the carrier. Upper tiers: the process bonding
   * this die onto the tier below.
   */
  bondingId: string;
}

export interface StackColumn {
  /** Bottom (index 0, on the carrier) to top (next to the lid). */
  tiers: StackTier[];
  mode: StackingMode;
  /** True when `stacking: auto` found both wafer-to-wafer and other bonds in this stack. */
  mixedBonding: boolean;
}

export interface RootMemory {
  node: AssemblyNode;
  path: string;
}

/** A node that cannot be read as part of a column (the plugin's validate reports these). */
export interface MisplacedNode {
  node: AssemblyNode;
  path: string;
  what: 'memory-in-stack' | 'stack-on-memory' | 'nested-stack';
}

export interface StackStructure {
  columns: StackColumn[];
  memories: RootMemory[];
  misplaced: MisplacedNode[];
  /** Die id -> its column index and tier level (0 = bottom). */
  where: Map<string, { column: number; level: number }>;
}

/** Trailing instance index of an expanded id ("ccd#2" of group "ccd" -> 2), else -1. */
function instanceIndex(ref: string, group: string): number {
  if (!ref.startsWith(`${group}#`)) return -1;
  const k = Number(ref.slice(group.length + 1));
  return Number.isInteger(k) ? k : -1;
}

/**
 * Design-file paths of sibling nodes. The resolver expands an entry naming a group (`die: ccd`)
 * into one node per instance; consecutive childless instances of one group, in order and with
 * the same bonding and orientation, are read back as one entry. (Instances listed one by one
 * without stacks are indistinguishable from that and share an index; only messages use it.)
 */
export function siblingPaths(
  nodes: readonly AssemblyNode[],
  base: string,
  groupOf: (ref: string) => string,
): string[] {
  const out: string[] = [];
  let entry = -1;
  nodes.forEach((n, k) => {
    const prev = k > 0 ? nodes[k - 1]! : undefined;
    const group = groupOf(n.ref);
    const continues =
      prev !== undefined &&
      n.children.length === 0 &&
      prev.children.length === 0 &&
      n.bonding === prev.bonding &&
      n.orientation === prev.orientation &&
      groupOf(prev.ref) === group &&
      instanceIndex(n.ref, group) >= 1 &&
      instanceIndex(n.ref, group) === instanceIndex(prev.ref, group) + 1;
    if (!continues) entry++;
    out.push(`${base}[${entry}]`);
  });
  return out;
}

/** Reads the assembly tree of a resolved design into columns and root memories. */
export function stackStructure(design: ResolvedDesign, tech: TechnologyLibrary): StackStructure {
  const dieIndex = new Map(design.dies.map((d, i) => [d.id, i] as const));
  const groupById = new Map<string, string>();
  for (const d of design.dies) groupById.set(d.id, d.groupId);
  for (const m of design.memories) groupById.set(m.id, m.groupId);
  const groupOf = (ref: string) => groupById.get(ref) ?? ref;
  const carrier = tech.carriers[design.package.carrier];
  const attachBonding = carrier?.dieBonding ?? '';
  const stackBonding = String(design.package.options['stackBonding'] ?? '');
  const stacking = String(design.package.options['stacking'] ?? 'auto');

  const columns: StackColumn[] = [];
  const memories: RootMemory[] = [];
  const misplaced: MisplacedNode[] = [];
  const where = new Map<string, { column: number; level: number }>();
  const roots = design.package.assembly.children;
  const rootPaths = siblingPaths(roots, 'package.assembly', groupOf);
  roots.forEach((root, r) => {
    const path = rootPaths[r]!;
    const bottomIndex = dieIndex.get(root.ref);
    if (bottomIndex === undefined) {
      memories.push({ node: root, path });
      if (root.children.length > 0)
        misplaced.push({ node: root, path: `${path}.stack`, what: 'stack-on-memory' });
      return;
    }
    const tiers: StackTier[] = [
      {
        die: design.dies[bottomIndex]!,
        dieIndex: bottomIndex,
        node: root,
        path,
        bondingId: root.bonding !== '' ? root.bonding : attachBonding,
      },
    ];
    const stackPaths = siblingPaths(root.children, `${path}.stack`, groupOf);
    root.children.forEach((child, k) => {
      const childPath = stackPaths[k]!;
      const i = dieIndex.get(child.ref);
      if (i === undefined) {
        misplaced.push({ node: child, path: childPath, what: 'memory-in-stack' });
        return;
      }
      if (child.children.length > 0)
        misplaced.push({ node: child, path: `${childPath}.stack`, what: 'nested-stack' });
      tiers.push({
        die: design.dies[i]!,
        dieIndex: i,
        node: child,
        path: childPath,
        bondingId: child.bonding !== '' ? child.bonding : stackBonding,
      });
    });
    const bonds = tiers.slice(1).map((t) => t.bondingId);
    const w2wBonds = bonds.filter((b) => b === W2W_BONDING_ID).length;
    let mode: StackingMode;
    if (stacking === 'w2w' || stacking === 'd2w') mode = bonds.length === 0 ? 'd2w' : stacking;
    else mode = bonds.length > 0 && w2wBonds === bonds.length ? 'w2w' : 'd2w';
    const column = columns.length;
    tiers.forEach((t, level) => where.set(t.die.id, { column, level }));
    columns.push({
      tiers,
      mode,
      mixedBonding: stacking === 'auto' && w2wBonds > 0 && w2wBonds < bonds.length,
    });
  });
  return { columns, memories, misplaced, where };
}

/** Whether die `upper` fits on die `lower` (as drawn or turned by 90°), within `tolMm`. */
export function fitsOn(upper: DieInstance, lower: DieInstance, tolMm: number): boolean {
  const asDrawn = upper.widthMm <= lower.widthMm + tolMm && upper.heightMm <= lower.heightMm + tolMm;
  const turned = upper.heightMm <= lower.widthMm + tolMm && upper.widthMm <= lower.heightMm + tolMm;
  return asDrawn || turned;
}

/** Whether two dies have the same footprint (width and height equal within `tolMm`). */
export function sameFootprint(a: DieInstance, b: DieInstance, tolMm: number): boolean {
  return Math.abs(a.widthMm - b.widthMm) <= tolMm && Math.abs(a.heightMm - b.heightMm) <= tolMm;
}

/**
 * Bonded overlap of a tier with the one below, mm². Upper dies fit on the die below (validated),
 * so the overlap is the upper die's own area.
 */
export function overlapMm2(upper: DieInstance, lower: DieInstance): number {
  return Math.min(upper.areaMm2, lower.areaMm2);
}

/**
 * Limits every approach checks: the reticle per die and the carrier size (infeasibility reasons of
 * a point), and parts larger than the carrier (input issues).
 */
import { reticleIssues } from '../design/resolveDesign.js';
import type { ResolvedDesign } from '../design/types.js';
import type { InfeasibilityReason } from '../metrics/types.js';
import type { InputIssue } from '../plugin/contract.js';
import type { Carrier, TechnologyLibrary } from '../technology/types.js';

export function reticleReasons(design: ResolvedDesign, tech: TechnologyLibrary): InfeasibilityReason[] {
  return reticleIssues(design, tech).map((r) => ({
    code: 'reticle-limit' as const,
    message: `${r.dieId}: ${r.areaMm2.toFixed(0)} mm² does not fit the ${r.limitMm2} mm² reticle field`,
    value: r.areaMm2,
    limit: r.limitMm2,
  }));
}

export function carrierSizeReasons(
  carrierId: string,
  carrier: Carrier,
  areaMm2: number,
): InfeasibilityReason[] {
  if (carrier.maxAreaMm2 > 0 && areaMm2 > carrier.maxAreaMm2) {
    return [
      {
        code: 'carrier-size-limit',
        message: `${carrierId}: ${areaMm2.toFixed(0)} mm² exceeds the ${carrier.maxAreaMm2} mm² limit of ${carrier.name}`,
        value: areaMm2,
        limit: carrier.maxAreaMm2,
      },
    ];
  }
  return [];
}

/** Index of each group id in input order (instances of a group are contiguous, in group order). */
export function groupIndex(groupIds: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  for (const g of groupIds) if (!index.has(g)) index.set(g, index.size);
  return index;
}

/** What `footprintIssues` checks besides the dies. */
export interface FootprintChecks {
  /** HBM stacks (their library footprints), path `memory[i]`. */
  memories?: boolean;
  /** Purchased components, path `components[i]`. */
  components?: boolean;
}

/**
 * Parts larger than the design carrier's maxAreaMm2 (0: no limit), an input error: dies (path
 * `chiplets[i]`), then, as asked, HBM stacks and components. A die here is one placed on the
 * carrier: a die of a stack counts with its own area.
 */
export function footprintIssues(
  design: ResolvedDesign,
  tech: TechnologyLibrary,
  checks: FootprintChecks = {},
): InputIssue[] {
  const issues: InputIssue[] = [];
  const carrierId = design.package.carrier;
  const carrier = tech.carriers[carrierId]!;
  const max = carrier.maxAreaMm2;
  if (!(max > 0)) return issues;
  const oversize = (path: string, what: string, id: string, areaMm2: number) =>
    issues.push({
      path,
      expected: `${what} no larger than the ${max} mm² of carrier ${carrierId}`,
      found: `${id}: ${areaMm2.toFixed(1)} mm²`,
    });
  const chipletIndex = groupIndex(design.dies.map((d) => d.groupId));
  for (const d of design.dies) {
    if (d.areaMm2 > max) oversize(`chiplets[${chipletIndex.get(d.groupId)}]`, 'a die', d.id, d.areaMm2);
  }
  if (checks.memories === true) {
    const memoryIndex = groupIndex(design.memories.map((m) => m.groupId));
    for (const m of design.memories) {
      const g = tech.hbm[m.generation]!;
      const areaMm2 = g.footprintWidthMm * g.footprintLengthMm;
      if (areaMm2 > max) oversize(`memory[${memoryIndex.get(m.groupId)}]`, 'an HBM stack', m.id, areaMm2);
    }
  }
  if (checks.components === true) {
    const componentIndex = groupIndex(design.components.map((c) => c.groupId));
    for (const c of design.components) {
      const areaMm2 = c.widthMm * c.heightMm;
      if (areaMm2 > max)
        oversize(`components[${componentIndex.get(c.groupId)}]`, 'a component', c.id, areaMm2);
    }
  }
  return issues;
}

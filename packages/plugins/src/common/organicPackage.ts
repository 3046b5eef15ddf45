/**
 * Dies side by side on an organic package substrate: the monolithic baseline and the MCM.
 * Cost and yield follow Chiplet Actuary's organic-substrate model (docs/reference/cost-yield-models.md §2 A4)
 * generalised with test coverage, per-bond yields, assembly cost and a floorplan-based area
 * (docs/models/monolithic-mcm.md).
 */
import type { InputIssue, Metrics, ResolvedDesign, TechnologyLibrary } from '@chiplet-dse/core';
import { evaluateSip } from '../sip/sipModel.js';

export function validateOrganic(
  pluginId: string,
  design: ResolvedDesign,
  tech: TechnologyLibrary,
): InputIssue[] {
  const issues: InputIssue[] = [];
  const carrier = tech.carriers[design.package.carrier]!;
  if (carrier.kind !== 'organic-substrate') {
    issues.push({
      path: 'package.carrier',
      expected: `an organic-substrate carrier for plugin ${pluginId}`,
      found: `${design.package.carrier} (${carrier.kind})`,
    });
  }
  if (design.memories.length > 0) {
    issues.push({
      path: 'memory',
      expected: `no HBM stacks for plugin ${pluginId} (HBM needs an interposer or bridge: use approach 2.5d)`,
      found: `${design.memories.length} stacks`,
    });
  }
  if (design.components.length > 0) {
    issues.push({
      path: 'components',
      expected: `no purchased components for plugin ${pluginId} (use approach sip)`,
      found: `${design.components.length} components`,
    });
  }
  const stacked = design.package.assembly.children.filter((c) => c.children.length > 0);
  if (stacked.length > 0) {
    issues.push({
      path: 'package.assembly',
      expected: `dies side by side for plugin ${pluginId} (stacking needs approach 3d)`,
      found: `a stack on ${stacked[0]!.ref}`,
    });
  }
  return issues;
}

/**
 * An organic package is a SiP without purchased components: the sip model (one assembly step,
 * no SMT parts) gives exactly the Chiplet Actuary OS accounting described above, so monolithic
 * and mcm evaluate through it rather than through a second copy of the same flow.
 */
export function evaluateOrganic(
  plugin: { id: string; version: string },
  design: ResolvedDesign,
  tech: TechnologyLibrary,
): Metrics {
  return evaluateSip(plugin, design, tech);
}

/**
 * Core's one check of a design against a plugin's declared capabilities, run before the plugin
 * compiles it, with the same messages for every plugin. `others` (the registered plugins) lets a
 * message name the approaches that can build what this one cannot.
 */
import type { ResolvedDesign } from '../design/types.js';
import type { TechnologyLibrary } from '../technology/types.js';
import type { InputIssue, PackagingPlugin } from './contract.js';

type AnyPlugin = Pick<PackagingPlugin, 'id' | 'capabilities'>;

/** " (what needs approach a or b)", naming the other registered plugins that can. */
function alternatives(
  what: string,
  others: readonly AnyPlugin[],
  self: string,
  can: (p: AnyPlugin) => boolean,
): string {
  const ids = others.filter((p) => p.id !== self && can(p)).map((p) => p.id);
  return ids.length === 0 ? '' : ` (${what} approach ${ids.join(' or ')})`;
}

export function capabilityIssues(
  plugin: AnyPlugin,
  design: ResolvedDesign,
  tech: TechnologyLibrary,
  others: readonly AnyPlugin[] = [],
): InputIssue[] {
  const caps = plugin.capabilities;
  const id = plugin.id;
  const issues: InputIssue[] = [];
  const carrierId = design.package.carrier;
  const carrier = tech.carriers[carrierId];
  if (carrier !== undefined && !caps.carrierKinds.includes(carrier.kind)) {
    issues.push({
      path: 'package.carrier',
      expected: `a carrier of kind ${caps.carrierKinds.join(' or ')} for plugin ${id}${alternatives(`a ${carrier.kind} carrier needs`, others, id, (p) => p.capabilities.carrierKinds.includes(carrier.kind))}`,
      found: `${carrierId} (${carrier.kind})`,
    });
  }
  const minDies = caps.minDies ?? 1;
  const maxDies = caps.maxDies ?? Number.POSITIVE_INFINITY;
  const n = design.dies.length;
  if (n < minDies || n > maxDies) {
    const range =
      minDies === maxDies
        ? `exactly ${minDies === 1 ? 'one die' : `${minDies} dies`}`
        : maxDies === Number.POSITIVE_INFINITY
          ? `at least ${minDies} dies`
          : `${minDies} to ${maxDies} dies`;
    const fits = (p: AnyPlugin) =>
      n >= (p.capabilities.minDies ?? 1) && n <= (p.capabilities.maxDies ?? Infinity);
    issues.push({
      path: 'chiplets',
      expected: `${range} for plugin ${id}${alternatives(`${n} dies need`, others, id, fits)}`,
      found: `${n} dies`,
    });
  }
  const stacked = design.package.assembly.children.find((c) => c.children.length > 0);
  if (!caps.stacking && stacked !== undefined) {
    issues.push({
      path: 'package.assembly',
      expected: `dies side by side for plugin ${id}${alternatives('stacking needs', others, id, (p) => p.capabilities.stacking)}`,
      found: `a stack on ${stacked.ref}`,
    });
  }
  // On a carrier the approach does not build on, the carrier issue above says enough.
  const carrierOk = carrier !== undefined && caps.carrierKinds.includes(carrier.kind);
  if (design.memories.length > 0 && carrierOk && !caps.hbmCarrierKinds.includes(carrier.kind)) {
    issues.push({
      path: 'memory',
      expected:
        caps.hbmCarrierKinds.length === 0
          ? `no HBM stacks for plugin ${id}${alternatives('HBM needs', others, id, (p) => p.capabilities.hbmCarrierKinds.length > 0)}`
          : `no HBM stacks on a ${carrier.kind} carrier for plugin ${id} (HBM needs a carrier of kind ${caps.hbmCarrierKinds.join(' or ')})`,
      found: `${design.memories.length} stacks`,
    });
  }
  if (!caps.components && design.components.length > 0) {
    issues.push({
      path: 'components',
      expected: `no purchased components for plugin ${id}${alternatives('components need', others, id, (p) => p.capabilities.components)}`,
      found: `${design.components.length} components`,
    });
  }
  return issues;
}

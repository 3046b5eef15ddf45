/**
 * System-in-package: bare dies (flip-chip, C4) and purchased packaged components (SMT) side by
 * side on an organic laminate. Model: model.ts; equations: docs/models/sip.md.
 */
import {
  PLUGIN_API_VERSION,
  attachBondingIds,
  definePackagingPlugin,
  footprintIssues,
  type InputIssue,
  type ResolvedDesign,
  type TechnologyLibrary,
} from '@chiplet-dse/core';
import { PLUGINS_VERSION } from '../version.js';
import { compileSipPlan } from './kernel.js';
import { SIP_OPTIONS, SMT_KIND, smtBondingId } from './model.js';

/** Bonding kinds a bare die can be attached to a laminate with: flip-chip C4, or SMT (e.g. WLCSP). */
const DIE_BONDING_KINDS: readonly string[] = ['c4', SMT_KIND];

export function validateSip(pluginId: string, design: ResolvedDesign, tech: TechnologyLibrary): InputIssue[] {
  const issues: InputIssue[] = [];
  const carrierId = design.package.carrier;
  const carrier = tech.carriers[carrierId]!;
  const bondingIds = attachBondingIds(design, carrier).dies;
  design.dies.forEach((d, i) => {
    const kind = tech.bonding[bondingIds[i]!]?.kind;
    if (kind === undefined || !DIE_BONDING_KINDS.includes(kind)) {
      issues.push({
        path: 'package.assembly',
        expected: `a die bonding of kind ${DIE_BONDING_KINDS.join(' or ')} for plugin ${pluginId} (dies sit on the laminate)`,
        found: `${d.id}: ${bondingIds[i]} (${kind ?? 'unknown'})`,
      });
    }
  });
  if (design.components.length > 0 && smtBondingId(tech) === undefined) {
    issues.push({
      path: 'components',
      expected: `a bonding process of kind ${SMT_KIND} in the technology library to mount components`,
      found: `none among ${Object.keys(tech.bonding).join(', ')}`,
    });
  }
  issues.push(...footprintIssues(design, tech, { components: true }));
  return issues;
}

export const sipPlugin = definePackagingPlugin({
  id: 'sip',
  version: PLUGINS_VERSION,
  apiVersion: PLUGIN_API_VERSION,
  approach: 'system-in-package on organic laminate',
  description:
    'Heterogeneous SiP: bare dies flip-chip bonded (C4) and purchased packaged parts (memories, passives, other packages) surface-mounted (SMT) side by side on an organic laminate; dies linked by standard-package D2D PHYs (UCIe-S, BoW, AIB).',
  defaultCarrier: 'organic_substrate',
  options: SIP_OPTIONS,
  capabilities: {
    carrierKinds: ['organic-substrate'],
    stacking: false,
    hbmCarrierKinds: [],
    components: true,
  },
  models: {
    yield:
      'die yield per node with KGD test coverage and escapes; flip-chip attach per die and per D2D signal bond (CATCH); SMT attach per component; substrate negative binomial (Chiplet Actuary)',
    cost: 'Chiplet Actuary OS model extended: substrate = max(4x die area, floorplan of dies and components), layer factor by area; purchased components; sequential two-step assembly flow (flip-chip, then SMT) with scrap and wasted parts; NRE by design identity + substrate NRE',
    bandwidth:
      'D2D links between dies only: facing shoreline x PHY bandwidth density (whole modules), shared free perimeter within reach; no HBM (memory bandwidth 0)',
    thermal:
      'compact closed-form model (docs/reference/thermal-model.md §4): dies and powered components as flip-chip columns under the design cooling; no board path (conservative for lidless SiPs)',
  },
  compile(design, tech) {
    const issues = validateSip(this.id, design, tech);
    if (issues.length > 0) return issues;
    return compileSipPlan(this, design, tech);
  },
});

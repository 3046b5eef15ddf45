/**
 * 2.5D: dies and HBM stacks side by side on a silicon, RDL or glass interposer (CoWoS-S/-R class)
 * on an organic substrate, or on an organic substrate with embedded silicon bridges (EMIB /
 * CoWoS-L class). Model: model.ts (record form), kernel.ts (the Plan); equations: docs/models/2.5d.md.
 */
import {
  PLUGIN_API_VERSION,
  definePackagingPlugin,
  footprintIssues,
  missingBondingId,
  type InputIssue,
  type ResolvedDesign,
  type TechnologyLibrary,
} from '@chiplet-dse/core';
import { PLUGINS_VERSION } from '../version.js';
import { compileTwoPointFiveDPlan } from './kernel.js';
import { BRIDGE_KIND, TWO_POINT_FIVE_D_OPTIONS, SUBSTRATE_CARRIER_ID, SUPPORTED_KINDS } from './model.js';

export function validateTwoPointFiveD(
  pluginId: string,
  design: ResolvedDesign,
  tech: TechnologyLibrary,
): InputIssue[] {
  const issues: InputIssue[] = [];
  const carrierId = design.package.carrier;
  const carrier = tech.carriers[carrierId]!;
  const organic = tech.carriers[SUBSTRATE_CARRIER_ID];
  if (organic === undefined || organic.kind !== 'organic-substrate') {
    issues.push({
      path: `technology.carriers.${SUBSTRATE_CARRIER_ID}`,
      expected: `an organic-substrate carrier ${SUBSTRATE_CARRIER_ID} (the package substrate of plugin ${pluginId})`,
      found: organic === undefined ? 'none' : organic.kind,
    });
  }
  if (tech.nodes[carrier.processNode] === undefined) {
    issues.push({
      path: `technology.carriers.${carrierId}.processNode`,
      expected: `the process node ${carrier.kind === BRIDGE_KIND ? 'the bridges' : 'the interposer'} is made on (a node id of the technology library)`,
      found: JSON.stringify(carrier.processNode),
    });
  }
  if (carrier.kind === BRIDGE_KIND) {
    for (const field of ['bridgeWidthMm', 'bridgeLengthMm', 'bridgeEdgeCoverageMm'] as const) {
      if (!(carrier[field] > 0)) {
        issues.push({
          path: `technology.carriers.${carrierId}.${field}`,
          expected: 'a positive bridge dimension',
          found: String(carrier[field]),
        });
      }
    }
  } else if (tech.bonding[carrier.substrateBonding] === undefined) {
    issues.push({
      path: `technology.carriers.${carrierId}.substrateBonding`,
      expected: 'the bonding process that attaches the interposer to the package substrate',
      found: JSON.stringify(carrier.substrateBonding),
    });
  }
  const missing = missingBondingId(design, tech);
  if (missing !== undefined) {
    issues.push({
      path: `technology.carriers.${carrierId}.dieBonding`,
      expected: 'a bonding process id of the technology library to attach dies and stacks',
      found: JSON.stringify(missing),
    });
  }
  issues.push(...footprintIssues(design, tech, { memories: true }));
  return issues;
}

export const twoPointFiveDPlugin = definePackagingPlugin({
  id: '2.5d',
  version: PLUGINS_VERSION,
  apiVersion: PLUGIN_API_VERSION,
  approach: '2.5D interposer or embedded bridges',
  description:
    'Dies and HBM stacks side by side on a silicon, RDL or glass interposer on an organic substrate (CoWoS-S/-R class, chip-last), or on an organic substrate with embedded silicon bridges (EMIB / CoWoS-L class); the carrier kind selects the variant.',
  defaultCarrier: 'si_interposer',
  options: TWO_POINT_FIVE_D_OPTIONS,
  capabilities: {
    carrierKinds: SUPPORTED_KINDS,
    stacking: false,
    hbmCarrierKinds: SUPPORTED_KINDS,
    components: false,
  },
  models: {
    yield:
      'die yield per node with test coverage and escapes; interposer NB yield x stitchYield^stitches (Actuary A5, CATCH C2); bridges NB per bridge; attach y_die x y_bond^(D2D signal bonds) per die, y_die per HBM stack and for the interposer (CATCH C6)',
    cost: 'Chiplet Actuary SI/FO chip-last flow (tested interposer, KGD + HBM attach, substrate attach) via assemblyFlowCost; bridges per 10 mm of facing edge (ECO-CHIP); NRE by design identity + interposer and substrate NRE',
    bandwidth:
      'facing shoreline x PHY bandwidth density (whole modules, UCIe reach), capped by bridge coverage on embedded bridges; HBM = sum of connected stacks',
    thermal:
      'compact closed-form model: a column per die and per HBM stack, mutual heating through the lid, lateral coupling through a silicon interposer (docs/reference/thermal-model.md §4.4)',
  },
  compile(design, tech) {
    const issues = validateTwoPointFiveD(this.id, design, tech);
    if (issues.length > 0) return issues;
    return compileTwoPointFiveDPlan(this, design, tech);
  },
});

/**
 * 3D stacking: dies bonded on dies (hybrid or micro-bump, die to wafer or wafer to wafer), the
 * stacks side by side on an organic substrate or a silicon interposer (with HBM).
 * Model: model.ts with its parts stacks.ts, stackCost.ts and stackLinks.ts; docs/models/3d.md.
 */
import {
  PLUGIN_API_VERSION,
  definePackagingPlugin,
  type CarrierKind,
  type DieInstance,
  type InputIssue,
  type ResolvedDesign,
  type TechnologyLibrary,
} from '@chiplet-dse/core';
import { PLUGINS_VERSION } from '../version.js';
import { compile3dPlan } from './kernel.js';
import { THREE_D_OPTIONS } from './model.js';
import { fitsOn, sameFootprint, stackStructure, W2W_BONDING_ID } from './stacks.js';

// What the 3D approach cannot build (docs/models/3d.md §6): input issues, not sweep outcomes.

/** Carrier kinds the plugin builds on. */
export const THREE_D_CARRIER_KINDS: readonly CarrierKind[] = ['organic-substrate', 'silicon-interposer'];
/** Bond kinds that attach a stack to its carrier, and kinds that bond dies onto dies. */
const ATTACH_BOND_KINDS = new Set(['c4', 'microbump']);
const STACK_BOND_KINDS = new Set(['hybrid', 'microbump']);
/** Footprints equal within this tolerance count as one footprint (w2w), mm. */
export const FOOTPRINT_TOLERANCE_MM = 1e-6;

function size(d: DieInstance): string {
  return `${d.id} ${d.widthMm.toFixed(3)} x ${d.heightMm.toFixed(3)} mm`;
}

/** Index of a die's chiplet entry: dies are expanded in the order of `chiplets`. */
function chipletIndex(design: ResolvedDesign, groupId: string): number {
  const groups: string[] = [];
  for (const d of design.dies) if (!groups.includes(d.groupId)) groups.push(d.groupId);
  return groups.indexOf(groupId);
}

export function validate3d(pluginId: string, design: ResolvedDesign, tech: TechnologyLibrary): InputIssue[] {
  const issues: InputIssue[] = [];
  const stackBonding = String(design.package.options['stackBonding']);
  if (tech.bonding[stackBonding] === undefined) {
    issues.push({
      path: 'package.options.stackBonding',
      expected: 'a bonding id of the technology library',
      found: JSON.stringify(stackBonding),
    });
  }

  const s = stackStructure(design, tech);
  for (const m of s.misplaced) {
    const expected =
      m.what === 'nested-stack'
        ? 'one stack per die on the carrier: list every die of a stack, bottom to top, in that die\'s "stack"'
        : m.what === 'memory-in-stack'
          ? 'dies only in a stack (HBM and purchased parts sit on the carrier)'
          : 'no dies stacked on an HBM stack';
    issues.push({ path: m.path, expected, found: m.node.ref });
  }
  const badBond = (path: string, bondingId: string, allowed: Set<string>, what: string) => {
    const b = tech.bonding[bondingId];
    if (b !== undefined && !allowed.has(b.kind))
      issues.push({
        path: `${path}.bonding`,
        expected: `${what} (bonding of kind ${[...allowed].join(' or ')})`,
        found: `${bondingId} (${b.kind})`,
      });
  };
  for (const col of s.columns) {
    const bottom = col.tiers[0]!;
    badBond(bottom.path, bottom.bondingId, ATTACH_BOND_KINDS, 'a die-to-carrier attach');
    for (let h = 1; h < col.tiers.length; h++) {
      const upper = col.tiers[h]!;
      const lower = col.tiers[h - 1]!;
      badBond(upper.path, upper.bondingId, STACK_BOND_KINDS, 'a 3D die-to-die bond');
      if (col.mode === 'w2w') {
        if (!sameFootprint(upper.die, bottom.die, FOOTPRINT_TOLERANCE_MM)) {
          issues.push({
            path: upper.path,
            expected: `wafer-to-wafer stacking: every die of the stack with the footprint of ${size(bottom.die)}`,
            found: size(upper.die),
          });
        }
      } else if (!fitsOn(upper.die, lower.die, FOOTPRINT_TOLERANCE_MM)) {
        issues.push({
          path: upper.path,
          expected: `a die no larger than the one under it (${size(lower.die)}); overhanging dies are not modelled`,
          found: size(upper.die),
        });
      }
    }
    if (col.mixedBonding) {
      issues.push({
        path: bottom.path,
        expected: `a stack bonded either wafer to wafer (every bond ${W2W_BONDING_ID}) or die to wafer (none), or package.options.stacking set`,
        found: col.tiers
          .slice(1)
          .map((t) => `${t.die.id}: ${t.bondingId}`)
          .join(', '),
      });
    }
  }

  // Links between stacks leave through the bottom dies' edge PHYs.
  const reported = new Set<string>();
  for (const l of design.links) {
    const a = s.where.get(l.from);
    const b = s.where.get(l.to);
    if (a === undefined || b === undefined || a.column === b.column) continue;
    for (const c of [a.column, b.column]) {
      const bottom = s.columns[c]!.tiers[0]!.die;
      if (bottom.phy === '' && !reported.has(bottom.groupId)) {
        reported.add(bottom.groupId);
        issues.push({
          path: `chiplets[${chipletIndex(design, bottom.groupId)}].phy`,
          expected: `a D2D PHY on ${bottom.id}: the link ${l.from} -> ${l.to} between stacks leaves through the bottom dies' edges`,
          found: 'none',
        });
      }
    }
  }
  return issues;
}

export const threeDPlugin = definePackagingPlugin({
  id: '3d',
  version: PLUGINS_VERSION,
  apiVersion: PLUGIN_API_VERSION,
  approach: '3D die stacking (hybrid or micro-bump bonding) on organic substrate or silicon interposer',
  description:
    'Dies stacked on dies (AMD 3D V-Cache, Foveros, SoIC): each die on the carrier carries a stack bonded die to wafer (known-good dies) or wafer to wafer (untested, equal footprints); stacks sit side by side on an organic substrate, or with HBM on a silicon interposer (MI300-like).',
  defaultCarrier: 'organic_substrate',
  options: THREE_D_OPTIONS,
  capabilities: {
    carrierKinds: THREE_D_CARRIER_KINDS,
    stacking: true,
    hbmCarrierKinds: ['silicon-interposer'],
    components: false,
  },
  models: {
    yield:
      'die yield per node with test coverage; bond step y_die·y_bond^(overlap/pitch²)·y_TSV^TSVs/(1+D_diel·A) (CATCH C6, intra-stack pads counted); w2w stacks multiply die and bond yields',
    cost: 'd2w: sequential assembly flow of known-good dies, a failed bond scraps the partial stack; w2w: Σ raw site cost / (Π Y_i·Y_bond); stacks attached on organic substrate (Chiplet Actuary A4) or silicon interposer chip-last (A5); NRE by design identity (A6)',
    bandwidth:
      'vertical links: bonded overlap x PHY area density (or bond array at pitch, signal fraction and data rate; UCIe 2.0 UCIe-3D); links between stacks: facing shoreline of the bottom dies',
    thermal:
      'one compact-model column per stack, tiers from the lid down: die bulk + TIM on top, calibrated hybrid/micro-bump tier resistances below (docs/reference/thermal-model.md §4.2)',
  },
  compile(design, tech) {
    const issues = validate3d(this.id, design, tech);
    if (issues.length > 0) return issues;
    return compile3dPlan(this, design, tech);
  },
});

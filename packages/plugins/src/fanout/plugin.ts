/**
 * InFO-like fan-out at wafer level: dies side by side on a redistribution-layer (RDL) interposer
 * made on a 300 mm wafer, mounted on an organic package substrate. Chiplet Actuary's FO model
 * (A5, chip-first and chip-last) as an assembly flow; D2D bandwidth capped by RDL wiring.
 * Model (the RDL package model plp shares): model.ts; its Plan: kernel.ts; equations: docs/models/fanout.md.
 */
import {
  PLUGIN_API_VERSION,
  definePackagingPlugin,
  type InputIssue,
  type ResolvedDesign,
  type TechnologyLibrary,
} from '@chiplet-dse/core';
import { compileRdlPlan } from './kernel.js';
import { RDL_OPTIONS, fanoutPackage, validateRdl } from './model.js';
import { PLUGINS_VERSION } from '../version.js';

export const FANOUT_OPTIONS = {
  ...RDL_OPTIONS,
  actuaryQuirks: {
    type: 'boolean',
    description:
      "Reproduce Chiplet Actuary's FO package NRE literally: the fixed part equals the per-mm² factor (its fo_NRE_cost_fixed repeats 0.5·NRE/300 = $25,000; the default preset's nreFixedUsd is $7.5 M) and the substrate term is the RE $/mm² x A_pkg (its issue #3) instead of the organic substrate's NRE.",
    default: false,
  },
} as const;

export const fanoutPlugin = definePackagingPlugin({
  id: 'fanout',
  version: PLUGINS_VERSION,
  apiVersion: PLUGIN_API_VERSION,
  approach: 'wafer-level fan-out RDL (InFO-like) on organic substrate',
  description:
    'Dies side by side on a fan-out redistribution layer built on a 300 mm wafer (TSMC InFO-oS / CoWoS-R class), chip-first or chip-last, mounted on an organic package substrate; HBM stacks allowed chip-last.',
  defaultCarrier: 'rdl_interposer',
  capabilities: {
    carrierKinds: ['rdl-interposer'],
    stacking: false,
    hbmCarrierKinds: ['rdl-interposer'],
    components: false,
  },
  options: FANOUT_OPTIONS,
  models: {
    yield:
      'dies NB per node with test escapes; RDL NB(A_int, D0, α)^(L/L_ref) x stitch yield (Actuary A5, CATCH per-layer product); chip-last per-die micro-bump yield, chip-first none; C4 module-to-substrate yield',
    cost: 'Chiplet Actuary A5 FO as an assembly flow: RDL W/N(A_int)·L/L_ref + 0.005·A_int, substrate 0.005·4A_int; chip-last scraps tested RDL, chip-first scraps dies with the RDL; Actuary A6 NRE',
    bandwidth:
      'per link min(UCIe-A PHY modules on the facing shoreline, RDL wiring = shoreline x 1000/(2·L/S) wires/mm x signal layers x PHY rate / 8)',
    thermal:
      'compact closed-form model (docs/reference/thermal-model.md §4), dies as Si columns, no lateral coupling through RDL + mold (docs/reference/thermal-model.md §4.5)',
  },
  compile(design, tech) {
    const issues = validateFanout(this.id, design, tech);
    if (issues.length > 0) return issues;
    return compileRdlPlan(this, design, tech, fanoutPackage);
  },
});

export function validateFanout(
  pluginId: string,
  design: ResolvedDesign,
  tech: TechnologyLibrary,
): InputIssue[] {
  const issues = validateRdl(pluginId, design, tech, {
    needsSubstrate: true,
    checkCarrierMaxArea: true,
  });
  const carrier = tech.carriers[design.package.carrier]!;
  if (carrier.kind === 'rdl-interposer' && tech.nodes[carrier.processNode] === undefined) {
    issues.push({
      path: 'package.carrier',
      expected: `a carrier whose processNode is a node of the technology library (the RDL wafer) for plugin ${pluginId}`,
      found: `${design.package.carrier} with processNode ${JSON.stringify(carrier.processNode)}`,
    });
  }
  return issues;
}

/**
 * The glass-core plugin object: identity, options, validation (what the approach cannot build is
 * an input error) and evaluation (model: model.ts).
 */
import { createRequire } from 'node:module';
import {
  PLUGIN_API_VERSION,
  definePackagingPlugin,
  missingBondingId,
  recordPlan,
  type CompileInput,
  type InputIssue,
  type OptionsOf,
  type OptionsSchema,
  type TechnologyLibrary,
} from '@chiplet-dse/core';
import { GLASS_KIND, evaluateGlassCore } from './model.js';

/** The plugin's version is the npm package's (src/ and dist/ both sit next to package.json). */
export const GLASS_CORE_VERSION: string = (
  createRequire(import.meta.url)('../package.json') as { version: string }
).version;

export const GLASS_CORE_OPTIONS = {
  format: {
    type: 'enum',
    description:
      '"panel": substrates cut from a rectangular glass panel (option panel, exact rectangle packing); "wafer": from a 300 mm glass wafer of the carrier\'s process.',
    default: 'panel',
    values: ['panel', 'wafer'],
  },
  panel: {
    type: 'enum',
    description:
      'Panel of the technology library (`panels`) the glass substrates are cut from (format panel).',
    default: 'panel_510x515',
    values: ['panel_510x515', 'panel_600', 'panel_310'],
  },
  packageAreaFactor: {
    type: 'number',
    description:
      'Glass substrate area over the outline of the placed dies and stacks: room for the ball-grid fan-out (assumption; Chiplet Actuary sizes an organic substrate at 4 x its interposer).',
    default: 2,
    min: 1,
    max: 16,
  },
  tgvPitchUm: {
    type: 'number',
    description: 'Pitch of the through-glass via array over the substrate (Intel: below 100 um).',
    default: 100,
    min: 20,
    max: 1000,
    unit: 'um',
  },
  tgvYieldPerVia: {
    type: 'number',
    description:
      'Yield of one through-glass via (assumption: 1e-7 failures per via; no published figure). Substrate yield = NB(fine-line area) x this^vias.',
    default: 0.9999999,
    min: 0.99,
    max: 1,
  },
  diesPerWafer: {
    type: 'enum',
    description:
      'Dies per wafer: "exact" counts whole dies on the usable wafer; "analytic" is the real-valued formula.',
    default: 'exact',
    values: ['exact', 'analytic'],
  },
} as const satisfies OptionsSchema;

/** A design as the glass-core model reads it: options typed from GLASS_CORE_OPTIONS. */
export type GlassCoreDesign = CompileInput<OptionsOf<typeof GLASS_CORE_OPTIONS>>;

export function validateGlassCore(design: GlassCoreDesign, tech: TechnologyLibrary): InputIssue[] {
  const issues: InputIssue[] = [];
  const carrierId = design.package.carrier;
  const carrier = tech.carriers[carrierId]!;
  if (tech.nodes[carrier.processNode] === undefined) {
    issues.push({
      path: `technology.carriers.${carrierId}.processNode`,
      expected: 'the process node the glass is made on (a node id of the technology library, e.g. glass_tgv)',
      found: JSON.stringify(carrier.processNode),
    });
  }
  const missing = missingBondingId(design, tech);
  if (missing !== undefined) {
    issues.push({
      path: `technology.carriers.${carrierId}.dieBonding`,
      expected: 'a bonding process id of the technology library to attach dies and stacks to the glass',
      found: JSON.stringify(missing),
    });
  }
  const panel = design.package.options.panel;
  if (design.package.options.format === 'panel' && tech.panels[panel] === undefined) {
    issues.push({
      path: 'package.options.panel',
      expected: `a panel id of the technology library (${Object.keys(tech.panels).join(', ')})`,
      found: JSON.stringify(panel),
    });
  }
  for (const material of ['silicon', 'tim']) {
    if (tech.materials[material] === undefined) {
      issues.push({
        path: `technology.materials.${material}`,
        expected: 'a material with its thermal conductivity (the thermal model needs it)',
        found: 'none',
      });
    }
  }
  return issues;
}

export const glassCorePlugin = definePackagingPlugin({
  id: 'glass-core',
  version: GLASS_CORE_VERSION,
  apiVersion: PLUGIN_API_VERSION,
  approach: 'glass-core substrate with through-glass vias',
  description:
    'Dies and HBM stacks side by side directly on a glass-core package substrate (glass core with through-glass vias and build-up wiring; Intel-class glass substrates), cut from a rectangular glass panel or a glass wafer: no interposer, no organic substrate.',
  defaultCarrier: 'glass_interposer',
  options: GLASS_CORE_OPTIONS,
  capabilities: {
    carrierKinds: [GLASS_KIND],
    stacking: false,
    hbmCarrierKinds: [GLASS_KIND],
    components: false,
  },
  models: {
    yield:
      'dies NB per node with test escapes (core dieCost); glass substrate NB(fine-line area under the dies and stacks, D0, alpha) x TGV yield^(substrate area / pitch^2), tested before assembly; attach y_die x y_bond^(D2D signal bonds) per die, y_die per HBM stack',
    cost: 'glass $/mm² (glass_tgv wafer price over the usable wafer area) x panel area / substrates per panel (core rectanglesPerPanel) or wafer price / substrates per wafer; flow via core assemblyFlowCost; NRE: core chipNrePerUnitUsd + glass mask set + carrier package NRE',
    bandwidth:
      'core sideBySideLinkBandwidth on the core sideBySideFloorplan (facing shoreline x PHY density, reach); HBM = sum of attached stacks',
    thermal:
      'core compact thermal model, a column per die and per HBM stack under one lid, no lateral coupling through the glass (k ~ 1.1 W/mK)',
  },
  compile(design, tech) {
    const issues = validateGlassCore(design, tech);
    if (issues.length > 0) return issues;
    return recordPlan(this, design, (d) => evaluateGlassCore(this, d, tech).metrics);
  },
});

/**
 * 3D stacking: dies bonded on dies (hybrid or micro-bump, die to wafer or wafer to wafer), the
 * stacks side by side on an organic substrate or a silicon interposer (with HBM).
 * Models: docs/models/3d.md.
 */
import { PLUGIN_API_VERSION, definePackagingPlugin, recordPlan } from '@chiplet-dse/core';
import { PLUGINS_VERSION } from '../version.js';
import { evaluate3d, THREE_D_OPTIONS } from './model.js';
import { THREE_D_CARRIER_KINDS, validate3d } from './validate3d.js';

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
      'one compact-model column per stack, tiers from the lid down: die bulk + TIM on top, calibrated hybrid/micro-bump tier resistances below (thermal-model.md §4.2)',
  },
  compile(design, tech) {
    const issues = validate3d(this.id, design, tech);
    if (issues.length > 0) return issues;
    return recordPlan(this, design, (d) => evaluate3d(this, d, tech));
  },
});

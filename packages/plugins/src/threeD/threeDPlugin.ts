/**
 * 3D stacking: dies bonded on dies (hybrid or micro-bump, die to wafer or wafer to wafer), the
 * stacks side by side on an organic substrate or a silicon interposer (with HBM).
 * Models: docs/models/3d.md.
 */
import { PLUGIN_API_VERSION, type PackagingPlugin } from '@chiplet-dse/core';
import { COMMON_OPTIONS } from '../common/commonOptions.js';
import { PLUGINS_VERSION } from '../version.js';
import { evaluate3d } from './evaluate3d.js';
import { validate3d } from './validate3d.js';

export const threeDPlugin: PackagingPlugin = {
  id: '3d',
  version: PLUGINS_VERSION,
  apiVersion: PLUGIN_API_VERSION,
  approach: '3D die stacking (hybrid or micro-bump bonding) on organic substrate or silicon interposer',
  description:
    'Dies stacked on dies (AMD 3D V-Cache, Foveros, SoIC): each die on the carrier carries a stack bonded die to wafer (known-good dies) or wafer to wafer (untested, equal footprints); stacks sit side by side on an organic substrate, or with HBM on a silicon interposer (MI300-like).',
  defaultCarrier: 'organic_substrate',
  options: {
    ...COMMON_OPTIONS,
    stackBonding: {
      type: 'enum',
      description:
        'Bonding process of stacked dies whose assembly entry names none: hybrid_d2w (SoIC-X / Foveros Direct, 9 µm), hybrid_w2w (wafer to wafer, 1 µm), microbump_3d (Foveros, 36 µm).',
      default: 'hybrid_d2w',
      values: ['hybrid_d2w', 'hybrid_w2w', 'microbump_3d'],
    },
    stacking: {
      type: 'enum',
      description:
        'How stacks are built: "auto" = wafer to wafer when every bond of the stack is hybrid_w2w, else die to wafer; "d2w" = known-good dies bonded one by one; "w2w" = whole untested wafers bonded (dies of a stack must share one footprint).',
      default: 'auto',
      values: ['auto', 'd2w', 'w2w'],
    },
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
  validate(design, tech) {
    return validate3d(this.id, design, tech);
  },
  evaluate(design, tech) {
    return evaluate3d(this, design, tech);
  },
};

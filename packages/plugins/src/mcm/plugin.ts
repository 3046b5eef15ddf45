/**
 * Multi-chip module: several dies side by side on an organic substrate, linked by D2D PHYs.
 * An organic package is a SiP without purchased components, so it evaluates through the sip
 * model (one assembly step, no SMT parts): Chiplet Actuary's organic-substrate accounting
 * (docs/models/monolithic-mcm.md).
 */
import { PLUGIN_API_VERSION, definePackagingPlugin } from '@chiplet-dse/core';
import { COMMON_OPTIONS } from '@chiplet-dse/core';
import { ORGANIC_PACKAGE_CAPABILITIES } from '../sip/model.js';
import { PLUGINS_VERSION } from '../version.js';
import { compileSipPlan } from '../sip/kernel.js';

export const mcmPlugin = definePackagingPlugin({
  id: 'mcm',
  version: PLUGINS_VERSION,
  apiVersion: PLUGIN_API_VERSION,
  approach: 'multi-chip module on organic substrate',
  description:
    'Dies side by side on an organic package substrate (EPYC-like), linked by standard-package D2D PHYs (UCIe-S, BoW, AIB).',
  defaultCarrier: 'organic_substrate',
  options: COMMON_OPTIONS,
  capabilities: ORGANIC_PACKAGE_CAPABILITIES,
  models: {
    yield:
      'die yield per node with test coverage and escapes; C4 attach yield per die and per D2D signal bond (CATCH-style)',
    cost: 'Chiplet Actuary OS model: substrate area from floorplan or 4x die area, layer factor by area, scrap and wasted KGD; NRE by design identity',
    bandwidth: 'facing shoreline x PHY bandwidth density (whole modules), shared free perimeter within reach',
    thermal:
      'compact closed-form model with mutual heating of neighbours through the lid (docs/reference/thermal-model.md §4)',
  },
  compile(design, tech) {
    return compileSipPlan(this, design, tech);
  },
});

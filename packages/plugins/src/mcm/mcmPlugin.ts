/** Multi-chip module: several dies side by side on an organic substrate, linked by D2D PHYs. */
import { PLUGIN_API_VERSION, type PackagingPlugin } from '@chiplet-dse/core';
import { COMMON_OPTIONS } from '../common/commonOptions.js';
import { evaluateOrganic, validateOrganic } from '../common/organicPackage.js';
import { PLUGINS_VERSION } from '../version.js';

export const mcmPlugin: PackagingPlugin = {
  id: 'mcm',
  version: PLUGINS_VERSION,
  apiVersion: PLUGIN_API_VERSION,
  approach: 'multi-chip module on organic substrate',
  description:
    'Dies side by side on an organic package substrate (EPYC-like), linked by standard-package D2D PHYs (UCIe-S, BoW, AIB).',
  defaultCarrier: 'organic_substrate',
  options: COMMON_OPTIONS,
  models: {
    yield:
      'die yield per node with test coverage and escapes; C4 attach yield per die and per D2D signal bond (CATCH-style)',
    cost: 'Chiplet Actuary OS model: substrate area from floorplan or 4x die area, layer factor by area, scrap and wasted KGD; NRE by design identity',
    bandwidth: 'facing shoreline x PHY bandwidth density (whole modules), shared free perimeter within reach',
    thermal:
      'compact closed-form model with mutual heating of neighbours through the lid (thermal-model.md L0)',
  },
  validate(design, tech) {
    return validateOrganic(this.id, design, tech);
  },
  evaluate(design, tech) {
    return evaluateOrganic(this, design, tech);
  },
};

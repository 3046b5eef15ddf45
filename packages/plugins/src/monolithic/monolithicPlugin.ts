/** The baseline: one die, flip-chip on an organic package substrate. */
import { PLUGIN_API_VERSION, type PackagingPlugin } from '@chiplet-dse/core';
import { COMMON_OPTIONS } from '../common/commonOptions.js';
import { evaluateOrganic, validateOrganic } from '../common/organicPackage.js';
import { PLUGINS_VERSION } from '../version.js';

export const monolithicPlugin: PackagingPlugin = {
  id: 'monolithic',
  version: PLUGINS_VERSION,
  apiVersion: PLUGIN_API_VERSION,
  approach: 'monolithic SoC on organic substrate',
  description:
    'One die flip-chip bonded (C4) on an organic package substrate: the baseline every split is compared with.',
  defaultCarrier: 'organic_substrate',
  options: COMMON_OPTIONS,
  models: {
    yield:
      'die yield per node (negative binomial by default) with test coverage; C4 attach yield per die and per signal bond',
    cost: 'Chiplet Actuary organic-substrate RE model (raw die, defect, substrate, scrap, wasted KGD) + NRE by design identity',
    bandwidth: 'no D2D links; a monolithic die has none',
    thermal:
      'compact closed-form model: die bulk + TIM, Lee spreading in lid/sink, thin-plate Green function (thermal-model.md L0)',
  },
  validate(design, tech) {
    const issues = validateOrganic(this.id, design, tech);
    if (design.dies.length !== 1) {
      issues.unshift({
        path: 'chiplets',
        expected: 'exactly one die for plugin monolithic (use approach mcm for several)',
        found: `${design.dies.length} dies`,
      });
    }
    return issues;
  },
  evaluate(design, tech) {
    return evaluateOrganic(this, design, tech);
  },
};

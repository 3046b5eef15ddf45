/**
 * The baseline: one die, flip-chip on an organic package substrate. It evaluates through the sip
 * model like mcm (docs/models/monolithic-mcm.md).
 */
import { PLUGIN_API_VERSION, definePackagingPlugin } from '@chiplet-dse/core';
import { COMMON_OPTIONS } from '@chiplet-dse/core';
import { ORGANIC_PACKAGE_CAPABILITIES } from '../sip/model.js';
import { PLUGINS_VERSION } from '../version.js';
import { compileSipPlan } from '../sip/kernel.js';

export const monolithicPlugin = definePackagingPlugin({
  id: 'monolithic',
  version: PLUGINS_VERSION,
  apiVersion: PLUGIN_API_VERSION,
  approach: 'monolithic SoC on organic substrate',
  description:
    'One die flip-chip bonded (C4) on an organic package substrate: the baseline every split is compared with.',
  defaultCarrier: 'organic_substrate',
  options: COMMON_OPTIONS,
  capabilities: { ...ORGANIC_PACKAGE_CAPABILITIES, maxDies: 1 },
  models: {
    yield:
      'die yield per node (negative binomial by default) with test coverage; C4 attach yield per die and per signal bond',
    cost: 'Chiplet Actuary organic-substrate RE model (raw die, defect, substrate, scrap, wasted KGD) + NRE by design identity',
    bandwidth: 'no D2D links; a monolithic die has none',
    thermal:
      'compact closed-form model: die bulk + TIM, Lee spreading in lid/sink, thin-plate Green function (docs/reference/thermal-model.md §4)',
  },
  compile(design, tech) {
    return compileSipPlan(this, design, tech);
  },
});

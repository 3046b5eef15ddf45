/**
 * The built-in packaging plugins. Each is registered through the same public API a third party
 * uses: the default export is the list of their ContainerModules.
 */
import { definePlugin } from '@chiplet-dse/core';
import { fanoutPlugin } from './fanout/plugin.js';
import { mcmPlugin } from './mcm/plugin.js';
import { monolithicPlugin } from './monolithic/plugin.js';
import { plpPlugin } from './plp/plugin.js';
import { sipPlugin } from './sip/plugin.js';
import { threeDPlugin } from './threeD/plugin.js';
import { twoPointFiveDPlugin } from './twoPointFiveD/plugin.js';

export { fanoutPlugin, mcmPlugin, monolithicPlugin, plpPlugin, sipPlugin, threeDPlugin, twoPointFiveDPlugin };
export const builtinPlugins = [
  monolithicPlugin,
  mcmPlugin,
  twoPointFiveDPlugin,
  threeDPlugin,
  fanoutPlugin,
  sipPlugin,
  plpPlugin,
];

const modules = builtinPlugins.map(definePlugin);
export default modules;

/**
 * The built-in packaging plugins. Each is registered through the same public API a third party
 * uses: the default export is the list of their ContainerModules.
 */
import { definePlugin } from '@chiplet-dse/core';
import { fanoutPlugin } from './fanout/fanoutPlugin.js';
import { mcmPlugin } from './mcm/mcmPlugin.js';
import { monolithicPlugin } from './monolithic/monolithicPlugin.js';
import { plpPlugin } from './plp/plpPlugin.js';
import { sipPlugin } from './sip/sipPlugin.js';
import { threeDPlugin } from './threeD/threeDPlugin.js';
import { twoPointFiveDPlugin } from './twoPointFiveD/twoPointFiveDPlugin.js';

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

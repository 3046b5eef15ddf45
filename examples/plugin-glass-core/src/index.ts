/**
 * chiplet-dse-plugin-glass-core: a third-party packaging plugin for chiplet-dse. The default
 * export is the ContainerModule the CLI loads (`--plugin`, or `plugins:` in a design file); the
 * plugin object is exported too, for the conformance kit and for tests.
 */
import { definePlugin } from '@chiplet-dse/core';
import { glassCorePlugin } from './plugin.js';

export {
  GLASS_CORE_OPTIONS,
  GLASS_CORE_VERSION,
  glassCorePlugin,
  validateGlassCore,
  type GlassCoreDesign,
} from './plugin.js';
export { evaluateGlassCore, glassSubstrate, type GlassCoreResult, type GlassSubstrate } from './model.js';

export default definePlugin(glassCorePlugin);

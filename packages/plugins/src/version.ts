import { createRequire } from 'node:module';

/** Every built-in plugin carries the version of the @chiplet-dse/plugins package. */
export const PLUGINS_VERSION: string = (
  createRequire(import.meta.url)('../package.json') as { version: string }
).version;

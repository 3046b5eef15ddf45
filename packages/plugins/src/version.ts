import { packageVersionOf } from '@chiplet-dse/core';

/** Every built-in plugin carries the version of the @chiplet-dse/plugins package. */
export const PLUGINS_VERSION: string = packageVersionOf(import.meta.url, '@chiplet-dse/plugins');

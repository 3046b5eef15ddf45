/** Design spaces: the `space:`, `constraints:` and `objectives:` sections, point decoding, shards. */
export * from '../design/spaceSchema.js';
export * from './fieldPath.js';
export * from './compileSpace.js';
export * from './samplers.js';
export * from './decodePoint.js';
export * from './shard.js';

export * from './technology/types.js';
export * from './design/types.js';
export * from './metrics/types.js';
export * from './plugin/contract.js';

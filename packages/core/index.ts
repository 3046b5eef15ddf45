export * from './math/index.js';
export * from './cost/index.js';

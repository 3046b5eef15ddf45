export * from './dieCost.js';
export * from './chipNre.js';
export * from './assemblyFlow.js';

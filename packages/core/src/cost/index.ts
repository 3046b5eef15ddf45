export * from './dieCost.js';
export * from './chipNre.js';

export * from './conformanceSuite.js';

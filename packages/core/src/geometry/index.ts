export * from './floorplan.js';

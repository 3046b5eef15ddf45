export * from './linkBandwidth.js';

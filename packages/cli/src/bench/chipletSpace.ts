/**
 * The design of the `chiplets` bench phase: N equal compute chiplets in a UCIe-A chain on a
 * CoWoS-S-like silicon interposer (examples/2.5d.yaml without HBM), with a Sobol `space:` over
 * numeric fields only, so every point is a distinct numeric point of one structure. Areas stay
 * fixed: an area is structural to the sweep compiler (sweep/compiledPoints.ts), so a point with a
 * new area compiles a new Plan. The ranges are bench inputs, chosen inside the fields' physical
 * ranges (docs/design-files.md, "Ranges").
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_NO_THERMAL_ID } from './noThermal.js';

/** Levels per sampled range: many more than a phase's samples share, so points rarely repeat. */
const LEVELS = 4096;

export function chipletDesignText(chiplets: number, thermal: boolean, samples: number): string {
  const thermalModel = thermal ? 'compact' : BENCH_NO_THERMAL_ID;
  return `name: bench-chiplets-${chiplets}-${thermal ? 'thermal' : 'nothermal'}
logicBudgetMm2: 400
system:
  volumeUnits: 500000
  ambientC: 35
  maxJunctionC: 105
  cooling: air_heatsink
  thermalModel: ${thermalModel}
chiplets:
  - { id: tile, role: compute, count: ${chiplets}, areaShare: 1, node: n5, powerDensityWPerMm2: 0.3, phy: ucie_advanced }
links:
  - { from: tile, to: tile, bandwidthGBps: 500 }
package:
  approach: '2.5d'
  carrier: si_interposer
space:
  strategy: { kind: sobol, samples: ${samples}, seed: 1 }
  parameters:
    - { name: powerDensity, path: 'chiplets[tile].powerDensityWPerMm2', range: { min: 0.1, max: 0.6, steps: ${LEVELS} } }
    - { name: d2dGBps, path: 'links[0].bandwidthGBps', range: { min: 100, max: 1000, steps: ${LEVELS} } }
    - { name: ambient, path: system.ambientC, range: { min: 25, max: 45, steps: ${LEVELS} } }
    - { name: volume, path: system.volumeUnits, range: { min: 10000, max: 10000000, steps: ${LEVELS}, scale: log, integer: true } }
objectives:
  - { metric: cost.totalUsd, goal: minimize }
  - { metric: thermal.peakTempC, goal: minimize }
`;
}

/** Writes the design into a fresh temporary folder and returns its path. */
export function writeChipletDesign(chiplets: number, thermal: boolean, samples: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'chiplet-dse-bench-'));
  const file = join(dir, 'chiplets.yaml');
  writeFileSync(file, chipletDesignText(chiplets, thermal, samples));
  return file;
}

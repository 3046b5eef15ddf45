/**
 * Core's conformance kit on the example design (all three variants), on heterogeneous designs
 * (two or three die designs, HBM on some of them) on every carrier kind, and on random designs.
 */
import { readFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import { describeConformance, designArbitrary } from '@chiplet-dse/core/testing';
import fc from 'fast-check';
import { analyseTwoPointFiveD, type TwoPointFiveDDesign } from './model.js';
import { twoPointFiveDPlugin } from './plugin.js';

const example = readFileSync(new URL('../../../../examples/2.5d.yaml', import.meta.url), 'utf8');

const gpuAndIo = (carrier: string) => `name: gpu-io-${carrier}
system: { volumeUnits: 100000 }
chiplets:
  - { id: gpu, count: 2, areaMm2: 300, node: n5, powerW: 150, phy: ucie_advanced }
  - { id: io, areaMm2: 120, node: n7, powerW: 30, phy: ucie_advanced, aspectRatio: 2 }
memory: [{ id: hbm, generation: hbm3e, stacks: 5, attachedTo: gpu }]
links:
  - { from: gpu, to: gpu, bandwidthGBps: 2000 }
  - { from: gpu, to: io, bandwidthGBps: 300 }
package: { approach: '2.5d', carrier: ${carrier} }
`;

// Die designs of near-equal area (a die that grows overtakes another in the floorplan's order).
const closeSizes = (carrier: string) => `name: close-${carrier}
system: { volumeUnits: 100000 }
chiplets:
  - { id: a, count: 2, areaMm2: 200, node: n5, powerW: 100, phy: ucie_advanced }
  - { id: b, areaMm2: 190, node: n5, powerW: 100, phy: ucie_advanced, aspectRatio: 1.3 }
  - { id: c, areaMm2: 150, node: n7, powerW: 10, phy: ucie_advanced }
memory: [{ id: hbm, generation: hbm3, stacks: 3, attachedTo: a }, { id: m2, generation: hbm3, stacks: 2, attachedTo: b }]
links:
  - { from: a, to: b, bandwidthGBps: 500 }
  - { from: a, to: c, bandwidthGBps: 100 }
package: { approach: '2.5d', carrier: ${carrier}, options: { diesPerWafer: analytic } }
`;

describeConformance(
  twoPointFiveDPlugin,
  {
    reference: (d, t) => analyseTwoPointFiveD(twoPointFiveDPlugin, d as TwoPointFiveDDesign, t).metrics,
    designs: [
      example,
      gpuAndIo('si_interposer'),
      gpuAndIo('embedded_bridge'),
      gpuAndIo('glass_interposer'),
      closeSizes('si_interposer'),
      closeSizes('embedded_bridge'),
      closeSizes('rdl_interposer'),
    ],
    // Random designs on every carrier kind, with HBM and the plugin's options drawn too.
    randomDesigns: {
      arbitrary: designArbitrary({
        approach: '2.5d',
        carriers: ['si_interposer', 'rdl_interposer', 'glass_interposer', 'embedded_bridge'],
        phys: ['ucie_advanced'],
        areaMm2: { min: 40, max: 400 },
        hbm: { generations: ['hbm2e', 'hbm3', 'hbm3e'], maxStacks: 6 },
        options: {
          diesPerWafer: fc.constantFrom('exact', 'analytic'),
          interposerArea: fc.constantFrom('floorplan', 'actuary'),
          actuaryQuirks: fc.boolean(),
        },
      }),
      count: 6,
    },
  },
  { describe, it },
);

import { readFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import { describeConformance } from '@chiplet-dse/core';
import { twoPointFiveDPlugin } from './twoPointFiveDPlugin.js';
const example = readFileSync(new URL('../../../../examples/2.5d.yaml', import.meta.url), 'utf8');
const hetero = (carrier: string) => `name: het-${carrier}
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
describeConformance(twoPointFiveDPlugin, { designs: [example, hetero('si_interposer'), hetero('embedded_bridge'), hetero('glass_interposer')], numRuns: 300 }, { describe, it });
const cross = (carrier: string) => `name: cross-${carrier}
system: { volumeUnits: 100000 }
chiplets:
  - { id: a, count: 2, areaMm2: 200, node: n5, powerW: 100, phy: ucie_advanced }
  - { id: b, areaMm2: 190, node: n5, powerW: 100, phy: ucie_advanced, aspectRatio: 1.3 }
  - { id: c, areaMm2: 150, node: n7, powerW: 10, phy: ucie_advanced }
memory: [{ id: hbm, generation: hbm3, stacks: 3, attachedTo: a }, { id: m2, generation: hbm3, stacks: 2, attachedTo: b }]
links:
  - { from: a, to: b, bandwidthGBps: 500 }
  - { from: a, to: c, bandwidthGBps: 100 }
package: { approach: '2.5d', carrier: ${carrier} }
`;
describeConformance(twoPointFiveDPlugin, { designs: [cross('si_interposer'), cross('embedded_bridge'), cross('rdl_interposer')], numRuns: 300 }, { describe, it });

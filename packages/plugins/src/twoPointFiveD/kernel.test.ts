/**
 * The kernel reads its row layout off the structure instead of running the model at compile:
 * check it is the layout of the model's record (ids and order of dies, links, thermal entries).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rowLayout, type Plan } from '@chiplet-dse/core';
import { prepareText } from '../testing/evaluateText.js';
import { analyseTwoPointFiveD, type TwoPointFiveDDesign } from './model.js';
import { twoPointFiveDPlugin } from './plugin.js';

const example = readFileSync(new URL('../../../../examples/2.5d.yaml', import.meta.url), 'utf8');

// Two die designs, memories on both, a link each way and one unlinked memory.
const mixed = (carrier: string) => `name: mixed-${carrier}
system: { volumeUnits: 100000 }
chiplets:
  - { id: a, count: 2, areaMm2: 200, node: n5, powerW: 100, phy: ucie_advanced }
  - { id: b, areaMm2: 120, node: n7, powerW: 30, phy: ucie_advanced }
memory: [{ id: m1, generation: hbm3, stacks: 2, attachedTo: a }, { id: m2, generation: hbm3e, stacks: 1, attachedTo: b }]
links:
  - { from: a, to: b, bandwidthGBps: 300 }
  - { from: b, to: a, bandwidthGBps: 100 }
  - { from: a, to: a, bandwidthGBps: 500 }
package: { approach: '2.5d', carrier: ${carrier} }
`;

describe('2.5d kernel', () => {
  it('lays the row out as the model reports its record', () => {
    const cases = [example, mixed('si_interposer'), mixed('embedded_bridge')].flatMap((t) => prepareText(t));
    expect(cases.length).toBeGreaterThan(3);
    for (const c of cases) {
      const design = c.design as TwoPointFiveDDesign;
      const plan = twoPointFiveDPlugin.compile(design, c.tech) as Plan;
      const m = analyseTwoPointFiveD(twoPointFiveDPlugin, design, c.tech).metrics;
      const expected = rowLayout({
        pluginId: m.pluginId,
        pluginVersion: m.pluginVersion,
        dieIds: m.yields.dies.map((d) => d.id),
        links: m.bandwidth.links,
        thermalIds: m.thermal.dies.map((t) => t.id),
      });
      expect(plan.layout).toEqual(expected);
    }
  });
});

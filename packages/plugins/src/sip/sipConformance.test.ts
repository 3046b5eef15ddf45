/** The sip plugin passes the public conformance kit on its example and a few other SiPs. */
import { describeConformance } from '@chiplet-dse/core/testing';
import { readFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import { evaluateSip, type SipDesign } from './model.js';
import { sipPlugin } from './plugin.js';

const example = readFileSync(new URL('../../../../examples/sip.yaml', import.meta.url), 'utf8');

describeConformance(
  sipPlugin,
  {
    // The plan (kernel.ts) must equal the readable record model.
    reference: (d, t) => evaluateSip(sipPlugin, d as SipDesign, t),
    designs: [
      example,
      // One die, a packaged part and powered passives, one-step reflow, Actuary area.
      'name: sip-one\nsystem: { volumeUnits: 300000 }\nchiplets: [{ id: soc, areaMm2: 60, node: n7, powerW: 6 }]\ncomponents:\n  - { id: flash, kind: other, widthMm: 6, heightMm: 8, costUsd: 2.5, powerW: 0.2 }\n  - { id: ind, kind: passive, count: 4, widthMm: 2.5, heightMm: 2, costUsd: 0.05, powerW: 0.1 }\npackage: { approach: sip, options: { assemblyFlow: one-step, substrateArea: actuary } }\n',
      // Three dies with BoW links and two DRAM packages.
      'name: sip-three\nsystem: { volumeUnits: 1000000 }\nchiplets:\n  - { id: cpu, count: 2, areaMm2: 30, node: n5, powerW: 8, phy: bow }\n  - { id: io, areaMm2: 20, node: n16, powerW: 2, phy: bow }\nlinks: [{ from: cpu, to: io, bandwidthGBps: 64 }]\ncomponents:\n  - { id: dram, kind: packaged-memory, count: 2, widthMm: 12, heightMm: 14, costUsd: 9, powerW: 1 }\n  - { id: cap, kind: passive, count: 40, widthMm: 0.6, heightMm: 0.3, costUsd: 0.005 }\npackage: { approach: sip }\n',
    ],
  },
  { describe, it },
);

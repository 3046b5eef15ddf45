/** Every built-in plugin passes the public conformance kit, on its example designs. */
import { describeConformance } from '@chiplet-dse/core/testing';
import { readFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import { mcmPlugin, monolithicPlugin } from './index.js';
import { evaluateSip, type SipDesign } from './sip/model.js';

const example = (name: string) => readFileSync(new URL(`../../../examples/${name}`, import.meta.url), 'utf8');

// The examples hold several approaches as variants; the kit takes base designs of one plugin.
const baseOf = (text: string, approach: string) =>
  text.replace(/variants:[\s\S]*$/, '').replace(/approach: \w+/, `approach: ${approach}`);

describeConformance(
  monolithicPlugin,
  {
    // The plan (sip/kernel.ts) must equal the readable record model.
    reference: (d, t) => evaluateSip(monolithicPlugin, d as SipDesign, t),
    designs: [
      baseOf(example('accelerator-800mm2.yaml'), 'monolithic'),
      'name: mono\nsystem: { volumeUnits: 100000 }\nchiplets: [{ id: soc, areaMm2: 400, node: n5, powerW: 200 }]\npackage: { approach: monolithic }\n',
      'name: mono-small\nsystem: { volumeUnits: 10000000 }\nchiplets: [{ id: soc, areaMm2: 60, node: n16, powerW: 5 }]\npackage: { approach: monolithic, options: { diesPerWafer: analytic } }\n',
    ],
  },
  { describe, it },
);

describeConformance(
  mcmPlugin,
  {
    reference: (d, t) => evaluateSip(mcmPlugin, d as SipDesign, t),
    designs: [
      baseOf(example('epyc-like.yaml'), 'mcm'),
      'name: mcm4\nlogicBudgetMm2: 800\nsystem: { volumeUnits: 500000 }\nchiplets: [{ id: t, count: 4, areaShare: 1, node: n5, powerDensityWPerMm2: 0.4, phy: ucie_standard }]\nlinks: [{ from: t, to: t, bandwidthGBps: 300 }]\npackage: { approach: mcm }\n',
      'name: mcm-hetero\nsystem: { volumeUnits: 200000 }\nchiplets:\n  - { id: cpu, count: 2, areaMm2: 80, node: n5, powerW: 40, phy: bow }\n  - { id: io, areaMm2: 300, node: n16, powerW: 30, phy: bow }\nlinks: [{ from: cpu, to: io, bandwidthGBps: 100 }]\npackage: { approach: mcm, options: { substrateArea: actuary } }\n',
    ],
  },
  { describe, it },
);

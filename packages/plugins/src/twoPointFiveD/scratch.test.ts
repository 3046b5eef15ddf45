import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { evaluateText } from '../testing/evaluateText.js';
import { twoPointFiveDPlugin } from './twoPointFiveDPlugin.js';
import { analyseTwoPointFiveD } from './twoPointFiveDModel.js';
it('scratch', () => {
  const text = readFileSync('examples/2.5d.yaml', 'utf8');
  for (const r of evaluateText(text, { plugins: [twoPointFiveDPlugin] })) {
    const m = r.metrics;
    const d = analyseTwoPointFiveD(twoPointFiveDPlugin, r.prepared.design, r.prepared.tech).details;
    console.log(r.prepared.name, JSON.stringify(d.floorplan.placements.map(p=>[p.id,+p.xMm.toFixed(1),+p.yMm.toFixed(1),+p.widthMm.toFixed(1),+p.heightMm.toFixed(1)])), d.floorplan.carrier, JSON.stringify({cost: m.cost, yields: m.yields, bw: {...m.bandwidth, links: m.bandwidth.links.map(l=>l.availableGBps)}, peak: m.thermal.peakTempC, geo: m.geometry, feas: m.feasibility, bridges: d.bridgePairs, int: d.interposer, sub: d.substrate}, null, 1));
  }
});

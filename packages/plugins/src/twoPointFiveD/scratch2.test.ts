import { it } from 'vitest';
import { evaluateText } from '../testing/evaluateText.js';
import { twoPointFiveDPlugin } from './twoPointFiveDPlugin.js';
it('s', () => {
    const text = `name: emib-hbm
system: { volumeUnits: 100000 }
chiplets: [{ id: gpu, areaMm2: 600, node: n5, powerW: 300 }]
memory: [{ id: hbm, generation: hbm3, stacks: 2, attachedTo: gpu }]
package: { approach: '2.5d', carrier: embedded_bridge }
`;
  console.log(JSON.stringify(evaluateText(text, {plugins:[twoPointFiveDPlugin]})[0]!.metrics.feasibility));
});

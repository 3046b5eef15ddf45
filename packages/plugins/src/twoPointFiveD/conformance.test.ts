/** The conformance kit of core on the example design (all three variants) and on small designs. */
import { readFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import { describeConformance } from '@chiplet-dse/core';
import { twoPointFiveDPlugin } from './twoPointFiveDPlugin.js';

const example = readFileSync(new URL('../../../../examples/2.5d.yaml', import.meta.url), 'utf8');

describeConformance(twoPointFiveDPlugin, { designs: [example], numRuns: 40 }, { describe, it });

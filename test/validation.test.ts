/**
 * Published industry figures our default library must reproduce (docs/validation.md).
 */
import { describe, expect, it } from 'vitest';
import { evaluatePrepared, loadDesignFile, prepareCase, registryFromModules } from '@chiplet-dse/core';
import builtins from '@chiplet-dse/plugins';
import { join } from 'node:path';
import { REPO_ROOT } from './helpers/runCli.js';

const registry = registryFromModules(
  builtins.map((module) => ({ specifier: '@chiplet-dse/plugins', module })),
);

function dieCostRatio(diesPerWafer: 'exact' | 'analytic'): number {
  const loaded = loadDesignFile(join(REPO_ROOT, 'examples/epyc-like.yaml'));
  const [mono, split] = loaded.cases.map((c) => {
    const p = prepareCase(loaded, c, registry);
    p.design.package.options['diesPerWafer'] = diesPerWafer;
    return evaluatePrepared(p);
  });
  return split!.cost.knownGoodDieUsd / mono!.cost.knownGoodDieUsd;
}

describe('AMD EPYC chiplet cost (Naffziger et al., ISCA 2021)', () => {
  // Four 213 mm² chiplets cost about 0.59x the die cost of one 777 mm² die. Default library:
  // 7 nm D0 = 0.09 /cm² (TSMC via AnandTech), negative binomial alpha = 10 (Chiplet Actuary).
  it.each(['exact', 'analytic'] as const)(
    'die-cost ratio is 0.59 +- 0.03 with %s dies per wafer',
    (method) => {
      const ratio = dieCostRatio(method);
      expect(ratio).toBeGreaterThan(0.56);
      expect(ratio).toBeLessThan(0.62);
    },
  );
});

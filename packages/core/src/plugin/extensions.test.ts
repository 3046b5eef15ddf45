/** Extension kinds through the container: registration, origins, duplicates, requires, checks. */
import { describe, expect, it } from 'vitest';
import { PluginError } from '../errors.js';
import { dieYield, poissonYield } from '../math/yieldModels.js';
import { metricGetter } from '../design/spaceSchema.js';
import { buildTechnologyLibrary, loadPreset } from '../technology/library.js';
import type { Metrics } from '../metrics/types.js';
import { defineExtensions, type ExtensionSet } from './extensions.js';
import { registryFromModules } from './loader.js';
import { thermalModelById } from './registry.js';

const half = { id: 'half', description: 'always one half', yield: () => 0.5 };
const mod = (specifier: string, set: ExtensionSet, packageName?: string) => ({
  specifier,
  module: defineExtensions(set),
  ...(packageName === undefined ? {} : { packageName }),
});

describe('ExtensionRegistry', () => {
  it('registers the built-in yield models, thermal model and presets as core extensions', () => {
    const reg = registryFromModules([]);
    expect(reg.yieldModels().map((y) => y.id)).toEqual([
      'poisson',
      'murphy',
      'seeds',
      'negative-binomial',
      'bose-einstein',
    ]);
    expect(reg.originOf(reg.yieldModel('poisson'))).toBe('@chiplet-dse/core');
    expect(reg.yieldModel('poisson')!.yield(100, 0.2, { clusteringAlpha: 3, criticalLayers: 1 })).toBe(
      poissonYield(100, 0.2),
    );
    expect(reg.thermalModels().map((t) => t.id)).toEqual(['compact']);
    expect(reg.presetNames().sort()).toEqual(['actuary-dac22', 'default']);
    expect(reg.metrics()).toEqual([]);
  });

  it('collects every kind a module contributes and names the module it came from', () => {
    const metric = {
      id: 'derived.twiceCost',
      unit: 'USD',
      description: 'x2',
      compute: (m: Metrics) => 2 * m.cost.totalUsd,
    };
    const reg = registryFromModules([
      mod('pkg-a', {
        yieldModels: [half],
        metrics: [metric],
        presets: [
          {
            id: 'cheap-n5',
            description: 'cheaper n5 wafers',
            data: { nodes: { n5: { waferPriceUsd: 1000 } } },
          },
        ],
        thermalModels: [
          {
            id: 'flat',
            description: 'ambient',
            prepare: () => ({
              evaluate: () => ({ peakC: 0, hottestColumnIndex: -1, hottestTierIndex: -1, columns: [] }),
            }),
          },
        ],
      }),
    ]);
    expect(reg.yieldModel('half')).toBe(half);
    expect(reg.originOf(half)).toBe('pkg-a');
    expect(reg.metric('derived.twiceCost')).toBe(metric);
    expect(thermalModelById('flat')?.description).toBe('ambient');
    expect(thermalModelById('compact')).toBeDefined();
    // The contributed yield model is reachable by id where plugins compute die yields.
    expect(dieYield('half', 100, 0.1, 3, 1)).toBe(0.5);
    // The preset layers on `default` like a technology file; the built-in preset is untouched.
    const lib = reg.presetLibrary('cheap-n5')!;
    expect(lib.nodes['n5']!.waferPriceUsd).toBe(1000);
    expect(lib.nodes['n7']).toEqual(loadPreset('default').nodes['n7']);
    expect(lib.name).toBe('cheap-n5');
    expect(lib.provenance['nodes.n5.waferPriceUsd']![0]).toContain('pkg-a');
    expect(loadPreset('default').nodes['n5']!.waferPriceUsd).not.toBe(1000);
    const built = buildTechnologyLibrary({
      designSections: [{ data: { extends: 'cheap-n5' }, file: 'd.yaml', pathPrefix: 'technology' }],
      presets: reg,
    });
    expect(built.nodes['n5']!.waferPriceUsd).toBe(1000);
    expect(() =>
      buildTechnologyLibrary({
        designSections: [{ data: { extends: 'cheap-n5' }, file: 'd.yaml', pathPrefix: 'technology' }],
      }),
    ).toThrow(/d\.yaml: technology\.extends: expected a preset name/);
    // Derived metrics through the metric getter.
    const m = { cost: { totalUsd: 21 } } as Metrics;
    expect(metricGetter('derived.twiceCost', reg)(m)).toBe(42);
    expect(() => metricGetter('derived.nothing', reg)).toThrow(/unknown metric/);
  });

  it('refuses a duplicate id of any kind once, naming both module specifiers', () => {
    expect(() =>
      registryFromModules([
        mod('pkg-one', { yieldModels: [half] }),
        mod('./two.js', { yieldModels: [{ ...half }] }),
      ]),
    ).toThrow(/duplicate yield model id: registered by pkg-one and again by \.\/two\.js/);
    expect(() =>
      registryFromModules([mod('pkg-one', { yieldModels: [{ ...half, id: 'poisson' }] })]),
    ).toThrow(/"poisson": duplicate yield model id: registered by @chiplet-dse\/core and again by pkg-one/);
    expect(() =>
      registryFromModules([mod('pkg-one', { presets: [{ id: 'default', description: 'x', data: {} }] })]),
    ).toThrow(/duplicate technology preset id: registered by @chiplet-dse\/core and again by pkg-one/);
    const metric = { id: 'derived.x', unit: '', description: 'x', compute: () => 1 };
    expect(() =>
      registryFromModules([mod('a', { metrics: [metric] }), mod('b', { metrics: [{ ...metric }] })]),
    ).toThrow(/duplicate derived metric id: registered by a and again by b/);
  });

  it('fails when a required module is not loaded, naming both; passes when it is', () => {
    const needs = mod('needs-pkg', { yieldModels: [half], requires: ['other-pkg'] });
    expect(() => registryFromModules([needs])).toThrow(PluginError);
    expect(() => registryFromModules([needs])).toThrow(
      /plugin needs-pkg: requires other-pkg, which is not loaded/,
    );
    expect(registryFromModules([mod('other-pkg', {}), needs]).yieldModel('half')).toBe(half);
    // A module loaded by path counts under its package name.
    expect(registryFromModules([mod('/abs/other', {}, 'other-pkg'), needs]).yieldModel('half')).toBe(half);
  });

  it('checks contributions, naming the module and what is wrong', () => {
    expect(() => registryFromModules([mod('m', { yieldModels: [{ ...half, yield: () => 1.5 }] })])).toThrow(
      /"half" \(m\): yield model must return a yield in \(0, 1\]/,
    );
    expect(() => registryFromModules([mod('m', { yieldModels: [{ ...half, id: 'Bad Id' }] })])).toThrow(
      /yield model id must be/,
    );
    expect(() =>
      registryFromModules([
        mod('m', { metrics: [{ id: 'costPerX', unit: '', description: '', compute: () => 1 }] }),
      ]),
    ).toThrow(/derived metric id must be "derived\." then/);
    expect(() =>
      registryFromModules([
        mod('m', {
          presets: [{ id: 'broken', description: 'x', data: { nodes: { n5: { waferPriceUsd: -1 } } } }],
        }),
      ]),
    ).toThrow(/plugin "broken" \(m\):.*nodes\.n5\.waferPriceUsd: expected/s);
    expect(() =>
      registryFromModules([
        mod('m', { presets: [{ id: 'loop', description: 'x', data: { extends: 'loop' } }] }),
      ]),
    ).toThrow(/extends: expected a preset name other than itself/);
  });
});

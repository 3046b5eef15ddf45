import { describe, expect, it } from 'vitest';
import { PluginError } from '../errors.js';
import { PLUGIN_API_VERSION, type PackagingPlugin } from './contract.js';
import { registryFromModules } from './loader.js';
import { definePlugin } from './pluginModule.js';
import { createPluginContainer, PluginRegistry } from './registry.js';

function fakePlugin(id: string, extra: Partial<PackagingPlugin> = {}): PackagingPlugin {
  return {
    id,
    version: '1.0.0',
    apiVersion: PLUGIN_API_VERSION,
    approach: 'test approach',
    description: 'a plugin for tests',
    defaultCarrier: 'organic_substrate',
    options: { gapMm: { type: 'number', description: 'a gap', default: 1, min: 0 } },
    models: { yield: 'y', cost: 'c', bandwidth: 'b', thermal: 't' },
    capabilities: {
      carrierKinds: ['organic-substrate'],
      stacking: false,
      hbmCarrierKinds: [],
      components: false,
    },
    compile: () => {
      throw new Error('not compiled in this test');
    },
    ...extra,
  };
}

describe('PluginRegistry', () => {
  it('collects every plugin bound to the multi-injected token', () => {
    const reg = registryFromModules([
      { specifier: 'a', module: definePlugin(fakePlugin('alpha')) },
      { specifier: 'b', module: definePlugin(fakePlugin('beta')) },
    ]);
    expect(reg.ids().sort()).toEqual(['alpha', 'beta']);
    expect(reg.get('beta')?.approach).toBe('test approach');
    expect(reg.get('gamma')).toBeUndefined();
  });

  it('is empty (not an error) when no plugin is bound', () => {
    const container = createPluginContainer();
    expect(container.get(PluginRegistry).ids()).toEqual([]);
  });

  it('rejects duplicate ids, naming both module specifiers', () => {
    expect(() =>
      registryFromModules([
        { specifier: 'pkg-one', module: definePlugin(fakePlugin('same')) },
        { specifier: './two.js', module: definePlugin(fakePlugin('same')) },
      ]),
    ).toThrow(/duplicate plugin id.*pkg-one.*\.\/two\.js/);
  });

  it('rejects duplicates bound without definePlugin too (inside the registry)', () => {
    const container = createPluginContainer();
    container.bind(Symbol.for('chiplet-dse.PackagingPlugin')).toConstantValue(fakePlugin('dup'));
    container.bind(Symbol.for('chiplet-dse.PackagingPlugin')).toConstantValue(fakePlugin('dup'));
    expect(() => container.get(PluginRegistry)).toThrow(/duplicate plugin id/);
  });

  it('rejects a plugin that targets another API version, naming it', () => {
    let caught: unknown;
    try {
      registryFromModules([
        { specifier: 'old-plugin', module: definePlugin(fakePlugin('old', { apiVersion: 99 })) },
      ]);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(PluginError);
    expect((caught as Error).message).toMatch(/"old".*API version 99.*implements version 2/);
  });

  it('tells the author of a version 1 plugin, by module, what changed', () => {
    const v1 = {
      ...fakePlugin('legacy', { apiVersion: 1 }),
      validate: () => [],
      evaluate: () => ({}),
    };
    expect(() => registryFromModules([{ specifier: 'legacy-pkg', module: definePlugin(v1) }])).toThrow(
      /"legacy" \(legacy-pkg\).*API version 1.*version 2 replaced validate\(design, tech\) and evaluate\(design, tech\).*compile/,
    );
  });

  it('rejects malformed plugins with the problem named', () => {
    const bad = [
      [fakePlugin('Bad Id'), /id must be/],
      [{ ...fakePlugin('x'), compile: undefined }, /compile/],
      [fakePlugin('c1', { capabilities: undefined as never }), /capabilities object/],
      [
        fakePlugin('c2', {
          capabilities: {
            carrierKinds: ['wood'],
            stacking: false,
            hbmCarrierKinds: [],
            components: false,
          } as never,
        }),
        /carrierKinds must be a list of carrier kinds/,
      ],
      [
        fakePlugin('c3', {
          capabilities: {
            carrierKinds: ['panel'],
            stacking: 'yes',
            hbmCarrierKinds: [],
            components: false,
          } as never,
        }),
        /stacking must be true or false/,
      ],
      [
        fakePlugin('y', { options: { n: { type: 'number', description: 'n', default: 5, max: 1 } } }),
        /above its max/,
      ],
      [fakePlugin('z', { models: { yield: 'y', cost: 'c', bandwidth: 'b' } as never }), /models.thermal/],
    ] as const;
    for (const [plugin, message] of bad) {
      expect(() =>
        registryFromModules([{ specifier: 'm', module: definePlugin(plugin as PackagingPlugin) }]),
      ).toThrow(message);
    }
  });
});

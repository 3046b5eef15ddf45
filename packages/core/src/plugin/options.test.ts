import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { PLUGIN_API_VERSION, type PackagingPlugin } from './contract.js';
import { resolvePluginOptions } from './options.js';

const plugin: PackagingPlugin = {
  id: 'demo',
  version: '0.0.1',
  apiVersion: PLUGIN_API_VERSION,
  approach: 'demo',
  description: 'demo',
  defaultCarrier: 'organic_substrate',
  options: {
    layers: { type: 'number', description: 'RDL layers', default: 3, min: 1, max: 8, integer: true },
    chipFirst: { type: 'boolean', description: 'chip-first flow', default: false },
    stacking: { type: 'enum', description: 'bond', default: 'd2w', values: ['d2w', 'w2w'] },
  },
  models: { yield: '', cost: '', bandwidth: '', thermal: '' },
  capabilities: {
    carrierKinds: ['organic-substrate'],
    stacking: false,
    hbmCarrierKinds: [],
    components: false,
  },
  compile: () => {
    throw new Error('unused');
  },
};

describe('resolvePluginOptions', () => {
  it('fills defaults and keeps valid values', () => {
    expect(resolvePluginOptions(plugin, { layers: 5 }, 'd.yaml')).toEqual({
      layers: 5,
      chipFirst: false,
      stacking: 'd2w',
    });
  });

  it('names the plugin, the field and the limit for bad values', () => {
    const cases: [Record<string, number | string | boolean>, RegExp][] = [
      [
        { layers: 9 },
        /d\.yaml: package\.options\.layers: expected an integer >= 1 and <= 8 .*plugin demo, found 9/,
      ],
      [{ layers: 2.5 }, /expected an integer/],
      [
        { stacking: 'hybrid' },
        /package\.options\.stacking: expected one of "d2w", "w2w" for plugin demo, found "hybrid"/,
      ],
      [{ chipFirst: 'yes' }, /package\.options\.chipFirst: expected true or false/],
      [
        { bogus: 1 },
        /package\.options\.bogus: expected an option of plugin demo \(layers, chipFirst, stacking\), found an unknown option "bogus"/,
      ],
    ];
    for (const [given, message] of cases) {
      expect(() => resolvePluginOptions(plugin, given, 'd.yaml')).toThrow(InputError);
      expect(() => resolvePluginOptions(plugin, given, 'd.yaml')).toThrow(message);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { loadPreset } from '../technology/library.js';
import { parseDesignText } from './loadDesign.js';
import { resolveDesign } from './resolveDesign.js';

const tech = loadPreset('default');

const BASE = `
name: t
logicBudgetMm2: 800
system: { volumeUnits: 1000 }
chiplets:
  - { id: tile, count: 4, areaShare: 1, node: n5, powerDensityWPerMm2: 0.5, phy: ucie_standard }
links:
  - { from: tile, to: tile, bandwidthGBps: 100 }
package: { approach: mcm }
`;

function resolveText(text: string) {
  const loaded = parseDesignText(text, 'd.yaml');
  return loaded.cases.map((c) => resolveDesign(c.body, tech, { file: 'd.yaml', caseName: c.name }));
}

describe('resolveDesign', () => {
  it('expands counts, splits the logic budget and adds D2D PHY area to linked dies', () => {
    const [d] = resolveText(BASE);
    expect(d!.dies.map((x) => x.id)).toEqual(['tile#0', 'tile#1', 'tile#2', 'tile#3']);
    const overhead = tech.phys['ucie_standard']!.dieAreaOverheadFraction;
    for (const die of d!.dies) {
      expect(die.logicAreaMm2).toBeCloseTo(200, 9);
      expect(die.areaMm2).toBeCloseTo(200 * (1 + overhead), 9);
      expect(die.widthMm * die.heightMm).toBeCloseTo(die.areaMm2, 9);
      // power follows the logic area, so splitting conserves it
      expect(die.powerW).toBeCloseTo(100, 9);
      expect(die.designId).toBe('tile');
    }
    expect(d!.links).toEqual([
      { from: 'tile#0', to: 'tile#1', bandwidthGBps: 100 },
      { from: 'tile#1', to: 'tile#2', bandwidthGBps: 100 },
      { from: 'tile#2', to: 'tile#3', bandwidthGBps: 100 },
    ]);
    expect(d!.system.ambientC).toBe(45);
    expect(d!.package.assembly.children.map((c) => c.ref)).toEqual(['tile#0', 'tile#1', 'tile#2', 'tile#3']);
  });

  it('gives no D2D area to a one-die group whose self-link has nothing to join', () => {
    const [d] = resolveText(BASE.replace('count: 4', 'count: 1'));
    expect(d!.links).toEqual([]);
    expect(d!.dies[0]!.areaMm2).toBeCloseTo(800, 9);
    expect(d!.dies[0]!.hasD2d).toBe(false);
  });

  it('shapes dies too wide for a square to the reticle aspect', () => {
    const [d] = resolveText(BASE.replace('count: 4', 'count: 1'));
    const die = d!.dies[0]!;
    expect(die.widthMm).toBeLessThanOrEqual(26 + 1e-9);
    expect(die.heightMm).toBeLessThanOrEqual(33 + 1e-9);
  });

  it('merges variants onto the base design', () => {
    const text = `${BASE}variants:\n  - name: a\n  - name: b\n    package: { approach: monolithic }\n    chiplets:\n      - { id: soc, areaShare: 1, node: n7, powerW: 300 }\n    links: []\n`;
    const loaded = parseDesignText(text, 'd.yaml');
    expect(loaded.cases.map((c) => c.name)).toEqual(['a', 'b']);
    const [a, b] = resolveText(text);
    expect(a!.dies).toHaveLength(4);
    expect(b!.dies).toHaveLength(1);
    expect(b!.dies[0]!.node).toBe('n7');
    expect(b!.package.approach).toBe('monolithic');
  });

  it('names file, field, expectation and value for bad input', () => {
    const cases: [string, RegExp][] = [
      [
        BASE.replace('node: n5', 'node: n4'),
        /d\.yaml: chiplets\[0\]\.node: expected a node id from the technology library \(.*n5.*\), found "n4"/,
      ],
      [BASE.replace('phy: ucie_standard', 'phy: warp'), /chiplets\[0\]\.phy: expected a D2D PHY id/],
      [
        BASE.replace('areaShare: 1', 'areaShare: 1, areaMm2: 10'),
        /chiplets\[0\]: expected exactly one of areaMm2 or areaShare, found both/,
      ],
      [BASE.replace('logicBudgetMm2: 800', ''), /chiplets\[0\]\.areaShare: expected logicBudgetMm2/],
      [BASE.replace('from: tile,', 'from: nope,'), /links\[0\]\.from: expected a chiplet id or instance id/],
      [
        BASE.replace('system: { volumeUnits: 1000 }', 'system: { volumeUnits: 1000, cooling: fan }'),
        /system\.cooling: expected a cooling id/,
      ],
      [
        `${BASE}memory:\n  - { id: hbm, generation: hbm9 }\n`,
        /memory\[0\]\.generation: expected an HBM generation id/,
      ],
    ];
    for (const [text, message] of cases) {
      expect(() => resolveText(text), message.source).toThrow(InputError);
      expect(() => resolveText(text), message.source).toThrow(message);
    }
  });

  it('rejects structural problems at load time with the field path', () => {
    const cases: [string, RegExp][] = [
      [
        BASE.replace('areaShare: 1', 'areaShare: -1'),
        /d\.yaml: chiplets\[0\]\.areaShare: expected a number > 0, found -1/,
      ],
      [
        BASE.replace('areaShare: 1', 'areaMm2: 0'),
        /chiplets\[0\]\.areaMm2: expected a number (> 0|in \(0, 20000\]), found 0/,
      ],
      [BASE.replace('name: t', 'name: t\ncolour: red'), /d\.yaml: colour: expected a known field.*"colour"/],
      [
        BASE.replace('system: { volumeUnits: 1000 }', 'system: { volumeUnits: "many" }'),
        /system\.volumeUnits: expected a finite number, found "many"/,
      ],
      [BASE.replace('package: { approach: mcm }', ''), /d\.yaml: package: expected object, found nothing/],
    ];
    for (const [text, message] of cases) {
      expect(() => parseDesignText(text, 'd.yaml'), message.source).toThrow(message);
    }
  });

  it('places HBM stacks round-robin on the dies of the group they attach to', () => {
    const [d] = resolveText(
      `${BASE}memory:\n  - { id: hbm, generation: hbm3, stacks: 6, attachedTo: tile }\n`,
    );
    expect(d!.memories.map((m) => m.attachedTo)).toEqual([
      'tile#0',
      'tile#1',
      'tile#2',
      'tile#3',
      'tile#0',
      'tile#1',
    ]);
  });

  it('builds an explicit assembly tree with stacks and checks every die is placed once', () => {
    const text = `
name: s
system: { volumeUnits: 1000 }
chiplets:
  - { id: base, areaMm2: 100, node: n7, powerW: 10 }
  - { id: cache, areaMm2: 100, node: n7, powerW: 5 }
package:
  approach: 3d
  assembly:
    - die: base
      stack:
        - { die: cache, bonding: hybrid_d2w }
`;
    const [d] = resolveText(text);
    expect(d!.package.assembly.children).toHaveLength(1);
    expect(d!.package.assembly.children[0]!.children[0]!.ref).toBe('cache');
    expect(d!.package.assembly.children[0]!.children[0]!.bonding).toBe('hybrid_d2w');
    expect(() =>
      resolveText(text.replace('        - { die: cache, bonding: hybrid_d2w }\n', '        []\n')),
    ).toThrow(/cache not placed/);
  });
});

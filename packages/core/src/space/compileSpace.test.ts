import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDesignText } from '../design/loadDesign.js';
import { DESIGN_RANGES, type DesignBody } from '../design/schema.js';
import { InputError } from '../errors.js';
import { checkDesignSpace, compileSpace, rangeValues } from './compileSpace.js';
import { parseFieldPath } from './fieldPath.js';
import { parseConstraints, parseObjectives, parseSpace, type SpaceInput } from '../design/spaceSchema.js';

const FILE = 'd.yaml';

const BASE_TEXT = `
name: t
logicBudgetMm2: 800
system: { volumeUnits: 1000 }
chiplets:
  - { id: tile, count: 4, areaShare: 0.75, node: n5, powerDensityWPerMm2: 0.5, phy: ucie_standard }
  - { id: io, areaMm2: 100, node: n7, powerW: 10 }
memory:
  - { id: hbm, generation: hbm3, stacks: 2, attachedTo: tile }
links:
  - { from: tile, to: tile, bandwidthGBps: 100 }
package: { approach: mcm }
`;

const base: DesignBody = parseDesignText(BASE_TEXT, FILE).cases[0]!.body;

function compile(space: unknown, body: DesignBody = base) {
  return compileSpace(parseSpace(space, FILE), body, { file: FILE });
}

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('rangeValues', () => {
  it('spaces linear and log levels with exact endpoints', () => {
    expect(rangeValues({ min: 0.1, max: 0.3, steps: 3 })).toEqual([0.1, 0.2, 0.3]);
    expect(rangeValues({ min: 0, max: 1, steps: 5 })).toEqual([0, 0.25, 0.5, 0.75, 1]);
    const log = rangeValues({ min: 1e4, max: 1e7, steps: 4, scale: 'log' });
    expect(log[0]).toBe(1e4);
    expect(log[3]).toBe(1e7);
    expect(log[1]).toBeCloseTo(1e5, 6);
    expect(log[2]).toBeCloseTo(1e6, 4);
    expect(rangeValues({ min: 5, max: 5, steps: 1 })).toEqual([5]);
  });

  it('rounds integer ranges and drops repeats', () => {
    expect(rangeValues({ min: 1, max: 8, integer: true })).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(rangeValues({ min: 1, max: 8, steps: 8, scale: 'log', integer: true })).toEqual([
      1, 2, 3, 4, 6, 8,
    ]);
    expect(rangeValues({ min: 1e4, max: 1e7, steps: 7, scale: 'log', integer: true })).toEqual([
      10000, 31623, 100000, 316228, 1000000, 3162278, 10000000,
    ]);
    expect(rangeValues({ min: 0, max: 3, steps: 10, integer: true })).toEqual([0, 1, 2, 3]);
  });
});

describe('parseFieldPath', () => {
  it('splits keys, indices and ids', () => {
    expect(parseFieldPath('chiplets[tile].node')).toEqual([
      { kind: 'key', key: 'chiplets' },
      { kind: 'id', id: 'tile' },
      { kind: 'key', key: 'node' },
    ]);
    expect(parseFieldPath('memory[0].stacks')).toEqual([
      { kind: 'key', key: 'memory' },
      { kind: 'index', index: 0 },
      { kind: 'key', key: 'stacks' },
    ]);
    expect(parseFieldPath('chiplets[v1.2].x')?.[1]).toEqual({ kind: 'id', id: 'v1.2' });
    expect(parseFieldPath('a..b')).toBeUndefined();
    expect(parseFieldPath('a[')).toBeUndefined();
    expect(parseFieldPath('.a')).toBeUndefined();
  });
});

describe('compileSpace', () => {
  it('compiles values, ranges and bundles into level tables', () => {
    const c = compile({
      parameters: [
        { name: 'tiles', path: 'chiplets[tile].count', range: { min: 1, max: 8, integer: true } },
        { path: 'chiplets[0].node', values: ['n7', 'n5', 'n3'] },
        {
          name: 'approach',
          values: [
            { label: 'mono', 'package.approach': 'monolithic', 'package.carrier': null },
            {
              'package.approach': '2.5d',
              'package.carrier': 'si_interposer',
              'chiplets[tile].phy': 'ucie_advanced',
            },
          ],
        },
        { path: 'package.options.diesPerWafer', values: ['exact', 'analytic'] },
        { path: 'links[0].bandwidthGBps', values: [50, 100] },
      ],
    });
    expect(c.levelCounts).toEqual([8, 3, 2, 2, 2]);
    expect(c.gridSize).toBe(192);
    expect(c.gridSizeExact).toBe(true);
    expect(c.pointCount).toBe(192);
    expect(c.strategy).toEqual({ kind: 'grid' });
    const [tiles, node, approach] = c.parameters;
    expect(tiles!.name).toBe('tiles');
    expect(tiles!.targets[0]!.segments).toEqual(['chiplets', 0, 'count']);
    expect(tiles!.levels[7]).toEqual({ label: '8', set: [{ target: 0, value: 8 }] });
    expect(node!.name).toBe('chiplets[0].node');
    expect(approach!.targets.map((t) => t.canonical)).toEqual([
      'package.approach',
      'package.carrier',
      'chiplets[0].phy',
    ]);
    expect(approach!.levels.map((l) => l.label)).toEqual(['mono', '2.5d']);
    expect(approach!.levels[0]!.set).toEqual([
      { target: 0, value: 'monolithic' },
      { target: 1, value: null },
    ]);
    // Plain data: survives structured cloning (worker threads) unchanged.
    expect(structuredClone(c)).toEqual(c);
  });

  it('names the parameter and the path of a field the design does not have', () => {
    const cases: [string, RegExp][] = [
      ['chiplets[gpu].node', /the id of an entry of chiplets \(tile, io\)/],
      ['chiplets[5].node', /an index below 2 \(chiplets has 2 entries\)/],
      ['chiplets[0].nodes', /a field of chiplets\[0\] \(.*node/],
      ['package.flavour', /a field of package \(approach, carrier, options, assembly\)/],
      ['links[tile].bandwidthGBps', /an index in brackets \(links entries have no id\)/],
      ['components[0].count', /no components entries/],
      ['chiplets[0]', /a path to a single value .* chiplets\[0\] is a group of fields/],
      ['chiplets', /chiplets is a list/],
      ['system.volumeUnits.max', /nothing after system.volumeUnits/],
      ['system[0]', /after system \(it is not a list\)/],
      ['chiplets.count', /an index or id in brackets after chiplets/],
      ['technology.nodes', /technology overrides cannot be swept/],
    ];
    for (const [path, expected] of cases) {
      const e = inputError(() =>
        compile({
          parameters: [
            { path: 'system.volumeUnits', values: [1] },
            { name: 'p', path, values: [1] },
          ],
        }),
      );
      expect(e.message, path).toMatch(/parameter "p" \(space.parameters\[1\]\)/);
      expect(e.issues, path).toHaveLength(1);
      expect(e.issues[0]!.file).toBe(FILE);
      expect(e.issues[0]!.path).toBe('space.parameters[1].path');
      expect(e.issues[0]!.expected, path).toMatch(expected);
      expect(e.issues[0]!.found, path).toContain(path);
    }
  });

  it('reports bad bundle paths under values, every failing parameter at once', () => {
    const e = inputError(() =>
      compile({
        parameters: [
          { name: 'a', values: [{ 'package.approach': 'mcm', 'chiplets[cpu].phy': 'bow' }] },
          { name: 'b', path: 'memory[dram].stacks', values: [1, 2] },
        ],
      }),
    );
    expect(e.message).toMatch(/parameters "a" \(space.parameters\[0\]\), "b" \(space.parameters\[1\]\)/);
    expect(e.issues.map((i) => i.path)).toEqual(['space.parameters[0].values', 'space.parameters[1].path']);
    expect(e.issues[1]!.expected).toMatch(/the id of an entry of memory \(hbm\)/);
  });

  it('checks every level against the field schema', () => {
    const count = inputError(() =>
      compile({ parameters: [{ name: 'n', path: 'chiplets[tile].count', values: [1, 2.5, 2000] }] }),
    );
    expect(count.issues.map((i) => i.path)).toEqual([
      'space.parameters[0].values[1]',
      'space.parameters[0].values[2]',
    ]);
    expect(count.issues[0]!.expected).toMatch(/an integer for chiplets\[0\]\.count/);
    expect(count.issues[1]!.expected).toMatch(/<= 1024/);
    expect(count.issues[1]!.found).toBe('2000');
    const text = inputError(() => compile({ parameters: [{ path: 'chiplets[0].node', values: [5] }] }));
    expect(text.issues[0]!.expected).toMatch(/string/);
    const range = inputError(() =>
      compile({
        parameters: [{ path: 'system.volumeUnits', range: { min: 1, max: 100, steps: 4, scale: 'log' } }],
      }),
    );
    expect(range.issues[0]!.path).toBe('space.parameters[0].range');
    expect(range.issues[0]!.found).toMatch(/^4\.6415888336/);
    const required = inputError(() =>
      compile({ parameters: [{ path: 'chiplets[0].node', values: ['n5', null] }] }),
    );
    expect(required.issues[0]!.expected).toMatch(/required, so null cannot remove it/);
    // null removes optional fields and plugin options
    expect(
      compile({ parameters: [{ path: 'package.options.diesPerWafer', values: ['exact', null] }] })
        .levelCounts,
    ).toEqual([2]);
    // a bundle can use a plugin option on one level only
    const many = inputError(() =>
      compile({ parameters: [{ path: 'chiplets[0].count', range: { min: 1, max: 2000, integer: true } }] }),
    );
    // The bound outside the field's range is named, not each of the 976 levels past it.
    expect(many.issues.map((i) => [i.path, i.found])).toEqual([['space.parameters[0].range.max', '2000']]);
    const levels = inputError(() =>
      compile({ parameters: [{ path: 'chiplets[0].count', values: [0, 1.5, 2.5, 3.5, 4.5] }] }),
    );
    expect(levels.issues.length).toBe(4); // 3 shown + "more (not shown)"
    expect(levels.issues[3]!.found).toBe('more (not shown)');
  });

  it('refuses a field set by two parameters or twice in a bundle', () => {
    const two = inputError(() =>
      compile({
        parameters: [
          { name: 'n1', path: 'chiplets[tile].node', values: ['n5'] },
          { name: 'n2', path: 'chiplets[0].node', values: ['n3'] },
        ],
      }),
    );
    expect(two.issues[0]!.expected).toMatch(/parameter "n1" sets chiplets\[0\]\.node/);
    const twice = inputError(() =>
      compile({
        parameters: [{ name: 'b', values: [{ 'chiplets[tile].node': 'n5', 'chiplets[0].node': 'n3' }] }],
      }),
    );
    expect(twice.issues[0]!.expected).toMatch(/each field set once per bundle/);
  });

  it('refuses grids beyond 2^53 - 1 points but samples them', () => {
    // 16 parameters of 10 levels: 1e16 points > 2^53 - 1.
    const big = Array.from({ length: 16 }, (_, i) => ({
      name: `p${i}`,
      path: i < 8 ? `chiplets[${i % 2}].powerW` : `links[0].bandwidthGBps`,
      values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    }));
    const body = {
      ...base,
      chiplets: Array.from({ length: 8 }, (_, i) => ({ ...base.chiplets[1]!, id: `c${i}` })),
      links: Array.from({ length: 8 }, () => ({ from: 'c0', to: 'c1', bandwidthGBps: 1 })),
    };
    big.forEach((p, i) => (p.path = i < 8 ? `chiplets[${i}].powerW` : `links[${i - 8}].bandwidthGBps`));
    const e = inputError(() => compile({ parameters: big }, body));
    expect(e.issues[0]!.path).toBe('space.parameters');
    expect(e.issues[0]!.found).toBe(`${10n ** 16n} points (${Array(16).fill(10).join(' x ')})`);
    expect(e.issues[0]!.expected).toMatch(/at most 9007199254740991 points/);
    const s = compile({ strategy: { kind: 'random', samples: 1000 }, parameters: big }, body);
    expect(s.gridSizeExact).toBe(false);
    expect(s.gridSize).toBe(1e16);
    expect(s.gridSizeText).toBe('1' + '0'.repeat(16));
    expect(s.pointCount).toBe(1000);
    // The boundary: 2^52 points compile, 2^53 points (one more than MAX_SAFE_INTEGER) do not.
    const wide = {
      ...base,
      chiplets: Array.from({ length: 53 }, (_, i) => ({ ...base.chiplets[1]!, id: `c${i}` })),
    };
    const binary = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ path: `chiplets[c${i}].powerW`, values: [1, 2] }));
    const exact = compile({ parameters: binary(52) }, wide);
    expect(exact.gridSize).toBe(2 ** 52);
    expect(exact.gridSizeExact).toBe(true);
    expect(inputError(() => compile({ parameters: binary(53) }, wide)).issues[0]!.found).toMatch(
      /^9007199254740992 points/,
    );
  });

  it('warns about oversampling, merged integer levels and non-power-of-2 Sobol counts', () => {
    const c = compile({
      strategy: { kind: 'sobol', samples: 100 },
      parameters: [
        { path: 'chiplets[0].count', range: { min: 1, max: 8, steps: 8, scale: 'log', integer: true } },
      ],
    });
    expect(c.warnings).toHaveLength(3);
    expect(c.warnings.join('\n')).toMatch(/6 distinct levels, fewer than its 8 steps/);
    expect(c.warnings.join('\n')).toMatch(/100 samples for a grid of 6 points/);
    expect(c.warnings.join('\n')).toMatch(/not a power of 2/);
  });

  it('compiles the documented 800 mm² example (docs/design-space.md)', () => {
    const doc = readFileSync(new URL('../../../../docs/design-space.md', import.meta.url), 'utf8');
    const yaml = /```yaml\n([\s\S]*?)```/.exec(doc)![1]!;
    const loaded = parseDesignText(yaml, 'design-space.md');
    const space: SpaceInput = parseSpace(loaded.data.space, 'design-space.md');
    expect(parseConstraints(loaded.data.constraints, 'design-space.md')).toHaveLength(3);
    expect(parseObjectives(loaded.data.objectives, 'design-space.md')).toHaveLength(3);
    const body = loaded.cases[0]!.body;
    try {
      const c = compileSpace(space, body, { file: 'design-space.md' });
      expect(c.levelCounts).toEqual([8, 3, 4, 7, 7]);
      expect(c.gridSize).toBe(4704);
    } catch (e) {
      // Until the design schema lets memory stacks be 0, only that level is refused.
      expect(e).toBeInstanceOf(InputError);
      const issues = (e as InputError).issues;
      expect(issues).toHaveLength(1);
      expect(issues[0]!.path).toBe('space.parameters[3].range');
      expect(issues[0]!.expected).toMatch(/>= 1 for memory\[0\]\.stacks/);
      // The rest of the space compiles.
      const rest = compileSpace(
        { ...space, parameters: space.parameters.filter((p) => p.name !== 'hbmStacks') },
        body,
        { file: 'design-space.md' },
      );
      expect(rest.levelCounts).toEqual([8, 3, 4, 7]);
    }
  });
});

describe("space values against their field's physical range", () => {
  const issuesOf = (space: unknown) => inputError(() => compile(space)).issues;

  it('refuses a 1e308 W level, naming the level, the range and the value', () => {
    const issues = issuesOf({ parameters: [{ path: 'chiplets[io].powerW', values: [10, 1e308] }] });
    expect(issues).toEqual([
      {
        file: FILE,
        path: 'space.parameters[0].values[1]',
        expected: 'a number in [0, 1e5] for chiplets[1].powerW',
        found: '1e+308',
      },
    ]);
  });

  it("names a range's bound: a negative area min, a volume max past the physical maximum", () => {
    expect(
      issuesOf({ parameters: [{ path: 'chiplets[io].areaMm2', range: { min: -5, max: 100, steps: 3 } }] }),
    ).toEqual([
      {
        file: FILE,
        path: 'space.parameters[0].range.min',
        expected: 'a number in (0, 20000] for chiplets[1].areaMm2',
        found: '-5',
      },
    ]);
    const volume = { min: 1000, max: 1e12, steps: 3, scale: 'log', integer: true };
    expect(issuesOf({ parameters: [{ path: 'system.volumeUnits', range: volume }] })).toEqual([
      {
        file: FILE,
        path: 'space.parameters[0].range.max',
        expected: 'an integer in [1, 1e10] for system.volumeUnits',
        found: '1000000000000',
      },
    ]);
    // Both bounds outside: both named.
    const both = issuesOf({
      parameters: [{ path: 'chiplets[io].powerW', range: { min: -1, max: 1e6, steps: 2 } }],
    });
    expect(both.map((i) => i.path)).toEqual([
      'space.parameters[0].range.min',
      'space.parameters[0].range.max',
    ]);
  });

  it("refuses a text level outside an enum field's values, and a bundle's value outside its range", () => {
    const issues = issuesOf({
      parameters: [
        { path: 'system.yieldModel', values: ['poisson', 'Not A Model'] },
        { name: 'b', values: [{ 'chiplets[io].powerW': 2e5, 'chiplets[io].areaMm2': 50 }] },
      ],
    });
    expect(issues.map((i) => [i.path, i.found])).toEqual([
      ['space.parameters[0].values[1]', '"Not A Model"'],
      ['space.parameters[1].values[0]', '200000'],
    ]);
    expect(issues[1]!.expected).toBe('a number in [0, 1e5] for chiplets[1].powerW');
  });

  it('checkDesignSpace (validate) lists the problems of every parameter of a design file', () => {
    const text = `${BASE_TEXT}
space:
  strategy: { kind: grid }
  parameters:
    - { path: "chiplets[io].powerW", values: [1e308] }
    - { path: "chiplets[io].areaMm2", range: { min: -5, max: 100, steps: 3 } }
    - { path: system.volumeUnits, values: [0] }
objectives:
  - { metric: cost.totalUsd, goal: minimize }
  - { metric: thermal.peakTempC, goal: minimize }
`;
    const err = inputError(() => checkDesignSpace(parseDesignText(text, FILE)));
    expect(err.issues.map((i) => i.path)).toEqual([
      'space.parameters[0].values[0]',
      'space.parameters[1].range.min',
      'space.parameters[2].values[0]',
    ]);
    expect(() => checkDesignSpace(parseDesignText(BASE_TEXT, FILE))).not.toThrow();
  });

  it("accepts every level inside the field's range and refuses every level outside (property)", () => {
    const max = DESIGN_RANGES.powerW;
    const inside = fc.double({ min: 0, max, noNaN: true });
    const outside = fc.oneof(
      fc.double({ min: -1e308, max: -Number.MIN_VALUE, noNaN: true }),
      fc.double({ min: max * (1 + 1e-12), max: 1e308, noNaN: true }),
    );
    fc.assert(
      fc.property(inside, (v) => {
        expect(() => compile({ parameters: [{ path: 'chiplets[io].powerW', values: [v] }] })).not.toThrow();
        expect(() =>
          compile({ parameters: [{ path: 'chiplets[io].powerW', range: { min: 0, max: v, steps: 2 } }] }),
        ).not.toThrow();
      }),
      { numRuns: 50 },
    );
    fc.assert(
      fc.property(outside, (v) => {
        const err = inputError(() =>
          compile({ parameters: [{ path: 'chiplets[io].powerW', values: [1, v] }] }),
        );
        expect(err.issues[0]!.path).toBe('space.parameters[0].values[1]');
        const lo = Math.min(v, 1);
        const hi = Math.max(v, 1);
        const r = inputError(() =>
          compile({ parameters: [{ path: 'chiplets[io].powerW', range: { min: lo, max: hi, steps: 2 } }] }),
        );
        expect(r.issues[0]!.path).toBe(`space.parameters[0].range.${v < 0 ? 'min' : 'max'}`);
      }),
      { numRuns: 50 },
    );
  });
});

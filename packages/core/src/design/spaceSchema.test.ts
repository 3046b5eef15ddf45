import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InputError } from '../errors.js';
import type { Metrics } from '../metrics/types.js';
import {
  constraintsSchema,
  isMetricPath,
  metricGetter,
  metricPaths,
  objectivesSchema,
  parseConstraints,
  parseObjectives,
  parseSpace,
  spaceSchema,
} from './spaceSchema.js';

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

const FILE = 'd.yaml';

describe('metric paths', () => {
  it('lists the numeric scalars of Metrics with working getters', () => {
    expect(metricPaths).toContain('cost.totalUsd');
    expect(metricPaths).toContain('cost.recurring.carrierUsd');
    expect(metricPaths).toContain('yields.compound');
    expect(metricPaths).toContain('thermal.peakTempC');
    expect(metricPaths).toContain('geometry.carrierAreaMm2');
    expect(metricPaths).not.toContain('pluginId');
    expect(metricPaths).not.toContain('feasibility.feasible');
    expect(new Set(metricPaths).size).toBe(metricPaths.length);
    // Each getter reads the field its path names.
    let n = 0;
    const numbered = (obj: unknown): unknown =>
      Array.isArray(obj)
        ? obj
        : typeof obj === 'object' && obj !== null
          ? Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, numbered(v)]))
          : typeof obj === 'number'
            ? ++n
            : obj;
    const zero = 0;
    const m = numbered({
      pluginId: 'x',
      pluginVersion: '1',
      cost: {
        totalUsd: zero,
        recurringUsd: zero,
        nreUsd: zero,
        recurring: {
          rawDiesUsd: zero,
          defectLossUsd: zero,
          carrierUsd: zero,
          bondingAssemblyUsd: zero,
          testUsd: zero,
          componentsUsd: zero,
          packageScrapUsd: zero,
          wastedGoodDiesUsd: zero,
        },
        nre: { designUsd: zero, masksUsd: zero, d2dPhyUsd: zero, packageUsd: zero },
        knownGoodDieUsd: zero,
      },
      yields: { dies: [], carrier: zero, assembly: zero, package: zero, compound: zero },
      bandwidth: {
        links: [],
        aggregateD2dGBps: zero,
        memoryGBps: zero,
        energyPjPerBit: zero,
        ioPowerW: zero,
      },
      thermal: { dies: [], peakTempC: zero },
      geometry: {
        packageAreaMm2: zero,
        carrierAreaMm2: zero,
        siliconAreaMm2: zero,
        packageWidthMm: zero,
        packageHeightMm: zero,
      },
      feasibility: { feasible: true, reasons: [] },
    }) as Metrics;
    expect(n).toBe(metricPaths.length);
    const seen = new Set<number>();
    for (const p of metricPaths) {
      const byWalk = p.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], m);
      expect(metricGetter(p)(m)).toBe(byWalk);
      seen.add(metricGetter(p)(m));
    }
    expect(seen.size).toBe(metricPaths.length);
    expect(isMetricPath('thermal.peakTempC')).toBe(true);
    expect(isMetricPath('thermal.peak')).toBe(false);
    expect(isMetricPath('toString')).toBe(false);
  });

  it('rejects an unknown metric with the list of known ones', () => {
    const e = inputError(() =>
      parseObjectives(
        [
          { metric: 'cost.total', goal: 'minimize' },
          { metric: 'thermal.peakTempC', goal: 'minimize' },
        ],
        FILE,
      ),
    );
    expect(e.issues[0]!.path).toBe('objectives[0].metric');
    expect(e.issues[0]!.found).toBe('"cost.total"');
    expect(e.issues[0]!.expected).toContain('"cost.totalUsd"');
    expect(e.issues[0]!.expected).toContain('"geometry.packageHeightMm"');
  });
});

describe('objectives and constraints', () => {
  it('needs two distinct objectives with a goal', () => {
    expect(() => parseObjectives([{ metric: 'cost.totalUsd', goal: 'minimize' }], FILE)).toThrow(InputError);
    const dup = inputError(() =>
      parseObjectives(
        [
          { metric: 'cost.totalUsd', goal: 'minimize' },
          { metric: 'cost.totalUsd', goal: 'maximize' },
        ],
        FILE,
      ),
    );
    expect(dup.issues[0]!.path).toBe('objectives[1].metric');
    expect(
      parseObjectives(
        [
          { metric: 'cost.totalUsd', goal: 'minimize' },
          { metric: 'bandwidth.aggregateD2dGBps', goal: 'maximize' },
        ],
        FILE,
      ),
    ).toHaveLength(2);
    expect(() =>
      parseObjectives(
        [
          { metric: 'cost.totalUsd', goal: 'min' },
          { metric: 'yields.compound', goal: 'maximize' },
        ],
        FILE,
      ),
    ).toThrow(/minimize/);
  });

  it('needs min or max, in order', () => {
    expect(parseConstraints([{ metric: 'thermal.peakTempC', max: 105 }], FILE)).toEqual([
      { metric: 'thermal.peakTempC', max: 105 },
    ]);
    expect(parseConstraints([{ metric: 'yields.compound', min: 0.5, max: 1 }], FILE)).toHaveLength(1);
    const none = inputError(() => parseConstraints([{ metric: 'cost.totalUsd' }], FILE));
    expect(none.issues[0]!.path).toBe('constraints[0]');
    expect(none.issues[0]!.expected).toMatch(/min or max/);
    expect(() => parseConstraints([{ metric: 'cost.totalUsd', min: 2, max: 1 }], FILE)).toThrow(/min <= max/);
    expect(() => parseConstraints([{ metric: 'cost.totalUsd', max: 1, limit: 3 }], FILE)).toThrow(
      /unknown field "limit"/,
    );
  });
});

describe('space schema', () => {
  const ok = (space: unknown) => parseSpace(space, FILE);
  const fails = (space: unknown) => inputError(() => parseSpace(space, FILE));

  it('accepts values, ranges and bundles', () => {
    const s = ok({
      strategy: { kind: 'sobol', samples: 1024, seed: 7, scramble: true },
      parameters: [
        { path: 'chiplets[tile].count', range: { min: 1, max: 8, integer: true } },
        { path: 'chiplets[tile].node', values: ['n7', 'n5', 'n3'] },
        {
          name: 'approach',
          values: [
            { label: 'mono', 'package.approach': 'monolithic', 'package.carrier': null },
            { 'package.approach': '2.5d', 'package.carrier': 'si_interposer' },
          ],
        },
        { path: 'system.volumeUnits', range: { min: 1e4, max: 1e7, steps: 7, scale: 'log', integer: true } },
        { path: 'package.options.actuaryQuirks', values: [true, false] },
      ],
    });
    expect(s.parameters).toHaveLength(5);
  });

  it('refuses malformed parameters with the reason', () => {
    const both = fails({ parameters: [{ path: 'a', values: [1], range: { min: 0, max: 1, steps: 2 } }] });
    expect(both.issues[0]!.path).toBe('space.parameters[0]');
    expect(both.issues[0]!.expected).toMatch(/exactly one of values or range/);
    expect(fails({ parameters: [{ path: 'a' }] }).message).toMatch(/exactly one of values or range/);
    expect(fails({ parameters: [{ values: [1, 2] }] }).issues[0]!.path).toBe('space.parameters[0].path');
    expect(fails({ parameters: [{ range: { min: 0, max: 1, steps: 2 } }] }).message).toMatch(/path/);
    expect(
      fails({ parameters: [{ name: 'x', values: [1, { 'package.approach': 'mcm' }] }] }).message,
    ).toMatch(/all plain values or all bundles/);
    expect(fails({ parameters: [{ values: [{ 'package.approach': 'mcm' }] }] }).issues[0]!.path).toBe(
      'space.parameters[0].name',
    );
    expect(fails({ parameters: [{ name: 'x', values: [{ label: 'empty' }] }] }).message).toMatch(
      /at least one field/,
    );
    expect(
      fails({ parameters: [{ name: 'x', values: [{ label: 3, 'package.approach': 'mcm' }] }] }).message,
    ).toMatch(/text label/);
    const dup = fails({ parameters: [{ path: 'chiplets[0].node', values: ['n5', 'n7', 'n5'] }] });
    expect(dup.issues[0]!.path).toBe('space.parameters[0].values[2]');
    expect(dup.issues[0]!.expected).toMatch(/same as values\[0\]/);
    expect(fails({ parameters: [{ path: 'chiplets..node', values: [1] }] }).issues[0]!.path).toBe(
      'space.parameters[0].path',
    );
    expect(fails({ parameters: [{ path: 'a', values: [] }] }).message).toMatch(/>= 1 entries/);
    expect(fails({ parameters: [{ path: 'a', values: [1], bogus: 1 }] }).message).toMatch(
      /unknown field "bogus"/,
    );
  });

  it('checks ranges', () => {
    const r = (range: unknown) => fails({ parameters: [{ path: 'a', range }] });
    expect(r({ min: 2, max: 1, steps: 2 }).message).toMatch(/min <= max/);
    expect(r({ min: 0, max: 1, steps: 3, scale: 'log' }).issues[0]!.path).toBe(
      'space.parameters[0].range.min',
    );
    expect(r({ min: 0, max: 1 }).issues[0]!.path).toBe('space.parameters[0].range.steps');
    expect(r({ min: 0.5, max: 3, integer: true }).issues[0]!.path).toBe('space.parameters[0].range.min');
    expect(r({ min: 0, max: 1, steps: 1 }).message).toMatch(/steps >= 2/);
    expect(r({ min: 1, max: 1e7, integer: true }).message).toMatch(/more than 100000 levels/);
    expect(r({ min: 0, max: 1, steps: 2, scale: 'cubic' }).message).toMatch(/"linear", "log"/);
    expect(ok({ parameters: [{ path: 'a', range: { min: 3, max: 3, steps: 1 } }] }).parameters).toHaveLength(
      1,
    );
  });

  it('checks names and strategies', () => {
    const dup = fails({
      parameters: [
        { path: 'chiplets[0].node', values: ['n5'] },
        { name: 'chiplets[0].node', path: 'chiplets[0].count', values: [1] },
      ],
    });
    expect(dup.issues[0]!.path).toBe('space.parameters[1].name');
    const p = [{ path: 'a', values: [1, 2] }];
    expect(fails({ strategy: { kind: 'random' }, parameters: p }).issues[0]!.path).toBe(
      'space.strategy.samples',
    );
    expect(fails({ strategy: { kind: 'lhs', samples: 3 }, parameters: p }).issues[0]!.path).toBe(
      'space.strategy.kind',
    );
    expect(fails({ strategy: { kind: 'grid', samples: 3 }, parameters: p }).message).toMatch(
      /unknown field "samples"/,
    );
    expect(fails({ strategy: { kind: 'sobol', samples: 2 ** 32 + 1 }, parameters: p }).message).toMatch(
      /4294967296/,
    );
    expect(fails({ strategy: { kind: 'random', samples: 10, seed: -1 }, parameters: p }).message).toMatch(
      />= 0/,
    );
    const many = Array.from({ length: 33 }, (_, i) => ({ path: `p${i}`, values: [1, 2] }));
    expect(fails({ strategy: { kind: 'sobol', samples: 8 }, parameters: many }).issues[0]!.path).toBe(
      'space.strategy',
    );
    expect(ok({ strategy: { kind: 'halton', samples: 8 }, parameters: many }).parameters).toHaveLength(33);
  });

  it('converts to JSON Schema for editors (refinements are left to the loader)', () => {
    const json = z.toJSONSchema(spaceSchema, { io: 'input' }) as { properties: Record<string, unknown> };
    expect(Object.keys(json.properties)).toEqual(['strategy', 'parameters']);
    expect(() => z.toJSONSchema(constraintsSchema, { io: 'input' })).not.toThrow();
    const obj = JSON.stringify(z.toJSONSchema(objectivesSchema, { io: 'input' }));
    expect(obj).toContain('thermal.peakTempC');
  });
});

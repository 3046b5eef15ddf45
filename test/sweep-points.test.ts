/**
 * A sweep point is the design it stands for: for random points of every example space, the
 * metrics and objectives the sweep computes (directly and through volume reuse) equal those of
 * `evaluate` on a design file written out for that point (1e-12 relative).
 */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluatePrepared, parseDesignText, prepareCase, type Metrics } from '@chiplet-dse/core';
import {
  applyPoint,
  createSweepContext,
  evaluateLevels,
  evaluatePoint,
  splitParameters,
  VolumeReuse,
  type SweepSpec,
} from '@chiplet-dse/core/explore';
import { BUILTIN_PLUGINS } from '@chiplet-dse/cli';
import { REPO_ROOT } from './helpers/runCli.js';

const EXAMPLES = readdirSync(join(REPO_ROOT, 'examples'))
  .filter(
    (f) => f.endsWith('.yaml') && /^\s*space:/m.test(readFileSync(join(REPO_ROOT, 'examples', f), 'utf8')),
  )
  .map((f) => join(REPO_ROOT, 'examples', f));

function close(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
}

/** Every number of two records equal within 1e-12 relative, every other value identical. */
function sameMetrics(a: unknown, b: unknown, path = ''): string[] {
  if (typeof a === 'number' && typeof b === 'number') return close(a, b) ? [] : [`${path}: ${a} vs ${b}`];
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) =>
      sameMetrics((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`),
    );
  }
  return a === b ? [] : [`${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`];
}

/** The metrics of `evaluate` on a design file written out for these levels (undefined: unbuildable). */
function singleEvaluation(
  ctx: Awaited<ReturnType<typeof createSweepContext>>,
  levels: Int32Array,
  technology: unknown,
  name: string,
): Metrics | undefined {
  const body = applyPoint(ctx.base, ctx.space, levels);
  const text = JSON.stringify({ ...body, ...(technology === undefined ? {} : { technology }) });
  const loaded = parseDesignText(text, name);
  try {
    return evaluatePrepared(
      prepareCase(loaded, loaded.cases[0]!, ctx.registry, { reticleIsInputError: false }),
    );
  } catch {
    return undefined;
  }
}

describe('sweep points equal single-design evaluation', () => {
  it('finds the example spaces', () => {
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(2);
  });

  for (const file of EXAMPLES) {
    it(`random points of ${relative(REPO_ROOT, file)}`, async () => {
      const spec: SweepSpec = { designFile: file, pluginSpecifiers: [BUILTIN_PLUGINS], cwd: REPO_ROOT };
      const ctx = await createSweepContext(spec);
      const technology = (parseDesignText(readFileSync(file, 'utf8'), file).data as { technology?: unknown })
        .technology;
      const reuse = VolumeReuse.forContext(ctx);
      const levels = new Int32Array(ctx.decoder.dimensions);
      const viaSweep = new Float64Array(ctx.objectives.length);
      const viaReuse = new Float64Array(ctx.objectives.length);
      let compared = 0;
      fc.assert(
        fc.property(fc.integer({ min: 0, max: ctx.decoder.pointCount - 1 }), (k) => {
          const outcome = evaluatePoint(ctx, k, levels, viaSweep);
          const body = applyPoint(ctx.base, ctx.space, levels);
          const text = JSON.stringify({ ...body, ...(technology === undefined ? {} : { technology }) });
          const loaded = parseDesignText(text, `point ${k}`);
          let single: Metrics;
          try {
            single = evaluatePrepared(
              prepareCase(loaded, loaded.cases[0]!, ctx.registry, { reticleIsInputError: false }),
            );
          } catch {
            // A design the approach cannot build is an invalid point in the sweep.
            expect(outcome.status).toBe(2);
            return;
          }
          expect(outcome.metrics, outcome.message).toBeDefined();
          expect(sameMetrics(outcome.metrics, single)).toEqual([]);
          if (reuse !== undefined) {
            reuse.evaluate(k, levels, viaReuse);
            for (let o = 0; o < viaSweep.length; o++) expect(close(viaReuse[o]!, viaSweep[o]!)).toBe(true);
          }
          compared++;
        }),
        { numRuns: 25, seed: 8 },
      );
      expect(compared).toBeGreaterThan(0);
    });

    it(`points of ${relative(REPO_ROOT, file)} that share a compiled structure`, async () => {
      // The plan of a structure is compiled for its first point and reused for the others: take
      // the structural levels of one point and the numeric levels of others, in sequence.
      const spec: SweepSpec = { designFile: file, pluginSpecifiers: [BUILTIN_PLUGINS], cwd: REPO_ROOT };
      const ctx = await createSweepContext(spec);
      const technology = (parseDesignText(readFileSync(file, 'utf8'), file).data as { technology?: unknown })
        .technology;
      const split = splitParameters(ctx.space);
      expect(split.numeric.length).toBeGreaterThan(0);
      const numeric = split.numeric.map((p) => p.param);
      const levels = new Int32Array(ctx.decoder.dimensions);
      const other = new Int32Array(ctx.decoder.dimensions);
      const out = new Float64Array(ctx.objectives.length);
      let compared = 0;
      const index = fc.integer({ min: 0, max: ctx.decoder.pointCount - 1 });
      fc.assert(
        fc.property(index, fc.array(index, { minLength: 2, maxLength: 4 }), (k, others) => {
          ctx.decoder.decode(k, levels);
          for (const k2 of others) {
            ctx.decoder.decode(k2, other);
            for (const j of numeric) levels[j] = other[j]!;
            const outcome = evaluateLevels(ctx, levels, out);
            const single = singleEvaluation(ctx, levels, technology, `point ${k}/${k2}`);
            if (single === undefined) {
              expect(outcome.status).toBe(2);
              continue;
            }
            expect(outcome.metrics, outcome.message).toBeDefined();
            expect(sameMetrics(outcome.metrics, single)).toEqual([]);
            compared++;
          }
        }),
        { numRuns: 15, seed: 11 },
      );
      expect(compared).toBeGreaterThan(0);
    });
  }

  it('splits the standard space into structural and numeric parameters', async () => {
    const file = join(REPO_ROOT, 'examples/accelerator-space-1m.yaml');
    const ctx = await createSweepContext({
      designFile: file,
      pluginSpecifiers: [BUILTIN_PLUGINS],
      cwd: REPO_ROOT,
    });
    const split = splitParameters(ctx.space);
    const names = (js: number[]) => js.map((j) => ctx.space.parameters[j]!.name);
    expect(names(split.numeric.map((p) => p.param))).toEqual([
      'powerDensity',
      'd2dGBps',
      'ambient',
      'volume',
    ]);
    expect(names(split.structural)).toEqual(['tiles', 'node', 'approach', 'hbmStacks', 'yieldModel']);
  });
});

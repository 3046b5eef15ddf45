import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAlike, formatByUnit, formatSig, unitOf } from './units.js';

/** The number a formatted text stands for (separators dropped, unit cut off). */
function parse(text: string): number {
  return Number(text.split(' ')[0]!.replaceAll(',', ''));
}

describe('unitOf', () => {
  it.each([
    ['waferPriceUsd', 'USD'],
    ['designNreUsdPerMm2', 'USD/mm²'],
    ['nodes.n16.designNreUsdPerMm2', 'USD/mm²'],
    ['defectDensityPerCm2', '/cm²'],
    ['scribeWidthMm', 'mm'],
    ['maxAreaMm2', 'mm²'],
    ['thicknessUm', 'µm'],
    ['powerW', 'W'],
    ['peakTempC', '°C'],
    ['dataRateGbps', 'Gb/s'],
    ['bandwidthGBpsPerStack', 'GB/s/stack'],
    ['areaBandwidthGBpsPerMm2', 'GB/s/mm²'],
    ['energyPjPerBit', 'pJ/bit'],
    ['latencyNs', 'ns'],
    ['thermalResistanceMm2KPerW', 'mm²·K/W'],
    ['conductivityWPerMK', 'W/(m·K)'],
    ['sinkResistanceKPerW', 'K/W'],
    ['costUsdPerDie', 'USD/die'],
    ['layerFactorSteps[1].maxAreaMm2', 'mm²'],
    ['utilizationPct', '%'],
    // no unit: counts, fractions, names, a ratio to something that is not a unit
    ['clusteringAlpha', ''],
    ['criticalLayers', ''],
    ['yieldPerDie', ''],
    ['tsvYieldPerTsv', ''],
    ['lanesPerModule', ''],
    ['name', ''],
    ['W', ''],
  ])('%s → %j', (name, unit) => {
    expect(unitOf(name)).toBe(unit);
  });
});

describe('formatByUnit', () => {
  it.each([
    ['designNreUsdPerMm2', 176666.66666666666, '176,667 USD/mm²'],
    ['signalBondFraction', 0.30000000000000004, '0.3'],
    ['scribeWidthMm', 0.2, '0.2 mm'],
    ['chipNreFixedUsd', 21200000, '21,200,000 USD'],
    ['defectDensityPerCm2', 0.07, '0.07 /cm²'],
    ['yieldPerBond', 0.9999999, '0.9999999'],
    ['stitchYield', 0.95, '0.95'],
    ['dieSpacingMm', 1.23456789, '1.2346 mm'],
    ['tsvYieldPerTsv', 0.999999999, '0.999999999'],
    ['criticalLayers', 1, '1'],
    ['tinyW', 1.5e-7, '1.5e-7 W'],
    ['hugeUsd', 3.2e15, '3.2e15 USD'],
  ])('%s %d → %j', (name, value, text) => {
    expect(formatByUnit(name, value)).toBe(text);
  });
});

describe('formatSig (properties)', () => {
  // Up to 1e300: near the largest double, rounding to 5 digits would overflow to Infinity.
  const finite = fc.double({ min: -1e300, max: 1e300, noNaN: true });

  it('never prints NaN or Infinity for a finite number, and is at most 16 characters', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const text = formatSig(x);
        expect(text).not.toMatch(/NaN|Infinity|∞/);
        expect(text.length).toBeLessThanOrEqual(16);
      }),
    );
  });

  it('parses back within a relative 5e-5 (5 significant digits)', () => {
    fc.assert(
      fc.property(finite, (x) => {
        const back = parse(formatSig(x));
        if (x === 0) expect(back).toBe(0);
        else expect(Math.abs(back - x) / Math.abs(x)).toBeLessThanOrEqual(5e-5 * (1 + 1e-9));
      }),
    );
  });

  it('formatByUnit keeps the number of formatSig and adds the unit', () => {
    const name = fc.constantFrom('areaMm2', 'costUsd', 'powerW', 'tempC', 'energyPjPerBit', 'yieldPerDie');
    fc.assert(
      fc.property(name, finite, (n, x) => {
        const text = formatByUnit(n, x);
        expect(text).not.toMatch(/NaN|Infinity/);
        const back = parse(text);
        if (x === 0) expect(back).toBe(0);
        else expect(Math.abs(back - x) / Math.abs(x)).toBeLessThanOrEqual(5e-5 * (1 + 1e-9));
      }),
    );
  });
});

describe('formatAlike', () => {
  it('gives every value of a row the same decimals', () => {
    expect(formatAlike([3131.456, 1259.5, 16])).toEqual(['3,131.5', '1,259.5', '16.0']);
    expect(formatAlike([94.234, 105.91])).toEqual(['94.23', '105.91']);
    expect(formatAlike([0.6, 0.3, 0])).toEqual(['0.600', '0.300', '0.000']);
  });

  it('prints values alike with the same count of decimals (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 1 }), (xs) => {
        const texts = formatAlike(xs);
        if (texts.some((t) => t.includes('e'))) return; // exponent form: a row of huge or tiny values
        const decimals = new Set(texts.map((t) => (t.includes('.') ? t.length - t.indexOf('.') - 1 : 0)));
        expect(decimals.size, texts.join(' ')).toBe(1);
      }),
    );
  });
});

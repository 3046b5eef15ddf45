/**
 * Numbers for people: the unit comes from the field name (the project names units in field names:
 * `areaMm2`, `waferPriceUsd`, `defectDensityPerCm2`, `thermalResistanceMm2KPerW`), the value is
 * rounded to a few significant digits with en-US thousands separators, without float noise
 * (176666.66666666666 → 176,667; 0.30000000000000004 → 0.3). JSON output never goes through here.
 */

/** Unit atoms as they end a field name, longest first where one is the end of another. */
const ATOMS: [string, string][] = [
  ['GBps', 'GB/s'],
  ['Gbps', 'Gb/s'],
  ['Usd', 'USD'],
  ['Mm2', 'mm²'],
  ['Cm2', 'cm²'],
  ['Um2', 'µm²'],
  ['MK', 'm·K'],
  ['Mm', 'mm'],
  ['Um', 'µm'],
  ['Nm', 'nm'],
  ['Ns', 'ns'],
  ['Ps', 'ps'],
  ['Pj', 'pJ'],
  ['GB', 'GB'],
  ['Bit', 'bit'],
  ['Die', 'die'],
  ['Stack', 'stack'],
  ['Pct', '%'],
  ['W', 'W'],
  ['K', 'K'],
  ['C', '°C'],
];

/** Units a quantity can be "per" without a numerator of its own: `defectDensityPerCm2` is 1/cm². */
const BARE_PER = new Set(['Cm2', 'Mm2', 'Mm', 'Um2']);

/** The atoms (longest match first) that end `name`, outermost last; [] when none does. */
function atomsAtEnd(name: string): { rest: string; units: string[]; keys: string[] } {
  const units: string[] = [];
  const keys: string[] = [];
  let rest = name;
  for (;;) {
    const hit = ATOMS.find(([k]) => rest.endsWith(k) && rest.length > k.length);
    if (hit === undefined) break;
    // Longest atoms are tried first (`GBps` before `GB`); `Per` before an atom ends a denominator.
    units.unshift(hit[1]);
    keys.unshift(hit[0]);
    rest = rest.slice(0, -hit[0].length);
    if (rest.endsWith('Per')) break;
  }
  return { rest, units, keys };
}

/**
 * The unit a field name ends in, as printed: `'USD/mm²'` for `designNreUsdPerMm2`, `'/cm²'` for
 * `defectDensityPerCm2`, `''` for a dimensionless name (a fraction, a count) or one the naming
 * does not give a unit.
 */
export function unitOf(name: string): string {
  const field = name.slice(Math.max(name.lastIndexOf('.'), name.lastIndexOf(']')) + 1);
  const den = atomsAtEnd(field);
  if (den.units.length === 0) return '';
  if (!den.rest.endsWith('Per')) return den.units.join('·');
  const num = atomsAtEnd(den.rest.slice(0, -3));
  const below = den.units.join('·');
  const under = below.includes('·') ? `(${below})` : below;
  if (num.units.length === 0) return den.keys.length === 1 && BARE_PER.has(den.keys[0]!) ? `/${under}` : '';
  return `${num.units.join('·')}/${under}`;
}

/** Significant digits of formatted values (relative rounding error at most 5e-5). */
export const SIGNIFICANT = 5;

/** Above this, and below SMALL (not zero), numbers are written in exponent form. */
const LARGE = 1e12;
const SMALL = 1e-4;

/** Decimals that give `x` `sig` significant digits (none for the integer part of large values). */
export function decimalsFor(x: number, sig = SIGNIFICANT): number {
  const abs = Math.abs(x);
  if (abs === 0 || !Number.isFinite(abs)) return 0;
  return Math.max(0, Math.min(20, sig - 1 - Math.floor(Math.log10(abs))));
}

/**
 * `x` with `sig` significant digits (whole numbers keep all their integer digits), thousands
 * separators and no trailing zeros; exponent form outside [1e-4, 1e12). With `decimals`, that many
 * decimals exactly (a column of values printed alike). Never longer than 16 characters for
 * finite input with the default `sig`.
 */
export function formatSig(x: number, sig = SIGNIFICANT, decimals?: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '-∞';
  if (x === 0) return decimals === undefined || decimals === 0 ? '0' : (0).toFixed(decimals);
  const abs = Math.abs(x);
  if (abs >= LARGE || abs < SMALL) {
    const [m, e] = x.toExponential(sig - 1).split('e');
    const mantissa = m!.includes('.') ? m!.replace(/\.?0+$/, '') : m!;
    return `${mantissa}e${e!.replace('+', '')}`;
  }
  const d = decimals ?? decimalsFor(x, sig);
  const text = x.toLocaleString('en-US', {
    minimumFractionDigits: decimals ?? 0,
    maximumFractionDigits: d,
  });
  return /^-0(?:\.0*)?$/.test(text) ? text.slice(1) : text;
}

/**
 * Fractions close to 1 (yields of 0.9999999) keep the digits of what they miss of 1: `sig`
 * significant digits of 1 − x, so 0.9999999 is not printed as 1.
 */
function fractionDecimals(x: number, sig: number): number {
  const miss = 1 - x;
  if (x <= 0.5 || x >= 1 || miss <= 0) return decimalsFor(x, sig);
  return Math.min(15, Math.max(decimalsFor(x, sig), sig - 1 - Math.floor(Math.log10(miss))));
}

/** True for names of fractions in [0, 1]: yields, coverages, `...Fraction`. */
export function isFraction(name: string): boolean {
  return /(?:yield|Yield|coverage|Coverage|Fraction)(?:Per[A-Z]\w*)?$/.test(name);
}

/** A value as printed with the unit of its field name: `176,667 USD/mm²`, `0.2 mm`, `0.9999999`. */
export function formatByUnit(name: string, value: number): string {
  const unit = unitOf(name);
  let text: string;
  if (isFraction(name) && value > 0.5 && value < 1) {
    text = value.toFixed(fractionDecimals(value, SIGNIFICANT)).replace(/\.?0+$/, '');
  } else text = formatSig(value);
  return unit === '' ? text : `${text} ${unit}`;
}

/**
 * Values of one row or column printed alike: the same decimals for all (those that give the
 * largest value SIGNIFICANT digits, within [minDecimals, maxDecimals]), so they line up and compare.
 */
export function formatAlike(values: number[], maxDecimals = 3, minDecimals = 0): string[] {
  const finite = values.filter((v) => Number.isFinite(v) && v !== 0);
  const largest = finite.reduce((a, b) => Math.max(a, Math.abs(b)), 0);
  const exponent = finite.some((v) => Math.abs(v) >= LARGE) || (largest > 0 && largest < SMALL);
  if (exponent) return values.map((v) => formatSig(v));
  const d = Math.max(minDecimals, largest === 0 ? 0 : Math.min(maxDecimals, decimalsFor(largest)));
  return values.map((v) => (Number.isFinite(v) ? formatSig(v, SIGNIFICANT, d) : formatSig(v)));
}

/**
 * Human labels for metric paths, with the unit the path's name carries: `cost.totalUsd` ->
 * "cost total (USD)", `thermal.peakTempC` -> "thermal peak temperature (°C)", `yields.compound` ->
 * "compound yield". Pure functions; the report uses them for axes, table headers and legends.
 */

/** Unit suffixes of metric names (longest first), and how they print. */
const UNIT_SUFFIXES: readonly (readonly [suffix: string, unit: string])[] = [
  ['PjPerBit', 'pJ/bit'],
  ['GBps', 'GB/s'],
  ['Mm2', 'mm²'],
  ['Usd', 'USD'],
  ['Mm', 'mm'],
  ['Ns', 'ns'],
  ['Pct', '%'],
  ['C', '°C'],
  ['W', 'W'],
  ['S', 's'],
];

/** Words spelled differently from their lower-cased camelCase part. */
const WORDS: Readonly<Record<string, string>> = {
  temp: 'temperature',
  d2d: 'D2D',
  nre: 'NRE',
  io: 'I/O',
  hbm: 'HBM',
  kgd: 'KGD',
};

/** Splits a camelCase name into lower-case words, spelling known abbreviations out. */
export function camelWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_]+/)
    .filter((w) => w !== '')
    .map((w) => WORDS[w.toLowerCase()] ?? w.toLowerCase());
}

/** The unit a metric's last name part ends with, and the name without it. */
export function splitUnit(name: string): { base: string; unit: string | undefined } {
  for (const [suffix, unit] of UNIT_SUFFIXES) {
    // A suffix counts only after a lower-case letter or digit: "peakTempC", not "C" alone.
    if (
      name.length > suffix.length &&
      name.endsWith(suffix) &&
      /[a-z0-9]/.test(name[name.length - suffix.length - 1]!)
    )
      return { base: name.slice(0, -suffix.length), unit };
  }
  return { base: name, unit: undefined };
}

/** The unit of a metric path ('' for yields and other fractions). */
export function metricUnit(path: string): string {
  const parts = path.split('.');
  return splitUnit(parts[parts.length - 1] ?? '').unit ?? '';
}

/** The words of a metric path without its unit: "cost total", "compound yield". */
export function metricName(path: string): string {
  const parts = path.split('.');
  const last = parts.pop() ?? '';
  const { base } = splitUnit(last);
  if (parts.length === 1 && parts[0] === 'yields') return [...camelWords(base), 'yield'].join(' ');
  return [...parts.flatMap(camelWords), ...camelWords(base)].join(' ');
}

/** Axis and column label: name with the unit in parentheses when it has one. */
export function metricLabel(path: string): string {
  const unit = metricUnit(path);
  const name = metricName(path);
  return unit === '' ? name : `${name} (${unit})`;
}

/** Readable number: grouped thousands, about four significant digits, exponent when tiny or huge. */
export function formatValue(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  const abs = Math.abs(x);
  if (abs !== 0 && (abs >= 1e12 || abs < 1e-4)) return x.toExponential(3);
  const digits = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 10 ? 2 : abs >= 1 ? 3 : 4;
  return x.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: digits });
}

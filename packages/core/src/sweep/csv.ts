/**
 * CSV per RFC 4180 (quote fields holding commas, quotes or line breaks), written so that tools
 * read it back as written:
 * - a float column keeps a decimal point on whole values (`0.0`, not `0`), so readers that infer
 *   column types from the first rows (polars, pandas with dtype inference) do not type it as
 *   integers and then fail on `99.3`;
 * - text that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR, and not a
 *   number) gets a leading apostrophe (the OWASP "CSV injection" advice).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

function safeText(s: string): string {
  return FORMULA_START.test(s) && !Number.isFinite(Number(s)) ? `'${s}` : s;
}

export function csvField(value: unknown, float = false): string {
  if (value === undefined || value === null) return '';
  let s: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) s = '';
    else if (float && Number.isInteger(value) && Math.abs(value) < 1e21) s = value.toFixed(1);
    else s = String(value);
  } else s = safeText(String(value));
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line; the columns from index `floatsFrom` on are float columns. */
export function csvLine(values: readonly unknown[], floatsFrom = Number.POSITIVE_INFINITY): string {
  return `${values.map((v, i) => csvField(v, i >= floatsFrom)).join(',')}\n`;
}

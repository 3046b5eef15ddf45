/** Plain-text tables for the terminal: left-aligned labels, right-aligned values. */

export interface Row {
  label: string;
  values: string[];
  /** A section heading: printed on its own, values ignored. */
  heading?: boolean;
}

export function renderTable(header: string[], rows: Row[]): string {
  const cols = header.length;
  const widths = header.map((h) => h.length);
  for (const r of rows) {
    if (r.heading === true) continue;
    widths[0] = Math.max(widths[0]!, r.label.length);
    for (let i = 1; i < cols; i++) widths[i] = Math.max(widths[i]!, (r.values[i - 1] ?? '').length);
  }
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[0]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const r of rows)
    out.push(r.heading === true ? r.label : line([r.label, ...r.values.slice(0, cols - 1)]));
  return out.join('\n');
}

export function fmtNumber(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  if (abs !== 0 && (abs >= 1e9 || abs < 1e-3)) return x.toExponential(3);
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function fmtPercent(x: number): string {
  return `${(x * 100).toFixed(2)} %`;
}

/** Plain-text tables for the terminal: left-aligned labels, right-aligned values. */

export interface Row {
  label: string;
  values: string[];
  /** A section heading: printed on its own, values ignored. */
  heading?: boolean;
}

export interface TableOptions {
  /** The widest a line may be (the terminal's columns); undefined: no limit. */
  maxWidth?: number | undefined;
  /**
   * Columns (0 is the label column) whose text may be cut with `…` to fit, the first shortened
   * first, none below MIN_CUT_WIDTH or its header. Cells that are numbers are never cut.
   * Columns still too wide go into blocks below one another, each with the label column.
   */
  shrink?: number[] | undefined;
}

const GAP = 2;
/** A shortened column keeps at least this many characters. */
export const MIN_CUT_WIDTH = 10;

const NUMBER = /^[-+]?\d[\d,]*(?:\.\d+)?(?:e-?\d+)?(?: \S+)?(?: %)?$/;

/**
 * A cell of numbers (`176,667 USD/mm²`, `-0.3`, `1.5e-7 W`, `99.5 %`, `1 mm, 2 mm`), each with at
 * most a unit after it, is never cut.
 */
export function isNumberCell(text: string): boolean {
  return text !== '' && text.split(', ').every((part) => NUMBER.test(part));
}

/** `text` cut to `width` characters, the last one `…` when anything was cut. */
export function ellipsis(text: string, width: number): string {
  if (text.length <= width) return text;
  return width <= 1 ? '…'.slice(0, width) : `${text.slice(0, width - 1).trimEnd()}…`;
}

/** Lines of at most `width` characters, broken at spaces; later lines indented by `indent`. */
export function wrapText(text: string, width: number | undefined, indent = ''): string[] {
  if (width === undefined || text.length <= width) return [text];
  const lead = /^ */.exec(text)![0];
  const lines: string[] = [];
  let line = lead;
  for (const word of text.slice(lead.length).split(' ')) {
    const empty = line === (lines.length === 0 ? lead : '');
    const next = empty ? `${line}${word}` : `${line} ${word}`;
    const limit = lines.length === 0 ? width : width - indent.length;
    if (next.length <= limit || empty) line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  lines.push(line);
  return lines.map((l, i) => (i === 0 ? l : `${indent}${l}`));
}

export function renderTable(header: string[], rows: Row[], options: TableOptions = {}): string {
  const cols = header.length;
  const cell = (r: Row, i: number) => (i === 0 ? r.label : (r.values[i - 1] ?? ''));
  const body = rows.filter((r) => r.heading !== true);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => cell(r, i).length)));
  const max = options.maxWidth;
  const total = () => widths.reduce((a, b) => a + b, 0) + GAP * (cols - 1);
  if (max !== undefined && total() > max) {
    for (const c of options.shrink ?? []) {
      if (c >= cols) continue;
      const floor = Math.max(
        MIN_CUT_WIDTH,
        header[c]!.length,
        ...body
          .map((r) => cell(r, c))
          .filter(isNumberCell)
          .map((t) => t.length),
      );
      const cut = Math.min(total() - max, widths[c]! - floor);
      if (cut > 0) widths[c]! -= cut;
      if (total() <= max) break;
    }
  }
  // Columns after the label, grouped so that each block fits (at least one column a block).
  const blocks: number[][] = [];
  for (let i = 1; i < cols; i++) {
    const last = blocks.at(-1);
    const width = last === undefined ? 0 : widths[0]! + last.reduce((a, c) => a + GAP + widths[c]!, 0);
    if (last !== undefined && (max === undefined || width + GAP + widths[i]! <= max)) last.push(i);
    else blocks.push([i]);
  }
  if (blocks.length === 0) blocks.push([]);
  const out: string[] = [];
  for (const block of blocks) {
    const shown = [0, ...block];
    const line = (cells: string[]) =>
      shown
        .map((c, k) => {
          const text = ellipsis(cells[k]!, widths[c]!);
          return c === 0 ? text.padEnd(widths[0]!) : text.padStart(widths[c]!);
        })
        .join(' '.repeat(GAP))
        .trimEnd();
    if (out.length > 0) out.push('');
    out.push(line(shown.map((c) => header[c]!)), shown.map((c) => '-'.repeat(widths[c]!)).join('  '));
    for (const r of rows)
      out.push(
        r.heading === true ? ellipsis(r.label, max ?? r.label.length) : line(shown.map((c) => cell(r, c))),
      );
  }
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

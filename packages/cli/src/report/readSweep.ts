/**
 * Reads what a sweep wrote: front.json and summary.json of its folder (checked against their
 * schemas, so the report can rely on them; a missing or malformed file is an InputError naming
 * the file and field), and the feasible points of an --all-points file (CSV or NDJSON), streamed
 * and down-sampled.
 */
import { InputError } from '@chiplet-dse/core';
import { readFrontFile, readSummaryFile, type FrontFile, type SummaryData } from '@chiplet-dse/core/explore';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { IndexSampler } from './sample.js';

export interface SweepResults {
  front: FrontFile;
  /** undefined when the folder has no summary.json (e.g. a hand-made front). */
  summary: SummaryData | undefined;
}

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** Reads DIR/front.json (required) and DIR/summary.json (optional). */
export function readSweepDir(dir: string): SweepResults {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw InputError.at(
      dir,
      '',
      'a sweep output folder (with front.json and summary.json)',
      'no such folder',
    );
  const frontFile = join(dir, 'front.json');
  if (!existsSync(frontFile))
    throw InputError.at(frontFile, '', 'a front.json written by chiplet-dse sweep', 'no such file');
  const front = readFrontFile(frontFile);
  const summaryFile = join(dir, 'summary.json');
  const summary = existsSync(summaryFile) ? readSummaryFile(summaryFile) : undefined;
  return { front, summary };
}

/** One kept point: its index, objective values and the level of each parameter. */
export interface SampledPoint {
  pointIndex: number;
  objectives: number[];
  /** Per parameter, the index of its label in `PointsSample.labels[j]`. */
  levels: number[];
}

export interface PointsSample {
  /** Feasible points with finite objectives in the file. */
  feasible: number;
  /** Rows in the file, whatever their status. */
  rows: number;
  points: SampledPoint[];
  /** Per parameter, the labels its levels index. */
  labels: string[][];
}

/** Splits one CSV record (RFC 4180 quoting). */
export function parseCsvRecord(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let s = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) {
          s += line.slice(i);
          i = line.length;
          break;
        }
        s += line.slice(i, q);
        if (line[q + 1] === '"') {
          s += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(s);
      const c = line.indexOf(',', i);
      if (c < 0) return out;
      i = c + 1;
    } else {
      const c = line.indexOf(',', i);
      if (c < 0) {
        out.push(line.slice(i));
        return out;
      }
      out.push(line.slice(i, c));
      i = c + 1;
    }
  }
}

const quotesBalanced = (s: string) => (s.match(/"/g)?.length ?? 0) % 2 === 0;

/**
 * Streams an --all-points file and keeps at most `limit` feasible points, chosen by a hash of
 * their index (see sample.ts). Format by extension: .ndjson/.jsonl, else CSV.
 */
export async function readPointsFile(
  file: string,
  front: Pick<FrontFile, 'objectives' | 'parameters'>,
  limit: number,
): Promise<PointsSample> {
  if (!existsSync(file))
    throw InputError.at(file, '', 'an --all-points file of chiplet-dse sweep', 'no such file');
  const ndjson = ['.ndjson', '.jsonl'].includes(extname(file).toLowerCase());
  const metrics = front.objectives.map((o) => o.metric);
  // Labels stay strings while streaming (a continuous parameter sampled at random has a label per
  // point); they become level numbers over the kept points only.
  const sampler = new IndexSampler<{ objectives: number[]; labels: string[] }>(limit);
  let rows = 0;
  let feasible = 0;
  const keep = (pointIndex: number, objectives: number[], labels: string[]) => {
    if (!Number.isInteger(pointIndex) || !objectives.every(Number.isFinite)) return;
    feasible++;
    sampler.add(pointIndex, { objectives, labels });
  };

  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let columns: number[] | undefined;
  let paramColumns: number[] = [];
  let pending = '';
  let lineNo = 0;
  for await (const raw of lines) {
    lineNo++;
    if (ndjson) {
      if (raw.trim() === '') continue;
      let rec: unknown;
      try {
        rec = JSON.parse(raw);
      } catch {
        throw InputError.at(
          file,
          `line ${lineNo}`,
          'a JSON object per line',
          JSON.stringify(raw.slice(0, 40)),
        );
      }
      if (!isObject(rec) || typeof rec['pointIndex'] !== 'number')
        throw InputError.at(file, `line ${lineNo}`, 'an object with pointIndex and status', 'something else');
      rows++;
      if (rec['status'] !== 'feasible') continue;
      keep(
        rec['pointIndex'],
        metrics.map((m) => (typeof rec[m] === 'number' ? rec[m] : Number.NaN)),
        front.parameters.map((p) => String(rec[p] ?? '')),
      );
      continue;
    }
    // CSV: a quoted field may hold a line break; join lines until the quotes balance.
    const line = pending === '' ? raw : `${pending}\n${raw}`;
    if (!quotesBalanced(line)) {
      pending = line;
      continue;
    }
    pending = '';
    const fields = parseCsvRecord(line);
    if (columns === undefined) {
      if (fields[0] !== 'pointIndex' || fields[1] !== 'status')
        throw InputError.at(
          file,
          'header',
          'pointIndex,status,<parameters>,<metrics>',
          JSON.stringify(line.slice(0, 60)),
        );
      columns = metrics.map((m) => {
        const c = fields.indexOf(m);
        if (c < 0) throw InputError.at(file, 'header', `a column ${m} (an objective of the front)`, 'none');
        return c;
      });
      paramColumns = front.parameters.map((p) => {
        const c = fields.indexOf(p);
        if (c < 0) throw InputError.at(file, 'header', `a column ${p} (a parameter of the front)`, 'none');
        return c;
      });
      continue;
    }
    if (line.trim() === '') continue;
    rows++;
    if (fields[1] !== 'feasible') continue;
    keep(
      Number(fields[0]),
      columns.map((c) => {
        const s = fields[c] ?? '';
        return s === '' ? Number.NaN : Number(s);
      }),
      paramColumns.map((c) => fields[c] ?? ''),
    );
  }
  if (!ndjson && columns === undefined)
    throw InputError.at(file, 'header', 'pointIndex,status,<parameters>,<metrics>', 'an empty file');
  const labelIds = front.parameters.map(() => new Map<string, number>());
  const levelOf = (j: number, label: string) => {
    const ids = labelIds[j]!;
    let id = ids.get(label);
    if (id === undefined) ids.set(label, (id = ids.size));
    return id;
  };
  const points = sampler.result().map(({ index, item }) => ({
    pointIndex: index,
    objectives: item.objectives,
    levels: item.labels.map((l, j) => levelOf(j, l)),
  }));
  return { feasible, rows, points, labels: labelIds.map((ids) => [...ids.keys()]) };
}

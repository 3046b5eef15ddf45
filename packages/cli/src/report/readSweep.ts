/**
 * Reads what a sweep wrote: front.json and summary.json of its folder (checked enough that the
 * report can rely on them; a missing or malformed file is an InputError naming it), and the
 * feasible points of an --all-points file (CSV or NDJSON), streamed and down-sampled.
 */
import { InputError } from '@chiplet-dse/core';
import type { FrontFile, SummaryData } from '@chiplet-dse/core/explore';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { IndexSampler } from './sample.js';

export interface SweepResults {
  front: FrontFile;
  /** undefined when the folder has no summary.json (e.g. a hand-made front). */
  summary: SummaryData | undefined;
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw InputError.at(file, '', what, `unreadable (${(err as Error).message})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw InputError.at(file, '', what, `invalid JSON (${(err as Error).message})`);
  }
}

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

function checkFront(file: string, data: unknown): FrontFile {
  const what = 'a front.json written by chiplet-dse sweep';
  if (!isObject(data)) throw InputError.at(file, '', what, 'not an object');
  if (data['format'] !== 'chiplet-dse-front/1')
    throw InputError.at(file, 'format', '"chiplet-dse-front/1"', JSON.stringify(data['format']) ?? 'nothing');
  if (typeof data['design'] !== 'string')
    throw InputError.at(file, 'design', 'a string', typeof data['design']);
  const objectives = data['objectives'];
  if (
    !Array.isArray(objectives) ||
    objectives.length === 0 ||
    !objectives.every((o) => isObject(o) && typeof o['metric'] === 'string' && typeof o['goal'] === 'string')
  )
    throw InputError.at(file, 'objectives', 'a list of {metric, goal}', 'something else');
  const parameters = data['parameters'];
  if (!Array.isArray(parameters) || !parameters.every((p) => typeof p === 'string'))
    throw InputError.at(file, 'parameters', 'a list of parameter names', 'something else');
  const points = data['points'];
  if (!Array.isArray(points)) throw InputError.at(file, 'points', 'a list of front points', 'something else');
  points.forEach((p: unknown, i) => {
    const at = `points[${i}]`;
    if (!isObject(p)) throw InputError.at(file, at, 'an object', 'something else');
    if (typeof p['pointIndex'] !== 'number')
      throw InputError.at(file, `${at}.pointIndex`, 'a number', 'something else');
    if (!isObject(p['parameters']))
      throw InputError.at(file, `${at}.parameters`, 'an object', 'something else');
    const obj = p['objectives'];
    if (!Array.isArray(obj) || obj.length !== objectives.length)
      throw InputError.at(
        file,
        `${at}.objectives`,
        `a list of ${objectives.length} numbers`,
        'something else',
      );
    const m = p['metrics'];
    if (
      !isObject(m) ||
      !isObject(m['cost']) ||
      !isObject(m['yields']) ||
      !isObject(m['thermal']) ||
      !isObject(m['bandwidth']) ||
      !isObject(m['geometry'])
    )
      throw InputError.at(
        file,
        `${at}.metrics`,
        'a metrics record (cost, yields, thermal, ...)',
        'something else',
      );
  });
  return data as unknown as FrontFile;
}

function checkSummary(file: string, data: unknown): SummaryData {
  if (!isObject(data) || data['format'] !== 'chiplet-dse-summary/1')
    throw InputError.at(
      file,
      'format',
      '"chiplet-dse-summary/1"',
      isObject(data) ? (JSON.stringify(data['format']) ?? 'nothing') : 'not an object',
    );
  if (!isObject(data['points'])) throw InputError.at(file, 'points', 'the point counts', 'something else');
  return data as unknown as SummaryData;
}

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
  const front = checkFront(frontFile, readJson(frontFile, 'a front.json written by chiplet-dse sweep'));
  const summaryFile = join(dir, 'summary.json');
  const summary = existsSync(summaryFile)
    ? checkSummary(summaryFile, readJson(summaryFile, 'a summary.json written by chiplet-dse sweep'))
    : undefined;
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

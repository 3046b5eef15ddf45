/**
 * writeReport: reads a sweep's output folder (and optionally its --all-points file) and writes
 * one self-contained HTML report. See docs/report.md.
 */
import { InputError, packageVersionOf, writeFileAtomic } from '@chiplet-dse/core';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { buildReportModel } from './model.js';
import { renderReportPage } from './page.js';
import { readPointsFile, readSweepDir } from './readSweep.js';

/** Feasible points drawn at most in the scatter plots (the front is always drawn in full). */
export const DEFAULT_MAX_POINTS = 20_000;

export interface WriteReportOptions {
  /** The folder `chiplet-dse sweep --out` wrote (front.json, summary.json). */
  sweepDir: string;
  /** The sweep's --all-points file (.csv or .ndjson): every feasible point goes into the scatters. */
  pointsFile?: string | undefined;
  outFile: string;
  /** Cap on scatter points (default 20,000). */
  maxPoints?: number | undefined;
}

export interface WriteReportResult {
  outFile: string;
  bytes: number;
  frontSize: number;
  /** Feasible points drawn, and how many the points file had. */
  pointsShown: number;
  pointsFeasible: number;
}

const require = createRequire(import.meta.url);
let echartsSource: string | undefined;

/** The ECharts browser bundle (the "common" build: line, bar, scatter, pie; SVG and canvas renderers). */
export function echartsBundle(): string {
  echartsSource ??= readFileSync(require.resolve('echarts/dist/echarts.common.min'), 'utf8');
  return echartsSource;
}

/** The installed ECharts version. */
export function echartsVersion(): string {
  return (require('echarts/package.json') as { version: string }).version;
}

const generator = () => {
  const pkg = { version: packageVersionOf(import.meta.url, '@chiplet-dse/cli') };
  return `chiplet-dse ${pkg.version} (ECharts ${echartsVersion()})`;
};

export async function writeReport(options: WriteReportOptions): Promise<WriteReportResult> {
  const limit = options.maxPoints ?? DEFAULT_MAX_POINTS;
  if (!Number.isInteger(limit) || limit < 1)
    throw InputError.at('', 'maxPoints', 'a positive integer', String(limit));
  const { front, summary } = readSweepDir(options.sweepDir);
  const sample =
    options.pointsFile === undefined ? undefined : await readPointsFile(options.pointsFile, front, limit);
  const model = buildReportModel(front, summary, sample, limit);
  const html = renderReportPage(model, echartsBundle(), generator());
  mkdirSync(dirname(options.outFile), { recursive: true });
  writeFileAtomic(options.outFile, html);
  return {
    outFile: options.outFile,
    bytes: Buffer.byteLength(html),
    frontSize: front.points.length,
    pointsShown: model.sample.shown,
    pointsFeasible: model.sample.feasible,
  };
}

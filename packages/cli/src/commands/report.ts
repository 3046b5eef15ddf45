import { resolve } from 'node:path';
import type { CliIo } from '../context.js';
import { count, plural } from '../format/plural.js';
import { writeReport } from '../report/index.js';

export interface ReportArgs {
  sweepDir: string;
  output: string;
  points?: string | undefined;
  maxPoints?: number | undefined;
  json?: boolean | undefined;
}

/** `report --json` (docs/cli.md): what was written. */
export interface ReportJson {
  file: string;
  bytes: number;
  frontSize: number;
  pointsFeasible: number;
  pointsShown: number;
}

export function reportJson(r: Awaited<ReturnType<typeof writeReport>>): ReportJson {
  return {
    file: r.outFile,
    bytes: r.bytes,
    frontSize: r.frontSize,
    pointsFeasible: r.pointsFeasible,
    pointsShown: r.pointsShown,
  };
}

/** `chiplet-dse report <sweep-dir> -o report.html [--points FILE]`. */
export async function runReport(args: ReportArgs, io: CliIo): Promise<number> {
  const r = await writeReport({
    sweepDir: resolve(io.cwd, args.sweepDir),
    pointsFile: args.points === undefined ? undefined : resolve(io.cwd, args.points),
    outFile: resolve(io.cwd, args.output),
    maxPoints: args.maxPoints,
  });
  io.out(args.json === true ? JSON.stringify(reportJson(r), null, 2) : reportLine(r));
  return 0;
}

export function reportLine(r: Awaited<ReturnType<typeof writeReport>>): string {
  const points =
    r.pointsFeasible > 0
      ? `, ${r.pointsShown.toLocaleString('en-US')} of ${r.pointsFeasible.toLocaleString('en-US')} feasible ${plural(r.pointsFeasible, 'point')}`
      : '';
  return `Wrote ${r.outFile} (${Math.round(r.bytes / 1024).toLocaleString('en-US')} KB: front of ${count(r.frontSize, 'design')}${points})`;
}

/**
 * The three output file formats the toolkit reads back (front.json, summary.json, checkpoints):
 * valid files round-trip byte for byte through their write and read functions, and a file with
 * a wrong, missing or unknown field is refused with an InputError naming the file and the field.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import type { Metrics } from '../metrics/types.js';
import { readCheckpoint } from './checkpoint.js';
import {
  readCheckpointFile,
  sealCheckpoint,
  writeCheckpointFile,
  type CheckpointData,
} from './checkpointSchema.js';
import { readFrontFile, writeFrontFile, type CurrentFrontFile } from './frontFileSchema.js';
import { mergeShardFiles } from './merge.js';
import { readSummaryFile, writeSummaryFile, type CurrentSummaryData } from './summaryFileSchema.js';

function sampleMetrics(totalUsd: number, peakTempC: number): Metrics {
  const part = totalUsd / 10;
  return {
    pluginId: 'mcm',
    pluginVersion: '1.0.0',
    cost: {
      totalUsd,
      recurringUsd: 8 * part,
      nreUsd: 2 * part,
      recurring: {
        rawDiesUsd: part,
        defectLossUsd: part,
        carrierUsd: part,
        bondingAssemblyUsd: part,
        testUsd: part,
        componentsUsd: part,
        packageScrapUsd: part,
        wastedGoodDiesUsd: part,
      },
      nre: { designUsd: part, masksUsd: part, d2dPhyUsd: 0, packageUsd: 0 },
      knownGoodDieUsd: 2 * part,
    },
    yields: {
      dies: [{ id: 'tile#0', dieYield: 0.9 }],
      carrier: 1,
      assembly: 0.99,
      package: 0.98,
      compound: 0.88,
    },
    bandwidth: {
      links: [
        {
          from: 'tile#0',
          to: 'io#0',
          requiredGBps: 100,
          availableGBps: 200,
          energyPjPerBit: 0.5,
          latencyNs: 2,
          ioPowerW: 0.4,
        },
      ],
      aggregateD2dGBps: 200,
      memoryGBps: 0,
      energyPjPerBit: 0.5,
      ioPowerW: 0.4,
    },
    thermal: { dies: [{ id: 'tile#0', powerW: 100, tempC: peakTempC }], peakTempC },
    geometry: {
      packageAreaMm2: 1000,
      carrierAreaMm2: 1000,
      siliconAreaMm2: 600,
      packageWidthMm: 40,
      packageHeightMm: 25,
    },
    feasibility: {
      feasible: false,
      reasons: [{ code: 'over-temperature', message: 'too hot', value: peakTempC, limit: 85 }],
    },
  };
}

function sampleFront(): CurrentFrontFile {
  return {
    format: 'chiplet-dse-front/2',
    design: 'demo',
    fingerprint: 'f00d',
    totalPoints: 10,
    shard: { index: 0, count: 1, start: 0, end: 10 },
    evaluated: [[0, 10]],
    partial: false,
    objectives: [
      { metric: 'cost.totalUsd', goal: 'minimize' },
      { metric: 'thermal.peakTempC', goal: 'minimize' },
    ],
    parameters: ['tiles'],
    points: [
      { pointIndex: 7, parameters: { tiles: '4' }, objectives: [300, 80], metrics: sampleMetrics(300, 80) },
      { pointIndex: 2, parameters: { tiles: '1' }, objectives: [200, 95], metrics: sampleMetrics(200, 95) },
    ],
  };
}

function sampleSummary(): CurrentSummaryData {
  return {
    format: 'chiplet-dse-summary/2',
    design: 'demo',
    fingerprint: 'f00d',
    status: 'complete',
    message: '',
    strategy: { kind: 'grid' },
    shard: { index: 0, count: 1, start: 0, end: 10 },
    evaluated: [[0, 10]],
    partial: false,
    missing: [],
    points: { total: 10, inShard: 10, evaluated: 10, feasible: 5, invalid: 2, failed: 1, infeasible: 2 },
    frontSize: 2,
    hypervolume: { value: 123.4, reference: [330, 96.5], objectives: ['cost.totalUsd', 'thermal.peakTempC'] },
    wallTimeS: 0.5,
    pointsPerSecond: 20,
    workers: 2,
    taskSize: 4,
    resumedFromCheckpoint: false,
    failures: [{ pointIndex: 9, pluginId: 'mcm', message: 'boom' }],
  };
}

function sampleCheckpoint(): CheckpointData {
  return sealCheckpoint({
    version: 2,
    fingerprint: 'abc',
    totalPoints: 40,
    shard: { index: 0, count: 1, start: 0, end: 40 },
    done: [
      [0, 10],
      [20, 30],
    ],
    counts: { evaluated: 20, feasible: 18, invalid: 1, failed: 1 },
    archiveIndices: [3, 25],
    archiveValues: [1, 2, 0.5, 4],
    failures: [{ pointIndex: 4, pluginId: 'x', message: 'boom' }],
  });
}

const tmpFile = (name: string) => join(mkdtempSync(join(tmpdir(), 'dse-files-')), name);

/**
 * Writes `data` edited by `edit` (as plain JSON, the way a person or another tool would) and
 * returns the InputError `read` raises for it; fails the test when `read` accepts the file.
 */
function errorFor(
  name: string,
  valid: unknown,
  edit: (json: Record<string, unknown>) => void,
  read: (file: string) => unknown,
): { file: string; error: InputError } {
  const file = tmpFile(name);
  const json = JSON.parse(JSON.stringify(valid)) as Record<string, unknown>;
  edit(json);
  writeFileSync(file, JSON.stringify(json, null, 2));
  let caught: unknown;
  try {
    read(file);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(InputError);
  return { file, error: caught as InputError };
}

const fileText = (file: string) => readFileSync(file, 'utf8');

/** The issue of an InputError at `path`, or undefined. */
const issueAt = (error: InputError, path: string) => error.issues.find((i) => i.path === path);

describe('front.json', () => {
  it('round-trips a valid file byte for byte, in the same text as JSON.stringify(_, null, 2)', () => {
    const file = tmpFile('front.json');
    const front = sampleFront();
    writeFrontFile(file, front);
    const text = fileText(file);
    expect(text).toBe(JSON.stringify(front, null, 2));
    const back = readFrontFile(file);
    expect(back).toEqual(front);
    writeFrontFile(file, back);
    expect(fileText(file)).toBe(text);
  });

  it('keeps extra metrics fields a plugin wrote, so a merge passes them through', () => {
    const file = tmpFile('front.json');
    const front = sampleFront();
    (front.points[0]!.metrics as Metrics & { extraW?: number }).extraW = 3;
    writeFrontFile(file, front);
    const merged = mergeShardFiles([file]).front;
    expect((merged.points.find((p) => p.pointIndex === 7)!.metrics as { extraW?: number }).extraW).toBe(3);
  });

  it('names the file and the field path of a wrongly typed field', () => {
    const { file, error } = errorFor(
      'front.json',
      sampleFront(),
      (j) =>
        ((j['points'] as Record<string, Record<string, Record<string, unknown>>>[])[1]!['metrics']!['cost']![
          'totalUsd'
        ] = '200'),
      readFrontFile,
    );
    const issue = issueAt(error, 'points[1].metrics.cost.totalUsd');
    expect(issue).toMatchObject({ file, expected: 'a finite number', found: '"200"' });
    expect(error.message).toContain(`${file}: points[1].metrics.cost.totalUsd: expected a finite number`);
  });

  it('refuses a missing field, an unknown field, another format and a wrong objective count', () => {
    const missing = errorFor('front.json', sampleFront(), (j) => delete j['fingerprint'], readFrontFile);
    expect(issueAt(missing.error, 'fingerprint')).toMatchObject({ found: 'nothing' });
    const unknown = errorFor('front.json', sampleFront(), (j) => (j['notes'] = 'edited'), readFrontFile);
    expect(issueAt(unknown.error, 'notes')?.found).toMatch(/unknown field/);
    const format = errorFor('front.json', sampleFront(), (j) => (j['format'] = 'other/1'), readFrontFile);
    expect(issueAt(format.error, 'format')).toMatchObject({
      expected: 'one of "chiplet-dse-front/1", "chiplet-dse-front/2"',
      found: '"other/1"',
    });
    const goal = errorFor(
      'front.json',
      sampleFront(),
      (j) => ((j['objectives'] as Record<string, unknown>[])[0]!['goal'] = 'smallest'),
      readFrontFile,
    );
    expect(issueAt(goal.error, 'objectives[0].goal')).toBeDefined();
    const short = errorFor(
      'front.json',
      sampleFront(),
      (j) => ((j['points'] as Record<string, unknown>[])[0]!['objectives'] = [300]),
      readFrontFile,
    );
    expect(issueAt(short.error, 'points[0].objectives')?.expected).toMatch(/a list of 2 numbers/);
  });

  it('reports unparsable and absent files as InputErrors naming them', () => {
    const file = tmpFile('front.json');
    writeFileSync(file, '{"format": "chiplet-dse-front/1"');
    expect(() => readFrontFile(file)).toThrow(InputError);
    expect(() => readFrontFile(file)).toThrow(/front\.json: expected .* found invalid JSON/);
    expect(() => readFrontFile(`${file}.none`)).toThrow(/found no such file/);
  });
});

describe('summary.json', () => {
  it('round-trips a valid file byte for byte', () => {
    const file = tmpFile('summary.json');
    const summary = sampleSummary();
    writeSummaryFile(file, summary);
    const text = fileText(file);
    expect(text).toBe(JSON.stringify(summary, null, 2));
    const back = readSummaryFile(file);
    expect(back).toEqual(summary);
    writeSummaryFile(file, back);
    expect(fileText(file)).toBe(text);
  });

  it('reads back a hypervolume that was not computed (NaN is written as null)', () => {
    const file = tmpFile('summary.json');
    writeSummaryFile(file, {
      ...sampleSummary(),
      hypervolume: { value: Number.NaN, reference: [], objectives: [] },
    });
    expect(readSummaryFile(file).hypervolume.value).toBeNull();
  });

  it('names the file and field path of a wrong, missing or unknown field', () => {
    const wrong = errorFor(
      'summary.json',
      sampleSummary(),
      (j) => ((j['points'] as Record<string, unknown>)['evaluated'] = -1),
      readSummaryFile,
    );
    expect(issueAt(wrong.error, 'points.evaluated')).toMatchObject({ file: wrong.file, found: '-1' });
    const missing = errorFor(
      'summary.json',
      sampleSummary(),
      (j) => delete (j['failures'] as Record<string, unknown>[])[0]!['pluginId'],
      readSummaryFile,
    );
    expect(issueAt(missing.error, 'failures[0].pluginId')).toMatchObject({ found: 'nothing' });
    const unknown = errorFor('summary.json', sampleSummary(), (j) => (j['cpuS'] = 1), readSummaryFile);
    expect(issueAt(unknown.error, 'cpuS')).toBeDefined();
  });
});

describe('checkpoints', () => {
  it('round-trip a valid file byte for byte, as compact JSON', () => {
    const file = tmpFile('ckpt.json');
    const data = sampleCheckpoint();
    writeCheckpointFile(file, data);
    const text = fileText(file);
    expect(text).toBe(JSON.stringify(data));
    const back = readCheckpointFile(file);
    expect(back).toEqual(data);
    writeCheckpointFile(file, back);
    expect(fileText(file)).toBe(text);
  });

  it('refuse another version, a malformed range and a missing counter, naming file and field', () => {
    const version = errorFor('ckpt.json', sampleCheckpoint(), (j) => (j['version'] = 3), readCheckpointFile);
    expect(issueAt(version.error, 'version')).toMatchObject({ file: version.file, found: '3' });
    const range = errorFor(
      'ckpt.json',
      sampleCheckpoint(),
      (j) => ((j['done'] as unknown[])[1] = [20]),
      (f) =>
        readCheckpoint(f, {
          fingerprint: 'abc',
          totalPoints: 40,
          shard: { index: 0, count: 1, start: 0, end: 40 },
          objectives: 2,
        }),
    );
    expect(range.error.issues.some((i) => i.path.startsWith('done[1]'))).toBe(true);
    const counter = errorFor(
      'ckpt.json',
      sampleCheckpoint(),
      (j) => delete (j['counts'] as Record<string, unknown>)['failed'],
      readCheckpointFile,
    );
    expect(issueAt(counter.error, 'counts.failed')).toMatchObject({ found: 'nothing' });
  });
});

/**
 * The report's pure parts: labels and units, deterministic down-sampling, escaping, reading
 * sweep outputs, and the page built from hostile user text.
 */
import { InputError, type Metrics } from '@chiplet-dse/core';
import { metricPaths, type FrontFile, type SummaryData } from '@chiplet-dse/core/explore';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeHtml, inlineScript, scriptJson } from './html.js';
import { formatValue, metricLabel, metricUnit } from './labels.js';
import { axisName, buildReportModel, orderFront, wantsLogAxis } from './model.js';
import { renderReportPage } from './page.js';
import { parseCsvRecord, readPointsFile, readSweepDir } from './readSweep.js';
import { IndexSampler, pointHash, sampleIndices } from './sample.js';
import { writeReport } from './writeReport.js';

describe('metric labels', () => {
  it.each([
    ['cost.totalUsd', 'cost total (USD)'],
    ['cost.recurring.rawDiesUsd', 'cost recurring raw dies (USD)'],
    ['cost.nreUsd', 'cost NRE (USD)'],
    ['thermal.peakTempC', 'thermal peak temperature (°C)'],
    ['bandwidth.memoryGBps', 'bandwidth memory (GB/s)'],
    ['bandwidth.aggregateD2dGBps', 'bandwidth aggregate D2D (GB/s)'],
    ['bandwidth.energyPjPerBit', 'bandwidth energy (pJ/bit)'],
    ['bandwidth.ioPowerW', 'bandwidth I/O power (W)'],
    ['geometry.packageAreaMm2', 'geometry package area (mm²)'],
    ['geometry.packageWidthMm', 'geometry package width (mm)'],
    ['yields.compound', 'compound yield'],
  ])('%s -> %s', (path, label) => {
    expect(metricLabel(path)).toBe(label);
  });

  it('gives every metric path but the yields a unit', () => {
    for (const p of metricPaths) {
      if (p.startsWith('yields.')) expect(metricUnit(p), p).toBe('');
      else expect(metricUnit(p), p).not.toBe('');
    }
  });

  it('says when an axis is logarithmic, and picks log axes for wide positive ranges only', () => {
    expect(axisName('cost.totalUsd', true)).toBe('cost total (USD, log scale)');
    expect(axisName('yields.compound', true)).toBe('compound yield (log scale)');
    expect(wantsLogAxis([10, 5000])).toBe(true);
    expect(wantsLogAxis([10, 500])).toBe(false);
    expect(wantsLogAxis([0, 5000])).toBe(false);
  });

  it('formats values readably', () => {
    expect(formatValue(1234567.8)).toBe('1,234,568');
    expect(formatValue(99.456)).toBe('99.46');
    expect(formatValue(0.204378)).toBe('0.2044');
    expect(formatValue(Number.NaN)).toBe('–');
    expect(formatValue(null)).toBe('–');
  });
});

describe('down-sampling by point index', () => {
  const shuffled = (n: number, seed: number) => {
    const a = Array.from({ length: n }, (_, i) => i * 3 + 7);
    let s = seed;
    for (let i = a.length - 1; i > 0; i--) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      const j = s % (i + 1);
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a;
  };

  it('keeps the same points whatever the arrival order', () => {
    const a = sampleIndices(shuffled(50_000, 1), 1000);
    const b = sampleIndices(shuffled(50_000, 2), 1000);
    const sorted = sampleIndices(
      shuffled(50_000, 3).sort((x, y) => x - y),
      1000,
    );
    expect(a).toHaveLength(1000);
    expect(b).toEqual(a);
    expect(sorted).toEqual(a);
    expect([...a].sort((x, y) => x - y)).toEqual(a);
  });

  it('keeps everything under the limit, and counts a repeated point once', () => {
    expect(sampleIndices([5, 3, 9], 10)).toEqual([3, 5, 9]);
    expect(sampleIndices([5, 3, 5, 9, 3], 10)).toEqual([3, 5, 9]);
    const s = new IndexSampler<string>(2);
    for (const k of [4, 1, 4, 2, 3, 1]) s.add(k, `p${k}`);
    expect(s.result()).toHaveLength(2);
    expect(s.offered).toBe(6);
  });

  it('spreads over the index range and does not alias with grid strides', () => {
    const kept = sampleIndices(
      Array.from({ length: 100_000 }, (_, i) => i),
      2000,
    );
    const deciles = new Array<number>(10).fill(0);
    const mod4 = new Array<number>(4).fill(0);
    for (const k of kept) {
      deciles[Math.floor(k / 10_000)]!++;
      mod4[k % 4]!++;
    }
    for (const d of deciles) expect(d).toBeGreaterThan(140);
    for (const m of mod4) expect(m).toBeGreaterThan(400);
  });

  it('hashes indices beyond 32 bits differently', () => {
    expect(pointHash(5)).not.toBe(pointHash(5 + 2 ** 32));
    expect(pointHash(12345)).toBe(pointHash(12345));
  });
});

describe('escaping', () => {
  it('escapes text for HTML', () => {
    expect(escapeHtml('<script>alert("x") & \'y\'</script>')).toBe(
      '&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;',
    );
  });

  it('puts JSON into a script element that nothing can close, and reads back the same', () => {
    const value = { name: '</script><script>alert(1)</script><!--', s: '\u2028 & >' };
    const text = scriptJson(value);
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('breaks </script and <!-- in inlined script source without changing strings', () => {
    const src = 'var a = "</script><!--", b = /<\\/script>/;';
    const out = inlineScript(src);
    expect(out).not.toMatch(/<\/script|<!--/i);
    expect(new Function(`${out}; return a;`)()).toBe('</script><!--');
  });

  it('parses CSV records with quotes', () => {
    expect(parseCsvRecord('1,"a, ""b""",,x')).toEqual(['1', 'a, "b"', '', 'x']);
    expect(parseCsvRecord('"x"')).toEqual(['x']);
    expect(parseCsvRecord('')).toEqual(['']);
  });
});

// --- a synthetic sweep output ---------------------------------------------------------------

function metrics(cost: number, temp: number, dieYield: number): Metrics {
  const part = cost / 10;
  return {
    pluginId: 'mcm',
    pluginVersion: '0.1.0',
    cost: {
      totalUsd: cost,
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
      dies: [
        { id: 'tile#0', dieYield },
        { id: 'io#0', dieYield: 0.99 },
      ],
      carrier: 0.99,
      assembly: 0.98,
      package: 0.97,
      compound: dieYield * 0.97,
    },
    bandwidth: { links: [], aggregateD2dGBps: 100, memoryGBps: 0, energyPjPerBit: 0.5, ioPowerW: 1 },
    thermal: {
      dies: [
        { id: 'tile#0', powerW: 100, tempC: temp },
        { id: 'io#0', powerW: 10, tempC: temp - 5 },
      ],
      peakTempC: temp,
    },
    geometry: {
      packageAreaMm2: 1000,
      carrierAreaMm2: 1000,
      siliconAreaMm2: 600,
      packageWidthMm: 40,
      packageHeightMm: 25,
    },
    feasibility: { feasible: true, reasons: [] },
  };
}

const HOSTILE = '<script>alert("x")</script> & </script><!--';

function front(design = HOSTILE): FrontFile {
  return {
    format: 'chiplet-dse-front/1',
    design,
    fingerprint: 'f',
    objectives: [
      { metric: 'cost.totalUsd', goal: 'minimize' },
      { metric: 'thermal.peakTempC', goal: 'minimize' },
    ],
    parameters: ['tiles', 'label'],
    shard: { index: 0, count: 1 },
    points: [
      {
        pointIndex: 7,
        parameters: { tiles: '4', label: '<img src=x onerror=alert(1)>' },
        objectives: [300, 80],
        metrics: metrics(300, 80, 0.9),
      },
      {
        pointIndex: 2,
        parameters: { tiles: '1', label: 'a, "b"' },
        objectives: [200, 95],
        metrics: metrics(200, 95, 0.5),
      },
    ],
  };
}

function summary(): SummaryData {
  return {
    format: 'chiplet-dse-summary/1',
    design: HOSTILE,
    fingerprint: 'f',
    status: 'complete',
    message: '',
    strategy: { kind: 'grid' },
    shard: { index: 0, count: 1 },
    points: { total: 10, inShard: 10, evaluated: 10, feasible: 5, invalid: 2, failed: 1, infeasible: 2 },
    frontSize: 2,
    hypervolume: { value: 123.4, reference: [330, 96.5], objectives: ['cost.totalUsd', 'thermal.peakTempC'] },
    wallTimeS: 0.5,
    pointsPerSecond: 20,
    workers: 2,
    taskSize: 4,
    resumedFromCheckpoint: false,
    failures: [{ pointIndex: 9, pluginId: 'mcm', message: '<b>boom</b>' }],
  };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'dse-report-'));

describe('the report page', () => {
  it('escapes every piece of user text and keeps it readable in the data', () => {
    const html = renderReportPage(
      buildReportModel(front(), summary(), undefined, 100),
      '/* echarts */',
      'test',
    );
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>boom');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;/script&gt;&lt;!--');
    expect(html).toContain('&lt;b&gt;boom&lt;/b&gt;');
    // Exactly our three script elements, whatever the data holds.
    expect(html.match(/<script\b/g)).toHaveLength(3);
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    const json = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)![1]!;
    const data = JSON.parse(json) as { scatter: { parameters: { labels: string[] }[] } };
    expect(data.scatter.parameters[1]!.labels).toContain('<img src=x onerror=alert(1)>');
  });

  it('orders the front best-first on the first objective and builds one scatter per pair', () => {
    const f = front();
    expect(orderFront(f).map((p) => p.pointIndex)).toEqual([2, 7]);
    const model = buildReportModel(f, summary(), undefined, 100);
    expect(model.charts.scatter.map((c) => c.id)).toEqual(['chart-scatter-0-1']);
    expect(model.table.rows.map((r) => r[0]!.sort)).toEqual([2, 7]);
    expect(model.table.columns.map((c) => c.label)).toContain('cost total (USD) ↓');
  });
});

describe('reading sweep outputs', () => {
  it('names the file when front.json is missing or malformed', () => {
    const dir = tmp();
    expect(() => readSweepDir(dir)).toThrow(InputError);
    expect(() => readSweepDir(dir)).toThrow(join(dir, 'front.json'));
    writeFileSync(join(dir, 'front.json'), '{"format": "chiplet-dse-front/1", "design": "x"');
    expect(() => readSweepDir(dir)).toThrow(/front\.json: expected .* found invalid JSON/);
    writeFileSync(join(dir, 'front.json'), JSON.stringify({ ...front(), points: [{ pointIndex: 1 }] }));
    expect(() => readSweepDir(dir)).toThrow(/points\[0\]\.parameters/);
  });

  it('streams the feasible points of a CSV or NDJSON points file', async () => {
    const dir = tmp();
    const csv = join(dir, 'points.csv');
    writeFileSync(
      csv,
      'pointIndex,status,tiles,label,cost.totalUsd,thermal.peakTempC\n' +
        '3,feasible,2,"a, ""b""",250,90\n' +
        '4,invalid,2,x,,\n' +
        '5,infeasible,3,x,260,120\n' +
        '2,feasible,1,"multi\nline",200,95\n',
    );
    const s = await readPointsFile(csv, front(), 100);
    expect(s.rows).toBe(4);
    expect(s.feasible).toBe(2);
    expect(s.points.map((p) => p.pointIndex)).toEqual([2, 3]);
    expect(s.points[1]!.objectives).toEqual([250, 90]);
    expect(s.labels[1]![s.points[1]!.levels[1]!]).toBe('a, "b"');
    expect(s.labels[1]![s.points[0]!.levels[1]!]).toBe('multi\nline');

    const nd = join(dir, 'points.ndjson');
    writeFileSync(
      nd,
      '{"pointIndex":3,"status":"feasible","tiles":2,"label":"x","cost.totalUsd":250,"thermal.peakTempC":90}\n' +
        '{"pointIndex":4,"status":"invalid","tiles":2,"label":"x"}\n',
    );
    const n = await readPointsFile(nd, front(), 100);
    expect([n.rows, n.feasible, n.points[0]!.objectives]).toEqual([2, 1, [250, 90]]);

    writeFileSync(csv, 'index,what\n1,2\n');
    await expect(readPointsFile(csv, front(), 100)).rejects.toThrow(
      /points\.csv: header: expected pointIndex,status/,
    );
  });

  it('writes one self-contained file with the ECharts bundle and the sampled points', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out', 'front.json'), JSON.stringify(front('plain')));
    writeFileSync(join(dir, 'out', 'summary.json'), JSON.stringify(summary()));
    let csv = 'pointIndex,status,tiles,label,cost.totalUsd,thermal.peakTempC\n';
    for (let k = 0; k < 500; k++) csv += `${k},feasible,${k % 4},l${k % 3},${100 + k},${70 + (k % 30)}\n`;
    writeFileSync(join(dir, 'points.csv'), csv);
    const r = await writeReport({
      sweepDir: join(dir, 'out'),
      pointsFile: join(dir, 'points.csv'),
      outFile: join(dir, 'nested', 'report.html'),
      maxPoints: 100,
    });
    expect([r.frontSize, r.pointsShown, r.pointsFeasible]).toEqual([2, 100, 500]);
    const html = readFileSync(r.outFile, 'utf8');
    expect(r.bytes).toBe(Buffer.byteLength(html));
    expect(html).toContain('100 of 500 feasible designs shown');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/[^"'\s]*\.(js|css)\b/);
    expect(html).toMatch(/echarts/i);
  });
});

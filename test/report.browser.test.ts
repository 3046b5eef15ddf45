/**
 * The HTML report in a real browser: a small sweep (with a design name full of markup) is
 * reported, opened in headless Chromium (Debian's chromium package, driven by playwright-core)
 * with the network cut off, and checked: every chart drew SVG marks, axes carry their labels,
 * nothing was logged as an error or thrown, no script from the data ran, the front table sorts
 * when a header is clicked, and tooltips show a point's parameters.
 *
 * Without /usr/bin/chromium the tests are skipped outside CI and fail in CI (CI=true), where
 * .ci/run installs it. REPORT_SCREENSHOT=docs/report-screenshot.png regenerates the screenshot
 * of the accelerator example's report kept in the docs.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './helpers/runCli.js';

/** Debian's chromium package; CHROMIUM_PATH points elsewhere (e.g. to test the skip). */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const IN_CI = process.env['CI'] === 'true';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM && !IN_CI)
  console.warn(
    `report.browser.test.ts: skipped, ${CHROMIUM} not found (install it: apt-get install -y chromium)`,
  );

const SMALL = join(REPO_ROOT, 'test/fixtures/designs/sweep-small.yaml');
const HOSTILE_NAME = `<script>alert("pwned")</script> & </script><!-- <img src=x onerror=alert(2)>`;
const tmp = () => mkdtempSync(join(tmpdir(), 'dse-report-browser-'));

/** Evaluates an expression in the page (source text: the test program has no DOM types). */
const inPage = <T>(page: Page, expression: string): Promise<T> => page.evaluate<T>(expression);

interface ChartInfo {
  id: string;
  svgs: number;
  width: number;
  paths: number;
  texts: string[];
}

interface OpenedReport {
  context: BrowserContext;
  page: Page;
  /** Console errors and warnings, uncaught exceptions. */
  problems: string[];
  /** Requests for anything but file: URLs (all refused). */
  requests: string[];
  /** alert/confirm/prompt dialogs (a script from the data would open one). */
  dialogs: string[];
}

async function launch(width = 1400): Promise<{ context: BrowserContext; requests: string[] }> {
  const context = await chromium.launchPersistentContext(tmp(), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width, height: 900 },
  });
  const requests: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    requests.push(url);
    return route.abort();
  });
  return { context, requests };
}

async function openReport(
  file: string,
  opened?: { context: BrowserContext; requests: string[] },
): Promise<OpenedReport> {
  const { context, requests } = opened ?? (await launch());
  const page = await context.newPage();
  const problems: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`file://${file}`);
  await page.waitForSelector('html[data-report-ready="true"]', { timeout: 30_000 });
  return { context, page, problems, requests, dialogs };
}

describe.skipIf(!HAVE_CHROMIUM && !IN_CI)('HTML report in headless Chromium', () => {
  let dir: string;
  let report: string;
  let frontSize: number;
  let browser: OpenedReport;

  beforeAll(async () => {
    if (!HAVE_CHROMIUM)
      throw new Error(`${CHROMIUM} is missing: CI must install the chromium package (.ci/run)`);
    dir = tmp();
    const design = join(dir, 'hostile.yaml');
    writeFileSync(
      design,
      readFileSync(SMALL, 'utf8').replace(/^name: .*$/m, `name: '${HOSTILE_NAME.replace(/'/g, "''")}'`),
    );
    const points = join(dir, 'points.csv');
    report = join(dir, 'report.html');
    const sweep = runCli([
      'sweep',
      design,
      '--out',
      join(dir, 'out'),
      '--all-points',
      points,
      '--report',
      join(dir, 'from-sweep.html'),
      '--quiet',
    ]);
    expect(sweep.code, sweep.stderr).toBe(0);
    expect(sweep.stdout).toMatch(
      /Wrote .*from-sweep\.html \(\d+ KB: front of \d+ designs, \d+ of \d+ feasible points\)/,
    );
    const r = runCli(['report', join(dir, 'out'), '-o', report, '--points', points]);
    expect(r.code, r.stderr).toBe(0);
    // The same inputs make the same file, whichever command wrote it.
    expect(readFileSync(report, 'utf8')).toBe(readFileSync(join(dir, 'from-sweep.html'), 'utf8'));
    frontSize = (JSON.parse(readFileSync(join(dir, 'out', 'front.json'), 'utf8')) as { points: unknown[] })
      .points.length;
    expect(frontSize).toBeGreaterThan(1);
    browser = await openReport(report);
  }, 120_000);

  afterAll(async () => {
    await browser?.context.close();
  });

  it('draws every chart as SVG with marks and labelled axes', async () => {
    const charts = await inPage<ChartInfo[]>(
      browser.page,
      `[...document.querySelectorAll('.chart')].map((c) => ({
        id: c.id,
        svgs: c.querySelectorAll('svg').length,
        width: c.querySelector('svg')?.getBoundingClientRect().width ?? 0,
        paths: c.querySelectorAll('svg path').length,
        texts: [...c.querySelectorAll('svg text')].map((t) => t.textContent),
      }))`,
    );
    // Three objectives: three pairs, then cost, yields and temperatures.
    expect(charts.map((c) => c.id)).toEqual([
      'chart-scatter-0-1',
      'chart-scatter-0-2',
      'chart-scatter-1-2',
      'chart-cost',
      'chart-yields',
      'chart-temperatures',
    ]);
    for (const c of charts) {
      expect(c.svgs, c.id).toBe(1);
      expect(c.width, c.id).toBeGreaterThan(300);
      // Marks: at least one symbol or bar per front design, besides axis lines and legend icons.
      expect(c.paths, c.id).toBeGreaterThan(frontSize + 8);
    }
    const texts = (id: string) => charts.find((c) => c.id === id)!.texts.join('\n');
    const cost = /cost total \(USD(, log scale)?\)/;
    const temp = /thermal peak temperature \(°C(, log scale)?\)/;
    const yld = /compound yield/;
    expect(texts('chart-scatter-0-1')).toMatch(cost);
    expect(texts('chart-scatter-0-1')).toMatch(temp);
    expect(texts('chart-scatter-0-2')).toMatch(yld);
    expect(texts('chart-scatter-1-2')).toMatch(temp);
    expect(texts('chart-scatter-1-2')).toMatch(yld);
    for (const id of ['chart-scatter-0-1', 'chart-scatter-0-2', 'chart-scatter-1-2'])
      expect(texts(id)).toMatch(/feasible designs[\s\S]*Pareto front/);
    expect(texts('chart-cost')).toContain('cost per good unit (USD)');
    expect(texts('chart-cost')).toContain('front design (point index)');
    for (const part of [
      'raw dies',
      'defect loss',
      'carrier',
      'bonding & assembly',
      'wasted good dies',
      'NRE (amortised)',
    ])
      expect(texts('chart-cost')).toContain(part);
    expect(texts('chart-yields')).toContain('yield (fraction of units)');
    expect(texts('chart-yields')).toContain('lowest die yield');
    expect(texts('chart-temperatures')).toContain('die temperature (°C)');
  });

  it('logs no errors, fetches nothing and runs no script from the data', async () => {
    expect(browser.problems).toEqual([]);
    expect(browser.requests).toEqual([]);
    expect(browser.dialogs).toEqual([]);
    expect(await inPage<string>(browser.page, `document.getElementById('report-title').textContent`)).toBe(
      `Sweep report: ${HOSTILE_NAME}`,
    );
    expect(await inPage<number>(browser.page, `document.querySelectorAll('script').length`)).toBe(3);
    expect(await inPage<number>(browser.page, `document.querySelectorAll('img').length`)).toBe(0);
  });

  it('sorts the front table when a header is clicked', async () => {
    const { page } = browser;
    const column = (i: number) =>
      inPage<string[]>(
        page,
        `[...document.querySelectorAll('#front-table tbody tr')].map((r) => r.cells[${i}].dataset.sort)`,
      );
    const headers = await inPage<string[]>(
      page,
      `[...document.querySelectorAll('#front-table thead th')].map((th) => th.textContent)`,
    );
    const pointCol = headers.indexOf('point');
    const tempCol = headers.findIndex((h) => h.startsWith('thermal peak temperature'));
    expect(pointCol).toBe(0);
    expect(tempCol).toBeGreaterThan(0);
    const asc = (xs: string[]) => [...xs].map(Number).sort((a, b) => a - b);

    const before = (await column(pointCol)).map(Number);
    await page.locator('#front-table thead th').nth(pointCol).locator('button').click();
    const up = (await column(pointCol)).map(Number);
    expect(up).toEqual(asc(before.map(String)));
    expect(await page.locator('#front-table thead th').nth(pointCol).getAttribute('aria-sort')).toBe(
      'ascending',
    );
    await page.locator('#front-table thead th').nth(pointCol).locator('button').click();
    expect((await column(pointCol)).map(Number)).toEqual([...up].reverse());
    expect(await page.locator('#front-table thead th').nth(pointCol).getAttribute('aria-sort')).toBe(
      'descending',
    );

    await page.locator('#front-table thead th').nth(tempCol).locator('button').click();
    const temps = await column(tempCol);
    expect(temps.map(Number)).toEqual(asc(temps));
    expect(await page.locator('#front-table thead th').nth(pointCol).getAttribute('aria-sort')).toBeNull();
    // Rows move whole: each row's point still has its own temperature.
    expect(new Set(await column(pointCol))).toEqual(new Set(up.map(String)));
  });

  it("shows a front point's parameters in its tooltip", async () => {
    const { page } = browser;
    const at = await inPage<{ x: number; y: number }>(
      page,
      `(() => {
        const el = document.getElementById('chart-scatter-0-1');
        el.scrollIntoView({ block: 'center' });
        const chart = echarts.getInstanceByDom(el);
        const row = chart.getOption().dataset[1].source[0];
        const [x, y] = chart.convertToPixel({ seriesIndex: 1 }, [row[1], row[2]]);
        const box = el.getBoundingClientRect();
        return { x: box.left + x, y: box.top + y };
      })()`,
    );
    await page.mouse.move(at.x, at.y);
    const tip = page.locator('div', { hasText: /^point \d+ \(Pareto front\)/ }).last();
    await tip.waitFor({ state: 'visible', timeout: 10_000 });
    const text = await tip.innerText();
    expect(text).toMatch(/tiles = \d/);
    expect(text).toMatch(/node = n\d/);
    expect(text).toMatch(/cost total \(USD\): [\d,.]+/);
  });

  it('draws the front alone when no points file is given', async () => {
    const file = join(dir, 'front-only.html');
    const r = runCli(['report', join(dir, 'out'), '-o', file]);
    expect(r.code, r.stderr).toBe(0);
    const b = await openReport(file, browser);
    try {
      const charts = await inPage<{ id: string; paths: number; legend: string }[]>(
        b.page,
        `[...document.querySelectorAll('.chart')].map((c) => ({
          id: c.id,
          paths: c.querySelectorAll('svg path').length,
          legend: [...c.querySelectorAll('svg text')].map((t) => t.textContent).join('|'),
        }))`,
      );
      expect(charts).toHaveLength(6);
      for (const c of charts) expect(c.paths, c.id).toBeGreaterThan(frontSize);
      expect(charts[0]!.legend).toContain('Pareto front');
      expect(charts[0]!.legend).not.toContain('feasible designs');
      expect(b.problems).toEqual([]);
    } finally {
      await b.page.close();
    }
  });
});

describe('chiplet-dse report errors', () => {
  it('exits 2 naming front.json when the folder has none or it is malformed', () => {
    const dir = tmp();
    const missing = runCli(['report', dir, '-o', join(dir, 'r.html')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(join(dir, 'front.json'));
    writeFileSync(join(dir, 'front.json'), '{"format": "chiplet-dse-front/1",');
    const bad = runCli(['report', dir, '-o', join(dir, 'r.html')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /front\.json: expected a front\.json written by chiplet-dse sweep, found invalid JSON/,
    );
    expect(existsSync(join(dir, 'r.html'))).toBe(false);
  });
});

describe.skipIf(!HAVE_CHROMIUM || process.env['REPORT_SCREENSHOT'] === undefined)('docs screenshot', () => {
  it('writes the accelerator example report screenshot', async () => {
    const dir = tmp();
    const points = join(dir, 'points.csv');
    const sweep = runCli([
      'sweep',
      'examples/accelerator-sweep.yaml',
      '--out',
      dir,
      '--all-points',
      points,
      '--report',
      join(dir, 'report.html'),
      '--quiet',
    ]);
    expect(sweep.code, sweep.stderr).toBe(0);
    const b = await openReport(join(dir, 'report.html'));
    try {
      expect(b.problems).toEqual([]);
      await b.page.screenshot({
        path: resolve(REPO_ROOT, process.env['REPORT_SCREENSHOT']!),
        fullPage: true,
      });
    } finally {
      await b.context.close();
    }
  }, 120_000);
});

/**
 * The report page: one self-contained HTML document (styles, the ECharts bundle, the data and the
 * browser script all inline; nothing is fetched). Every piece of data put into HTML is escaped.
 */
import type { SummaryData } from '@chiplet-dse/core/explore';
import { CLIENT_SCRIPT } from './client.js';
import { escapeHtml as h, inlineScript, scriptJson } from './html.js';
import { formatValue, metricLabel } from './labels.js';
import type { ChartSpec, ReportModel } from './model.js';
import { plural } from '../format/plural.js';

const STYLE = `
:root { color-scheme: light; --ink: #1f2933; --muted: #616e7c; --line: #d9e2ec; --accent: #d62728; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #f5f7fa; }
header { background: #102a43; color: #fff; padding: 18px 28px; }
header h1 { margin: 0; font-size: 22px; font-weight: 600; }
header p { margin: 4px 0 0; color: #bcccdc; }
main { padding: 8px 28px 40px; max-width: 1600px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 14px 18px; margin: 16px 0; }
h2 { font-size: 17px; margin: 0 0 10px; }
p.note { color: var(--muted); margin: 4px 0 10px; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin-bottom: 10px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; min-width: 130px; }
.card .v { font-size: 18px; font-weight: 600; }
.card .k { color: var(--muted); font-size: 12px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(600px, 1fr)); gap: 12px; }
.chart { width: 100%; height: 440px; }
.chart.wide { height: 460px; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: right; white-space: nowrap; }
th { background: #f0f4f8; position: sticky; top: 0; vertical-align: bottom; }
td.text, th.text { text-align: left; }
.scroll { overflow: auto; max-height: 640px; border: 1px solid var(--line); }
th button { all: unset; cursor: pointer; font-weight: 600; }
th button::after { content: " ⇅"; color: #9fb3c8; }
th[aria-sort="ascending"] button::after { content: " ▲"; color: var(--accent); }
th[aria-sort="descending"] button::after { content: " ▼"; color: var(--accent); }
tbody tr:hover { background: #fff8e1; }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
dl.kv dt { color: var(--muted); }
dl.kv dd { margin: 0; }
.bad { color: var(--accent); }
`;

const int = (x: number | undefined) => (x === undefined ? '–' : x.toLocaleString('en-US'));

function card(value: string, key: string): string {
  return `<div class="card"><div class="v">${h(value)}</div><div class="k">${h(key)}</div></div>`;
}

function describeStrategy(strategy: unknown): string {
  if (strategy === null || typeof strategy !== 'object') return String(strategy ?? '–');
  return Object.entries(strategy as Record<string, unknown>)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) =>
      k === 'kind' ? String(v) : `${k} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`,
    )
    .join(', ');
}

function summarySection(model: ReportModel): string {
  const s: SummaryData | undefined = model.summary;
  if (s === undefined)
    return `<section id="summary"><h2>Summary</h2><p class="note">No summary.json beside front.json: front of ${int(model.front.points.length)} ${plural(model.front.points.length, 'design')}.</p></section>`;
  const p = s.points;
  const hv = s.hypervolume;
  const hvText = hv.value === null || !Number.isFinite(hv.value) ? 'not computed' : formatValue(hv.value);
  const cards = [
    card(s.status, 'status'),
    card(int(p.evaluated), `${plural(p.evaluated, 'point')} evaluated of ${int(p.inShard)}`),
    card(int(p.feasible), 'feasible'),
    card(int(p.infeasible), 'infeasible (constraints)'),
    card(int(p.invalid), 'not buildable'),
    card(int(p.failed), 'failed'),
    card(int(s.frontSize), `${plural(s.frontSize, 'design')} on the front`),
    card(hvText, 'hypervolume'),
    card(`${formatValue(s.wallTimeS)} s`, 'wall time'),
    card(`${int(Math.round(s.pointsPerSecond))}`, 'points per second'),
  ].join('');
  const ref = hv.objectives
    .map((o, j) => `${metricLabel(o)} ${formatValue(hv.reference[j] ?? Number.NaN)}`)
    .join('; ');
  const kv: [string, string][] = [
    ['design', s.design],
    ['strategy', describeStrategy(s.strategy)],
    ['points in the space', int(p.total)],
    ['shard', s.shard.count > 1 ? `${s.shard.index} of ${s.shard.count}` : 'whole space'],
    [
      'workers, task size',
      `${s.workers} ${plural(s.workers, 'worker')}, ${int(s.taskSize)} ${plural(s.taskSize, 'point')} per task`,
    ],
    ['hypervolume reference', ref === '' ? '–' : ref],
    ['resumed from a checkpoint', s.resumedFromCheckpoint ? 'yes' : 'no'],
    ['fingerprint', s.fingerprint],
  ];
  if (s.message !== '') kv.push(['message', s.message]);
  let failures = '';
  if (s.failures.length > 0)
    failures =
      `<h3 class="bad">Failures (${int(p.failed)}${p.failed > s.failures.length ? `, first ${s.failures.length} listed` : ''})</h3>` +
      `<div class="scroll"><table><thead><tr><th>point</th><th class="text">plugin</th><th class="text">message</th></tr></thead><tbody>` +
      s.failures
        .map(
          (f) =>
            `<tr><td>${h(f.pointIndex)}</td><td class="text">${h(f.pluginId)}</td><td class="text">${h(f.message)}</td></tr>`,
        )
        .join('') +
      `</tbody></table></div>`;
  return (
    `<section id="summary"><h2>Summary</h2><div class="cards">${cards}</div>` +
    `<dl class="kv">${kv.map(([k, v]) => `<dt>${h(k)}</dt><dd>${h(v)}</dd>`).join('')}</dl>${failures}</section>`
  );
}

const chartDiv = (c: ChartSpec, wide = false) =>
  `<div class="chart${wide ? ' wide' : ''}" id="${h(c.id)}" role="img" aria-label="${h(String((c.option.title as { text?: string } | undefined)?.text ?? 'chart'))}"></div>`;

function scatterSection(model: ReportModel): string {
  const { sample } = model;
  const m = model.scatter.objectives.length;
  let note: string;
  if (!sample.fromPointsFile)
    note = `The front only (${int(model.front.points.length)} ${plural(model.front.points.length, 'design')}): give the sweep's --all-points file (report --points FILE) to see every feasible design around it.`;
  else if (sample.shown < sample.feasible)
    note = `${int(sample.shown)} of ${int(sample.feasible)} feasible designs shown (chosen by a hash of the point index, the same every time), the ${int(model.front.points.length)} front ${plural(model.front.points.length, 'design')} in red.`;
  else
    note = `All ${int(sample.feasible)} feasible ${plural(sample.feasible, 'design')} in grey, the ${int(model.front.points.length)} front ${plural(model.front.points.length, 'design')} in red.`;
  if (m < 2)
    return `<section id="objectives"><h2>Objectives</h2><p class="note">One objective: no pairs to plot.</p></section>`;
  return (
    `<section id="objectives"><h2>Objective pairs</h2><p class="note">${h(note)} Two-dimensional views of a ${m}-objective front: a front design can look dominated in one view.</p>` +
    `<div class="grid">${model.charts.scatter.map((c) => chartDiv(c)).join('')}</div></section>`
  );
}

function tableSection(model: ReportModel): string {
  const { columns, rows } = model.table;
  const head = columns
    .map(
      (c) =>
        `<th scope="col" class="${c.numeric ? 'num' : 'text'}" data-numeric="${c.numeric}" title="${h(c.title)}"><button type="button">${h(c.label)}</button></th>`,
    )
    .join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${r
          .map(
            (cell, i) =>
              `<td class="${columns[i]?.numeric === true ? 'num' : 'text'}" data-sort="${h(cell.sort)}"${cell.title === undefined ? '' : ` title="${h(cell.title)}"`}>${h(cell.text)}</td>`,
          )
          .join('')}</tr>`,
    )
    .join('');
  return (
    `<section id="front"><h2>Pareto front: ${int(rows.length)} ${plural(rows.length, 'design')}</h2><p class="note">Click a column header to sort; ↓ minimised, ↑ maximised objective.</p>` +
    `<div class="scroll"><table class="sortable" id="front-table"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div></section>`
  );
}

function breakdownSection(model: ReportModel): string {
  return (
    `<section id="cost"><h2>Cost breakdown of the front designs</h2><p class="note">Per good unit: the eight recurring parts stacked, amortised NRE on top (hatched). Designs in table order.</p>` +
    `${chartDiv(model.charts.cost, true)}</section>` +
    `<section id="yields-thermal"><h2>Yields and die temperatures</h2><div class="grid">${chartDiv(model.charts.yields)}${chartDiv(model.charts.temperatures)}</div></section>`
  );
}

/** The whole document. `echartsSource` is the ECharts browser bundle, inlined as is. */
export function renderReportPage(model: ReportModel, echartsSource: string, generator: string): string {
  const charts = [...model.charts.scatter, model.charts.cost, model.charts.yields, model.charts.temperatures];
  const data = {
    scatter: model.scatter,
    charts: model.scatter.objectives.length < 2 ? charts.filter((c) => c.dataset !== 'scatter') : charts,
  };
  const objectives = model.front.objectives.map((o) => `${o.goal} ${metricLabel(o.metric)}`).join(', ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${h(generator)}">
<title>${h(`Sweep report: ${model.design}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1 id="report-title">Sweep report: ${h(model.design)}</h1><p>${h(objectives)}</p></header>
<main>
${summarySection(model)}
${scatterSection(model)}
${tableSection(model)}
${breakdownSection(model)}
<p class="note">Made by ${h(generator)}. Charts: Apache ECharts (SVG renderer), inlined; this file needs no network.</p>
</main>
<script type="application/json" id="report-data">${scriptJson(data)}</script>
<script>${inlineScript(echartsSource)}</script>
<script>${inlineScript(CLIENT_SCRIPT)}</script>
</body>
</html>
`;
}

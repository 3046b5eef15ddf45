/**
 * The report's browser script, as source text inlined into the page after the ECharts bundle.
 * Plain ES2017 that needs nothing but `echarts` and the JSON in #report-data: it draws every
 * chart with the SVG renderer, gives the scatter and die charts their tooltips (escaping every
 * value), and makes tables with class "sortable" sort when a header is clicked.
 * When done it sets data-report-ready="true" on <html> (the browser test waits for it).
 */
export const CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) { return ESC[c]; });
  }
  function fmt(x) {
    if (typeof x !== 'number' || !isFinite(x)) return '–';
    var a = Math.abs(x);
    if (a !== 0 && (a >= 1e12 || a < 1e-4)) return x.toExponential(3);
    var d = a >= 1000 ? 0 : a >= 100 ? 1 : a >= 10 ? 2 : a >= 1 ? 3 : 4;
    return x.toLocaleString('en-US', { maximumFractionDigits: d });
  }
  var sc = data.scatter;
  var nObj = sc.objectives.length;
  var formatters = {
    point: function (p) {
      var row = p.data;
      var html = '<b>point ' + esc(row[0]) + '</b>' + (p.seriesName === 'Pareto front' ? ' (Pareto front)' : '');
      sc.parameters.forEach(function (par, j) {
        html += '<br>' + esc(par.name) + ' = ' + esc(par.labels[row[1 + nObj + j]]);
      });
      sc.objectives.forEach(function (o, j) {
        html += '<br>' + esc(o.label) + ': <b>' + esc(fmt(row[1 + j])) + '</b>';
      });
      return html;
    },
    die: function (p) {
      var v = p.value;
      return '<b>' + esc(v[2]) + '</b> of design ' + esc(v[0]) + '<br>' + esc(fmt(v[1])) + ' °C at ' + esc(fmt(v[3])) + ' W';
    },
  };
  var charts = [];
  data.charts.forEach(function (spec) {
    var el = document.getElementById(spec.id);
    var option = spec.option;
    if (option.tooltip && typeof option.tooltip.formatter === 'string' && option.tooltip.formatter.charAt(0) === '@')
      option.tooltip.formatter = formatters[option.tooltip.formatter.slice(1)];
    if (spec.dataset === 'scatter') option.dataset = [{ source: sc.points }, { source: sc.front }];
    var chart = echarts.init(el, null, { renderer: 'svg' });
    chart.setOption(option);
    charts.push(chart);
  });
  window.addEventListener('resize', function () {
    charts.forEach(function (c) { c.resize(); });
  });

  function sortTable(table, col, numeric, dir) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (r, i) { if (r.dataset.order === undefined) r.dataset.order = String(i); });
    rows.sort(function (a, b) {
      var x = a.cells[col].dataset.sort, y = b.cells[col].dataset.sort, c;
      if (numeric) c = Number(x) - Number(y);
      else c = x.localeCompare(y, 'en', { numeric: true });
      return dir * c || Number(a.dataset.order) - Number(b.dataset.order);
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      var button = th.querySelector('button');
      if (!button) return;
      button.addEventListener('click', function () {
        var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
        sortTable(table, col, th.dataset.numeric === 'true', dir);
      });
    });
  });
  document.documentElement.setAttribute('data-report-ready', 'true');
})();
`;

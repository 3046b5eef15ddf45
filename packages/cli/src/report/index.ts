export {
  writeReport,
  DEFAULT_MAX_POINTS,
  type WriteReportOptions,
  type WriteReportResult,
} from './writeReport.js';
export { metricLabel, metricUnit, metricName, formatValue } from './labels.js';
export { escapeHtml, scriptJson, inlineScript } from './html.js';
export { IndexSampler, pointHash, sampleIndices } from './sample.js';

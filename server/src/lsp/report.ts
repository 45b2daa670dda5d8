import type { FileAnalysis } from '../engine/check';
import type { Config } from '../engine/config/config';
import type { ReadinessReport } from '../engine/report/model';
import { buildReport } from '../engine/report/model';
import { formatHtml, formatJson, formatMarkdown, formatSarif } from '../engine/report/formatters';
import type { Finding } from '../engine/types';
import type { ExportFormat, FileSummaryResult } from '../protocol';
import { VERSION } from '../version';

/** The report of some files, as the webview, the status bar and the export command ask for it. */
export function reportOf(files: readonly FileAnalysis[], findings: ReadonlyMap<string, readonly Finding[]>, config: Config, baseUri?: string): ReadinessReport {
  return buildReport(files, findings, config, { baseUri, toolVersion: VERSION });
}

export function exportReport(report: ReadinessReport, format: ExportFormat): string {
  switch (format) {
    case 'markdown':
      return formatMarkdown(report);
    case 'html':
      return formatHtml(report);
    case 'sarif':
      return formatSarif(report);
    case 'json':
      return formatJson(report, { pretty: true });
  }
}

export function fileSummary(report: ReadinessReport): FileSummaryResult {
  const units = report.files.reduce((n, f) => n + f.units.length, 0);
  return {
    isManifest: units > 0,
    score: report.score.overall,
    counts: { error: report.counts.error, warning: report.counts.warning, info: report.counts.info },
    areas: report.score.areas.map((a) => ({ area: String(a.area), score: a.score })),
  };
}

import type { ReadinessReport } from '../model';

/** The report as JSON (shape: `ReadinessReport` in ../model.ts, versioned by `schemaVersion`). */
export function formatJson(report: ReadinessReport, options: { pretty?: boolean } = {}): string {
  return `${JSON.stringify(report, null, options.pretty === false ? undefined : 2)}\n`;
}

import type { ReadinessReport, ReportFinding, SeverityCounts } from '../model';
import { findingIndex } from '../model';

export interface TextOptions {
  /** ANSI colours (the CLI asks for them on a terminal, never when piped). */
  color?: boolean;
  /** Print the readiness score in the summary line (default true). */
  score?: boolean;
  /** A note appended to the summary (e.g. that warnings were hidden). */
  note?: string;
}

const ANSI = { red: 31, yellow: 33, blue: 34, green: 32, dim: 2, bold: 1, underline: 4 } as const;

function paint(on: boolean | undefined, code: keyof typeof ANSI, s: string): string {
  return on ? `\u001b[${ANSI[code]}m${s}\u001b[0m` : s;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Strips control characters (terminal escape sequences in a manifest's values never reach the terminal). */
function safe(s: string): string {
  // Tested first: a run prints a line per finding, and nearly every text is clean.
  // eslint-disable-next-line no-control-regex
  if (!/[\u0000-\u001f\u007f-\u009f]/.test(s)) return s;
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\ufffd').replace(/\r?\n/g, ' ');
}

export function summaryLine(counts: SeverityCounts, files: number, filesWithProblems: number): string {
  if (counts.total === 0) return `${plural(files, 'file')} checked: no problems`;
  return `${plural(counts.total, 'problem')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info) in ${filesWithProblems} of ${plural(files, 'file')}`;
}

/**
 * Human-readable findings, grouped by file:
 *
 * ```
 * examples/half-finished.modelready.yaml
 *    7:7   warning  No runbook is linked. ...  monitoring/runbook
 *
 * 7 problems (0 errors, 7 warnings, 0 info) in 1 of 2 files · readiness 62/100
 * ```
 */
export function formatText(report: ReadinessReport, options: TextOptions = {}): string {
  const c = options.color;
  const byId = findingIndex(report);
  const out: string[] = [];
  for (const file of report.files) {
    const list = file.findings.map((id) => byId.get(id)).filter((f): f is ReportFinding => !!f);
    if (list.length === 0) continue;
    out.push(paint(c, 'underline', safe(file.path)));
    const posWidth = Math.max(...list.map((f) => `${f.line}:${f.column}`.length));
    for (const f of list) {
      const pos = `${f.line}:${f.column}`.padEnd(posWidth);
      const sev = f.severity.padEnd(7);
      const coloured = f.severity === 'error' ? paint(c, 'red', sev) : f.severity === 'warning' ? paint(c, 'yellow', sev) : paint(c, 'blue', sev);
      out.push(`  ${paint(c, 'dim', pos)}  ${coloured}  ${safe(f.message)}  ${paint(c, 'dim', f.ruleId)}`);
    }
    out.push('');
  }
  const withProblems = report.files.filter((f) => f.counts.total > 0).length;
  let summary = summaryLine(report.counts, report.files.length, withProblems);
  if (options.score !== false && report.score.overall !== null) summary += ` · readiness ${report.score.overall}/100 (${report.profile})`;
  if (options.note) summary += ` · ${options.note}`;
  const colour = report.counts.error > 0 ? 'red' : report.counts.warning > 0 ? 'yellow' : 'green';
  out.push(paint(c, 'bold', paint(c, colour, summary)));
  return `${out.join('\n')}\n`;
}

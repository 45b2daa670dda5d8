import type { ReadinessReport } from '../model';

/** Message data of a workflow command: `%`, CR and LF escaped. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command property value: also `:` and `,`. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

/**
 * GitHub Actions workflow commands, one per finding, which the runner turns into annotations on the diff:
 * `::error file=path,line=7,col=3,endLine=7,endColumn=9,title=rule-id::message`.
 */
export function formatGithub(report: ReadinessReport): string {
  const lines = report.findings.map((f) => {
    const props = [
      `file=${escapeProperty(f.path)}`,
      `line=${f.line}`,
      `col=${f.column}`,
      `endLine=${f.endLine}`,
      `endColumn=${f.endColumn}`,
      `title=${escapeProperty(f.ruleId)}`,
    ].join(',');
    return `::${COMMAND[f.severity]} ${props}::${escapeData(`${f.message} (${f.docsUrl})`)}`;
  });
  return lines.length ? `${lines.join('\n')}\n` : '';
}

import type { ReadinessReport, ReportFinding } from '../model';
import { findingIndex } from '../model';
import { escapeXml } from './escape';

/**
 * JUnit XML as CI servers read it: one `<testsuite>` per file, one `<testcase>` per finding (a `<failure>` for
 * errors and warnings; info findings pass and carry their message in `<system-out>`). A file without findings
 * gets one passing test case, so every checked file shows up.
 */
export function formatJunit(report: ReadinessReport): string {
  const byId = findingIndex(report);
  const a = escapeXml;
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const file of report.files) {
    const list = file.findings.map((id) => byId.get(id)).filter((f): f is ReportFinding => !!f);
    const cases: string[] = [];
    let fileFailures = 0;
    for (const f of list) {
      const name = `${f.ruleId} ${f.line}:${f.column}`;
      const head = `    <testcase name="${a(name)}" classname="${a(file.path)}" file="${a(file.path)}" line="${f.line}">`;
      if (f.severity === 'info') {
        cases.push(`${head}\n      <system-out>${a(`${f.message} (${f.docsUrl})`)}</system-out>\n    </testcase>`);
        continue;
      }
      fileFailures++;
      const body = `${f.path}:${f.line}:${f.column} ${f.severity} ${f.ruleId}\n${f.message}\n${f.docsUrl}`;
      cases.push(`${head}\n      <failure message="${a(f.message)}" type="${a(f.severity)}">${a(body)}</failure>\n    </testcase>`);
    }
    if (cases.length === 0) cases.push(`    <testcase name="modelready" classname="${a(file.path)}" file="${a(file.path)}"/>`);
    tests += cases.length;
    failures += fileFailures;
    suites.push(
      `  <testsuite name="${a(file.path)}" tests="${cases.length}" failures="${fileFailures}" errors="0" skipped="0" timestamp="${a(report.generatedAt.replace(/Z$/, ''))}">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="modelready" tests="${tests}" failures="${failures}" errors="0">\n${suites.join('\n')}${suites.length ? '\n' : ''}</testsuites>\n`;
}

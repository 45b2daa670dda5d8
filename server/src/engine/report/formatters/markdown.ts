import type { ReadinessReport, ReportFinding } from '../model';
import { findingIndex } from '../model';
import { escapeMarkdown as md, markdownCode } from './escape';
import { AREA_TITLES, scoreBar, scoreLabel } from './shared';

/** The readiness report as Markdown (for pull requests, wikis, job summaries). Every manifest string is escaped. */
export function formatMarkdown(report: ReadinessReport): string {
  const byId = findingIndex(report);
  const out: string[] = [];
  const overall = report.score.overall;
  out.push('# ModelReady readiness report', '');
  out.push(`**Readiness: ${overall === null ? 'n/a' : `${overall}/100`}** (${scoreLabel(overall)}) · profile \`${report.profile}\` · ${report.files.length} file(s) · ${report.counts.error} error(s), ${report.counts.warning} warning(s), ${report.counts.info} info`);
  out.push('', `_Generated ${markdownCode(report.generatedAt)} by ${md(report.tool.name)} ${markdownCode(report.tool.version)}._`, '');
  if (report.baseline) {
    const { suppressed, stale, file } = report.baseline;
    out.push(`Baseline ${markdownCode(file)}: ${suppressed} accepted finding(s) hidden${stale.length ? `, ${stale.length} stale entr${stale.length === 1 ? 'y' : 'ies'} (fixed: prune with \`--write-baseline\`)` : ''}.`, '');
  }

  if (report.score.areas.length > 0) {
    out.push('## Scores by area', '', '| area | score | | checks passed | weight passed |', '| --- | ---: | --- | ---: | ---: |');
    for (const a of report.score.areas) {
      out.push(`| ${md(AREA_TITLES[a.area] ?? a.area)} | ${a.score} | \`${scoreBar(a.score)}\` | ${a.checks - a.failedChecks}/${a.checks} | ${a.applicableWeight - a.failedWeight}/${a.applicableWeight} |`);
    }
    out.push('', 'Score per area: the share of applicable checks that pass, weighted by severity (error 3, warning 2, info 1); overall: the mean of the areas.', '');
  }

  out.push('## Files', '');
  if (report.files.length === 0) out.push('No files.', '');
  else {
    out.push('| file | deployments | errors | warnings | info |', '| --- | --- | ---: | ---: | ---: |');
    for (const f of report.files) {
      const units = f.units.map((u) => `${md(u.name)} (${md(u.kind)}, ${md(u.format)})`).join(', ') || '—';
      out.push(`| ${markdownCode(f.path)} | ${units} | ${f.counts.error} | ${f.counts.warning} | ${f.counts.info} |`);
    }
    out.push('');
  }

  out.push('## Findings', '');
  if (report.groups.length === 0) out.push('No findings.', '');
  for (const g of report.groups) {
    out.push(`### ${md(AREA_TITLES[g.area] ?? g.area)} (${g.counts.total})`, '');
    for (const r of g.rules) {
      out.push(`#### [${md(r.ruleId)}](${r.docsUrl}) — ${r.severity}`, '', md(r.description), '');
      for (const id of r.findings) {
        const f: ReportFinding | undefined = byId.get(id);
        if (!f) continue;
        out.push(`- ${markdownCode(`${f.path}:${f.line}:${f.column}`)} ${md(f.message)}${f.fixable ? ' _(fixable)_' : ''}`);
      }
      out.push('');
    }
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

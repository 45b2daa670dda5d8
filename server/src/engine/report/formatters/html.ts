import type { ReadinessReport, ReportFinding } from '../model';
import { findingIndex } from '../model';
import { escapeHtml as h } from './escape';
import { AREA_TITLES, scoreLabel } from './shared';

const CSS = `
:root{color-scheme:light dark;--fg:#1f2328;--muted:#59636e;--bg:#fff;--line:#d1d9e0;--err:#cf222e;--warn:#9a6700;--info:#0969da;--ok:#1a7f37}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--line:#3d444d;--err:#f85149;--warn:#d29922;--info:#4493f8;--ok:#3fb950}}
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg);max-width:1100px;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{border-bottom:1px solid var(--line);padding-bottom:.25rem;margin-top:2rem}
.muted{color:var(--muted)}.overall{font-size:2.5rem;font-weight:700}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
td.num,th.num{text-align:right}code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;word-break:break-all}
.sev{display:inline-block;min-width:4.5em;font-weight:600}.error{color:var(--err)}.warning{color:var(--warn)}.info{color:var(--info)}
details{margin:.4rem 0}summary{cursor:pointer}ul.findings{margin:.3rem 0 .8rem;padding-left:1.2rem}
svg text{fill:var(--fg);font:12px system-ui,sans-serif}
`;

function colour(score: number): string {
  return score >= 90 ? 'var(--ok)' : score >= 70 ? 'var(--info)' : score >= 40 ? 'var(--warn)' : 'var(--err)';
}

function chart(report: ReadinessReport): string {
  const areas = report.score.areas;
  if (areas.length === 0) return '';
  const row = 26;
  const label = 190;
  const width = 700;
  const barMax = width - label - 50;
  const bars = areas
    .map((a, i) => {
      const y = i * row;
      const w = Math.round((barMax * a.score) / 100);
      const title = AREA_TITLES[a.area] ?? a.area;
      return (
        `<text x="0" y="${y + 17}">${h(title)}</text>` +
        `<rect x="${label}" y="${y + 5}" width="${barMax}" height="16" rx="3" fill="var(--line)"/>` +
        `<rect x="${label}" y="${y + 5}" width="${w}" height="16" rx="3" fill="${colour(a.score)}"><title>${h(`${title}: ${a.score}/100`)}</title></rect>` +
        `<text x="${label + barMax + 8}" y="${y + 17}">${a.score}</text>`
      );
    })
    .join('');
  return `<svg role="img" aria-label="Readiness score by area" width="100%" viewBox="0 0 ${width} ${areas.length * row + 4}" xmlns="http://www.w3.org/2000/svg">${bars}</svg>`;
}

function finding(f: ReportFinding): string {
  return `<li><span class="sev ${f.severity}">${h(f.severity)}</span> <code>${h(`${f.path}:${f.line}:${f.column}`)}</code> ${h(f.message)}${f.fixable ? ' <span class="muted">(fixable)</span>' : ''}</li>`;
}

/**
 * The readiness report as one self-contained HTML page: inline CSS, an inline SVG bar chart of the area scores,
 * no scripts, no external resources (a Content-Security-Policy says so), every string escaped.
 */
export function formatHtml(report: ReadinessReport): string {
  const byId = findingIndex(report);
  const overall = report.score.overall;
  const parts: string[] = [];
  parts.push(
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>ModelReady readiness report</title>',
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<h1>ModelReady readiness report</h1>',
    `<p class="muted">Profile <code>${h(report.profile)}</code> · ${report.files.length} file(s) · generated ${h(report.generatedAt)} by ${h(report.tool.name)} ${h(report.tool.version)}</p>`,
    `<p><span class="overall" style="color:${overall === null ? 'var(--muted)' : colour(overall)}">${overall === null ? 'n/a' : `${overall}/100`}</span> ${h(scoreLabel(overall))} · <span class="error">${report.counts.error} error(s)</span>, <span class="warning">${report.counts.warning} warning(s)</span>, <span class="info">${report.counts.info} info</span></p>`,
  );
  if (report.score.areas.length > 0) {
    parts.push('<h2>Scores by area</h2>', chart(report));
    parts.push('<table><thead><tr><th>area</th><th class="num">score</th><th class="num">checks passed</th><th class="num">weight passed</th><th>failing rules</th></tr></thead><tbody>');
    for (const a of report.score.areas) {
      const failing = a.rules.filter((r) => !r.passed).map((r) => `<a href="${h(r.docsUrl)}"><code>${h(r.id)}</code></a>`).join(' ') || '—';
      parts.push(`<tr><td>${h(AREA_TITLES[a.area] ?? a.area)}</td><td class="num">${a.score}</td><td class="num">${a.checks - a.failedChecks}/${a.checks}</td><td class="num">${a.applicableWeight - a.failedWeight}/${a.applicableWeight}</td><td>${failing}</td></tr>`);
    }
    parts.push('</tbody></table>', '<p class="muted">Score per area: the share of applicable checks that pass, weighted by severity (error 3, warning 2, info 1); overall: the mean of the areas.</p>');
  }
  parts.push('<h2>Files</h2>');
  if (report.files.length === 0) parts.push('<p>No files.</p>');
  else {
    parts.push('<table><thead><tr><th>file</th><th>deployments</th><th class="num">errors</th><th class="num">warnings</th><th class="num">info</th></tr></thead><tbody>');
    for (const f of report.files) {
      const units = f.units.map((u) => `${h(u.name)} <span class="muted">(${h(u.kind)}, ${h(u.format)})</span>`).join('<br>') || '—';
      parts.push(`<tr><td><code>${h(f.path)}</code></td><td>${units}</td><td class="num">${f.counts.error}</td><td class="num">${f.counts.warning}</td><td class="num">${f.counts.info}</td></tr>`);
    }
    parts.push('</tbody></table>');
  }
  parts.push('<h2>Findings</h2>');
  if (report.groups.length === 0) parts.push('<p>No findings.</p>');
  for (const g of report.groups) {
    parts.push(`<h3>${h(AREA_TITLES[g.area] ?? g.area)} <span class="muted">(${g.counts.total})</span></h3>`);
    for (const r of g.rules) {
      const items = r.findings.map((id) => byId.get(id)).filter((f): f is ReportFinding => !!f).map(finding).join('');
      parts.push(
        `<details open><summary><span class="sev ${r.severity}">${h(r.severity)}</span> <a href="${h(r.docsUrl)}"><code>${h(r.ruleId)}</code></a> ${h(r.description)} <span class="muted">(${r.findings.length})</span></summary><ul class="findings">${items}</ul></details>`,
      );
    }
  }
  parts.push('</body>', '</html>');
  return `${parts.join('\n')}\n`;
}

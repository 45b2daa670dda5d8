/**
 * The readiness report webview. Runs in the webview (browser), renders the report the extension posts,
 * and never uses innerHTML for anything that came from a manifest: every string goes through textContent.
 */
import type { ReadinessReport, ReportFinding } from '../../../server/src/engine/report/model';
import type { FromWebview, ToWebview } from './protocol';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;

type Child = Node | string | null | undefined | false;

function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';
function s(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

function scoreClass(score: number | null): string {
  if (score === null) return 'none';
  return score >= 90 ? 'good' : score >= 70 ? 'fair' : 'poor';
}

/** The overall score as a ring, with the number in the middle. */
function ring(score: number | null): SVGElement {
  const svg = s('svg', { viewBox: '0 0 120 120', width: 120, height: 120, role: 'img', 'aria-label': `Overall readiness ${score ?? 'not applicable'}` });
  const r = 52;
  const c = 2 * Math.PI * r;
  svg.append(s('circle', { cx: 60, cy: 60, r, class: 'ring-track', fill: 'none', 'stroke-width': 12 }));
  svg.append(
    s('circle', { cx: 60, cy: 60, r, class: `ring-value ${scoreClass(score)}`, fill: 'none', 'stroke-width': 12, 'stroke-dasharray': `${((score ?? 0) / 100) * c} ${c}`, transform: 'rotate(-90 60 60)' }),
  );
  svg.append(s('text', { x: 60, y: 68, 'text-anchor': 'middle', class: 'ring-label' }, score === null ? '–' : String(score)));
  return svg;
}

/** One horizontal bar per area. */
function bars(report: ReadinessReport): SVGElement {
  const areas = report.score.areas;
  const rowH = 26;
  const svg = s('svg', { viewBox: `0 0 420 ${areas.length * rowH + 4}`, width: '100%', role: 'img', 'aria-label': 'Score per area', class: 'bars' });
  areas.forEach((a, i) => {
    const y = i * rowH + 2;
    svg.append(s('text', { x: 0, y: y + 16, class: 'bar-label' }, String(a.area)));
    svg.append(s('rect', { x: 110, y: y + 4, width: 260, height: 16, rx: 3, class: 'bar-track' }));
    svg.append(s('rect', { x: 110, y: y + 4, width: (260 * a.score) / 100, height: 16, rx: 3, class: `bar-value ${scoreClass(a.score)}` }));
    svg.append(s('text', { x: 378, y: y + 16, class: 'bar-score' }, String(a.score)));
  });
  return svg;
}

const EXPORT_LABEL = { markdown: 'Markdown', html: 'HTML', sarif: 'SARIF', json: 'JSON' } as const;

const SEVERITY_LABEL = { error: 'Error', warning: 'Warning', info: 'Info' } as const;

function findingButton(f: ReportFinding): HTMLElement {
  const button = h(
    'button',
    { class: `finding ${f.severity}`, 'data-id': String(f.id), title: `Go to ${f.path}:${f.line}:${f.column}` },
    h('span', { class: `sev ${f.severity}`, 'aria-label': SEVERITY_LABEL[f.severity] }, SEVERITY_LABEL[f.severity]),
    h('span', { class: 'message' }, f.message),
    h('span', { class: 'where' }, `${f.path}:${f.line}:${f.column}`),
  );
  button.addEventListener('click', () => reveal(f));
  return button;
}

function reveal(f: ReportFinding): void {
  vscode.postMessage({ type: 'reveal', uri: f.uri, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn });
}

let current: ReadinessReport | undefined;

function render(report: ReadinessReport, title: string): void {
  current = report;
  const byId = new Map(report.findings.map((f) => [f.id, f]));
  const exportButtons = (['markdown', 'html', 'sarif', 'json'] as const).map((format) => {
    const b = h('button', { class: 'secondary' }, EXPORT_LABEL[format]);
    b.addEventListener('click', () => vscode.postMessage({ type: 'export', format }));
    return b;
  });
  const summary = h(
    'section',
    { class: 'summary', 'aria-label': 'Scores' },
    h('div', { class: 'overall' }, ring(report.score.overall), h('div', { class: 'caption' }, 'Overall readiness')),
    h('div', { class: 'areas' }, report.score.areas.length ? bars(report) : h('p', {}, 'No recognised model deployment: nothing to score.')),
  );
  const counts = h(
    'p',
    { class: 'counts' },
    h('span', { class: 'sev error' }, `${report.counts.error} errors`),
    h('span', { class: 'sev warning' }, `${report.counts.warning} warnings`),
    h('span', { class: 'sev info' }, `${report.counts.info} info`),
    h('span', { class: 'profile' }, `profile: ${report.profile}`),
  );
  const groups = report.groups.map((g) =>
    h(
      'details',
      { open: '', class: 'area' },
      h('summary', {}, h('span', { class: 'area-name' }, String(g.area)), h('span', { class: 'area-count' }, `${g.counts.total}`)),
      ...g.rules.map((r) =>
        h(
          'div',
          { class: 'rule' },
          h('h3', {}, h('span', { class: `sev ${r.severity}` }, SEVERITY_LABEL[r.severity]), ' ', h('code', {}, r.ruleId), ' ', h('span', { class: 'desc' }, r.description), ' ', h('a', { href: r.docsUrl }, 'docs')),
          h('div', { class: 'findings' }, ...r.findings.map((id) => byId.get(id)).filter((f): f is ReportFinding => !!f).map(findingButton)),
        ),
      ),
    ),
  );
  root.replaceChildren(
    h('header', {}, h('h1', {}, title), h('div', { class: 'export' }, h('span', {}, 'Export: '), ...exportButtons)),
    summary,
    counts,
    h('section', { class: 'groups', 'aria-label': 'Findings by area and rule' }, ...(groups.length ? groups : [h('p', { class: 'clean' }, 'No findings: ready as far as ModelReady can tell.')])),
    h('footer', {}, `Generated ${report.generatedAt} by ${report.tool.name} ${report.tool.version}. Each score is the share of applicable checks that pass, weighted by severity (error 3, warning 2, info 1).`),
  );
  vscode.postMessage({
    type: 'rendered',
    summary: {
      overall: report.score.overall,
      areas: report.score.areas.map((a) => ({ area: String(a.area), score: a.score })),
      findings: document.querySelectorAll('button.finding').length,
      ruleIds: report.groups.flatMap((g) => g.rules.map((r) => r.ruleId)),
      text: root.innerText,
    },
  });
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const msg = event.data;
  if (msg.type === 'report') render(msg.report, msg.title);
  else if (msg.type === 'test:click' && current) {
    const button = document.querySelector<HTMLButtonElement>(`button.finding[data-id="${msg.findingId}"]`);
    button?.focus();
    button?.click();
  }
});

vscode.postMessage({ type: 'ready' });

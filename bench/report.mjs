// Turns the results object into the Markdown table written to bench/results.md and printed.

const SIZES_LABEL = (key) => {
  const [n, findings] = String(key).split('-');
  return `${Number(n).toLocaleString('en-US')} doc${Number(n) === 1 ? '' : 's'}${findings ? ', every one with findings' : ''}`;
};
const num = (v, digits = 1) => (v === null || v === undefined || Number.isNaN(v) ? '–' : Number(v).toFixed(digits).replace(/\.0+$/, ''));
const ms = (v) => (v === null || v === undefined ? '–' : `${num(v)} ms`);
const mb = (v) => (v === null || v === undefined ? '–' : `${num(v, 0)} MB`);
const ratio = (peer, ours) => (peer && ours ? `${num(peer / ours, 1)}×` : '–');
const mark = (ok) => (ok === undefined || ok === null ? '' : ok ? ' ✅' : ' ❌');
const tick = (b) => (b ? '✓' : '✗');

/** DESIGN.md §7, evaluated on the measured figures; `undefined` where there is nothing to compare. */
function targets(results) {
  const mr = results.lsp?.modelready?.files ?? {};
  const yls = results.lsp?.yls?.files ?? {};
  const edit = (f, size, k) => f[size]?.edit?.[k];
  const big = Object.keys(mr).filter((k) => k.startsWith('1000'));
  const cli = results.cli;
  const perCpu = (tp) => (tp?.cpuMs ? tp.files / (tp.cpuMs / 1000) : undefined);
  const ws = results.lsp?.workspace;
  return {
    'edit.1.median': { text: '≤ 10 ms', ok: check(edit(mr, 1, 'median'), (v) => v <= 10) },
    'edit.1.p95': { text: '≤ 50 ms', ok: check(edit(mr, 1, 'p95'), (v) => v <= 50) },
    ...Object.fromEntries(
      big.flatMap((k) => [
        [`edit.${k}.median`, { text: '≤ 50 ms, ≥ 40× peer', ok: check(edit(mr, k, 'median'), (v) => v <= 50 && (!edit(yls, k, 'median') || edit(yls, k, 'median') / v >= 40)) }],
        [`edit.${k}.p95`, { text: '≤ 100 ms', ok: check(edit(mr, k, 'p95'), (v) => v <= 100) }],
        [`open.${k}`, { text: 'faster than peer', ok: check(mr[k]?.openMs, (v) => yls[k]?.openMs === undefined || v < yls[k].openMs) }],
        [`memory.${k}`, { text: '≤ 250 MB', ok: check(mr[k]?.memory?.peakMB, (v) => v <= 250) }],
      ]),
    ),
    workspace: { text: '≤ 10 s and ≤ 400 MB', ok: check(ws?.untilIdleMs, (v) => v <= 10_000 && ws.memory.peakMB <= 400) },
    'cli.throughput': { text: '≥ 2,000 files/s (2 cores)', ok: check(cli?.throughput?.filesPerSecond, (v) => v >= 2000) },
    'cli.perCpu': { text: '≥ 1,000', ok: check(perCpu(cli?.throughput), (v) => v >= 1000) },
    'cli.real': { text: '≥ 2,000 files/s (2 cores)', ok: check(cli?.real?.filesPerSecond, (v) => v >= 2000) },
    'cli.real.perCpu': { text: '≥ 1,000', ok: check(perCpu(cli?.real), (v) => v >= 1000) },
    'cli.startup': { text: '≤ 3× a bare `node -e 0`', ok: check(cli?.startup?.median, (v) => !cli.node || v <= 3 * cli.node.median) },
    activation: { text: '≤ 50 ms (as VS Code reports it)', ok: check(results.extension?.vscode?.shownMs?.median, (v) => v <= 50) },
    vsix: { text: '< 2 MB', ok: check(results.extension?.vsix?.bytes, (v) => v < 2 * 2 ** 20) },
  };
}

function check(value, test) {
  return value === undefined || value === null ? undefined : test(value);
}

export function renderMarkdown(results) {
  const t = targets(results);
  const target = (key) => (t[key] ? `${t[key].text}${mark(t[key].ok)}` : '');
  const lines = [];
  const { machine: m, versions: v } = results;
  lines.push('# ModelReady benchmark results', '');
  lines.push(`Run ${results.date} on ${m.cpu}, ${m.cores} cores, ${m.ramGB} GB RAM, ${m.os}.`);
  lines.push(
    `Node ${v.node}; ModelReady ${v.modelready} (${v.git}, ${v.build} build); yaml-language-server ${v.yamlLanguageServer}; vscode-jsonrpc ${v.vscodeJsonrpc}.`,
  );
  lines.push(`Load average at start / end: ${results.load.start.join(', ')} / ${results.load.end.join(', ')}${results.load.busy ? ' — **the machine was busy: figures are inflated**' : ''}.`);
  const speed = results.machine.speedMs;
  if (speed) lines.push(`Machine speed (fixed work in a fresh node, median of 3, lower is faster: an arithmetic loop · an allocation-heavy one) at start / end: ${speed.start.loop} · ${speed.start.alloc} / ${speed.end.loop} · ${speed.end.alloc} ms — compare runs at like speeds.`);
  lines.push(`Whole run: ${num(results.durationSeconds, 0)} s${results.options.quick ? ' (**--quick**: fewer edits and requests, smaller corpus — not comparable)' : ''}.`, '');

  if (results.lsp) {
    const { modelready: a, yls: b } = results.lsp;
    const o = results.options;
    lines.push('## Language servers, same vLLM Deployment files and schema', '');
    lines.push(
      `Each file has one \`replicas: "two"\` planted in its middle document. ${o.edits} incremental edits per file (replicas, image tag or a vLLM argument of one document), each timed from didChange to the diagnostics of that version; ${o.requests} completion and ${o.requests} hover requests per file. Ratio = peer ÷ ModelReady (above 1× ModelReady is faster / smaller).`,
      '',
    );
    lines.push('| Measure | ModelReady | yaml-language-server | Ratio | Target (DESIGN §7) |', '| --- | ---: | ---: | ---: | --- |');
    const row = (label, x, y, r, tgt = '') => lines.push(`| ${label} | ${x} | ${y} | ${r} | ${tgt} |`);
    row('Server start → initialize answered', ms(a.initializeMs), ms(b.initializeMs), ratio(b.initializeMs, a.initializeMs));
    row('Then busy in the background (indexing…) until idle', ms(a.startupWorkMs), ms(b.startupWorkMs), '');
    row('Memory when idle after start-up (RSS)', mb(a.memoryAfterStart?.rssMB), mb(b.memoryAfterStart?.rssMB), ratio(b.memoryAfterStart?.rssMB, a.memoryAfterStart?.rssMB));
    for (const size of Object.keys(a.files)) {
      const x = a.files[size];
      const y = b.files[size] ?? {};
      const L = SIZES_LABEL(size);
      row(`**${L}**: open → diagnostics`, ms(x.openMs), ms(y.openMs), ratio(y.openMs, x.openMs), target(`open.${size}`));
      row(`${L}: server CPU time for the open`, ms(x.openCpuMs), ms(y.openCpuMs), ratio(y.openCpuMs, x.openCpuMs));
      row(`${L}: edit → diagnostics, median`, ms(x.edit.median), ms(y.edit?.median), ratio(y.edit?.median, x.edit.median), target(`edit.${size}.median`));
      row(`${L}: edit → diagnostics, p95`, ms(x.edit.p95), ms(y.edit?.p95), ratio(y.edit?.p95, x.edit.p95), target(`edit.${size}.p95`));
      row(`${L}: edit → diagnostics, max`, ms(x.edit.max), ms(y.edit?.max), ratio(y.edit?.max, x.edit.max));
      row(`${L}: server CPU time per edit (mean; load-independent)`, ms(x.edit.cpuMsPerEdit), ms(y.edit?.cpuMsPerEdit), ratio(y.edit?.cpuMsPerEdit, x.edit.cpuMsPerEdit));
      const req = (r, k) => (r?.[k] ? `${ms(r[k].median)} / ${ms(r[k].p95)}${r[k].answered < r[k].n ? ` (${r[k].answered}/${r[k].n} answered)` : ''}` : '–');
      row(`${L}: completion, median / p95`, req(x, 'completion'), req(y, 'completion'), ratio(y.completion?.median, x.completion?.median));
      row(`${L}: hover, median / p95`, req(x, 'hover'), req(y, 'hover'), ratio(y.hover?.median, x.hover?.median));
      row(`${L}: server peak RSS (VmHWM) so far`, mb(x.memory?.peakMB), mb(y.memory?.peakMB), ratio(y.memory?.peakMB, x.memory?.peakMB), target(`memory.${size}`));
      const found = (r) =>
        r.plantedAtOpen === undefined ? '–' : `${tick(r.plantedAtOpen)} ${tick(r.plantedAfterEdits)} ${tick(r.introducedFound)} ${tick(r.introducedCleared)} (${r.diagnosticsAtOpen} diag.)`;
      row(`${L}: schema errors found (open · after edits · typed in · cleared)`, found(x), found(y), '', 'both ✓ ✓ ✓ ✓');
    }
    const ix = results.lsp.indexing;
    if (ix) row(`ModelReady only: start with the ${ix.files} test files (${ix.documents.toLocaleString('en-US')} docs) in the workspace folder → indexed, idle`, `${ms(ix.untilIdleMs)}, ${mb(ix.memory?.rssMB)} RSS`, '–', '');
    const ws = results.lsp.workspace;
    if (ws) row(`ModelReady only: start in a workspace of ${ws.files.toLocaleString('en-US')} manifest files (${num(ws.bytes / 2 ** 20)} MB) → indexed, idle (peak RSS)`, `${ms(ws.untilIdleMs)}, ${mb(ws.memory?.peakMB)}`, '–', '', target('workspace'));
    lines.push('');
  }

  if (results.cli || results.extension) {
    lines.push('## CLI and extension (ModelReady only)', '', '| Measure | ModelReady | Target (DESIGN §7) |', '| --- | ---: | --- |');
    const c = results.cli;
    if (c?.throughput) {
      const tp = c.throughput;
      lines.push(`| CLI throughput, ${tp.files.toLocaleString('en-US')} mixed manifests (${num(tp.bytes / 2 ** 20)} MB), a build's first run | ${tp.filesPerSecond.toLocaleString('en-US')} files/s · ${num(tp.mbPerSecond, 2)} MB/s · ${num(tp.wallMs / 1000, 2)} s | ${target('cli.throughput')} |`);
      if (tp.cpuMs) lines.push(`| CLI files per CPU-second (load-independent; × ${m.cores} cores = ceiling if perfectly parallel) | ${Math.round(tp.files / (tp.cpuMs / 1000)).toLocaleString('en-US')} | ${target('cli.perCpu')} |`);
      const warm = c.throughputWarm;
      if (warm?.cpuMs) lines.push(`| The same run again, compile cache warm: throughput · files per CPU-second · cores used | ${warm.filesPerSecond.toLocaleString('en-US')} files/s · ${Math.round(warm.files / (warm.cpuMs / 1000)).toLocaleString('en-US')} · ${num(warm.coresUsed, 2)} | ${t['cli.throughput'].text}; ${t['cli.perCpu'].text} |`);
      lines.push(`| CLI cores used (CPU time ÷ wall time) | ${num(tp.coresUsed, 2)} of ${m.cores}; ${tp.parallelOption ? `ran with \`${tp.parallelOption}\`` : 'no parallel option in --help: ran as is'} | all cores |`);
      lines.push(`| CLI files reported checked · exit code | ${tp.checked ?? '–'} · ${tp.exitCode} (${tp.findingLines.toLocaleString('en-US')} finding lines) | ${tp.files.toLocaleString('en-US')} |`);
    }
    const real = c?.real;
    if (real) {
      lines.push(`| CLI on a real corpus (${real.files.toLocaleString('en-US')} YAML files, ${num(real.bytes / 2 ** 20)} MB, ${real.dir.split('/').slice(-3).join('/')}), \`${real.parallelOption ?? 'no --jobs'}\` | ${real.filesPerSecond.toLocaleString('en-US')} files/s · ${num(real.wallMs / 1000, 2)} s · ${num(real.coresUsed, 2)} cores | ${target('cli.real')} |`);
      lines.push(`| CLI on the real corpus: files per CPU-second (load-independent) | ${Math.round(real.files / (real.cpuMs / 1000)).toLocaleString('en-US')} (${num(real.cpuMs / 1000, 2)} CPU-s) | ${target('cli.real.perCpu')} |`);
      if (real.oneCore) lines.push(`| CLI on the real corpus with \`--jobs 1\` | ${real.oneCore.filesPerSecond.toLocaleString('en-US')} files/s · ${num(real.oneCore.wallMs / 1000, 2)} s · ${num(real.oneCore.cpuMs / 1000, 2)} CPU-s | |`);
    }
    if (c?.node) lines.push(`| Bare \`node -e 0\`, median of ${c.node.n} (p95) | ${ms(c.node.median)} (${ms(c.node.p95)}) | |`);
    if (c?.startup) lines.push(`| CLI start-up on one vLLM Deployment, median of ${c.startup.n} (p95) | ${ms(c.startup.median)} (${ms(c.startup.p95)})${c.node ? `, ${num(c.startup.median / c.node.median, 1)}× node` : ''} | ${target('cli.startup')} |`);
    if (c?.startupNative) lines.push(`| CLI start-up on one native ModelDeployment, median of ${c.startupNative.n} (p95) | ${ms(c.startupNative.median)} (${ms(c.startupNative.p95)})${c.node ? `, ${num(c.startupNative.median / c.node.median, 1)}× node` : ''} | ${t['cli.startup'].text} |`);
    const vs = results.extension?.vscode;
    if (vs?.error) lines.push(`| Activation as VS Code reports it | ${vs.error} | ${target('activation')} |`);
    else if (vs) {
      const where = vs.source === 'code-server' ? `median of ${vs.runs} code-server ${vs.vscodeVersion} windows` : `last e2e run, ${vs.date}, ${vs.commit ?? 'commit unknown'}`;
      lines.push(`| Activation as VS Code reports it (Running Extensions: load code + call activate), ${where} (load · call · finish) | ${ms(vs.shownMs.median)} (${ms(vs.codeLoadingTime.median)} · ${ms(vs.activateCallTime.median)} · ${ms(vs.activateResolvedTime.median)}) | ${target('activation')} |`);
    }
    const act = results.extension?.activation;
    if (act?.error) lines.push(`| Extension load + activate (stub vscode) | failed: ${act.error} | |`);
    else if (act) {
      const session = act.session ? `; then the session ${ms(act.session.median)}` : '';
      lines.push(`| Extension load + activate with a stub \`vscode\`, median of ${act.runs} (require · activate${act.session ? '; then loading dist/session.js' : ''}) | ${ms(act.total.median)} (${ms(act.require.median)} · ${ms(act.activate.median)}${session}) | not VS Code’s figure |`);
    }
    const vsix = results.extension?.vsix;
    if (vsix) lines.push(`| Packaged .vsix | ${vsix.error ? `failed: ${vsix.error.split('\n')[0]}` : `${num(vsix.bytes / 1024, 0)} KB`} | ${target('vsix')} |`);
    lines.push('');
  }

  lines.push('## What the figures are', '');
  lines.push(...results.notes.map((n) => `- ${n}`), '');
  return lines.join('\n');
}

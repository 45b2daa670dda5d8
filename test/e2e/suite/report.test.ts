import * as assert from 'assert';
import * as vscode from 'vscode';
import { screenshot } from '../screenshot';
import { activateExtension, closeAllEditors, openDoc, sleep, waitFor, waitForDiagnostics, workspaceUri } from './util';

interface Api {
  report(): { rendered: { overall: number | null; areas: { area: string; score: number }[]; findings: number; ruleIds: string[]; text: string } | undefined; post(m: unknown): Thenable<boolean> | undefined };
  statusBar(): { last: { isManifest: boolean; score: number | null; counts: { error: number } } | undefined };
}

async function api(): Promise<Api> {
  return (await activateExtension()).exports as Api;
}

async function setTheme(theme: string): Promise<void> {
  await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme, vscode.ConfigurationTarget.Global);
  await sleep(800);
}

describe('readiness report', () => {
  after(async () => {
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
    await closeAllEditors();
  });

  it('shows the score and counts of the active manifest in the status bar', async () => {
    const a = await api();
    const { doc } = await openDoc('half-finished.modelready.yaml');
    await waitForDiagnostics(doc.uri, (d) => d.length > 5);
    const last = await waitFor(() => a.statusBar().last, 'status bar summary');
    assert.strictEqual(last.isManifest, true);
    assert.ok(last.score !== null && last.score < 100, `score ${last.score}`);
    assert.ok(last.counts.error > 0);
  });

  it('opens the report of the active manifest, with scores per area and findings grouped by rule', async () => {
    const a = await api();
    const { doc } = await openDoc('half-finished.modelready.yaml');
    await waitForDiagnostics(doc.uri, (d) => d.length > 5);
    await vscode.commands.executeCommand('modelready.showReport', doc.uri);
    const rendered = await waitFor(() => a.report().rendered, 'the report to render', 20_000);
    assert.ok(rendered.overall !== null && rendered.overall < 100);
    const areas = rendered.areas.map((x) => x.area);
    for (const area of ['reliability', 'security', 'governance', 'monitoring']) assert.ok(areas.includes(area), areas.join());
    assert.ok(rendered.findings > 5);
    assert.ok(rendered.ruleIds.includes('security/inline-secret'), rendered.ruleIds.join());
    assert.match(rendered.text, /Overall readiness/);
    // The secret is never shown in full.
    assert.ok(!rendered.text.includes('hf_FAKEtokenForModelReadyExamplesOnly'));
    await sleep(500);
    await screenshot('report-light');
    await setTheme('Default Dark Modern');
    await screenshot('report-dark');
    await setTheme('Default High Contrast');
    await screenshot('report-high-contrast');
  });

  it('renders manifest text such as <script> and </div> as text', async () => {
    const a = await api();
    const { doc } = await openDoc('hostile.modelready.yaml');
    await waitForDiagnostics(doc.uri, (d) => d.length > 0);
    await vscode.commands.executeCommand('modelready.showReport', doc.uri);
    const rendered = await waitFor(() => (a.report().rendered?.text.includes('onerror') ? a.report().rendered : undefined), 'the hostile report', 20_000);
    assert.match(rendered.text, /<script>alert\(1\)<\/script>/, 'the markup shows as text');
    assert.match(rendered.text, /<\/div>/);
  });

  it('jumps to a finding when it is clicked', async () => {
    const a = await api();
    const { doc } = await openDoc('half-finished.modelready.yaml');
    await vscode.commands.executeCommand('modelready.showReport', doc.uri);
    await waitFor(() => (a.report().rendered?.text.includes('half-finished') ? true : undefined), 'the report of half-finished', 20_000);
    await vscode.commands.executeCommand('workbench.action.focusFirstEditorGroup');
    await vscode.commands.executeCommand('workbench.action.closeEditorsInGroup');
    await a.report().post({ type: 'test:click', findingId: 0 });
    const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.toString() === doc.uri.toString() ? vscode.window.activeTextEditor : undefined), 'the editor to jump to the finding');
    assert.ok(editor.selection.start.line >= 0);
  });

  it('exports the report as SARIF, Markdown, HTML and JSON', async () => {
    await api();
    const { doc } = await openDoc('half-finished.modelready.yaml');
    for (const [format, check] of [
      ['sarif', (t: string) => JSON.parse(t).version === '2.1.0'],
      ['markdown', (t: string) => /readiness/i.test(t)],
      ['html', (t: string) => t.startsWith('<!DOCTYPE html>')],
      ['json', (t: string) => Array.isArray(JSON.parse(t).findings)],
    ] as const) {
      const target = workspaceUri(`out.${format}`);
      await vscode.commands.executeCommand('modelready.exportReport', format, target, doc.uri);
      const text = Buffer.from(await vscode.workspace.fs.readFile(target)).toString('utf8');
      assert.ok(check(text), `${format} export`);
    }
  });

  it('checks the workspace and reports files that are not open', async () => {
    await api();
    await closeAllEditors();
    const result = await vscode.commands.executeCommand<{ files: number; error: number }>('modelready.checkWorkspace');
    assert.ok(result && result.files >= 2, JSON.stringify(result));
    await waitForDiagnostics(workspaceUri('half-finished.modelready.yaml'), (d) => d.length > 5);
  });

  it('writes a new manifest that passes the development profile', async () => {
    await api();
    await vscode.commands.executeCommand('modelready.selectProfile', 'development');
    try {
      const doc = await vscode.commands.executeCommand<vscode.TextDocument>('modelready.newManifest', { name: 'chat', runtime: 'vllm', target: 'cloud', exposure: 'public', personalData: true });
      await sleep(1500);
      const errors = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
      assert.deepStrictEqual(errors.map((d) => d.message), []);
    } finally {
      await vscode.commands.executeCommand('modelready.selectProfile', 'production');
    }
  });
});

import * as assert from 'assert';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ServerInfoRequest } from '../../../server/src/protocol';
import { screenshot } from '../screenshot';
import { activateExtension, closeAllEditors, diagnosticCode, formatDiagnostic, openDoc, openUntitled, positionOf, rangeOf, waitForDiagnostics, workspaceUri } from './util';

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata:\n  name: demo\nmodel:\n  uri: hf://org/model\n';

function labels(list: vscode.CompletionList): string[] {
  return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}

describe('ModelReady in the editor', () => {
  before(activateExtension);
  after(closeAllEditors);

  it('reports schema errors with their code, docs link and the narrowest range', async () => {
    const { doc } = await openDoc('broken.modelready.yaml');
    const diagnostics = await waitForDiagnostics(doc.uri, (d) => d.filter((x) => diagnosticCode(x) === 'schema/invalid').length >= 2);
    const list = diagnostics.map(formatDiagnostic).join('\n');
    const target = diagnostics.find((d) => d.message.includes('`target`'));
    assert.ok(target, list);
    assert.strictEqual(diagnosticCode(target), 'schema/invalid');
    assert.strictEqual(target.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(target.range.isEqual(rangeOf(doc, 'clod')), `range of clod: ${formatDiagnostic(target)}`);
    assert.match(target.message, /did you mean `cloud`\?/);
    assert.match(String((target.code as { target: vscode.Uri }).target), /docs\/rules\/schema\/invalid\.md$/);
    const unknown = diagnostics.find((d) => d.message.includes('replicaCount'));
    assert.ok(unknown && unknown.range.isEqual(rangeOf(doc, 'replicaCount')), list);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await vscode.window.showTextDocument(doc, { preview: false });
    await screenshot('problems-panel');
  });

  it('completes enum values of the property under the cursor', async () => {
    const { doc } = await openUntitled(`${HEAD}architecture:\n  target: \n`);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(7, 10));
    const got = labels(list);
    for (const v of ['on-prem', 'cloud', 'hybrid']) assert.ok(got.includes(v), got.join());
  });

  it('completes property names with snippets for nested sections', async () => {
    const { doc } = await openUntitled(`${HEAD}serving:\n  \n`);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(7, 2));
    const limits = list.items.find((i) => i.label === 'limits');
    assert.ok(limits, labels(list).join());
    assert.match(limits.insertText instanceof vscode.SnippetString ? limits.insertText.value : String(limits.insertText), /^limits:\n/);
  });

  it('shows the property documentation on hover', async () => {
    const { doc } = await openDoc('broken.modelready.yaml');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionOf(doc, 'license:', 0, 2));
    assert.match(hoverText(hovers), /\*\*model\.license\*\*/);
  });

  it('outlines the document by sections', async () => {
    const { doc } = await openDoc('broken.modelready.yaml');
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
    assert.strictEqual(symbols.length, 1);
    assert.strictEqual(symbols[0].name, 'ModelDeployment support-assistant');
    assert.deepStrictEqual(
      symbols[0].children.map((c) => c.name),
      ['apiVersion', 'kind', 'metadata', 'model', 'architecture', 'serving'],
    );
  });

  it('applies a quick fix through the code action provider', async () => {
    const { doc } = await openUntitled(`${HEAD}architecture:\n  target: clod\n`);
    const diagnostics = await waitForDiagnostics(doc.uri, (d) => d.some((x) => x.message.includes('`target`')));
    const diagnostic = diagnostics.find((x) => x.message.includes('`target`'))!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Change to `cloud`');
    assert.ok(fix?.edit, actions.map((a) => a.title).join(' | '));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(doc.getText(), /target: cloud\n/);
    await waitForDiagnostics(doc.uri, (d) => !d.some((x) => x.message.includes('`target`')));
  });

  it('removes a diagnostic with a suppression comment', async () => {
    const { doc, editor } = await openUntitled(`${HEAD}monitoring:\n  metrics: { path: /metrics, port: 8000, scrape: true }\n`);
    await waitForDiagnostics(doc.uri, (d) => d.some((x) => diagnosticCode(x) === 'monitoring/runbook'));
    const runbook = vscode.languages.getDiagnostics(doc.uri).find((x) => diagnosticCode(x) === 'monitoring/runbook')!;
    const line = runbook.range.start.line;
    await editor.edit((b) => b.insert(new vscode.Position(line, 0), '# modelready-disable-next-line monitoring/runbook -- runbook is in the team wiki\n'));
    await waitForDiagnostics(doc.uri, (d) => !d.some((x) => diagnosticCode(x) === 'monitoring/runbook'));
  });

  it('picks up a severity change in .modelready.yaml at once', async () => {
    const { doc } = await openDoc('broken.modelready.yaml');
    await waitForDiagnostics(doc.uri, (d) => d.some((x) => diagnosticCode(x) === 'monitoring/runbook' && x.severity === vscode.DiagnosticSeverity.Warning));
    const config = workspaceUri('.modelready.yaml');
    await vscode.workspace.fs.writeFile(config, Buffer.from('rules:\n  monitoring/runbook: error\n'));
    try {
      await waitForDiagnostics(doc.uri, (d) => d.some((x) => diagnosticCode(x) === 'monitoring/runbook' && x.severity === vscode.DiagnosticSeverity.Error));
    } finally {
      await vscode.workspace.fs.delete(config);
    }
    await waitForDiagnostics(doc.uri, (d) => d.some((x) => diagnosticCode(x) === 'monitoring/runbook' && x.severity === vscode.DiagnosticSeverity.Warning));
  });
});

describe('ModelReady server recovery', () => {
  it('restarts a crashed server once, quietly, and diagnostics come back', async () => {
    const ext = await activateExtension();
    const api = ext.exports as { client(): LanguageClient | undefined; restarts(): number };
    const client = api.client()!;
    const { pid } = await client.sendRequest(ServerInfoRequest);
    const before = api.restarts();
    process.kill(pid, 'SIGKILL');
    const { doc } = await openUntitled(`${HEAD}architecture:\n  target: clod\n`);
    await waitForDiagnostics(doc.uri, (d) => d.some((x) => x.message.includes('`target`')), 30_000);
    assert.strictEqual(api.restarts(), before + 1);
    const info = await api.client()!.sendRequest(ServerInfoRequest);
    assert.notStrictEqual(info.pid, pid, 'a new server process answers');
  });
});

describe('ModelReady on a Kubernetes vLLM Deployment', () => {
  after(closeAllEditors);

  it('applies a Kubernetes fix: the /dev/shm volume and its mount', async () => {
    await activateExtension();
    const { doc } = await openDoc('vllm-tp2.yaml');
    const diagnostics = await waitForDiagnostics(doc.uri, (d) => d.some((x) => diagnosticCode(x) === 'reliability/shared-memory'));
    const shm = diagnostics.find((x) => diagnosticCode(x) === 'reliability/shared-memory')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, shm.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => /^Mount a .*\/dev\/shm/.test(a.title));
    assert.ok(fix?.edit, actions.map((a) => a.title).join(' | '));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const text = doc.getText();
    assert.match(text, /mountPath: \/dev\/shm/);
    assert.match(text, /medium: Memory/);
    await waitForDiagnostics(doc.uri, (d) => !d.some((x) => diagnosticCode(x) === 'reliability/shared-memory'));
    assert.ok(!vscode.languages.getDiagnostics(doc.uri).some((d) => diagnosticCode(d) === 'schema/invalid'), 'the fix keeps the Deployment schema-valid');
  });

  it('fixes all auto-fixable problems with the source action', async () => {
    const { doc } = await openUntitled(`${HEAD}architecture:\n  target: clod\nscaling:\n  maxReplcas: 3\n`);
    await waitForDiagnostics(doc.uri, (d) => d.some((x) => x.message.includes('`target`')));
    // The edit is computed when the action is resolved (as when a user picks it); 1 = resolve the first action.
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(0, 0, 0, 0), 'source.fixAll.modelready', 1);
    const fixAll = actions.find((a) => a.kind?.value === 'source.fixAll.modelready');
    assert.ok(fixAll?.edit, actions.map((a) => a.title).join(' | '));
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
    assert.match(doc.getText(), /target: cloud/);
    assert.match(doc.getText(), /maxReplicas: 3/);
  });
});

import * as assert from 'assert';
import * as vscode from 'vscode';
import { screenshot } from '../screenshot';
import { activateExtension, closeAllEditors, formatDiagnostic, openDoc, sleep, waitForDiagnostics } from './util';

describe('smoke', () => {
  after(closeAllEditors);

  it('loads and activates the extension under development', async () => {
    const ext = await activateExtension();
    assert.ok(ext.isActive, 'extension is active');
  });

  it('reports no diagnostics on an unrelated YAML file', async () => {
    const { doc } = await openDoc('unrelated.yaml');
    assert.strictEqual(doc.languageId, 'yaml');
    await sleep(2_000);
    const diagnostics = vscode.languages.getDiagnostics(doc.uri);
    assert.deepStrictEqual(diagnostics.map(formatDiagnostic), [], 'unrelated.yaml must have no diagnostics');
  });

  it('opens broken.modelready.yaml (screenshot: editor-broken)', async () => {
    const { doc } = await openDoc('broken.modelready.yaml');
    assert.strictEqual(doc.languageId, 'yaml');
    // Give the language server a chance to publish so the picture shows squiggles and the Problems panel;
    // the real assertions on these diagnostics live in their own tests.
    await waitForDiagnostics(doc.uri, (d) => d.length > 0, 10_000).catch(() => undefined);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    // Focus back on the editor so the cursor/selection is drawn in the picture.
    await vscode.window.showTextDocument(doc, { preview: false });
    await screenshot('editor-broken');
  });
});

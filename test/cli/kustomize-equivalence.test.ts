import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { CheckWorkspaceRequest } from '../../server/src/protocol';
import { LspClient } from '../protocol/lsp-client';

/**
 * Kustomize overlays built with the real `kubectl kustomize`: the editor (setting `modelready.kustomize`, trusted
 * workspace) and the CLI (`--kustomize kubectl`) place the same findings on the same lines. Runs the built bundles.
 */

const ROOT = resolve(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'kustomize');
const key = (uri: string, code: string, line: number, column: number, message: string): string => `${uri}|${code}|${line}:${column}|${message}`;

describe('Kustomize overlays: the editor and the CLI agree', function () {
  this.timeout(120_000);

  it('the language server with modelready.kustomize reports exactly what `check --kustomize kubectl` reports', async () => {
    const r = spawnSync(process.execPath, [CLI, 'check', FIXTURE, '--format', 'json', '--kustomize', 'kubectl'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const cli = (JSON.parse(r.stdout) as { findings: { ruleId: string; uri: string; line: number; column: number; message: string }[] }).findings.map((f) => key(f.uri, f.ruleId, f.line, f.column, f.message)).sort();
    assert.ok(cli.some((k) => k.includes('scaling/parallelism-matches-gpus')) && cli.some((k) => k.includes('meta/kustomize-build')), 'the CLI built the overlays');

    const client = new LspClient();
    const published = new Map<string, Diagnostic[]>();
    client.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      published.set(p.uri, p.diagnostics);
    });
    try {
      await client.connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: pathToFileURL(FIXTURE).href,
        workspaceFolders: [{ uri: pathToFileURL(FIXTURE).href, name: 'kustomize' }],
        capabilities: { textDocument: { publishDiagnostics: { relatedInformation: true } } },
        initializationOptions: { trusted: true, settings: { kustomize: 'kubectl' } },
      });
      await client.connection.sendNotification('initialized', {});
      let editor: string[] = [];
      // Indexing, then the overlay builds (after a short debounce): check the workspace until they are in.
      for (let waited = 0; waited < 60_000; waited += 300) {
        published.clear();
        await client.connection.sendRequest(CheckWorkspaceRequest, {});
        editor = [...published].flatMap(([uri, ds]) => ds.map((d) => key(uri, String(d.code), d.range.start.line + 1, d.range.start.character + 1, typeof d.message === 'string' ? d.message : d.message.value))).sort();
        if (editor.some((k) => k.includes('meta/kustomize-build'))) break;
        await new Promise((res) => setTimeout(res, 300));
      }
      assert.deepEqual(editor, cli);
    } finally {
      await client.shutdown();
    }
  });
});

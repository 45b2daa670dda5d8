import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { CheckWorkspaceRequest } from '../../server/src/protocol';
import { diagnosticKey, findingKey, LspClient } from '../protocol/lsp-client';

/**
 * Kustomize overlays built with the real `kubectl kustomize`: the editor (setting `modelready.kustomize`, trusted
 * workspace) and the CLI (`--kustomize kubectl`) place the same findings on the same lines. Runs the built bundles.
 */

const ROOT = resolve(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'kustomize');

describe('Kustomize overlays: the editor and the CLI agree', function () {
  this.timeout(120_000);

  it('the language server with modelready.kustomize reports exactly what `check --kustomize kubectl` reports', async () => {
    const r = spawnSync(process.execPath, [CLI, 'check', FIXTURE, '--format', 'json', '--kustomize', 'kubectl'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const cli = (JSON.parse(r.stdout) as { findings: { ruleId: string; uri: string; line: number; column: number; message: string }[] }).findings.map((f) => findingKey(f.uri, f.ruleId, f.line, f.column, f.message)).sort();
    assert.ok(cli.some((k) => k.includes('scaling/parallelism-matches-gpus')) && cli.some((k) => k.includes('meta/kustomize-build')), 'the CLI built the overlays');

    const client = new LspClient();
    try {
      await client.initializeWorkspace(FIXTURE, { trusted: true, settings: { kustomize: 'kubectl' } });
      let editor: string[] = [];
      // Indexing, then the overlay builds (after a short debounce): check the workspace until they are in.
      for (let waited = 0; waited < 60_000; waited += 300) {
        client.published.clear();
        await client.connection.sendRequest(CheckWorkspaceRequest, {});
        editor = [...client.published].flatMap(([uri, ds]) => ds.map((d) => diagnosticKey(uri, d))).sort();
        if (editor.some((k) => k.includes('meta/kustomize-build'))) break;
        await new Promise((res) => setTimeout(res, 300));
      }
      assert.deepEqual(editor, cli);
    } finally {
      await client.shutdown();
    }
  });
});

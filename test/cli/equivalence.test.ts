import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { CheckWorkspaceRequest, ServerInfoRequest } from '../../server/src/protocol';
import { diagnosticKey, findingKey, LspClient } from '../protocol/lsp-client';
import { CORPUS, yamlFilesUnder } from '../support/corpus';

/**
 * One analysis path: the editor (the language server indexing a workspace and checking it, as "ModelReady: Check
 * Workspace" does), the CLI in one thread and the CLI with worker threads give the same findings on the same
 * files: the whole real-world corpus, Kustomize patches and cross-file links included.
 */

const ROOT = resolve(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

interface CliFinding {
  ruleId: string;
  uri: string;
  line: number;
  column: number;
  message: string;
}

/** The CLI's findings on the corpus as comparable keys (it exits 1: the corpus has errors). */
function cli(jobs: number): string[] {
  const r = spawnSync(process.execPath, [CLI, 'check', CORPUS, '--format', 'json', '--jobs', String(jobs)], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
  const report = JSON.parse(r.stdout) as { findings: CliFinding[] };
  return report.findings.map((f) => findingKey(f.uri, f.ruleId, f.line, f.column, f.message)).sort();
}

describe('one analysis path: editor, CLI and threaded CLI agree', function () {
  this.timeout(300_000);
  let oneThread: string[];

  before(() => {
    oneThread = cli(1);
  });

  it('finds something to compare on the corpus (patches, cross-file findings)', () => {
    assert.ok(oneThread.length > 100, `${oneThread.length} findings`);
    assert.ok(!oneThread.some((k) => k.includes('|schema/invalid|') && /\/patch[^/]*\.yaml\|/.test(k) && k.includes('selector')), 'a Kustomize patch gets no missing `selector`');
  });

  it('the CLI with two worker threads reports exactly what one thread reports', () => {
    assert.deepEqual(cli(2), oneThread);
  });

  it('the language server checking the workspace reports exactly what the CLI reports', async () => {
    const client = new LspClient();
    try {
      await client.initializeWorkspace(CORPUS, { trusted: true });
      const total = yamlFilesUnder(CORPUS).length;
      for (let waited = 0; ; waited += 200) {
        const info = await client.connection.sendRequest(ServerInfoRequest);
        if (info.indexedFiles >= total) break;
        if (waited > 120_000) assert.fail(`indexed ${info.indexedFiles} of ${total} files`);
        await new Promise((r) => setTimeout(r, 200));
      }
      await client.connection.sendRequest(CheckWorkspaceRequest, {});
      const editor = [...client.published].flatMap(([uri, diagnostics]) => diagnostics.map((d) => diagnosticKey(uri, d)));
      assert.deepEqual(editor.sort(), oneThread);
    } finally {
      await client.shutdown();
    }
  });
});

import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { CheckWorkspaceRequest, ServerInfoRequest } from '../../server/src/protocol';
import { LspClient } from '../protocol/lsp-client';
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


const key = (uri: string, code: string, line: number, column: number, message: string): string => `${uri}|${code}|${line}:${column}|${message}`;

function cli(jobs: number): string[] {
  const out = execFileSync(process.execPath, [CLI, 'check', CORPUS, '--format', 'json', '--jobs', String(jobs)], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }).toString();
  const report = JSON.parse(out) as { findings: CliFinding[] };
  return report.findings.map((f) => key(f.uri, f.ruleId, f.line, f.column, f.message)).sort();
}

describe('one analysis path: editor, CLI and threaded CLI agree', function () {
  this.timeout(300_000);
  let oneThread: string[];

  before(() => {
    // Exit code 1 (findings) is expected: execFileSync throws on it, so run through a shell-less wrapper.
    try {
      oneThread = cli(1);
    } catch (e) {
      oneThread = (JSON.parse((e as { stdout: string }).stdout) as { findings: CliFinding[] }).findings.map((f) => key(f.uri, f.ruleId, f.line, f.column, f.message)).sort();
    }
  });

  it('finds something to compare on the corpus (patches, cross-file findings)', () => {
    assert.ok(oneThread.length > 100, `${oneThread.length} findings`);
    assert.ok(!oneThread.some((k) => k.includes('|schema/invalid|') && /\/patch[^/]*\.yaml\|/.test(k) && k.includes('selector')), 'a Kustomize patch gets no missing `selector`');
  });

  it('the CLI with two worker threads reports exactly what one thread reports', () => {
    let twoThreads: string[];
    try {
      twoThreads = cli(2);
    } catch (e) {
      twoThreads = (JSON.parse((e as { stdout: string }).stdout) as { findings: CliFinding[] }).findings.map((f) => key(f.uri, f.ruleId, f.line, f.column, f.message)).sort();
    }
    assert.deepEqual(twoThreads, oneThread);
  });

  it('the language server checking the workspace reports exactly what the CLI reports', async () => {
    const client = new LspClient();
    const published = new Map<string, Diagnostic[]>();
    client.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      published.set(p.uri, p.diagnostics);
    });
    try {
      await client.connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: pathToFileURL(CORPUS).href,
        workspaceFolders: [{ uri: pathToFileURL(CORPUS).href, name: 'corpus' }],
        capabilities: { textDocument: { publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true } } },
        initializationOptions: { trusted: true },
      });
      await client.connection.sendNotification('initialized', {});
      const total = yamlFilesUnder(CORPUS).length;
      for (let waited = 0; ; waited += 200) {
        const info = await client.connection.sendRequest(ServerInfoRequest);
        if (info.indexedFiles >= total) break;
        if (waited > 120_000) assert.fail(`indexed ${info.indexedFiles} of ${total} files`);
        await new Promise((r) => setTimeout(r, 200));
      }
      await client.connection.sendRequest(CheckWorkspaceRequest, {});
      const editor = [...published].flatMap(([uri, diagnostics]) =>
        diagnostics.map((d) => key(uri, String(d.code), d.range.start.line + 1, d.range.start.character + 1, typeof d.message === 'string' ? d.message : d.message.value)),
      );
      assert.deepEqual(editor.sort(), oneThread);
    } finally {
      await client.shutdown();
    }
  });
});

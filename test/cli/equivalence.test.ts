import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CheckWorkspaceRequest, ServerInfoRequest } from '../../server/src/protocol';
import { diagnosticKey, findingKey, LspClient } from '../protocol/lsp-client';
import { CORPUS, yamlFilesUnder } from '../support/corpus';

/**
 * One analysis path: the editor (the language server indexing a workspace and checking it, as "ModelReady: Check
 * Workspace" does), the CLI in one thread and the CLI with two threads give the same findings on the same files:
 * the whole real-world corpus, Kustomize patches and cross-file links included. Two threads claim the files in
 * chunks as they go (so which thread has which file varies from run to run); with MODELREADY_STRIDE they are dealt
 * in turn, file i to thread i mod 2, which pins what crosses threads.
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

/** Files dealt to the threads in turn (see claim.ts). */
const STRIDE = { ...process.env, MODELREADY_STRIDE: '1' };

/** The CLI's findings on the corpus as comparable keys (it exits 1: the corpus has errors). */
function cli(jobs: number, dir = CORPUS, env: NodeJS.ProcessEnv = process.env): string[] {
  const r = spawnSync(process.execPath, [CLI, 'check', dir, '--format', 'json', '--jobs', String(jobs)], { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
  const report = JSON.parse(r.stdout) as { findings: CliFinding[] };
  return report.findings.map((f) => findingKey(f.uri, f.ruleId, f.line, f.column, f.message)).sort();
}

/** The CLI's whole JSON report on a folder (related locations included), without the time it was made. */
function cliReport(jobs: number, dir: string, env: NodeJS.ProcessEnv = process.env): Record<string, unknown> {
  const r = spawnSync(process.execPath, [CLI, 'check', dir, '--format', 'json', '--jobs', String(jobs)], { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
  const report = JSON.parse(r.stdout) as Record<string, unknown>;
  delete report.generatedAt;
  return report;
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

  it('the CLI with two threads reports exactly what one thread reports, files claimed in chunks or dealt in turn', () => {
    assert.deepEqual(cli(2), oneThread);
    assert.deepEqual(cli(2, CORPUS, STRIDE), oneThread);
  });

  it("two threads see the workloads of the other's files: their pod labels and scrape annotations", () => {
    // Dealt in turn: a scraped server (a.yaml) and a Service that selects it (svc.yaml) in the main thread, another
    // server (b.yaml) in the worker. Rules of b.yaml read a.yaml's pods across threads.
    const dir = mkdtempSync(join(tmpdir(), 'modelready-slices-'));
    const server = (name: string, scraped: boolean) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: serving\nspec:\n  replicas: 2\n  selector:\n    matchLabels: { app: ${name} }\n  template:\n    metadata:\n      labels: { app: ${name} }\n${scraped ? '      annotations: { prometheus.io/scrape: "true", prometheus.io/port: "8000" }\n' : ''}    spec:\n      containers:\n        - name: vllm\n          image: vllm/vllm-openai:v0.10.1\n          args: ["--model", "Qwen/Qwen2.5-7B-Instruct"]\n`;
    writeFileSync(join(dir, 'a.yaml'), server('chat', true));
    writeFileSync(join(dir, 'b.yaml'), server('embed', false));
    writeFileSync(join(dir, 'svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: embed-svc\n  namespace: serving\nspec:\n  selector: { app: chat }\n  ports: [{ port: 80, targetPort: 8000 }]\n');
    const one = cli(1, dir);
    assert.ok(one.some((k) => k.includes('/b.yaml|monitoring/metrics|')), one.join('\n'));
    assert.deepEqual(cli(2, dir, STRIDE), one);
  });

  it('two threads see what links and relates across them: manifest annotations, related places in resources', () => {
    // Dealt in turn: a server (a.yaml) and a Service (svc.yaml) in the main thread; the HPA that scales the server
    // (hpa.yaml) and the ModelDeployment its annotation names (z-chat.modelready.yaml) in the worker. The main thread
    // gets the manifest's file and the HPA (as data; its file is parsed for the related place), the worker the
    // server's file.
    const dir = mkdtempSync(join(tmpdir(), 'modelready-links-'));
    writeFileSync(
      join(dir, 'a.yaml'),
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: chat\n  namespace: serving\n  annotations: { modelready.dev/manifest: ./z-chat.modelready.yaml }\nspec:\n  replicas: 2\n  selector:\n    matchLabels: { app: chat }\n  template:\n    metadata:\n      labels: { app: chat }\n    spec:\n      containers:\n        - name: vllm\n          image: vllm/vllm-openai:v0.10.1\n          args: ["--model", "Qwen/Qwen2.5-7B-Instruct"]\n          ports: [{ containerPort: 8000 }]\n`,
    );
    writeFileSync(join(dir, 'hpa.yaml'), 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: chat\n  namespace: serving\nspec:\n  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: chat }\n  minReplicas: 3\n  maxReplicas: 5\n');
    writeFileSync(join(dir, 'svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: chat\n  namespace: serving\nspec:\n  selector: { app: chat }\n  ports: [{ port: 80, targetPort: 9000 }]\n');
    writeFileSync(
      join(dir, 'z-chat.modelready.yaml'),
      'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata:\n  name: chat\n  namespace: serving\nmodel:\n  uri: hf://Qwen/Qwen2.5-7B-Instruct\nserving:\n  runtime: vllm\n  image: vllm/vllm-openai:v0.9.0\n  port: 8000\nscaling:\n  minReplicas: 1\n  maxReplicas: 5\n',
    );
    const one = cliReport(1, dir);
    const findings = one.findings as { ruleId: string; path: string; related?: { uri: string }[] }[];
    const seen = findings.map((f) => `${f.path.split('/').pop()} ${f.ruleId} ${(f.related ?? []).map((r) => r.uri.split('/').pop()).join(',')}`);
    for (const expected of ['a.yaml architecture/implementation-drift z-chat.modelready.yaml', 'z-chat.modelready.yaml architecture/implementation-drift a.yaml', 'a.yaml integration/port-consistency svc.yaml', 'a.yaml reliability/disruption-budget hpa.yaml']) {
      assert.ok(seen.includes(expected), `${expected} in\n${seen.join('\n')}`);
    }
    assert.deepEqual(cliReport(2, dir, STRIDE), one);
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

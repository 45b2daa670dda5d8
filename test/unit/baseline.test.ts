import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { analyzeFile, buildWorkspace, checkFile, checkText } from '../../server/src/engine/check';
import { assignFingerprints } from '../../server/src/engine/report/fingerprint';
import type { Finding } from '../../server/src/engine/types';
import { Workspace } from '../../server/src/engine/workspace';
import { DEFAULT_CONFIG, readConfig } from '../../server/src/engine/config/config';
import { matchBaseline, parseBaseline } from '../../server/src/engine/report/baseline';
import { buildReport, fingerprintOfReported } from '../../server/src/engine/report/model';
import { formatJson } from '../../server/src/engine/report/formatters/json';
import { BaselineDiagnostics } from '../../server/src/lsp/baseline';

/** Two containers with moving tags and a literal token, as in the vLLM quick start plus a sidecar. */
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: llama
  namespace: serving
spec:
  replicas: 2
  selector:
    matchLabels: { app: llama }
  template:
    metadata:
      labels: { app: llama }
    spec:
      containers:
        - name: vllm
          image: vllm/vllm-openai:latest
          args: ["--model", "meta-llama/Llama-3.1-8B-Instruct"]
          env:
            - name: HF_TOKEN
              value: hf_FAKEtokenForModelReadyTestsOnly1234
        - name: sidecar
          image: busybox:latest
`;

describe('fingerprints and baselines (engine and editor)', () => {
  it('identifies a finding by rule, resource and container, not by line', () => {
    const uri = 'file:///w/serve.yaml';
    const before = checkText(uri, DEPLOYMENT);
    const after = checkText(uri, `# a comment\n\n${DEPLOYMENT}`);
    const pinned = (fs: typeof before) => fs.filter((f) => f.code === 'reliability/image-pinned').map((f) => [f.fingerprint, f.resource, f.data?.container, f.range.start.line]);
    assert.equal(pinned(before).length, 2);
    assert.deepEqual(pinned(after).map(([fp, r, c]) => [fp, r, c]), pinned(before).map(([fp, r, c]) => [fp, r, c]));
    assert.deepEqual(before.find((f) => f.code === 'reliability/image-pinned')?.resource, { kind: 'Deployment', namespace: 'serving', name: 'llama' });
    // Swapping the containers keeps each one's identity: the detail is the container's name, not its place.
    const swapped = DEPLOYMENT.replace(/( {8}- name: vllm[\s\S]*?)( {8}- name: sidecar\n.*\n)/, '$2$1');
    assert.notEqual(swapped, DEPLOYMENT);
    const byContainer = (fs: typeof before) => new Map(fs.filter((f) => f.code === 'reliability/image-pinned').map((f) => [f.data?.container, f.fingerprint]));
    assert.deepEqual(byContainer(checkText(uri, swapped)), byContainer(before));
    assert.equal(new Set(before.map((f) => f.fingerprint)).size, before.length, 'distinct within a file');
  });

  it('numbers the findings of a resource written twice in one file across both documents, also as edits come and go', () => {
    const uri = 'file:///w/twice.yaml';
    const other = DEPLOYMENT.replace('name: llama\n', 'name: other\n');
    // The same Deployment twice (with another between): its findings count on from one document to the next.
    const text = `${DEPLOYMENT}---\n${other}---\n${DEPLOYMENT}`;
    const ws = new Workspace();
    const check = (t: string) => ws.check(ws.analyze(uri, t, DEFAULT_CONFIG, {}, 'open'), DEFAULT_CONFIG);
    const fingerprints = (fs: Finding[]) => fs.map((f) => `${f.code}@${f.range.start.line}=${f.fingerprint}`);
    // The same findings numbered over the whole file at once, in file order.
    const numberedWhole = (t: string, fs: Finding[]) => {
      const copies = fs.map((f) => ({ ...f, fingerprint: undefined }));
      assignFingerprints(analyzeFile(uri, t), copies);
      return fingerprints(copies);
    };
    const first = check(text);
    assert.equal(new Set(first.map((f) => f.fingerprint)).size, first.length, 'distinct within the file');
    assert.deepEqual(fingerprints(first), numberedWhole(text, first));
    // Edits that make the middle one a third copy and back, while the documents around it are reused.
    for (const t of [text.replace('name: other\n', 'name: llama\n'), text, text.replace('replicas: 2', 'replicas: 3')]) {
      const found = check(t);
      assert.deepEqual(fingerprints(found), numberedWhole(t, found));
    }
  });

  it('leaves fingerprints out when asked (a text run reads none), with the same findings and resources', () => {
    const uri = 'file:///w/serve.yaml';
    const file = analyzeFile(uri, `${DEPLOYMENT}---\n${DEPLOYMENT.replace('name: llama\n', 'name: other\n')}`);
    const withThem = checkFile(file, buildWorkspace([file]), DEFAULT_CONFIG);
    const again = analyzeFile(uri, file.yaml.text);
    const without = checkFile(again, buildWorkspace([again]), DEFAULT_CONFIG, { fingerprints: false });
    assert.ok(withThem.length > 4 && withThem.every((f) => /^[0-9a-f]{16}$/.test(f.fingerprint ?? '')));
    assert.ok(without.every((f) => f.fingerprint === undefined));
    const plain = (fs: Finding[]) => fs.map((f) => [f.code, f.range.start.line, f.message, f.resource]);
    assert.deepEqual(plain(without), plain(withThem));
    // The report then has none either; reading one is a caller's mistake, said so, not an undefined key in a baseline.
    const report = buildReport([again], { [uri]: without }, DEFAULT_CONFIG, { fingerprints: false });
    assert.equal(report.findings.length, without.length);
    assert.ok(report.findings.every((f) => f.fingerprint === undefined));
    assert.throws(() => fingerprintOfReported(report.findings[0]), /built without fingerprints/);
    assert.ok(!formatJson(report).includes('"fingerprint"'));
    const full = buildReport([file], { [uri]: withThem }, DEFAULT_CONFIG);
    assert.deepEqual(full.findings.map(fingerprintOfReported), withThem.map((f) => f.fingerprint));
  });

  it('matches each baseline entry once, in the same file first', () => {
    const entries = [
      { fingerprint: 'a', path: 'x.yaml', ruleId: 'r', resource: '', message: '' },
      { fingerprint: 'a', path: 'y.yaml', ruleId: 'r', resource: '', message: '' },
      { fingerprint: 'b', path: 'x.yaml', ruleId: 'r', resource: '', message: '' },
    ];
    const { matched, stale } = matchBaseline(
      [
        { fingerprint: 'a', path: 'y.yaml' },
        { fingerprint: 'a', path: 'z.yaml' },
        { fingerprint: 'a', path: 'z.yaml' },
      ],
      entries,
    );
    assert.deepEqual(matched, [true, true, false]);
    assert.deepEqual(stale.map((e) => e.fingerprint), ['b']);
    assert.throws(() => parseBaseline('{"version": 2, "findings": []}'), /baseline version 2 is not supported/);
  });

  it('reads baseline and baselineFindings from the configuration, and says what is wrong', () => {
    assert.deepEqual(readConfig({ baseline: 'b.json', baselineFindings: 'hide' }).config.baseline, 'b.json');
    const { problems } = readConfig({ baseline: 3, baselineFindings: 'dim' });
    assert.deepEqual(problems.map((p) => p.path[0]), ['baseline', 'baselineFindings']);
  });

  describe('in the editor', () => {
    let dir: string;
    before(() => (dir = mkdtempSync(join(tmpdir(), 'modelready-baseline-'))));
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('shows accepted findings as hints (with the reason) or hides them, and new ones as they are', () => {
      const uri = pathToFileURL(join(dir, 'k8s/serve.yaml')).href;
      const findings = checkText(uri, DEPLOYMENT);
      const secret = findings.find((f) => f.code === 'security/inline-secret')!;
      const accepted = findings.filter((f) => f !== secret);
      const file = join(dir, 'accepted.json');
      writeFileSync(
        file,
        JSON.stringify({
          version: 1,
          tool: 'modelready',
          findings: accepted.map((f, i) => ({ fingerprint: f.fingerprint, ruleId: f.code, resource: 'Deployment/serving/llama', path: 'k8s/serve.yaml', message: f.message, ...(i === 0 ? { reason: 'staging only' } : {}) })),
        }),
      );
      const baselines = new BaselineDiagnostics(() => undefined);
      const hinted = baselines.diagnostics(uri, findings, { ...DEFAULT_CONFIG, baseline: file });
      assert.equal(hinted.length, findings.length);
      assert.deepEqual(hinted.filter((d) => d.severity !== DiagnosticSeverity.Hint).map((d) => d.code), ['security/inline-secret']);
      assert.match(hinted.find((d) => d.code === accepted[0].code && d.range.start.line === accepted[0].range.start.line)!.message as string, /\(accepted in the baseline: staging only\)$/);
      const hidden = baselines.diagnostics(uri, findings, { ...DEFAULT_CONFIG, baseline: file, baselineFindings: 'hide' });
      assert.deepEqual(hidden.map((d) => d.code), ['security/inline-secret']);
      // Another file's entries never hide findings here.
      const other = pathToFileURL(join(dir, 'other/serve.yaml')).href;
      assert.equal(baselines.diagnostics(other, checkText(other, DEPLOYMENT), { ...DEFAULT_CONFIG, baseline: file, baselineFindings: 'hide' }).length, findings.length);
    });
  });
});

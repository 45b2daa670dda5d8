import { strict as assert } from 'node:assert';
import { DEFAULT_CONFIG } from '../../server/src/engine/config/config';
import type { Finding, Range } from '../../server/src/engine/types';
import { Workspace } from '../../server/src/engine/workspace';

/** The engine's façade: files as saved and open buffers, and the facts cross-document rules read from them. */

const DEPLOYMENT = (image: string): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: llm\nspec:\n  replicas: 2\n  selector: { matchLabels: { app: llm } }\n  template:\n    metadata: { labels: { app: llm } }\n    spec:\n      containers:\n        - name: vllm\n          image: ${image}\n          args: ["--model", "org/model"]\n`;
const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: llm\nspec:\n  selector: { app: llm }\n  ports: [{ port: 80, targetPort: 9000 }]\n';

/** Each finding's rule and place, with the edits of its fixes: what the editor shows and applies. */
function shown(findings: Finding[]): string[] {
  const range = (r: Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
  return findings.map((f) => `${f.code}@${range(f.range)} ${JSON.stringify((f.fixes ?? []).map((x) => x.edits.map((e) => [range(e.range), e.newText])))}`).sort();
}

describe('engine workspace (the façade the server, the CLI and the tests check through)', () => {
  it('checks an edited file as a fresh check would, when documents move, are written twice or shift down', () => {
    const uri = 'file:///w/app.yaml';
    const other = DEPLOYMENT('vllm/vllm-openai:v0.9.1').replace('name: llm\n', 'name: other\n');
    const texts = [
      `${DEPLOYMENT('vllm/vllm-openai:v0.9.1')}---\n${SERVICE}---\n${other}`,
      // Lines added above everything: every document moves down.
      `# serving\n\n${DEPLOYMENT('vllm/vllm-openai:v0.9.1')}---\n${SERVICE}---\n${other}`,
      // The first document moved to the end.
      `# serving\n\n${SERVICE}---\n${other}---\n${DEPLOYMENT('vllm/vllm-openai:v0.9.1')}`,
      // The last one renamed into a second copy of the first.
      `# serving\n\n${SERVICE}---\n${DEPLOYMENT('vllm/vllm-openai:v0.9.1')}---\n${DEPLOYMENT('vllm/vllm-openai:v0.9.1')}`,
    ];
    const ws = new Workspace();
    for (const text of texts) {
      const incremental = ws.check(ws.analyze(uri, text, DEFAULT_CONFIG, {}, 'open'), DEFAULT_CONFIG);
      const fresh = new Workspace();
      assert.deepEqual(shown(incremental), shown(fresh.check(fresh.analyze(uri, text, DEFAULT_CONFIG), DEFAULT_CONFIG)));
    }
  });


  it('binds the facts of documents that only moved to their new lines without reading them again', () => {
    const uri = 'file:///w/app.yaml';
    const native = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata:\n  name: chat\nserving:\n  runtime: vllm\n';
    // The first document's text changes (the line added above it is its own); the others only move.
    const text = `${SERVICE}---\n${native}---\n${DEPLOYMENT('vllm/vllm-openai:v0.9.1')}---\n${SERVICE.replace('name: llm', 'name: llm-2')}`;
    const ws = new Workspace();
    const before = ws.analyze(uri, text, DEFAULT_CONFIG, {}, 'open');
    ws.check(before, DEFAULT_CONFIG);
    const after = ws.analyze(uri, `# moved down\n${text}`, DEFAULT_CONFIG, {}, 'open');
    after.documents.slice(1).forEach((d, i) => {
      const old = before.documents[i + 1];
      assert.equal(d.doc.lineOffset, old.doc.lineOffset + 1);
      // The same facts (not extracted again), bound to the moved document: its ranges and edits are on the new lines.
      d.units.forEach((u, k) => {
        assert.equal(u.spec, old.units[k].spec);
        assert.equal(u.doc, d.doc);
        assert.equal(u.where('monitoring.runbook').start.line, old.units[k].where('monitoring.runbook').start.line + 1);
        assert.equal(u.edit.set('monitoring.runbook', 'x')[0]?.range.start.line, (old.units[k].edit.set('monitoring.runbook', 'x')[0]?.range.start.line ?? -2) + 1);
      });
      d.resources.forEach((r) => assert.equal(r.doc, d.doc));
    });
    // Their findings too, moved as they were (with the fingerprints they had), as a fresh check finds them.
    const fresh = new Workspace();
    const [moved, again] = [ws.check(after, DEFAULT_CONFIG), fresh.check(fresh.analyze(uri, `# moved down\n${text}`, DEFAULT_CONFIG), DEFAULT_CONFIG)];
    assert.deepEqual(shown(moved), shown(again));
    assert.deepEqual(moved.map((f) => f.fingerprint), again.map((f) => f.fingerprint));
  });

  it('lets an open buffer win over the saved file, and the saved file count again once it is closed', () => {
    const ws = new Workspace();
    ws.analyze('file:///w/llm.yaml', DEPLOYMENT('vllm/vllm-openai:v0.11.0'), DEFAULT_CONFIG);
    const open = ws.analyze('file:///w/llm.yaml', DEPLOYMENT('vllm/vllm-openai:latest'), DEFAULT_CONFIG, {}, 'open');
    assert.equal(ws.file('file:///w/llm.yaml'), open);
    assert.ok(ws.check(open, DEFAULT_CONFIG).some((f) => f.code === 'reliability/image-pinned'));
    ws.remove('file:///w/llm.yaml', 'open');
    assert.ok(!ws.check(ws.file('file:///w/llm.yaml')!, DEFAULT_CONFIG).some((f) => f.code === 'reliability/image-pinned'));
    assert.equal(ws.savedCount, 1);
  });

  it('builds the cross-document facts once per change, and again when a file is added', () => {
    const ws = new Workspace();
    const deployment = ws.analyze('file:///w/llm.yaml', DEPLOYMENT('vllm/vllm-openai:v0.11.0'), DEFAULT_CONFIG);
    const before = ws.facts();
    assert.equal(ws.facts(), before, 'unchanged workspace: the same facts (and relation index)');
    const crossFile = (): boolean => ws.check(deployment, DEFAULT_CONFIG).some((f) => f.code === 'integration/port-consistency');
    assert.equal(crossFile(), false);
    // A Service beside it (same folder) that sends traffic to a port the server does not listen on.
    ws.analyze('file:///w/svc.yaml', SERVICE, DEFAULT_CONFIG);
    assert.notEqual(ws.facts(), before);
    assert.equal(ws.facts().resources.length, 1);
    assert.equal(crossFile(), true);
  });
});

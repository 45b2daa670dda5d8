import { strict as assert } from 'node:assert';
import { DEFAULT_CONFIG } from '../../server/src/engine/config/config';
import { Workspace } from '../../server/src/engine/workspace';

/** The engine's façade: files as saved and open buffers, and the facts cross-document rules read from them. */

const DEPLOYMENT = (image: string): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: llm\nspec:\n  replicas: 2\n  selector: { matchLabels: { app: llm } }\n  template:\n    metadata: { labels: { app: llm } }\n    spec:\n      containers:\n        - name: vllm\n          image: ${image}\n          args: ["--model", "org/model"]\n`;
const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: llm\nspec:\n  selector: { app: llm }\n  ports: [{ port: 80, targetPort: 9000 }]\n';

describe('engine workspace (the façade the server, the CLI and the tests check through)', () => {
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

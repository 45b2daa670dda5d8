import { strict as assert } from 'node:assert';
import { cpSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CompletionItem, CompletionList, Hover } from 'vscode-languageserver-protocol';
import { TrustChangedNotification } from '../../server/src/protocol';
import { LspClient } from './lsp-client';

const FIXTURES = join(__dirname, '..', 'fixtures', 'workspace-schemas');
// The ModelService with the cursor on a new line under `decode:`.
const MODEL_SERVICE = `${readFileSync(join(FIXTURES, 'modelservice.yaml'), 'utf8')}    \n`;
const DECODE_LINE = MODEL_SERVICE.split('\n').length - 2;
const MODEL_NAME_LINE = MODEL_SERVICE.split('\n').findIndex((l) => l.startsWith('    modelName:'));
const EPP_CONFIG = 'apiVersion: inference.networking.x-k8s.io/v1alpha1\nkind: EndpointPickerConfig\nplugins:\n- type: queue-scorer\nschedulingProfiles:\n- name: default\n  plugins:\n  - pluginRef: queue-scorer\n    \n';

function labels(r: CompletionItem[] | CompletionList | null): string[] {
  return (Array.isArray(r) ? r : (r?.items ?? [])).map((i) => i.label);
}

/** An editor on a workspace folder whose `.modelready.yaml` maps a CRD and a JSON Schema. */
async function start(folder: string, trusted: boolean): Promise<LspClient> {
  const client = new LspClient();
  await client.initializeWorkspace(folder, { trusted });
  return client;
}

describe('workspace schemas over stdio: completion and hover', function () {
  this.timeout(30_000);
  const folder = mkdtempSync(join(tmpdir(), 'modelready-ws-lsp-'));
  cpSync(FIXTURES, folder, { recursive: true });
  cpSync(join(FIXTURES, 'modelready.yaml'), join(folder, '.modelready.yaml'));
  mkdirSync(join(folder, 'epp'));
  const crdUri = pathToFileURL(join(folder, 'qwen3.yaml')).href;
  const eppUri = pathToFileURL(join(folder, 'epp', 'scheduler.yaml')).href;
  let client: LspClient | undefined;
  // A failed assertion must not leave the server running (it would keep mocha alive).
  afterEach(async () => {
    await client?.shutdown();
    client = undefined;
  });
  const completion = (c: LspClient, uri: string, line: number, character: number) =>
    c.request<CompletionItem[] | CompletionList | null>('textDocument/completion', { textDocument: { uri }, position: { line, character } });

  it('completes and describes the fields of a mapped CRD and of a JSON Schema mapped by file glob', async () => {
    client = await start(folder, true);
    await client.open(crdUri, MODEL_SERVICE);
    assert.deepEqual(labels(await completion(client, crdUri, DECODE_LINE, 4)), ['acceleratorTypes']);
    const spec = labels(await completion(client, crdUri, DECODE_LINE, 2));
    assert.ok(spec.includes('decoupleScaling') && !spec.includes('routing'), spec.join());
    const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: crdUri }, position: { line: MODEL_NAME_LINE, character: 6 } });
    assert.ok(h);
    const text = (h.contents as { value: string }).value;
    assert.match(text, /\*\*spec\.routing\.modelName\*\* \(schema \.\/modelservice-crd\.yaml\)/);
    assert.match(text, /model field within inference request/);

    await client.open(eppUri, EPP_CONFIG);
    assert.deepEqual(labels(await completion(client, eppUri, 8, 4)), ['weight']);
    const weight = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: eppUri }, position: { line: 7, character: 6 } });
    assert.match((weight?.contents as { value: string } | undefined)?.value ?? '', /name of a plugin declared under plugins/);
  });

  it('offers nothing from them until the workspace is trusted', async () => {
    client = await start(folder, false);
    await client.open(crdUri, MODEL_SERVICE);
    assert.deepEqual(labels(await completion(client, crdUri, DECODE_LINE, 4)), []);
    await client.connection.sendNotification(TrustChangedNotification, { trusted: true });
    // Any request after the notification is answered after it (one connection, in order).
    assert.deepEqual(labels(await completion(client, crdUri, DECODE_LINE, 4)), ['acceleratorTypes']);
  });
});

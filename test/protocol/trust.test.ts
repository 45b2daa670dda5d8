import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ServerInfoRequest } from '../../server/src/protocol';
import { LspClient } from './lsp-client';

async function start(trusted: boolean, folder: string): Promise<LspClient> {
  const client = new LspClient();
  await client.initializeWorkspace(folder, { trusted });
  return client;
}

const MANIFEST = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata:\n  name: x\nmodel:\n  uri: hf://org/model\nserving:\n  protocol: custom\n  apiSpec: ./missing-openapi.yaml\n';


describe('Workspace Trust', function () {
  this.timeout(30_000);
  const folder = mkdtempSync(join(tmpdir(), 'modelready-trust-'));
  writeFileSync(join(folder, 'other.modelready.yaml'), MANIFEST);

  it('in an untrusted workspace: no workspace scan and no look at referenced files', async () => {
    const client = await start(false, folder);
    const uri = pathToFileURL(join(folder, 'open.modelready.yaml')).href;
    const diagnostics = await client.open(uri, MANIFEST);
    assert.ok(!diagnostics.some((d) => d.code === 'integration/protocol' && String(d.message).includes('missing-openapi')), 'a referenced file is not looked up');
    const info = await client.connection.sendRequest(ServerInfoRequest);
    assert.deepEqual([info.trusted, info.indexedFiles], [false, 0]);
    await client.shutdown();
  });

  it('in a trusted workspace: other files are indexed and references are checked', async () => {
    const client = await start(true, folder);
    const uri = pathToFileURL(join(folder, 'open.modelready.yaml')).href;
    const diagnostics = await client.open(uri, MANIFEST);
    assert.ok(diagnostics.some((d) => d.code === 'integration/protocol' && String(d.message).includes('missing-openapi')), JSON.stringify(diagnostics.map((d) => d.message)));
    let info = await client.connection.sendRequest(ServerInfoRequest);
    for (let i = 0; i < 50 && info.indexedFiles === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      info = await client.connection.sendRequest(ServerInfoRequest);
    }
    assert.ok(info.indexedFiles >= 1);
    await client.shutdown();
  });
});

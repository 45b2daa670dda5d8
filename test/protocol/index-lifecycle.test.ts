import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ServerInfoRequest } from '../../server/src/protocol';
import { LspClient } from './lsp-client';

const MANIFEST = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  ports:\n    - port: 80\n';

async function indexedAfterSettling(client: LspClient, expected: number): Promise<number> {
  let info = await client.connection.sendRequest(ServerInfoRequest);
  for (let i = 0; i < 50 && info.indexedFiles !== expected; i++) {
    await new Promise((r) => setTimeout(r, 100));
    info = await client.connection.sendRequest(ServerInfoRequest);
  }
  return info.indexedFiles;
}

describe('the workspace index when files are opened and closed', function () {
  this.timeout(30_000);

  it('takes a closed file of the workspace back as saved, and keeps nothing of a file opened from elsewhere', async () => {
    const root = mkdtempSync(join(tmpdir(), 'modelready-index-'));
    const folder = join(root, 'workspace');
    mkdirSync(folder);
    writeFileSync(join(folder, 'inside.yaml'), MANIFEST);
    writeFileSync(join(root, 'outside.yaml'), MANIFEST);
    const client = new LspClient();
    try {
      await client.initializeWorkspace(folder, { trusted: true });
      assert.equal(await indexedAfterSettling(client, 1), 1);


      const outside = pathToFileURL(join(root, 'outside.yaml')).href;
      await client.open(outside, MANIFEST);
      await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: outside } });
      const inside = pathToFileURL(join(folder, 'inside.yaml')).href;
      await client.open(inside, MANIFEST);
      await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: inside } });
      // Give a wrongly indexed file time to arrive: the count must stay at the one workspace file.
      await new Promise((r) => setTimeout(r, 300));
      assert.equal((await client.connection.sendRequest(ServerInfoRequest)).indexedFiles, 1);
    } finally {
      await client.shutdown();
    }
  });
});

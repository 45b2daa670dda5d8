import { strict as assert } from 'node:assert';
import { SERVER_NODE_FLAGS } from '../../server/src/protocol';

describe('the Node flags of the language server', () => {
  it('are the ones the benchmark starts the server with, so it measures what the extension runs', async () => {
    // @ts-expect-error -- the benchmark is plain JavaScript, without type declarations
    const bench = (await import('../../bench/servers.mjs')) as { MODELREADY_NODE_FLAGS: string[] };
    assert.deepEqual(bench.MODELREADY_NODE_FLAGS, SERVER_NODE_FLAGS);
  });
});

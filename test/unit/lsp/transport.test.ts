import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { Diagnostic } from 'vscode-languageserver/node';
import { encode } from '../../../server/src/lsp/transport';

const diagnostic = (line: number, message: string): Diagnostic => ({
  range: { start: { line, character: 0 }, end: { line, character: 4 } },
  severity: 2,
  code: 'reliability/liveness-probe',
  source: 'modelready',
  message,
});

const publish = (uri: string, version: number, diagnostics: Diagnostic[]) => ({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri, version, diagnostics } });

async function decoded(msg: ReturnType<typeof publish>): Promise<unknown> {
  return JSON.parse(Buffer.from(await encode(msg)).toString('utf-8'));
}

describe('the stdio encoder of published diagnostics', () => {
  it('writes what JSON.stringify writes when each publish keeps, drops, adds or replaces diagnostics of the last one', async () => {
    // Each step edits the previous list: the kept objects are the very same, as the server reuses them.
    const step = fc.record({ at: fc.nat(), drop: fc.nat({ max: 3 }), add: fc.array(fc.string({ maxLength: 12 }), { maxLength: 3 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        let list: Diagnostic[] = [];
        let version = 0;
        for (const s of steps) {
          const at = list.length === 0 ? 0 : s.at % (list.length + 1);
          list = [...list.slice(0, at), ...s.add.map((m, i) => diagnostic(at + i, `ünï ${m}`)), ...list.slice(at + s.drop)];
          const msg = publish('file:///a.yaml', ++version, list);
          assert.deepEqual(await decoded(msg), JSON.parse(JSON.stringify(msg)));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps files apart, and forgets a file whose diagnostics were cleared', async () => {
    const a = [diagnostic(1, 'a1'), diagnostic(2, 'a2')];
    const b = [diagnostic(1, 'b1')];
    assert.deepEqual(await decoded(publish('file:///a.yaml', 1, a)), JSON.parse(JSON.stringify(publish('file:///a.yaml', 1, a))));
    assert.deepEqual(await decoded(publish('file:///b.yaml', 1, b)), JSON.parse(JSON.stringify(publish('file:///b.yaml', 1, b))));
    assert.deepEqual(await decoded(publish('file:///a.yaml', 2, [])), JSON.parse(JSON.stringify(publish('file:///a.yaml', 2, []))));
    assert.deepEqual(await decoded(publish('file:///a.yaml', 3, a)), JSON.parse(JSON.stringify(publish('file:///a.yaml', 3, a))));
  });
});

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeAction, CompletionItem, CompletionList, Diagnostic, DocumentSymbol, Hover } from 'vscode-languageserver-protocol';
import { LspClient } from './lsp-client';

/**
 * Hostile input over the protocol: after each input the server is still up and answers a later request on a
 * healthy document (DESIGN.md §6: no input crashes or hangs the server).
 */

const EXAMPLE = readFileSync(join(__dirname, '..', '..', 'examples', 'support-assistant.modelready.yaml'), 'utf8');
const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata:\n  name: demo\nmodel:\n  uri: hf://org/model\n';
const HEALTHY = 'file:///w/healthy.modelready.yaml';

function items(r: CompletionItem[] | CompletionList | null): CompletionItem[] {
  return Array.isArray(r) ? r : (r?.items ?? []);
}

function assertInside(text: string, diagnostics: Diagnostic[]): void {
  const lines = text.split('\n');
  for (const d of diagnostics) {
    for (const p of [d.range.start, d.range.end]) {
      assert.ok(p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length, `${String(d.code)} ${JSON.stringify(d.range)} outside the document`);
    }
  }
}

let billion = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nl0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
for (let i = 1; i < 10; i++) billion += `l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(',')}]\n`;

const INPUTS: { name: string; text: string; expect?: (d: Diagnostic[]) => void }[] = [
  { name: 'invalid YAML', text: `${HEAD}serving: [a, {b: \n  - c\n\t"d\n`, expect: (d) => assert.ok(d.some((x) => x.code === 'schema/yaml-syntax')) },
  { name: 'merge-conflict markers', text: EXAMPLE.replace('serving:\n', '<<<<<<< HEAD\nserving:\n=======\nserving:\n>>>>>>> x\n'), expect: (d) => assert.ok(d.some((x) => x.code === 'schema/yaml-syntax')) },
  { name: 'binary (decoded with replacement characters) and NULs', text: new TextDecoder().decode(Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 7919) % 256))) + `\n${HEAD}\u0000` },
  { name: '10,000-deep flow nesting', text: `${HEAD}serving: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`, expect: (d) => assert.deepEqual(d.map((x) => x.code), ['meta/limit']) },
  { name: '10,000-deep compact block nesting', text: `${HEAD}serving:\n  ${'- '.repeat(10_000)}x\n`, expect: (d) => assert.deepEqual(d.map((x) => x.code), ['meta/limit']) },
  { name: 'an alias bomb', text: billion, expect: (d) => assert.ok(d.some((x) => /alias/i.test(typeof x.message === 'string' ? x.message : ''))) },
  { name: 'over the document limit', text: '---\na: 1\n'.repeat(10_001), expect: (d) => assert.deepEqual(d.map((x) => x.code), ['meta/limit']) },
  { name: 'a Helm template', text: `${HEAD}scaling:\n  minReplicas: {{ .Values.replicas }}\n`, expect: (d) => assert.deepEqual(d.map((x) => x.code), ['meta/template']) },
  { name: 'CRLF, BOM and tabs', text: `\ufeff${HEAD.replace(/\n/g, '\r\n')}serving:\r\n\truntime: vllm\r\n` },
  { name: '1e400 and YAML 1.1 booleans', text: `${HEAD}scaling:\n  minReplicas: 1e400\nserving:\n  servedModelName: yes\n`, expect: (d) => assert.ok(d.filter((x) => x.code === 'schema/invalid').length >= 2) },
];

describe('language server: hostile input over the protocol', function () {
  this.timeout(60_000);
  let client: LspClient;

  before(async () => {
    client = new LspClient();
    await client.initialize();
    await client.open(HEALTHY, EXAMPLE);
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0, 'server exits cleanly after shutdown + exit');
  });

  /** The server still answers: hover, completion and symbols on the healthy document. */
  async function stillAnswers(): Promise<void> {
    const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: HEALTHY }, position: { line: 19, character: 2 } });
    assert.ok(h, 'hover answered');
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: HEALTHY } });
    assert.ok(symbols.length > 0);
    assert.equal(client.process.exitCode, null, `server is up; stderr: ${client.stderr}`);
  }

  INPUTS.forEach((input, i) => {
    it(`survives ${input.name}`, async () => {
      const uri = `file:///w/hostile-${i}.modelready.yaml`;
      const diagnostics = await client.open(uri, input.text);
      assertInside(input.text, diagnostics);
      input.expect?.(diagnostics);
      // Requests on the hostile document itself, at its start, middle and past its end.
      for (const position of [{ line: 0, character: 0 }, { line: 6, character: 3 }, { line: 1_000_000, character: 1_000_000 }]) {
        await client.request('textDocument/hover', { textDocument: { uri }, position });
        await client.request('textDocument/completion', { textDocument: { uri }, position });
      }
      await client.request('textDocument/documentSymbol', { textDocument: { uri } });
      await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics } });
      await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      await stillAnswers();
    });
  });

  it('survives a change that turns the document into garbage and back, and a range past the end', async () => {
    const uri = 'file:///w/flip.modelready.yaml';
    await client.open(uri, EXAMPLE);
    await client.change(uri, 2, [{ text: '\u0000{[&a *a !foo\t"' }]);
    const back = await client.change(uri, 3, [{ text: EXAMPLE }]);
    assert.deepEqual(back.filter((d) => d.severity === 1), []);
    // An edit whose range lies past the end of the document (a confused client): clamped, not thrown.
    await client.change(uri, 4, [{ range: { start: { line: 9999, character: 0 }, end: { line: 10_000, character: 5 } }, text: '\nextra: 1\n' }]);
    const r = await client.request<CompletionItem[] | CompletionList | null>('textDocument/completion', { textDocument: { uri }, position: { line: 20, character: 2 } });
    assert.ok(items(r).length >= 0);
    await stillAnswers();
  });

  it('answers requests for documents it never opened', async () => {
    const uri = 'file:///w/never-opened.yaml';
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }), null);
    assert.deepEqual(items(await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 } })), []);
    await stillAnswers();
  });
});

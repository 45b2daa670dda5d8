import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeAction, CompletionItem, CompletionList, Diagnostic, DocumentSymbol, Hover, InitializeResult, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fixAllText } from '../../server/src/engine/fix/apply';
import { LspClient } from './lsp-client';

const EXAMPLE = readFileSync(join(__dirname, '..', '..', 'examples', 'support-assistant.modelready.yaml'), 'utf8');
const BROKEN = `apiVersion: modelready.dev/v1alpha1
kind: ModelDeployment
metadata:
  name: demo
model:
  uri: hf://org/model
architecture:
  target: clod
  regons: [europe-west4]
`;

/** LSP 3.18 allows markup in diagnostic messages; this server sends plain strings. */
function text(m: string | { value: string }): string {
  return typeof m === 'string' ? m : m.value;
}

function items(r: CompletionItem[] | CompletionList | null): CompletionItem[] {
  return Array.isArray(r) ? r : (r?.items ?? []);
}

describe('language server over stdio (JSON-RPC as an editor speaks it)', function () {
  this.timeout(30_000);
  let client: LspClient;

  before(async () => {
    client = new LspClient();
    const init = (await client.initialize()) as InitializeResult;
    assert.equal(init.capabilities.hoverProvider, true);
  });

  after(async () => {
    const code = await client.shutdown();
    assert.equal(code, 0, 'server exits cleanly after shutdown + exit');
  });

  it('publishes schema diagnostics with code, docs link and the narrowest range on open', async () => {
    const diagnostics = await client.open('file:///w/broken.modelready.yaml', BROKEN);
    const target = diagnostics.find((d) => d.code === 'schema/invalid' && text(d.message).includes('`target`'));
    assert.ok(target, JSON.stringify(diagnostics));
    assert.equal(target.code, 'schema/invalid');
    assert.match(target.codeDescription!.href, /docs\/rules\/schema\/invalid/);
    assert.deepEqual(target.range, { start: { line: 7, character: 10 }, end: { line: 7, character: 14 } });
    assert.match(text(target.message), /did you mean `cloud`/);
    const unknown = diagnostics.find((d) => d.code === 'schema/invalid' && text(d.message).includes('regons'))!;
    assert.deepEqual(unknown.range, { start: { line: 8, character: 2 }, end: { line: 8, character: 8 } });
  });

  it('re-checks after an incremental change and clears the fixed error', async () => {
    const diagnostics = await client.change('file:///w/broken.modelready.yaml', 2, [
      { range: { start: { line: 7, character: 10 }, end: { line: 7, character: 14 } }, text: 'cloud' },
    ]);
    assert.ok(!diagnostics.some((d) => text(d.message).includes('`target`')), JSON.stringify(diagnostics));
    assert.ok(diagnostics.some((d) => text(d.message).includes('regons')));
  });

  it('completes enum values after a key', async () => {
    await client.open('file:///w/enum.modelready.yaml', 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\narchitecture:\n  target: \n');
    const result = await client.request<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri: 'file:///w/enum.modelready.yaml' },
      position: { line: 3, character: 10 },
    });
    assert.deepEqual(items(result).map((i) => i.label).sort(), ['cloud', 'hybrid', 'on-prem']);
  });

  it('completes property names on an empty line and after a partial word', async () => {
    const text = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata:\n  name: x\nserving:\n  \n  pro\n';
    await client.open('file:///w/props.modelready.yaml', text);
    const empty = items(await client.request('textDocument/completion', { textDocument: { uri: 'file:///w/props.modelready.yaml' }, position: { line: 5, character: 2 } }));
    assert.ok(empty.some((i) => i.label === 'runtime'), empty.map((i) => i.label).join());
    const partial = items(await client.request('textDocument/completion', { textDocument: { uri: 'file:///w/props.modelready.yaml' }, position: { line: 6, character: 5 } }));
    const protocol = partial.find((i) => i.label === 'protocol');
    assert.ok(protocol);
    assert.deepEqual((protocol.textEdit as { range: unknown }).range, { start: { line: 6, character: 2 }, end: { line: 6, character: 5 } });
    const root = items(await client.request('textDocument/completion', { textDocument: { uri: 'file:///w/props.modelready.yaml' }, position: { line: 7, character: 0 } }));
    assert.ok(root.some((i) => i.label === 'monitoring'), 'top-level sections at column 0');
    assert.ok(!root.some((i) => i.label === 'metadata'), 'present keys are not offered again');
  });

  it('shows the markdownDescription of the property under the cursor on hover', async () => {
    await client.open('file:///w/example.modelready.yaml', EXAMPLE);
    const line = EXAMPLE.split('\n').findIndex((l) => /^\s+dataResidency:/.test(l));
    const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri: 'file:///w/example.modelready.yaml' }, position: { line, character: 5 } });
    assert.ok(h);
    const value = (h.contents as { value: string }).value;
    assert.match(value, /architecture\.dataResidency/);
    assert.ok(value.length > 40);
  });

  it('answers document symbols with the sections of the manifest', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: 'file:///w/example.modelready.yaml' } });
    assert.equal(symbols.length, 1);
    assert.match(symbols[0].name, /^ModelDeployment /);
    const sections = symbols[0].children!.map((c) => c.name);
    for (const s of ['metadata', 'model', 'architecture', 'serving', 'monitoring']) assert.ok(sections.includes(s), s);
  });

  it('leaves unrelated YAML without diagnostics', async () => {
    const diagnostics = await client.open('file:///w/ci.yaml', 'name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n');
    assert.deepEqual(diagnostics, []);
  });

  it('reports YAML syntax errors instead of crashing', async () => {
    const diagnostics = await client.open('file:///w/bad.yaml', 'apiVersion: v1\nkind: Service\na: [1, 2\nb: {\n');
    assert.ok(diagnostics.length > 0);
    assert.ok(diagnostics.every((d) => d.code === 'schema/yaml-syntax'));
  });
});

describe('fix all over the protocol', function () {
  this.timeout(60_000);
  const uri = 'file:///w/fixall.yaml';
  // Two vLLM Deployments whose weights are not pinned and whose images float: each has a preferred fix.
  const manifest = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 1
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      containers:
        - name: vllm
          image: vllm/vllm-openai:latest
          args: ["--model", "mistralai/Mistral-7B-Instruct-v0.3"]
`;
  const TEXT = `${manifest('a')}---\n${manifest('b')}`;

  async function fixAllOf(client: LspClient): Promise<{ action: CodeAction; diagnostics: Diagnostic[] }> {
    const diagnostics = await client.open(uri, TEXT);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics: [diagnostics[0]] } });
    const action = actions.find((a) => a.kind === 'source.fixAll.modelready');
    assert.ok(action, JSON.stringify(actions.map((a) => a.title)));
    return { action, diagnostics };
  }

  function applied(edit: WorkspaceEdit | undefined): string {
    const [change] = edit?.changes?.[uri] ?? [];
    assert.ok(change, JSON.stringify(edit));
    return TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, TEXT), [change]);
  }

  it('offers fix all without computing it for a client that resolves actions, and resolves it to the same edit', async () => {
    const client = new LspClient();
    await client.initialize({ codeAction: { resolveSupport: { properties: ['edit'] } } });
    const { action } = await fixAllOf(client);
    assert.equal(action.edit, undefined, 'the lightbulb does not pay for fix all');
    const resolved = await client.request<CodeAction>('codeAction/resolve', action);
    const expected = fixAllText(uri, TEXT);
    assert.equal(applied(resolved.edit), expected.text);
    assert.equal(resolved.title, `Fix all auto-fixable ModelReady problems (${expected.fixed})`);
    await client.shutdown();
  });

  it('computes fix all at once for a client that cannot resolve actions', async () => {
    const client = new LspClient();
    await client.initialize();
    const { action } = await fixAllOf(client);
    assert.equal(applied(action.edit), fixAllText(uri, TEXT).text);
    await client.shutdown();
  });
});

describe('editing a multi-document file chunk by chunk', function () {
  this.timeout(60_000);
  const doc = (i: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: model-${i}
spec:
  replicas: ${(i % 3) + 1}
  selector:
    matchLabels: { app: model-${i} }
  template:
    metadata:
      labels: { app: model-${i} }
    spec:
      containers:
        - name: vllm
          image: vllm/vllm-openai:v0.6.3
          args: ["--model", "org/model-${i}", "--max-num-seqs", "${i + 8}"]
`;
  const at = (line: number, character: number) => ({ line, character });
  // Edits an editor sends: a value typed, Enter, a marker deleted (two documents join) and typed again (they split),
  // a paste over two documents, a line joined with the next, an edit past the end.
  const EDITS = [
    { range: { start: at(5, 12), end: at(5, 13) }, text: '4' },
    { range: { start: at(0, 0), end: at(0, 0) }, text: '\n' },
    { range: { start: at(17, 0), end: at(18, 0) }, text: '' },
    { range: { start: at(17, 0), end: at(17, 0) }, text: '---\n' },
    { range: { start: at(30, 4), end: at(40, 2) }, text: 'x: 1\n---\nkind: Service\nmetadata:\n  name: model-1\n' },
    { range: { start: at(3, 16), end: at(4, 0) }, text: '' },
    { range: { start: at(400, 0), end: at(401, 0) }, text: '---\nkind: ConfigMap\n' },
    { range: { start: at(2, 0), end: at(2, 0) }, text: '  ' },
  ];

  it('publishes, after each edit, exactly what a fresh open of the same text publishes', async () => {
    const client = new LspClient();
    await client.initialize();
    let text = [0, 1, 2, 3].map(doc).join('---\n');
    const uri = 'file:///w/multi.yaml';
    await client.open(uri, text);
    for (const [i, edit] of EDITS.entries()) {
      const edited = await client.change(uri, i + 2, [edit]);
      text = TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, text), [{ range: edit.range, newText: edit.text }]);
      const fresh = await client.open(`file:///w/fresh-${i}/multi.yaml`, text);
      const strip = (ds: Diagnostic[]) => ds.map((d) => ({ ...d, relatedInformation: undefined, data: undefined }));
      assert.deepEqual(strip(edited), strip(fresh), `after edit ${i}: ${JSON.stringify(edit)}`);
    }
    await client.shutdown();
  });
});

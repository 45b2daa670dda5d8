import { strict as assert } from 'node:assert';
import { analyzeFile } from '../../server/src/engine/check';
import { complete } from '../../server/src/engine/language/completion';
import { lineContext } from '../../server/src/engine/language/context';
import { hover } from '../../server/src/engine/language/hover';
import { documentSymbols } from '../../server/src/engine/language/symbols';

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata:\n  name: demo\n';

function labelsAt(text: string, line: number, character: number, uri = 'file:///w/m.modelready.yaml'): string[] {
  return complete(analyzeFile(uri, text), line, character).map((c) => c.label);
}

describe('cursor context from text (documents that do not parse yet)', () => {
  const cases: [string, string, number, unknown][] = [
    ['nested empty line', 'a:\n  b:\n    ', 2, { parentPath: ['a', 'b'], mode: 'key' }],
    ['partial key', 'a:\n  b: x\n  c', 2, { parentPath: ['a'], mode: 'key', prefix: 'c' }],
    ['inside a sequence item', 'spec:\n  containers:\n  - name: x\n    ima', 3, { parentPath: ['spec', 'containers', 0], mode: 'key' }],
    ['nested sequences', 'spec:\n  containers:\n    - name: x\n      env:\n        - name: A\n          ', 5, { parentPath: ['spec', 'containers', 0, 'env', 0], mode: 'key' }],
    ['a new sequence item', 'spec:\n  containers:\n    - name: x\n    - ', 3, { parentPath: ['spec', 'containers', 0], mode: 'key' }],
    ['a value', 'architecture:\n  target: cl', 1, { parentPath: ['architecture'], mode: 'value', key: 'target', prefix: 'cl' }],
  ];
  for (const [name, text, line, expected] of cases) {
    it(`finds the path for ${name}`, () => {
      const lines = text.split('\n');
      const ctx = lineContext(lines, line, lines[line].length);
      for (const [k, v] of Object.entries(expected as object)) assert.deepEqual((ctx as unknown as Record<string, unknown>)[k], v, k);
    });
  }
});

describe('completion from the schema', () => {
  it('offers the sections of a ModelDeployment at the top level, without those already present', () => {
    const labels = labelsAt(`${HEAD}\n`, 4, 0);
    for (const s of ['model', 'serving', 'monitoring', 'governance']) assert.ok(labels.includes(s), s);
    assert.ok(!labels.includes('metadata'));
  });

  it('offers whole-section snippets', () => {
    const items = complete(analyzeFile('file:///w/m.modelready.yaml', `${HEAD}\n`), 4, 0);
    const snippet = items.find((i) => i.kind === 'snippet' && i.label.startsWith('monitoring'));
    assert.ok(snippet);
    assert.match(snippet.insertText, /^monitoring:\n {2}\S/);
  });

  it('offers enum values and booleans for values', () => {
    assert.deepEqual(labelsAt(`${HEAD}serving:\n  auth: \n`, 5, 8).sort(), ['api-key', 'mtls', 'none', 'oidc']);
    assert.deepEqual(labelsAt(`${HEAD}serving:\n  tls: \n`, 5, 7).sort(), ['false', 'true']);
  });

  it('offers properties of objects inside lists', () => {
    const labels = labelsAt(`${HEAD}monitoring:\n  alerts:\n    - name: x\n      \n`, 7, 6);
    assert.ok(labels.includes('notify') && !labels.includes('name'), labels.join());
  });

  it('offers a ModelDeployment skeleton in an empty file', () => {
    assert.deepEqual(labelsAt('', 0, 0, 'file:///w/new.yaml'), ['ModelDeployment']);
  });

  it('offers nothing in YAML that is not a manifest', () => {
    assert.deepEqual(labelsAt('services:\n  web:\n    \n', 2, 4, 'file:///w/compose.yaml'), []);
  });

  it('offers rule ids after a suppression directive', () => {
    const labels = labelsAt(`${HEAD}# modelready-disable-next-line mon\n`, 4, 34);
    assert.ok(labels.includes('monitoring/runbook'), labels.join());
  });

  it('completes .modelready.yaml from its own schema', () => {
    assert.deepEqual(labelsAt('profile: \n', 0, 9, 'file:///w/.modelready.yaml').sort(), ['development', 'production', 'regulated']);
  });
});

describe('hover and outline', () => {
  it('shows the description of the key under the cursor and of an enum value', () => {
    const file = analyzeFile('file:///w/m.modelready.yaml', `${HEAD}architecture:\n  target: cloud\n`);
    const onKey = hover(file, 5, 4);
    assert.ok(onKey && /architecture\.target/.test(onKey.markdown));
    const onValue = hover(file, 5, 11);
    assert.ok(onValue && /Allowed: `on-prem`, `cloud`, `hybrid`/.test(onValue.markdown), onValue?.markdown);
  });

  it('lists one symbol per document with its sections', () => {
    const file = analyzeFile('file:///w/m.yaml', `${HEAD}model:\n  uri: hf://a/b\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n`);
    const symbols = documentSymbols(file);
    assert.deepEqual(symbols.map((s) => s.name), ['ModelDeployment demo', 'ConfigMap cfg']);
    assert.deepEqual(symbols[0].children.map((c) => c.name), ['apiVersion', 'kind', 'metadata', 'model']);
    assert.equal(symbols[1].selectionRange.start.line, 8);
  });
});

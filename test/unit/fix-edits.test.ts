import { strict as assert } from 'node:assert';
import { parse } from 'yaml';
import { applyFixes } from '../../server/src/engine/fix/apply';
import { appendDocument, appendToBlockSequence, insertAtPath, setValue, suppressLineFix } from '../../server/src/engine/fix/edits';
import { parseQuantity } from '../../server/src/engine/facts/quantity';
import { parseYaml } from '../../server/src/engine/parse/yaml';
import type { TextEdit } from '../../server/src/engine/types';
import type { YAMLSeq } from 'yaml';

function insert(text: string, path: (string | number)[], value: unknown): string {
  const doc = parseYaml(text).documents[0];
  return applyFixes(text, [{ title: 't', edits: insertAtPath(doc, path, value) }]).text;
}

describe('fix edits keep the user\'s YAML', () => {
  it('adds a key after the last entry of an existing block mapping, at its indentation', () => {
    const out = insert('monitoring:\n    alerts: []   # keep me\nother: 1\n', ['monitoring', 'runbook'], 'https://x');
    assert.equal(out, 'monitoring:\n    alerts: []   # keep me\n    runbook: https://x\nother: 1\n');
  });

  it('creates missing parent sections with the document\'s indentation unit', () => {
    const out = insert('a:\n    b: 1\n', ['monitoring', 'drift', 'metric'], 'psi');
    assert.equal(out, 'a:\n    b: 1\nmonitoring:\n    drift:\n        metric: psi\n');
  });

  it('writes data values as YAML blocks', () => {
    const out = insert('kind: X\n', ['reliability', 'disruptionBudget'], { minAvailable: 1 });
    assert.deepEqual(parse(out), { kind: 'X', reliability: { disruptionBudget: { minAvailable: 1 } } });
  });

  it('fills an empty section value', () => {
    assert.equal(insert('monitoring:\nnext: 1\n', ['monitoring', 'runbook'], 'u'), 'monitoring:\n  runbook: u\nnext: 1\n');
    assert.equal(insert('monitoring: ~\n', ['monitoring', 'runbook'], 'u'), 'monitoring:\n  runbook: u\n');
  });

  it('adds to flow mappings in flow style', () => {
    assert.deepEqual(parse(insert('serving: { runtime: vllm }\n', ['serving', 'tls'], 'true')), { serving: { runtime: 'vllm', tls: true } });
    assert.deepEqual(parse(insert('serving: {}\n', ['serving', 'tls'], 'true')), { serving: { tls: true } });
  });

  it('handles a file without a final newline and CRLF line endings', () => {
    assert.equal(insert('a:\n  b: 1', ['a', 'c'], '2'), 'a:\n  b: 1\n  c: 2\n');
    assert.equal(insert('a:\r\n  b: 1\r\n', ['a', 'c'], '2'), 'a:\r\n  b: 1\r\n  c: 2\r\n');
  });

  it('takes the key column from a real key, not from an explicit empty key (`? `)', () => {
    assert.equal(insert('? \napiVersion: v1\nkind: X\n', ['monitoring', 'runbook'], 'u'), '? \napiVersion: v1\nkind: X\nmonitoring:\n  runbook: u\n');
  });

  it('drops snippet placeholders to their defaults when applied without an editor', () => {
    assert.equal(insert('a:\n  b: 1\n', ['a', 'url'], '${1:https://example.com}'), 'a:\n  b: 1\n  url: https://example.com\n');
  });

  it('suppresses a line with a comment at its indentation and a reason placeholder', () => {
    const text = 'a:\n  b: 1\n';
    const fix = suppressLineFix(parseYaml(text).documents[0], 1, 'monitoring/runbook');
    assert.equal(applyFixes(text, [fix]).text, 'a:\n  # modelready-disable-next-line monitoring/runbook -- reason\n  b: 1\n');
  });

  // Shared by the reliability, scaling and security rules (fix/edits.ts): one home, one behaviour.
  const apply = (text: string, edits: (doc: ReturnType<typeof parseYaml>['documents'][number]) => TextEdit[]) =>
    applyFixes(text, [{ title: 't', edits: edits(parseYaml(text).documents[0]) }]).text;

  it('appends a document from YAML text or data, in the file\'s line endings', () => {
    assert.equal(apply('kind: A\n', (d) => appendDocument(d, 'kind: B\n')), 'kind: A\n---\nkind: B\n');
    assert.equal(apply('kind: A', (d) => appendDocument(d, 'kind: B')), 'kind: A\n---\nkind: B\n');
    assert.equal(apply('kind: A\r\n', (d) => appendDocument(d, 'kind: B\nspec: 1')), 'kind: A\r\n---\r\nkind: B\r\nspec: 1\r\n');
    assert.equal(apply('a:\n    b: 1\n', (d) => appendDocument(d, { kind: 'B', spec: { x: 1 } })), 'a:\n    b: 1\n---\nkind: B\nspec:\n    x: 1\n');
  });

  it('sets a value: replaces it, fills `key:`, or inserts the key', () => {
    assert.equal(apply('a:\n  b: 1\n', (d) => setValue(d, ['a', 'b'], '2')), 'a:\n  b: 2\n');
    assert.equal(apply('a:\n  b:\nc: 1\n', (d) => setValue(d, ['a', 'b'], '2')), 'a:\n  b: 2\nc: 1\n');
    assert.equal(apply('a:\n  b: 1\n', (d) => setValue(d, ['a', 'c'], '2')), 'a:\n  b: 1\n  c: 2\n');
  });

  it('appends items to a block sequence at the column of its dashes', () => {
    const text = 'a:\n  - x: 1\n    y: 2\n';
    const out = apply(text, (d) => appendToBlockSequence(d, d.locate(['a']).node as YAMLSeq, ['x: 3\ny: 4', 'z']));
    assert.equal(out, 'a:\n  - x: 1\n    y: 2\n  - x: 3\n    y: 4\n  - z\n');
  });

  it('parses Kubernetes quantities', () => {
    assert.equal(parseQuantity('64Mi'), 64 * 2 ** 20);
    assert.equal(parseQuantity('500m'), 0.5);
    assert.equal(parseQuantity('2G'), 2e9);
    assert.equal(parseQuantity('1e3'), 1000);
    assert.equal(parseQuantity(8), 8);
    assert.equal(parseQuantity('8 GiB'), undefined);
  });
});

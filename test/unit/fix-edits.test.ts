import { strict as assert } from 'node:assert';
import { parse } from 'yaml';
import { applyFixes } from '../../server/src/engine/fix/apply';
import { insertAtPath, suppressLineFix } from '../../server/src/engine/fix/edits';
import { parseYaml } from '../../server/src/engine/parse/yaml';

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

  it('drops snippet placeholders to their defaults when applied without an editor', () => {
    assert.equal(insert('a:\n  b: 1\n', ['a', 'url'], '${1:https://example.com}'), 'a:\n  b: 1\n  url: https://example.com\n');
  });

  it('suppresses a line with a comment at its indentation and a reason placeholder', () => {
    const text = 'a:\n  b: 1\n';
    const fix = suppressLineFix(parseYaml(text).documents[0], 1, 'monitoring/runbook');
    assert.equal(applyFixes(text, [fix]).text, 'a:\n  # modelready-disable-next-line monitoring/runbook -- reason\n  b: 1\n');
  });
});

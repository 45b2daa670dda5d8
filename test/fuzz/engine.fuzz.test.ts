import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { checkProperty, fixProperty, fuzzCase, languageProperty, loadSeeds, mutate } from './properties';

/**
 * A bounded fuzz run in the normal test suite (400 cases in all); `npm run fuzz [numRuns]` runs the same
 * properties for as long as you like (scripts/fuzz.mjs). A failure prints fast-check's seed and path: re-run
 * one with `fc.assert(..., { seed, path })`, then add the shrunk input as a regression test in
 * test/unit/hostile-input.test.ts.
 */
describe('engine fuzzing (fast-check)', function () {
  this.timeout(60_000);
  const seeds = loadSeeds();

  it('has seed manifests (examples and corpus)', () => {
    assert.ok(seeds.length >= 2, `seeds: ${seeds.map((s) => s.name).join(', ')}`);
    assert.ok(seeds.some((s) => s.name.startsWith('examples/')));
  });

  it('mutations do what they say', () => {
    assert.equal(mutate('a\nb\nc', [{ op: 'delete', at: 0.5 }]), 'a\nc');
    assert.equal(mutate('a\nb', [{ op: 'swap', at: 0, other: 0.9 }]), 'b\na');
    assert.equal(mutate('a: 1', [{ op: 'insert', at: 0, col: 0.99, text: '&a' }]), 'a: 1&a');
    assert.equal(mutate('a\nb', [{ op: 'indent', at: 0.9, by: 2, tab: false }]), 'a\n  b');
    assert.equal(mutate('abcd', [{ op: 'truncate', at: 0.5 }]), 'ab');
  });

  it('checkText never throws and keeps every range inside the document', () => {
    fc.assert(fc.property(fuzzCase(seeds), (c) => void checkProperty(c)), { numRuns: 200 });
  });

  it('fixes keep YAML parseable and fix-all is idempotent', () => {
    fc.assert(fc.property(fuzzCase(seeds), fixProperty), { numRuns: 100 });
  });

  it('regression (seed -1305658760): a fix on an AIBrix StormService role pod lands before the next role', () => {
    const text = readFileSync(join(__dirname, '..', 'fixtures', 'corpus', 'aibrix', 'samples', 'autoscaling', 'stormservice-replica.yaml'), 'utf8');
    fixProperty({ kind: 'regression stormservice-replica.yaml', text, uri: 'file:///w/fuzz.modelready.yaml', probes: [[0, 0]] });
  });

  it('completion, hover and symbols never throw at any position', () => {
    fc.assert(fc.property(fuzzCase(seeds), languageProperty), { numRuns: 100 });
  });
});

import { strict as assert } from 'node:assert';
import { isMap, isPair, isScalar, isSeq, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { splitDocuments } from '../../server/src/engine/parse/text';
import { parseYaml } from '../../server/src/engine/parse/yaml';

describe('YAML wrapper', () => {
  it('gives each yaml node class its node type on the prototype, hidden as on a node (the bundles skip it per node)', () => {
    const NODE_TYPE = Symbol.for('yaml.node.type');
    for (const [nodeClass, type, is] of [
      [Scalar, 'yaml.scalar', isScalar],
      [YAMLMap, 'yaml.map', isMap],
      [YAMLSeq, 'yaml.seq', isSeq],
      [Pair, 'yaml.pair', isPair],
    ] as const) {
      const own = Object.getOwnPropertyDescriptor(nodeClass.prototype, NODE_TYPE);
      assert.equal(own?.value, Symbol.for(type));
      assert.equal(own?.enumerable, false);
      // A node without a type of its own (as the bundles' constructors leave it) is still recognised.
      assert.ok((is as (node: unknown) => boolean)(Object.create(nodeClass.prototype)), type);
    }
    const doc = parseYaml('a: [1, x]\n').documents[0];
    assert.ok(doc.doc.contents && isMap(doc.doc.contents));
  });

  it('gives maps and lists of fast-parsed documents their schema, hidden as yaml gives it (the bundles read it from the prototype)', () => {
    const doc = parseYaml('a:\n  b: [1, x]\n').documents[0].doc;
    const map = doc.contents as YAMLMap;
    const list = (map.get('a') as YAMLMap).get('b') as YAMLSeq;
    for (const node of [map, list]) {
      assert.equal(node.schema, doc.schema);
      assert.ok(!Object.keys(node).includes('schema'));
    }
    for (const collection of [YAMLMap, YAMLSeq]) assert.equal(Object.getOwnPropertyDescriptor(collection.prototype, 'schema')?.enumerable, false);
    // A map built with another schema has its own.
    const other = new YAMLMap();
    assert.equal(other.schema, undefined);
  });

  it('splits a file into documents at --- and ... markers at column 0 only', () => {
    const text = 'a: 1\n---\nb: "---"\nc: |\n  ---x\n...\nd: 4\n';
    const chunks = splitDocuments(text);
    assert.deepEqual(chunks.map((c) => c.startOffset), [0, 5, 34]);
    const file = parseYaml(text);
    assert.deepEqual(file.documents.map((d) => d.toJS()), [{ value: { a: 1 } }, { value: { b: '---', c: '---x\n' } }, { value: { d: 4 } }]);
    assert.deepEqual(file.documents.map((d) => d.lineOffset), [0, 1, 6]);
  });

  it('gives file ranges (zero-based lines, UTF-16 characters) for nodes in later documents', () => {
    const file = parseYaml('x: 1\n---\nkind: Thing\nspec:\n  name: "ünïcode"\n');
    const doc = file.documents[1];
    assert.deepEqual(doc.rangeAt(['spec', 'name']), { start: { line: 4, character: 8 }, end: { line: 4, character: 17 } });
    assert.deepEqual(doc.rangeAt(['spec', 'name'], 'key'), { start: { line: 4, character: 2 }, end: { line: 4, character: 6 } });
  });

  it('reports a missing path on the key of its nearest existing ancestor', () => {
    const doc = parseYaml('kind: X\nspec:\n  a: 1\n').documents[0];
    assert.deepEqual(doc.rangeAt(['spec', 'b', 'c']), { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } });
    assert.deepEqual(doc.rangeAt(['other']), doc.headerRange());
  });

  it('reuses the parse of unchanged documents and moves them to their new lines', () => {
    const before = parseYaml('a: 1\n---\nb: 2\n---\nc: 3\n');
    const after = parseYaml('a: 1\nextra: 0\n---\nb: 2\n---\nc: 3\n', undefined, before);
    assert.notEqual(after.documents[0].cacheKey, before.documents[0].cacheKey);
    assert.equal(after.documents[1].cacheKey, before.documents[1].cacheKey);
    assert.equal(after.documents[2].cacheKey, before.documents[2].cacheKey);
    assert.deepEqual(after.documents.map((d) => d.lineOffset), [0, 2, 4]);
    assert.deepEqual(after.documents[2].rangeAt(['c']), { start: { line: 5, character: 3 }, end: { line: 5, character: 4 } });
  });

  it('keeps the very documents of unchanged chunks when an edit keeps the line count, and finds moved ones by position', () => {
    const before = parseYaml('a: 1\n---\nb: 2\n---\nc: 3\n');
    const sameLines = parseYaml('a: 1\n---\nb: 22\n---\nc: 3\n', undefined, before);
    assert.equal(sameLines.documents[0], before.documents[0]);
    assert.notEqual(sameLines.documents[1].cacheKey, before.documents[1].cacheKey);
    assert.equal(sameLines.documents[2], before.documents[2]);
    // A longer first document: the last one is found at the same distance from the end, on its new line.
    const longer = parseYaml('a: 1\nx: 0\n---\nb: 22\n---\nc: 3\n', undefined, sameLines);
    assert.equal(longer.documents[2].cacheKey, sameLines.documents[2].cacheKey);
    assert.equal(longer.documents[2].lineOffset, 4);
    // Two documents swapped: each is found by its text.
    const swapped = parseYaml('a: 1\nx: 0\n---\nc: 3\n---\nb: 22\n', undefined, longer);
    assert.equal(swapped.documents[1].cacheKey, longer.documents[2].cacheKey);
    assert.deepEqual(swapped.documents.map((d) => d.toJS()), [{ value: { a: 1, x: 0 } }, { value: { c: 3 } }, { value: { b: 22 } }]);
  });

  it('reads YAML 1.1 booleans and merge keys as Kubernetes does, and keeps dates as strings', () => {
    const doc = parseYaml('base: &b { x: 1 }\nuse:\n  <<: *b\n  z: yes\nwhen: 2024-01-01\n').documents[0];
    assert.deepEqual(doc.toJS(), { value: { base: { x: 1 }, use: { x: 1, z: true }, when: '2024-01-01' } });
  });

  it('keeps positions right with a BOM and CRLF line endings', () => {
    const doc = parseYaml('\ufeffkind: X\r\nspec:\r\n  a: 1\r\n').documents[0];
    assert.deepEqual(doc.toJS(), { value: { kind: 'X', spec: { a: 1 } } });
    assert.deepEqual(doc.rangeAt(['spec', 'a']), { start: { line: 2, character: 5 }, end: { line: 2, character: 6 } });
  });

  it('treats a file of only comments, and an empty file, as empty documents', () => {
    assert.deepEqual(parseYaml('# just a comment\n# another\n').documents.map((d) => d.toJS()), [{ value: null }]);
    assert.deepEqual(parseYaml('').documents.map((d) => d.toJS()), [{ value: null }]);
  });

  it('reports duplicate keys and tabs used for indentation as problems with ranges', () => {
    const dup = parseYaml('a: 1\na: 2\n').documents[0];
    assert.equal(dup.problems[0].code, 'DUPLICATE_KEY');
    assert.deepEqual(dup.rangeOf(dup.problems[0].offsets).start, { line: 1, character: 0 });
    const tabs = parseYaml('a:\n\tb: 1\n').documents[0];
    assert.ok(tabs.hasErrors);
  });

  it('refuses files over the size and document limits with a message naming the setting', () => {
    const big = parseYaml('a: 1\n'.repeat(10), { maxFileSizeBytes: 20, maxDocuments: 10, maxAliasCount: 10, maxDepth: 10, maxStringLength: 10 });
    assert.equal(big.documents.length, 0);
    assert.match(big.overLimit!.message, /modelready\.limits\.maxFileSizeBytes/);
    const many = parseYaml('---\na: 1\n'.repeat(20), { maxFileSizeBytes: 1e6, maxDocuments: 10, maxAliasCount: 10, maxDepth: 10, maxStringLength: 10 });
    assert.match(many.overLimit!.message, /20 YAML documents.*modelready\.limits\.maxDocuments/);
  });
});

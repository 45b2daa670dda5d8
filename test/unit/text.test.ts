import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ChunkedText, splitDocuments } from '../../server/src/engine/parse/text';
import type { TextChange } from '../../server/src/engine/parse/text';

// Pieces that move document boundaries and line counts: markers, directives, every kind of line end.
const piece = fc.constantFrom('---', '--- ', '...', '.', '-', '\n', '\r\n', '\r', '\u2028', ' ', '%YAML 1.2', '# c', 'a: b', 'x', '"q\n"', '{{ v }}');
const text = fc.array(piece, { maxLength: 40 }).map((p) => p.join(''));
const position = fc.record({ line: fc.integer({ min: -1, max: 30 }), character: fc.integer({ min: -1, max: 12 }) });
const change: fc.Arbitrary<TextChange> = fc.oneof(
  { weight: 9, arbitrary: fc.record({ range: fc.record({ start: position, end: position }), text }) },
  { weight: 1, arbitrary: fc.record({ text }) },
);

describe('the chunked text of an open document', () => {
  it('holds the same text, lines and positions as the editor library after any sequence of edits', () => {
    fc.assert(
      fc.property(text, fc.array(change, { maxLength: 8 }), fc.array(position, { minLength: 1, maxLength: 6 }), fc.array(fc.integer({ min: -2, max: 300 }), { minLength: 1, maxLength: 6 }), (initial, changes, positions, offsets) => {
        let reference = TextDocument.create('file:///a.yaml', 'yaml', 1, initial);
        let chunked = ChunkedText.of(initial);
        for (const c of changes) {
          // A fresh reference per change, and a fresh one for lines: the library's own line table goes wrong after a range
          // past the end of the text (editors send none; the text itself is right).
          reference = TextDocument.update(TextDocument.create('file:///a.yaml', 'yaml', 1, reference.getText()), [c], 2);
          chunked = chunked.withChange(c);
          const expected = reference.getText();
          const lines = TextDocument.create('file:///a.yaml', 'yaml', 1, expected);
          assert.equal(chunked.chunks.join(''), expected);
          assert.deepEqual(chunked.chunks, splitDocuments(expected).map((p) => p.source));
          assert.equal(chunked.length, expected.length);
          assert.equal(chunked.lineCount, lines.lineCount);
          for (const p of positions) assert.equal(chunked.offsetAt(p), lines.offsetAt(p), JSON.stringify(p));
          for (const o of offsets) assert.deepEqual(chunked.positionAt(o), lines.positionAt(o), String(o));
        }
        assert.equal(chunked.toString(), reference.getText());
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps the chunks an edit did not touch as the very same strings', () => {
    const docs = Array.from({ length: 5 }, (_, i) => `---\nkind: K${i}\nmetadata:\n  name: n${i}\n`).join('');
    const before = ChunkedText.of(docs);
    const after = before.withChange({ range: { start: { line: 11, character: 8 }, end: { line: 11, character: 8 } }, text: 'x' });
    assert.equal(after.chunks.length, 5);
    assert.equal(after.chunks[2], '---\nkind: K2\nmetadata:\n  name: xn2\n');
    for (const i of [0, 1, 3, 4]) assert.ok(Object.is(after.chunks[i], before.chunks[i]));
  });

  it('joins two documents when the marker between them is deleted, and splits one when a marker is typed', () => {
    const two = ChunkedText.of('a: 1\n---\nb: 2\n');
    const one = two.withChange({ range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, text: '' });
    assert.deepEqual(one.chunks, ['a: 1\nb: 2\n']);
    const again = one.withChange({ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '---\n' });
    assert.deepEqual(again.chunks, ['a: 1\n', '---\nb: 2\n']);
  });
});

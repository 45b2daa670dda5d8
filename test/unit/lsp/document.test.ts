import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { OPEN_DOCUMENTS } from '../../../server/src/lsp/document';

const piece = fc.constantFrom('---', '...', '\n', '\r\n', '\r', ' ', 'a: b', '# c', '- x');
const text = fc.array(piece, { maxLength: 30 }).map((p) => p.join(''));
const position = fc.record({ line: fc.integer({ min: 0, max: 12 }), character: fc.integer({ min: 0, max: 8 }) });

describe('the open document of the language server', () => {
  it('answers text, ranges, lines and line ends as the editor library does after edits', () => {
    fc.assert(
      fc.property(text, fc.array(fc.record({ range: fc.record({ start: position, end: position }), text }), { maxLength: 5 }), fc.integer({ min: -1, max: 14 }), position, (initial, changes, line, at) => {
        let doc = OPEN_DOCUMENTS.create('file:///a.yaml', 'yaml', 1, initial);
        let expectedText = initial;
        for (const [i, c] of changes.entries()) {
          doc = OPEN_DOCUMENTS.update(doc, [c], i + 2);
          expectedText = TextDocument.applyEdits(TextDocument.create('file:///a.yaml', 'yaml', 1, expectedText), [{ range: c.range, newText: c.text }]);
        }
        const reference = TextDocument.create('file:///a.yaml', 'yaml', 1, expectedText);
        assert.equal(doc.getText(), reference.getText());
        assert.equal(doc.version, changes.length + 1);
        assert.equal(doc.lineCount, reference.lineCount);
        assert.deepEqual(doc.getLineRange(line), reference.getLineRange(line));
        assert.equal(doc.getEOLCharacters(line), reference.getEOLCharacters(line));
        const range = { start: at, end: { line: at.line + 1, character: 2 } };
        assert.equal(doc.getText(range), reference.getText(range));
      }),
      { numRuns: 2000 },
    );
  });
});

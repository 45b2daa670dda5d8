import type { Position, Range, TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { ChunkedText } from '../engine/parse/text';

/**
 * An open document as the server keeps it: its text held as YAML document chunks (`ChunkedText`), so a keystroke in
 * a large file replaces one chunk instead of copying the whole text, and the engine parses that chunk only.
 */
export class OpenDocument implements TextDocument {
  constructor(
    readonly uri: string,
    readonly languageId: string,
    readonly version: number,
    readonly text: ChunkedText,
  ) {}

  get lineCount(): number {
    return this.text.lineCount;
  }

  getText(range?: Range): string {
    const whole = this.text.toString();
    return range ? whole.substring(this.offsetAt(range.start), this.offsetAt(range.end)) : whole;
  }

  positionAt(offset: number): Position {
    return this.text.positionAt(offset);
  }

  offsetAt(position: Position): number {
    return this.text.offsetAt(position);
  }

  /** The line's range without its line break (the last line for lines past the end, as the library answers). */
  getLineRange(line: number): Range {
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const at = Math.min(line, this.lineCount - 1);
    const start = this.offsetAt({ line: at, character: 0 });
    const end = line >= this.lineCount ? this.text.length : this.offsetAt({ line: at, character: Number.MAX_SAFE_INTEGER });
    return { start: { line: at, character: 0 }, end: { line: at, character: end - start } };
  }

  getEOLCharacters(line: number): string {
    if (line < 0 || line >= this.lineCount) return '';
    const end = this.offsetAt({ line, character: Number.MAX_SAFE_INTEGER });
    const next = line + 1 < this.lineCount ? this.offsetAt({ line: line + 1, character: 0 }) : this.text.length;
    return this.text.toString().slice(end, next);
  }
}

/** How `TextDocuments` makes and updates open documents. */
export const OPEN_DOCUMENTS = {
  create: (uri: string, languageId: string, version: number, content: string): OpenDocument => new OpenDocument(uri, languageId, version, ChunkedText.of(content)),
  update: (document: OpenDocument, changes: TextDocumentContentChangeEvent[], version: number): OpenDocument =>
    new OpenDocument(document.uri, document.languageId, version, changes.reduce((text, change) => text.withChange(change), document.text)),
};

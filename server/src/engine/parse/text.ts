
/** A position as editors give it: zero-based line and UTF-16 character. */
export interface TextPosition {
  line: number;
  character: number;
}

/** An editor's change: a range replaced by text, or (without range) the whole text. */
export interface TextChange {
  range?: { start: TextPosition; end: TextPosition };
  text: string;
}

/**
 * A file's text held as its YAML document chunks (the pieces `splitDocuments` cuts it into). An edit replaces the
 * chunks it touched and keeps the others as they are, so typing in a large file neither copies the whole text
 * (a 2 MB string per keystroke, freed only by a full GC) nor scans it for document markers again, and the parse
 * finds its unchanged chunks by identity. Positions follow the editor's lines (`\n`, `\r\n` and a lone `\r` each end
 * one) exactly as vscode-languageserver-textdocument counts them.
 */
export class ChunkedText {
  private joined: string | undefined;
  private starts: number[] | undefined;
  private firstLines: number[] | undefined;
  private readonly lineStarts: (number[] | undefined)[];
  /** Line starts of the whole text, for the rare text whose lines cross chunks (see `crossesChunks`). */
  private wholeLineStarts: number[] | undefined;

  private constructor(
    /** The chunks, in order: their concatenation is the text. */
    readonly chunks: readonly string[],
    /** Line breaks in each chunk. */
    private readonly breaks: readonly number[],
    /** How many chunks hold a lone `\r`, U+2028 or U+2029 (see `odd`). */
    private readonly oddChunks: number,
  ) {
    this.lineStarts = new Array<number[] | undefined>(chunks.length);
  }

  static of(text: string): ChunkedText {
    const chunks = splitDocuments(text).map((c) => c.source);
    const result = new ChunkedText(chunks, chunks.map(countBreaks), chunks.filter(odd).length);
    result.joined = text;
    return result;
  }

  get length(): number {
    const starts = this.chunkStarts();
    return starts[starts.length - 1];
  }

  /** Number of lines (one more than line breaks). */
  get lineCount(): number {
    const lines = this.chunkFirstLines();
    return lines[lines.length - 1] + 1;
  }

  /** The whole text (joined once, on first use). */
  toString(): string {
    return (this.joined ??= this.chunks.join(''));
  }

  /** Where each chunk starts in the text, and (last) the text's length. */
  chunkStarts(): readonly number[] {
    if (!this.starts) {
      const starts = [0];
      for (const c of this.chunks) starts.push(starts[starts.length - 1] + c.length);
      this.starts = starts;
    }
    return this.starts;
  }

  private chunkFirstLines(): readonly number[] {
    if (!this.firstLines) {
      const lines = [0];
      for (const b of this.breaks) lines.push(lines[lines.length - 1] + b);
      this.firstLines = lines;
    }
    return this.firstLines;
  }

  private linesOf(i: number): number[] {
    return (this.lineStarts[i] ??= lineStartsOf(this.chunks[i]));
  }

  /** Line starts of the whole text when a chunk is odd (a line may then run from one chunk into the next). */
  private whole(): number[] | undefined {
    return this.oddChunks > 0 ? (this.wholeLineStarts ??= lineStartsOf(this.toString())) : undefined;
  }

  /** Offset of a position, clamped as vscode-languageserver-textdocument clamps it. */
  offsetAt(position: TextPosition): number {
    const firstLines = this.chunkFirstLines();
    if (position.line >= this.lineCount) return this.length;
    if (position.line < 0) return 0;
    const whole = this.whole();
    if (whole) {
      const text = this.toString();
      const lineStart = whole[position.line];
      if (position.character <= 0) return lineStart;
      const next = position.line + 1 < whole.length ? whole[position.line + 1] : text.length;
      return beforeEol(text, Math.min(lineStart + position.character, next), lineStart);
    }
    // The chunk holding the line: the last one that starts at or before it (a chunk ends with its line's break).
    const i = Math.min(lastAtOrBefore(firstLines, position.line), this.chunks.length - 1);
    const chunk = this.chunks[i];
    const lines = this.linesOf(i);
    const local = position.line - firstLines[i];
    const lineStart = lines[local];
    const start = this.chunkStarts()[i];
    if (position.character <= 0) return start + lineStart;
    const next = local + 1 < lines.length ? lines[local + 1] : chunk.length;
    return start + beforeEol(chunk, Math.min(lineStart + position.character, next), lineStart);
  }

  /** Position of an offset, clamped to the text. */
  positionAt(offset: number): TextPosition {
    const starts = this.chunkStarts();
    offset = Math.max(Math.min(offset, this.length), 0);
    const whole = this.whole();
    if (whole) {
      const line = lastAtOrBefore(whole, offset);
      return { line, character: beforeEol(this.toString(), offset, whole[line]) - whole[line] };
    }
    const i = Math.min(lastAtOrBefore(starts, offset), this.chunks.length - 1);
    const local = offset - starts[i];
    const lines = this.linesOf(i);
    const line = lastAtOrBefore(lines, local);
    const at = beforeEol(this.chunks[i], local, lines[line]);
    return { line: this.chunkFirstLines()[i] + line, character: at - lines[line] };
  }

  /** The text with a change applied: only the chunks it touched are cut again. */
  withChange(change: TextChange): ChunkedText {
    if (!change.range) return ChunkedText.of(change.text);
    const [from, to] = wellFormed(change.range.start, change.range.end);
    const startOffset = this.offsetAt(from);
    const endOffset = this.offsetAt(to);
    if (this.oddChunks > 0) {
      const whole = this.toString();
      return ChunkedText.of(whole.slice(0, startOffset) + change.text + whole.slice(endOffset));
    }
    const starts = this.chunkStarts();
    // From the chunk before the edit: the edit may remove the marker that starts its own chunk.
    const first = Math.max(0, Math.min(lastAtOrBefore(starts, startOffset), this.chunks.length - 1) - 1);
    let last = Math.min(lastAtOrBefore(starts, endOffset), this.chunks.length - 1);
    const regionStart = starts[first];
    let region = this.chunks.slice(first, last + 1).join('');
    region = region.slice(0, startOffset - regionStart) + change.text + region.slice(endOffset - regionStart);
    // Deleting the `\n` of a `\r\n` makes a lone `\r`: such a text is cut whole.
    if (odd(region)) return ChunkedText.of(this.chunks.slice(0, first).join('') + region + this.chunks.slice(last + 1).join(''));
    // The chunk after the region still starts a document only if cutting the region with it says so; else it joins.
    let pieces: { source: string; startOffset: number }[];
    for (;;) {
      if (last === this.chunks.length - 1) {
        pieces = splitDocuments(region);
        break;
      }
      const withNext = splitDocuments(region + this.chunks[last + 1]);
      if (withNext.some((p) => p.startOffset === region.length)) {
        pieces = withNext.filter((p) => p.startOffset < region.length);
        break;
      }
      last += 1;
      region += this.chunks[last];
    }
    // Own copies: a piece sliced from the region would keep the whole region (and the old chunks it joined) alive.
    const fresh = region.length === 0 && first === 0 && last === this.chunks.length - 1 ? [''] : pieces.map((p) => ownCopy(p.source)).filter((s) => s.length > 0);
    const chunks = [...this.chunks.slice(0, first), ...fresh, ...this.chunks.slice(last + 1)];
    const breaks = [...this.breaks.slice(0, first), ...fresh.map(countBreaks), ...this.breaks.slice(last + 1)];
    const result = new ChunkedText(chunks.length > 0 ? chunks : [''], chunks.length > 0 ? breaks : [0], 0);
    for (let i = 0; i < first; i++) result.lineStarts[i] = this.lineStarts[i];
    for (let i = last + 1, j = first + fresh.length; i < this.chunks.length; i++, j++) result.lineStarts[j] = this.lineStarts[i];
    return result;
  }
}

/**
 * A copy of a substring that does not keep the whole string alive. V8's substrings point into their parent: a chunk
 * kept after an edit would otherwise hold that version of the whole file for as long as it is reused.
 */
export function ownCopy(source: string): string {
  return ` ${source}`.slice(1);
}

const DOC_MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;
/** Only directives (`%YAML`, `%TAG`), comments and blank lines: they belong to the document the next `---` starts. */
const DIRECTIVES_ONLY = /^(?:(?:[ \t\r]*(?:#[^\n]*)?|%[^\n]*)\n)*$/;

/** Splits a file into per-document chunks, each starting at a line start. */
export function splitDocuments(text: string): { source: string; startOffset: number }[] {
  const bounds: number[] = [0];
  DOC_MARKER.lastIndex = 0;
  for (let m = DOC_MARKER.exec(text); m; m = DOC_MARKER.exec(text)) {
    if (m[0] === '---') {
      const from = bounds[bounds.length - 1];
      const head = text.slice(from, m.index);
      if (m.index > 0 && !(head.includes('%') && DIRECTIVES_ONLY.test(head))) bounds.push(m.index);
    } else {
      // `...` ends a document; the next one starts on the following line.
      const nl = text.indexOf('\n', m.index);
      if (nl >= 0 && nl + 1 < text.length) bounds.push(nl + 1);
    }
  }
  const unique = [...new Set(bounds)].sort((a, b) => a - b);
  return unique.map((start, i) => ({ source: text.slice(start, unique[i + 1] ?? text.length), startOffset: start }));
}


function wellFormed(start: TextPosition, end: TextPosition): [TextPosition, TextPosition] {
  return start.line > end.line || (start.line === end.line && start.character > end.character) ? [end, start] : [start, end];
}

/** Index of the last sorted value at or before `value` (0 when none is). */
function lastAtOrBefore(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid] > value) high = mid;
    else low = mid + 1;
  }
  return Math.max(0, low - 1);
}

function isEol(code: number): boolean {
  return code === 13 || code === 10;
}

/**
 * A chunk with a line end other than `\n` and `\r\n`: the marker pattern and the editor then disagree on lines, and
 * a `...` line's document ends at the next `\n`, which may lie chunks away. Texts with one are cut whole on each edit.
 */
function odd(text: string): boolean {
  return /\r(?!\n)|[\u2028\u2029]/.test(text);
}

/** An offset moved back before the line break it points into or after (never before the line's start). */
function beforeEol(text: string, offset: number, lineStart: number): number {
  while (offset > lineStart && isEol(text.charCodeAt(offset - 1))) offset--;
  return offset;
}

function countBreaks(text: string): number {
  let breaks = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10 || (ch === 13 && text.charCodeAt(i + 1) !== 10)) breaks++;
  }
  return breaks;
}

/** Offsets where lines start: 0, and after each `\n`, `\r\n` or lone `\r`. */
function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 13 || ch === 10) {
      if (ch === 13 && i + 1 < text.length && text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

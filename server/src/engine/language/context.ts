import type { FileAnalysis } from '../check';
import type { UserSchema } from '../config/config';
import type { FormatAdapter } from '../formats/adapter';
import { recogniseDocument } from '../formats/registry';
import type { YamlDocument } from '../parse/yaml';
import type { JsonSchema } from '../schema/validate';

/** The document of a file that holds `line`. */
export function documentAt(file: FileAnalysis, line: number): YamlDocument | undefined {
  const docs = file.yaml.documents;
  let found: YamlDocument | undefined;
  for (const d of docs) {
    if (d.lineOffset <= line) found = d;
    else break;
  }
  return found;
}

/**
 * The schema of a document, the one the validator uses (with the workspace's mapped schemas, `userSchemas`), also
 * while it is being typed and does not parse: the `apiVersion` and `kind` lines are read from the text then.
 */
export function schemaOfDocument(doc: YamlDocument, uri: string, userSchemas?: readonly UserSchema[]): { adapter: FormatAdapter; schema: JsonSchema } | undefined {
  const apiVersion = /^apiVersion:[ \t]*["']?([^\s"'#]+)/m.exec(doc.source)?.[1];
  const kind = /^kind:[ \t]*["']?([^\s"'#]+)/m.exec(doc.source)?.[1];
  // Without apiVersion and kind, the top-level keys are the shape a format may recognise (a chart's values).
  const shape = apiVersion === undefined && kind === undefined ? Object.fromEntries([...doc.source.matchAll(/^([A-Za-z_][\w-]*):/gm)].map((m) => [m[1], {}])) : { apiVersion, kind };
  const r = recogniseDocument(uri, shape, userSchemas);
  if (!r) return undefined;
  const schema = r.adapter.schemaFor(r.apiVersion, r.kind);
  return schema ? { adapter: r.adapter, schema } : undefined;
}

export interface LineContext {
  /** Path of the mapping (or sequence item) the cursor is in; numbers stand for sequence items. */
  parentPath: (string | number)[];
  /** Completing a key (`key`) or the value of `key` (`value`). */
  mode: 'key' | 'value';
  key?: string;
  /** The partial word before the cursor, and where it starts. */
  prefix: string;
  prefixStart: number;
  /** Column of keys in the mapping the cursor is in. */
  indent: number;
}

const KEY_LINE = /^(\s*)((?:-\s+)*)(["']?)([^\s:#"'][^:#]*?)\3:(?:\s|$)/;

function indentOf(line: string): number {
  return /^\s*/.exec(line)![0].length;
}

/**
 * Works out from the text alone (the document may not parse while it is typed) where the cursor is:
 * the chain of parent keys found by walking up to lines of smaller indentation.
 */
export function lineContext(lines: readonly string[], line: number, character: number): LineContext {
  const text = (lines[line] ?? '').slice(0, character);
  const keyMatch = KEY_LINE.exec(text);
  let mode: 'key' | 'value';
  let key: string | undefined;
  let indent: number;
  let prefix: string;
  let prefixStart: number;
  let inItem = false;
  if (keyMatch && text.length >= keyMatch[0].length - 1 && /:\s*\S*$/.test(text.slice(keyMatch[1].length + keyMatch[2].length))) {
    mode = 'value';
    key = keyMatch[4].trim();
    indent = keyMatch[1].length + keyMatch[2].length;
    inItem = keyMatch[2].length > 0;
    const valuePart = /:\s*(\S*)$/.exec(text)!;
    prefix = valuePart[1].replace(/^["']/, '');
    prefixStart = character - prefix.length;
  } else {
    mode = 'key';
    const m = /^(\s*)((?:-\s+)*)(\S*)$/.exec(text) ?? ['', text, '', ''];
    indent = m[1].length + m[2].length;
    inItem = m[2].length > 0;
    prefix = m[3];
    prefixStart = character - prefix.length;
  }
  const parentPath: (string | number)[] = [];
  if (inItem) parentPath.unshift(0);
  // Walk up: a line whose content starts left of `want` is a parent. `- key:` lines open a sequence item,
  // whose sequence key sits at the dash's column or left of it.
  let want = indent;
  for (let i = line - 1; i >= 0 && want > 0; i--) {
    const l = lines[i];
    if (!l.trim() || l.trimStart().startsWith('#')) continue;
    if (/^(---|\.\.\.)/.test(l)) break;
    const ind = indentOf(l);
    const dash = /^\s*((?:-\s+)*)/.exec(l)![1].length;
    const contentCol = ind + dash;
    if (contentCol > want || (contentCol === want && dash === 0)) continue;
    const m = KEY_LINE.exec(l);
    const blockValue = m ? /:\s*(#.*)?$|:\s*[|>]/.test(l) : false;
    if (m && contentCol < want && blockValue) parentPath.unshift(m[4].trim());
    if (dash > 0) {
      parentPath.unshift(0);
      want = ind + 1;
    } else if (m) {
      want = contentCol;
    }
  }
  return { parentPath: normalise(parentPath), mode, key, prefix, prefixStart, indent };
}

/** `[0, 0]` runs can only come from our walk over `- ` lines of one item; keep one. */
function normalise(path: (string | number)[]): (string | number)[] {
  return path.filter((seg, i) => !(typeof seg === 'number' && typeof path[i - 1] === 'number'));
}

/** Keys already present in the mapping the cursor is in (text scan of the block at the same indentation). */
export function siblingKeys(lines: readonly string[], line: number, indent: number): Set<string> {
  const keys = new Set<string>();
  const scan = (from: number, step: number): void => {
    for (let i = from; i >= 0 && i < lines.length; i += step) {
      const l = lines[i];
      if (!l.trim() || l.trimStart().startsWith('#')) continue;
      if (/^(---|\.\.\.)/.test(l)) break;
      const m = KEY_LINE.exec(l);
      const col = m ? m[1].length + m[2].length : indentOf(l);
      if (col < indent) break;
      if (m && m[2].length > 0 && step < 0 && col === indent) {
        keys.add(m[4].trim());
        break; // start of our sequence item
      }
      if (m && m[2].length > 0 && step > 0 && col === indent) break; // next sequence item
      if (m && col === indent) keys.add(m[4].trim());
    }
  };
  scan(line - 1, -1);
  scan(line + 1, 1);
  return keys;
}

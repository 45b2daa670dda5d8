import type { PathSegment, YamlDocument } from '../../parse/yaml';
import type { TextEdit } from '../../types';
/**
 * Appends items to the sequence at `path` in the document's own style: a block item (`- key: value`) after the
 * last block item at the same column, or `{ key: value }` before the `]` of a flow sequence. When there is no
 * sequence yet (missing, or `key:` with no value), the whole list is inserted with `insertAtPath`.
 *
 * Each item is a YAML template of a flat mapping written at column 0, one `key: scalar` per line (snippet
 * placeholders allowed; quote values that start with `#` or hold flow indicators).
 */
export declare function appendToSequence(doc: YamlDocument, path: readonly PathSegment[], items: readonly string[]): TextEdit[];
/**
 * Inserts several `key: value` entries into the mapping at `parent` as ONE edit (so fix-all applies them
 * together and snippet placeholders stay distinct), creating the mapping when it is missing. `value` is a
 * scalar YAML text (snippets allowed). Block, flow and empty (`key:`) mappings keep their style.
 */
export declare function insertKeys(doc: YamlDocument, parent: readonly PathSegment[], entries: readonly (readonly [string, string])[]): TextEdit[];

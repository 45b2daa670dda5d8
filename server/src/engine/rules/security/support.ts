import { isScalar } from 'yaml';
import type { DeploymentUnit, FactPath } from '../../facts/model';
import { insertAtPath, replaceValue } from '../../fix/edits';
import type { Range, TextEdit } from '../../types';

/**
 * Helpers shared by the security rules (not rules themselves).
 */

/** Range of a whole `key: value` pair at a fact path (for fixes that replace the key too), or undefined. */
export function pairRange(unit: DeploymentUnit, path: FactPath): Range | undefined {
  const source = unit.sourcePath(path);
  if (!source) return undefined;
  const { pair, node } = unit.doc.locate(source);
  const start = pair?.key?.range?.[0];
  const end = node?.range?.[1];
  if (start === undefined || end === undefined) return undefined;
  return unit.doc.rangeOf([start, end]);
}

/** Whether the model weights are pinned to an immutable version: a full commit hash or a content digest. */
export function revisionPinned(unit: DeploymentUnit): boolean {
  const model = unit.spec.model ?? {};
  if (typeof model.digest === 'string' && /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/.test(model.digest)) return true;
  if (typeof model.revision === 'string' && /^[0-9a-f]{40}$/i.test(model.revision)) return true;
  // KServe style `hf://org/model:<commit>`.
  return typeof model.uri === 'string' && /^hf:\/\/[^:]+\/[^:]+:[0-9a-f]{40}$/i.test(model.uri);
}

/** Whether a command-line flag is switched on in an argument list (`--flag`, `--flag=true`, `--flag true`). */
export function flagIndex(args: readonly unknown[] | undefined, flag: string): number {
  if (!Array.isArray(args)) return -1;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (typeof a !== 'string') continue;
    if (a === flag) {
      const next = args[i + 1];
      if (typeof next === 'string' && /^(false|0|no)$/i.test(next)) continue;
      return i;
    }
    const m = new RegExp(`^${flag.replace(/[-]/g, '\\-')}=(.*)$`).exec(a);
    if (m && !/^(false|0|no)$/i.test(m[1])) return i;
  }
  return -1;
}

/**
 * Edits that give the key at `path` the YAML text `text`: replaces its value when the key is there (also when
 * its value is empty, as in `key:`), else inserts the key, creating missing parents.
 */
export function setValue(unit: DeploymentUnit, path: FactPath, text: string): TextEdit[] {
  const source = unit.sourcePath(path);
  if (!source) return [];
  const { pair, node } = unit.doc.locate(source);
  if (pair && isScalar(node) && (node.value === null || node.value === undefined) && node.range && node.range[0] === node.range[1]) {
    return [{ range: unit.doc.rangeOf([node.range[0], node.range[0]]), newText: ` ${text}` }];
  }
  if (pair && !node && pair.key?.range) {
    const end = pair.key.range[1];
    const colon = unit.doc.source.indexOf(':', end);
    return [{ range: unit.doc.rangeOf([colon + 1, colon + 1]), newText: ` ${text}` }];
  }
  if (node?.range) return replaceValue(unit.doc, source, text);
  return insertAtPath(unit.doc, source, text);
}

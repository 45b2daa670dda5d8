import type { DeploymentUnit, FactPath } from '../../facts/model';
import type { Range } from '../../types';

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

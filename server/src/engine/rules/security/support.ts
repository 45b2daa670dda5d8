import { isScalar } from 'yaml';
import type { ContainerFacts, DeploymentUnit, FactPath } from '../../facts/model';
import type { PathSegment, YamlDocument } from '../../parse/yaml';
import type { Range } from '../../types';

/**
 * Helpers shared by the security rules (not rules themselves).
 */

/** Range of a whole `key: value` pair at a fact path (for fixes that replace the key too), or undefined. */
export function pairRange(unit: DeploymentUnit, path: FactPath): Range | undefined {
  const source = unit.sourcePath(path);
  return source ? pairRangeAt(unit.doc, source) : undefined;
}

/** Range of a whole `key: value` pair at a source path, or undefined. */
export function pairRangeAt(doc: YamlDocument, path: readonly PathSegment[]): Range | undefined {
  const { pair, node } = doc.locate(path);
  const start = pair?.key?.range?.[0];
  const end = node?.range?.[1];
  if (start === undefined || end === undefined) return undefined;
  return doc.rangeOf([start, end]);
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
    // `--flag=value` on one line (a string test: a pattern built per argument costs more than the rule).
    if (a.startsWith(flag) && a[flag.length] === '=') {
      const value = a.slice(flag.length + 1);
      if (!/[\n\r\u2028\u2029]/.test(value) && !/^(false|0|no)$/i.test(value)) return i;
    }
  }
  return -1;
}

/** Every container of a workload's pod, init containers first (empty for a native manifest). */
export function allContainers(unit: DeploymentUnit): ContainerFacts[] {
  return [...(unit.pod?.initContainers ?? []), ...(unit.pod?.containers ?? [])];
}

/** How a container is named in messages: `` container `vllm` `` (or `` init container `...` ``). */
export function containerLabel(c: ContainerFacts): string {
  // KServe's `predictor.model` (and framework keys) are unnamed containers: name them by their key.
  const key = c.path[c.path.length - 2] === 'containers' || c.path[c.path.length - 2] === 'initContainers' ? undefined : c.path.slice(-2).join('.');
  return `${c.init ? 'init container' : 'container'} \`${c.name || key || '(unnamed)'}\``;
}

/**
 * Range of `token` inside the scalar at `path` when it is written there exactly once (a flag inside a `sh -c`
 * script or a folded args string), else the range of the whole value.
 */
export function tokenRange(doc: YamlDocument, path: readonly PathSegment[], token: string): Range {
  const { node } = doc.locate(path);
  if (isScalar(node) && node.range) {
    const text = doc.source.slice(node.range[0], node.range[1]);
    const re = new RegExp(`(?<![\\w-])${token.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&')}(?![\\w-])`, 'g');
    const hits = [...text.matchAll(re)];
    if (hits.length === 1 && text !== token) return doc.rangeOf([node.range[0] + hits[0].index!, node.range[0] + hits[0].index! + token.length]);
  }
  return doc.rangeAt(path);
}

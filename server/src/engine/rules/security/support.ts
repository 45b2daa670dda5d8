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
    const m = new RegExp(`^${flag.replace(/[-]/g, '\\-')}=(.*)$`).exec(a);
    if (m && !/^(false|0|no)$/i.test(m[1])) return i;
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
 * A container whose unset fields come from elsewhere: KServe merges `predictor.model` (and the framework keys)
 * with its ServingRuntime, and an LLMInferenceService's containers with its LLMInferenceServiceConfig; a
 * Deployment container without an `image` is a fragment a Kustomize base completes; the NIM operator renders a
 * NIMService's container. What such a container
 * leaves out is not known from the manifest alone: only what it states is judged.
 */
export function mergedByController(unit: DeploymentUnit, c: ContainerFacts): boolean {
  // A container without an image is a fragment (a Kustomize patch): the base completes it.
  if (c.image === undefined && (unit.format === 'kubernetes' || unit.format === 'leaderworkerset')) return true;
  // The NIM operator renders the container from the NIMService, which has no container securityContext to state.
  if (unit.format === 'nim') return true;
  if (unit.format !== 'kserve') return false;
  if (unit.kind === 'LLMInferenceService') return true;
  const fromModel = (x: ContainerFacts) => x.path[x.path.length - 2] !== 'containers' && x.path[x.path.length - 2] !== 'initContainers';
  if (fromModel(c)) return true;
  // `predictor.containers[]` named `kserve-container` next to `predictor.model` is merged into the model's container.
  return c.name === 'kserve-container' && !c.init && (unit.pod?.containers ?? []).some(fromModel);
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

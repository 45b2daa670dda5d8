import { isScalar, isSeq } from 'yaml';
import type { ContainerFacts, DeploymentUnit, FactPath } from '../../facts/model';
import { insertAtPath, replaceValue } from '../../fix/edits';
import type { PathSegment, YamlDocument } from '../../parse/yaml';
import type { Range, TextEdit } from '../../types';

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

/** Edits that insert the scalar `itemText` into a sequence right after its item at `path` (block or flow style). */
export function insertSequenceItemAfter(doc: YamlDocument, path: readonly PathSegment[], itemText: string): TextEdit[] {
  const { node } = doc.locate(path);
  const parent = doc.locate(path.slice(0, -1)).node;
  if (!node?.range || !isSeq(parent)) return [];
  const source = doc.source;
  if (parent.flow) return [{ range: doc.rangeOf([node.range[1], node.range[1]]), newText: `, ${itemText}` }];
  const lineStart = source.lastIndexOf('\n', node.range[0] - 1) + 1;
  const dash = source.slice(lineStart, node.range[0]);
  if (!/^\s*-\s+$/.test(dash)) return [];
  const nl = source.indexOf('\n', node.range[1]);
  const at = nl < 0 ? source.length : nl + 1;
  return [{ range: doc.rangeOf([at, at]), newText: `${nl < 0 ? '\n' : ''}${dash}${itemText}\n` }];
}

/** Edits that remove the sequence item at `path` (its whole line in block style; with its comma in flow style). */
export function removeSequenceItem(doc: YamlDocument, path: readonly PathSegment[]): TextEdit[] {
  const { node } = doc.locate(path);
  const parent = doc.locate(path.slice(0, -1)).node;
  if (!node?.range || !isSeq(parent)) return [];
  const source = doc.source;
  const index = path[path.length - 1] as number;
  if (parent.flow) {
    if (parent.items.length === 1) return [{ range: doc.rangeOf([node.range[0], node.range[1]]), newText: '' }];
    if (index > 0) {
      const prev = parent.items[index - 1] as { range?: [number, number, number] };
      return prev.range ? [{ range: doc.rangeOf([prev.range[1], node.range[1]]), newText: '' }] : [];
    }
    const next = parent.items[1] as { range?: [number, number, number] };
    return next.range ? [{ range: doc.rangeOf([node.range[0], next.range[0]]), newText: '' }] : [];
  }
  const lineStart = source.lastIndexOf('\n', node.range[0] - 1) + 1;
  if (!/^\s*-\s+$/.test(source.slice(lineStart, node.range[0]))) return [];
  const nl = source.indexOf('\n', node.range[1]);
  // The last item of a list that is the document's last line: remove the line break before it too.
  if (nl < 0) return [{ range: doc.rangeOf([Math.max(0, lineStart - 1), source.length]), newText: '' }];
  return [{ range: doc.rangeOf([lineStart, nl + 1]), newText: '' }];
}

/**
 * Source path of the mapping that holds the labels and annotations of a workload's pods: the pod template's
 * `metadata` (Deployment, StatefulSet, LeaderWorkerSet, RayService groups), an InferenceService's `predictor`,
 * an LLMInferenceService's `spec`. Undefined without a pod.
 */
export function podMetadataPath(unit: DeploymentUnit): PathSegment[] | undefined {
  const pod = unit.pod;
  if (!pod) return undefined;
  if (unit.format === 'kserve') return unit.kind === 'InferenceService' ? [...pod.path] : ['spec'];
  // A NIMService's `spec.annotations` are its pods' annotations.
  if (unit.format === 'nim') return ['spec'];
  return [...pod.path.slice(0, -1), 'metadata'];
}

/**
 * Labels of the workload's pods, with those its controller adds that selectors commonly use: KServe labels the
 * predictor pods of an InferenceService `serving.kserve.io/inferenceservice: <name>`, LeaderWorkerSet its pods
 * `leaderworkerset.sigs.k8s.io/name: <name>`.
 */
export function podLabels(unit: DeploymentUnit): Record<string, string> {
  const labels = { ...(unit.pod?.labels ?? {}) };
  if (unit.format === 'kserve' && unit.kind === 'InferenceService') labels['serving.kserve.io/inferenceservice'] ??= unit.name;
  // KServe labels what it creates for an LLMInferenceService as part of one (its samples' ServiceMonitor selects that).
  if (unit.format === 'kserve' && unit.kind === 'LLMInferenceService') labels['app.kubernetes.io/part-of'] ??= 'llminferenceservice';
  // The LeaderWorkerSet controller labels every pod of the set with its name (leader and workers).
  if (unit.format === 'leaderworkerset') labels['leaderworkerset.sigs.k8s.io/name'] ??= unit.name;
  return labels;
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

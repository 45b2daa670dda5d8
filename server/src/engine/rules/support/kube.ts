import { stringify } from 'yaml';
import type { ContainerFacts, DeploymentUnit, FactPath, KubeResource } from '../../facts/model';
import { indentUnit, insertAtPath } from '../../fix/edits';
import type { PathSegment, YamlDocument } from '../../parse/yaml';
import type { Range, TextEdit } from '../../types';

/**
 * Helpers for judging the Kubernetes-family formats (Kubernetes, KServe, KubeRay, LeaderWorkerSet) in the scaling
 * and integration rules: containers, source paths, other documents, and fixes that add whole documents.
 */

/** Source path segments of a native fact path. */
export function segments(path: FactPath): PathSegment[] {
  return path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** Source path of a fact: where the adapter found it (native: the fact path itself). */
export function sourceOf(unit: DeploymentUnit, fact: FactPath): readonly PathSegment[] | undefined {
  return unit.sourcePath(fact) ?? (unit.declaration ? segments(fact) : undefined);
}

/** Range of a container-level finding: its `image` value, else its `name`, else the container. */
export function containerRange(unit: DeploymentUnit, c: ContainerFacts): Range {
  for (const key of ['image', 'name']) {
    const { node } = unit.doc.locate([...c.path, key]);
    if (node?.range) return unit.doc.rangeAt([...c.path, key]);
  }
  return unit.doc.rangeAt(c.path);
}

/** `Kind name` of a resource, for messages. */
export function label(r: KubeResource): string {
  return `${r.kind} ${r.name}`;
}

/** Whether a fix may edit the resource's document: it is in the file of the finding. */
export function sameFile(unit: DeploymentUnit, r: KubeResource): boolean {
  return r.uri === unit.uri;
}

/**
 * Replaces the first match of `pattern`'s group 1 inside the source text of the scalar at `path` (a flag's value in
 * `--flag=8`, in a `sh -c` script, or an env value), keeping quotes and the rest of the scalar.
 */
export function replaceInScalar(doc: YamlDocument, path: readonly PathSegment[], pattern: RegExp, value: string): TextEdit[] {
  const { node } = doc.locate(path);
  if (!node?.range) return [];
  const [from, to] = node.range;
  const text = doc.source.slice(from, to);
  const m = pattern.exec(text);
  if (!m || m[1] === undefined) return [];
  const at = from + m.index + m[0].indexOf(m[1]);
  return [{ range: doc.rangeOf([at, at + m[1].length]), newText: value }];
}

/** The source text of a scalar (as written, quotes included), for quoting a flag in a message. */
export function scalarSource(doc: YamlDocument, path: readonly PathSegment[] | undefined): string | undefined {
  if (!path) return undefined;
  const { node } = doc.locate(path);
  if (!node?.range) return undefined;
  const text = doc.source.slice(node.range[0], node.range[1]).trim();
  return text.includes('\n') || text.length > 60 ? undefined : text.replace(/^["']|["']$/g, '');
}

/** `metadata` for a new resource next to the unit: its name (with a suffix) and namespace. */
export function metadataFor(unit: DeploymentUnit, suffix = ''): Record<string, unknown> {
  return unit.namespace ? { name: `${unit.name}${suffix}`, namespace: unit.namespace } : { name: `${unit.name}${suffix}` };
}

/** The queue-length metric each runtime exports (Prometheus name). */
export const QUEUE_METRIC: Readonly<Record<string, string>> = {
  vllm: 'vllm:num_requests_waiting',
  tgi: 'tgi_queue_size',
  sglang: 'sglang:num_queue_reqs',
};

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Replaces the number a fact's source holds: the whole scalar when it is a number (`2`, `"2"`, a separate flag
 * value, an env value, `spec.parallelism.tensor`), else the value after one of `flags` (`--tensor-parallel-size=2`,
 * a flag inside a `sh -c` script).
 */
export function replaceNumber(doc: YamlDocument, path: readonly PathSegment[] | undefined, flags: readonly string[], value: number): TextEdit[] {
  if (!path) return [];
  const whole = replaceInScalar(doc, path, /^["']?(\d+)["']?$/, String(value));
  if (whole.length) return whole;
  return flags.length ? replaceInScalar(doc, path, new RegExp(`(?:${flags.map(escape).join('|')})(?:=|\\s+)["']?(\\d+)`), String(value)) : [];
}

/**
 * Appends one item to the container's `args` (a block or flow sequence of plain items, not a shell script);
 * undefined when the command line has no such list to extend.
 */
export function appendArg(doc: YamlDocument, c: ContainerFacts, arg: string): TextEdit[] | undefined {
  if (c.command.length && /^(\/(usr\/)?bin\/)?(sh|bash|dash|ash|zsh)$/.test(c.command[0])) return undefined;
  if (c.args.some((a) => /\s/.test(a.trim()))) return undefined;
  const { node } = doc.locate([...c.path, 'args']);
  const seq = node as unknown as { items?: { range?: [number, number, number] }[]; flow?: boolean; range?: [number, number, number] } | null | undefined;
  if (!seq?.items?.length || !seq.range) return undefined;
  const last = seq.items[seq.items.length - 1];
  if (!last.range) return undefined;
  const source = doc.source;
  if (seq.flow) {
    const at = last.range[1];
    return [{ range: doc.rangeOf([at, at]), newText: `, ${arg}` }];
  }
  const first = seq.items[0].range!;
  const lineStart = source.lastIndexOf('\n', first[0] - 1) + 1;
  const dash = source.lastIndexOf('-', first[0] - 1);
  const indent = ' '.repeat(Math.max(0, dash - lineStart));
  const nl = source.indexOf('\n', last.range[1]);
  const at = nl < 0 ? source.length : nl + 1;
  const eol = source.includes('\r\n') ? '\r\n' : '\n';
  return [{ range: doc.rangeOf([at, at]), newText: `${nl < 0 ? eol : ''}${indent}- ${arg}${eol}` }];
}

/**
 * Appends one item (data, written as a block mapping) to the block sequence at `path`, in its indentation; adds the
 * sequence under its parent when it does not exist. Undefined for a flow sequence or an unexpected shape.
 */
export function appendItem(doc: YamlDocument, path: readonly PathSegment[], item: Record<string, unknown>): TextEdit[] | undefined {
  const { node, pair } = doc.locate(path);
  const unitIndent = indentUnit(doc);
  const eol = doc.source.includes('\r\n') ? '\r\n' : '\n';
  if (!node && !pair) return insertAtPath(doc, path, [item]);
  const seq = node as unknown as { items?: { range?: [number, number, number] }[]; flow?: boolean } | null;
  if (!seq?.items?.length || seq.flow) return undefined;
  const source = doc.source;
  const first = seq.items[0].range;
  const last = seq.items[seq.items.length - 1].range;
  if (!first || !last) return undefined;
  const lineStart = source.lastIndexOf('\n', first[0] - 1) + 1;
  const dash = source.lastIndexOf('-', first[0] - 1);
  const col = Math.max(0, dash - lineStart);
  const body = stringify(item, { indent: unitIndent, lineWidth: 0 }).replace(/\n$/, '').split('\n');
  const text = body.map((l, i) => (i === 0 ? `${' '.repeat(col)}- ${l}` : `${' '.repeat(col + 2)}${l}`)).join(eol);
  const end = Math.max(last[1] - 1, last[0]);
  const nl = source.indexOf('\n', end);
  const at = nl < 0 ? source.length : nl + 1;
  return [{ range: doc.rangeOf([at, at]), newText: `${nl < 0 ? eol : ''}${text}${eol}` }];
}

/** The range of `needle` inside the scalar at `path` (a model id in a flag, a script or serveConfigV2), else the scalar. */
export function rangeWithin(doc: YamlDocument, path: readonly PathSegment[], needle: string): Range {
  const { node } = doc.locate(path);
  if (node?.range && needle) {
    const i = doc.source.slice(node.range[0], node.range[1]).indexOf(needle);
    if (i >= 0) return doc.rangeOf([node.range[0] + i, node.range[0] + i + needle.length]);
  }
  return doc.rangeAt(path);
}

/** The range of a flag with its value (`--tensor-parallel-size 8`) inside the scalar at `path`, else the scalar. */
export function flagRange(doc: YamlDocument, path: readonly PathSegment[], flags: readonly string[]): Range {
  const { node } = doc.locate(path);
  if (node?.range && flags.length) {
    const m = new RegExp(`(?:${flags.map(escape).join('|')})(?:=|\\s+)["']?\\d+`).exec(doc.source.slice(node.range[0], node.range[1]));
    if (m) return doc.rangeOf([node.range[0] + m.index, node.range[0] + m.index + m[0].length]);
  }
  return doc.rangeAt(path);
}

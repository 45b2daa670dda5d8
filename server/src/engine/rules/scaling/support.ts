import type { FactPath, NativeSpec } from '../../facts/model';
import { indentUnit, insertAtPath } from '../../fix/edits';
import type { PathSegment, YamlDocument } from '../../parse/yaml';
import type { TextEdit } from '../../types';

/**
 * Small helpers shared by the scaling and integration rules (not rules themselves).
 */

/** Whether a value was stated (not undefined, not null). */
export function stated(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/** A positive integer or undefined. */
export function count(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
}

/** The most replicas the deployment may run: the larger of `minReplicas` (default 1) and `maxReplicas`. */
export function replicaCeiling(spec: NativeSpec): number {
  const min = count(spec.scaling?.minReplicas) ?? 1;
  const max = count(spec.scaling?.maxReplicas) ?? min;
  return Math.max(min, max);
}

/**
 * Merges insertions computed one key at a time (`insertAtPath` for each missing key of the same mapping)
 * into one edit per position, so a fix that adds several keys does not produce overlapping edits.
 */
export function mergeInserts(edits: readonly TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const e of edits) {
    const same = out.find(
      (o) =>
        o.range.start.line === e.range.start.line &&
        o.range.start.character === e.range.start.character &&
        o.range.end.line === e.range.end.line &&
        o.range.end.character === e.range.end.character,
    );
    if (!same) {
      out.push({ ...e });
    } else if (e.newText.includes('\n') || same.newText.includes('\n')) {
      same.newText += e.newText; // block style: one line per key
    } else {
      // Flow style: each insertion is ` key: value ` (into `{}`) or `, key: value `; join them with commas.
      same.newText = `${same.newText.trimEnd()}${e.newText.startsWith(',') ? '' : ','}${e.newText}`;
    }
  }
  return out;
}

/** Runtimes that are LLM servers (text generation on accelerators). */
export const LLM_RUNTIMES: ReadonlySet<string> = new Set(['vllm', 'tgi', 'nim', 'sglang', 'llama-cpp', 'ollama']);

/** Tasks whose requests produce tokens, so output-token limits and LLM autoscaling metrics apply. */
export const GENERATIVE_TASKS: ReadonlySet<string> = new Set(['text-generation', 'chat', 'vision-language', 'speech-to-text', 'text-to-speech', 'image-generation']);

/** Whether the deployment serves a generative model: by its task when stated, else by its runtime. */
export function isGenerative(spec: NativeSpec): boolean {
  const task = spec.model?.task;
  if (typeof task === 'string' && task !== 'other') return GENERATIVE_TASKS.has(task);
  const runtime = spec.serving?.runtime;
  return typeof runtime === 'string' ? LLM_RUNTIMES.has(runtime) : true;
}

/** Source path segments of a native fact path. */
export function segments(path: FactPath): PathSegment[] {
  return path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** The source text to write for a quantity or number (a YAML scalar). */
export function scalarText(v: unknown): string {
  return typeof v === 'string' ? (/^[\d.]+$/.test(v) ? `"${v}"` : v) : String(v);
}

/** Display name of a runtime in messages. */
export { runtimeName } from '../../runtime';

/**
 * Adds `key: template` entries under the mapping at `parent`: one edit into the mapping when it exists (even
 * empty or null), else the whole mapping with its entries. A template is a YAML scalar or a block mapping text.
 */
export function insertKeys(doc: YamlDocument, parent: readonly PathSegment[], entries: readonly (readonly [string, string])[]): TextEdit[] {
  const { pair, node } = doc.locate(parent);
  if (pair || node) return mergeInserts(entries.flatMap(([k, v]) => insertAtPath(doc, [...parent, k], v)));
  const pad = ' '.repeat(indentUnit(doc));
  return insertAtPath(doc, parent, entries.map(([k, v]) => (v.includes('\n') ? `${k}:\n${v.split('\n').map((l) => pad + l).join('\n')}` : `${k}: ${v}`)).join('\n'));
}

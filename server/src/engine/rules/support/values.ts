/**
 * Readers of fact values for rules: a wrongly typed value never crashes a rule (the schema reports it), it reads
 * as not stated. Distinct names for distinct semantics.
 */

/** A finite number, or undefined (a numeric string is not a number here: the adapters convert what they read). */
export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** A non-blank string, or undefined. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/** A non-negative integer (a count of replicas, GPUs, ...), or undefined. */
export function count(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
}

/** Whether a value was stated (not undefined, not null). */
export function stated(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/** Runtimes that are LLM servers (text generation on accelerators: long requests, streaming, large weights). */
export const LLM_RUNTIMES: ReadonlySet<string> = new Set(['vllm', 'tgi', 'nim', 'sglang', 'llama-cpp', 'ollama']);

import type { DeploymentUnit, FactPath, NativeSpec, ProbeKind, ProbeSpec } from '../../facts/model';
import { PROBE_DEFAULTS } from '../../facts/model';
import { num, str } from '../support/values';
import type { RuleContext } from '../define';
import { lazyFix } from '../../fix/lazy';

/**
 * Helpers of the reliability rules (not rules themselves): probe timing and health paths, counts.
 */

// ---------------------------------------------------------------------------------------------------------
// Probes


export interface ProbeTiming {
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
}

/** The path of a probe (string form or `{ path }`). */
export function probePath(p: ProbeSpec | undefined): string | undefined {
  if (typeof p === 'string') return p;
  return p && typeof p === 'object' ? str(p.path) : undefined;
}

/** The effective timing of a probe: what is stated, Kubernetes' defaults for the rest. */
export function probeTiming(p: ProbeSpec | undefined): ProbeTiming {
  const o = p && typeof p === 'object' ? p : {};
  return {
    initialDelaySeconds: num(o.initialDelaySeconds) ?? PROBE_DEFAULTS.initialDelaySeconds,
    periodSeconds: num(o.periodSeconds) ?? PROBE_DEFAULTS.periodSeconds,
    timeoutSeconds: num(o.timeoutSeconds) ?? PROBE_DEFAULTS.timeoutSeconds,
    failureThreshold: num(o.failureThreshold) ?? PROBE_DEFAULTS.failureThreshold,
  };
}

/** Longest a probe lets the container stay unhealthy from its start: initialDelay + failureThreshold × period. */
export function probeBudget(p: ProbeSpec | undefined): number {
  const t = probeTiming(p);
  return t.initialDelaySeconds + t.failureThreshold * t.periodSeconds;
}

/**
 * The time the deployment allows for loading the model: `startupTimeoutSeconds`, or the startup probe's budget
 * when it is written out in full; the larger when both are. Undefined when neither is stated.
 */
export function loadBudget(spec: NativeSpec): { seconds: number; path: FactPath } | undefined {
  const probes = spec.reliability?.probes;
  if (!probes || typeof probes !== 'object') return undefined;
  const timeout = num(probes.startupTimeoutSeconds);
  const startup = probes.startup && typeof probes.startup === 'object' ? probeBudget(probes.startup) : undefined;
  if (timeout === undefined && startup === undefined) return undefined;
  if (startup !== undefined && (timeout === undefined || startup > timeout)) return { seconds: startup, path: 'reliability.probes.startup' };
  return { seconds: timeout!, path: 'reliability.probes.startupTimeoutSeconds' };
}

interface RuntimeHealth {
  label: string;
  /** Accepted paths; the first of `readiness`/`liveness` is what fixes write. */
  readiness: string[];
  liveness: string[];
}

/**
 * Health endpoints of the serving runtimes, from their documentation: vLLM (`/health`, docs/deployment/k8s.md),
 * TGI (`/health`), Triton (`/v2/health/ready|live`), NIM (`/v1/health/ready|live`, nim-deploy values.yaml),
 * SGLang (`/health`, `/health_generate`), llama.cpp server (`/health`), Ollama (`/`), TorchServe (`/ping`),
 * Ray Serve (`/-/healthz`). KServe and custom servers are not judged.
 */
export const RUNTIME_HEALTH: Readonly<Record<string, RuntimeHealth>> = {
  vllm: { label: 'vLLM', readiness: ['/health', '/ping', '/v1/models'], liveness: ['/health', '/ping'] },
  tgi: { label: 'Text Generation Inference', readiness: ['/health', '/info'], liveness: ['/health'] },
  triton: { label: 'Triton', readiness: ['/v2/health/ready'], liveness: ['/v2/health/live', '/v2/health/ready'] },
  nim: { label: 'NIM', readiness: ['/v1/health/ready'], liveness: ['/v1/health/live', '/v1/health/ready'] },
  sglang: { label: 'SGLang', readiness: ['/health', '/health_generate', '/v1/models'], liveness: ['/health', '/health_generate'] },
  'llama-cpp': { label: 'llama.cpp server', readiness: ['/health', '/v1/health'], liveness: ['/health', '/v1/health'] },
  ollama: { label: 'Ollama', readiness: ['/', '/api/version', '/api/tags'], liveness: ['/', '/api/version'] },
  torchserve: { label: 'TorchServe', readiness: ['/ping'], liveness: ['/ping'] },
  'ray-serve': { label: 'Ray Serve', readiness: ['/-/healthz', '/-/routes'], liveness: ['/-/healthz'] },
};

/** Accepted health paths of the unit's runtime for a probe kind (plus `extra[runtime]`), or undefined when unknown. */
export function healthPaths(runtime: unknown, kind: ProbeKind, extra: unknown = {}): { label: string; paths: string[] } | undefined {
  if (typeof runtime !== 'string') return undefined;
  const known = RUNTIME_HEALTH[runtime];
  if (!known) return undefined;
  const more = extra && typeof extra === 'object' ? (extra as Record<string, unknown>)[runtime] : undefined;
  const added = Array.isArray(more) ? more.filter((p): p is string => typeof p === 'string') : [];
  const base = kind === 'liveness' ? known.liveness : kind === 'startup' ? [...new Set([...known.readiness, ...known.liveness])] : known.readiness;
  return { label: known.label, paths: [...base, ...added] };
}

/** The health path a fix writes for a probe kind: the runtime's own, else `/health`. */
export function defaultHealthPath(runtime: unknown, kind: ProbeKind): string {
  const known = typeof runtime === 'string' ? RUNTIME_HEALTH[runtime] : undefined;
  if (!known) return '/health';
  return kind === 'liveness' ? known.liveness[0] : known.readiness[0];
}

/** Whether a probe path differs from every health endpoint of the runtime (false when the runtime is unknown). */
export function wrongHealthPath(runtime: unknown, kind: ProbeKind, path: string | undefined, extra?: unknown): { label: string; expected: string } | undefined {
  if (!path) return undefined;
  const h = healthPaths(runtime, kind, extra);
  if (!h || h.paths.includes(path.replace(/\?.*$/, ''))) return undefined;
  return { label: h.label, expected: h.paths[0] };
}

/**
 * Reports a native probe whose path is not a health endpoint of the runtime, with the fix that probes the
 * right one. `consequence` says what the wrong path costs for this kind of probe.
 */
export function reportWrongHealthPath(
  context: { unit: DeploymentUnit; options: { healthPaths?: unknown }; report: RuleContext['report'] },
  kind: ProbeKind,
  probe: ProbeSpec | undefined,
  consequence: string,
  advice = '',
): void {
  const { unit, options, report } = context;
  const path = probePath(probe);
  const wrong = wrongHealthPath(unit.spec.serving?.runtime, kind, path, options.healthPaths);
  if (!wrong) return;
  const at = probePathFact(kind, probe);
  report({
    at,
    message: `The ${kind} probe checks \`${path}\`, which is not a health endpoint of ${wrong.label} (\`${wrong.expected}\`): ${consequence} Probe \`${wrong.expected}\`${advice}.`,
    fixes: [lazyFix({ title: `Probe \`${wrong.expected}\``, edits: () => unit.edit.set(at, wrong.expected), isPreferred: true })],
  });
}

/** Fact path to report a probe's path on: the string itself, or the `path` key of the object form. */
export function probePathFact(kind: ProbeKind, p: ProbeSpec | undefined): FactPath {
  return typeof p === 'object' && p !== null ? `reliability.probes.${kind}.path` : `reliability.probes.${kind}`;
}

// ---------------------------------------------------------------------------------------------------------
// Quantities and counts

/**
 * Resolves an int-or-percent (`1`, `"25%"`) against a replica count as Kubernetes' disruption controller
 * does (percentages round up). Undefined when the value is neither.
 */
export function scaledCount(v: unknown, total: number): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string') {
    const m = /^(\d+(?:\.\d+)?)%$/.exec(v.trim());
    if (m) return Math.ceil((Number(m[1]) * total) / 100);
    if (/^\d+$/.test(v.trim())) return Number(v.trim());
  }
  return undefined;
}

/** Whether an int-or-percent is zero (`0`, `"0"`, `"0%"`). */
export function isZero(v: unknown): boolean {
  return v === 0 || (typeof v === 'string' && /^0+(\.0*)?%?$/.test(v.trim()));
}

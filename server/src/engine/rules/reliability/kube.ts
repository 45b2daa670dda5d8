import type { ContainerFacts, DeploymentUnit, KubeResource, WorkspaceFacts } from '../../facts/model';
import { resourcesSelecting, scalersOf } from '../../facts/relations';
import type { PathSegment } from '../../parse/yaml';
import type { Range } from '../../types';
import { primaryContainer } from '../support/workload';

/**
 * Helpers for judging the Kubernetes family (Deployment, StatefulSet, LeaderWorkerSet, KServe, KubeRay) in the
 * reliability rules: the pod facts the adapters fill, and fixes written in Kubernetes' own shape.
 */

/** Range to report something missing in a container on: its `name`, else its `image`, else the container. */
export function containerAnchor(unit: DeploymentUnit, c: ContainerFacts): Range {
  for (const key of ['name', 'image']) {
    const { node } = unit.doc.locate([...c.path, key]);
    if (node?.range) return unit.doc.nodeRange(node);
  }
  return unit.doc.rangeAt(c.path, 'key');
}

/** A YAML scalar for a label key or value (quoted when plain YAML would read it as something else). */
export function yamlScalar(s: string): string {
  return /^[A-Za-z_./-][A-Za-z0-9_./-]*$/.test(s) && !/^(true|false|yes|no|on|off|null|y|n|~)$/i.test(s) ? s : JSON.stringify(s);
}

/** `kind/name` of a resource, for messages. */
export function resourceLabel(r: { kind: string; name: string }): string {
  return `${r.kind} \`${r.name}\``;
}

// ---------------------------------------------------------------------------------------------------------
// Replicas

export interface ReplicaBounds {
  min: number;
  max: number;
  /** The autoscaler that decides the count (HPA, KEDA ScaledObject), when one targets the workload. */
  scaler?: KubeResource;
  /** Path of the minimum in the scaler's document. */
  scalerMinPath?: PathSegment[];
  scalerMaxPath?: PathSegment[];
  /** The count is Kubernetes' (or the controller's) default: nothing states it. */
  defaulted: boolean;
}

const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : undefined;

/**
 * Replicas of a Kubernetes-family workload: an HPA's or KEDA ScaledObject's bounds when one targets it (the
 * workload's own `replicas` is then overridden), else the workload's count (default 1).
 */
export function replicaBounds(unit: DeploymentUnit, workspace: WorkspaceFacts): ReplicaBounds {
  const scaler = scalersOf(unit, workspace)[0];
  if (scaler) {
    const s = scaler.facts.scaler ?? { minPath: ['spec', 'minReplicas'], maxPath: ['spec', 'maxReplicas'], defaultMin: 1, signals: [] };
    const min = s.min ?? s.defaultMin;
    return { min, max: Math.max(min, s.max ?? s.defaultMax ?? min), scaler, scalerMinPath: s.minPath, scalerMaxPath: s.maxPath, defaulted: false };
  }
  const min = num(unit.spec.scaling?.minReplicas);
  let max = num(unit.spec.scaling?.maxReplicas);
  // A KServe predictor autoscales without an upper bound unless `maxReplicas` (0 = none) says otherwise.
  if (unit.kind === 'InferenceService' && !max) max = Infinity;
  return { min: min ?? 1, max: Math.max(min ?? 1, max ?? min ?? 1), defaulted: min === undefined };
}

// ---------------------------------------------------------------------------------------------------------
// Probes

/** Ports the serving runtimes listen on when nothing says otherwise (their documentation and images). */
const RUNTIME_PORTS: Readonly<Record<string, number>> = { vllm: 8000, sglang: 30000, nim: 8000, triton: 8000, ollama: 11434 };

/**
 * The port a probe fix on the serving container targets (none without one): the port another probe uses (as written), else the serving port (`--port`, a
 * container port, by name when named), else the target port of a Service that selects the pods, else the
 * runtime's default port.
 */
export function probePort(unit: DeploymentUnit, workspace?: WorkspaceFacts): { port: number | string } | undefined {
  const c = primaryContainer(unit);
  if (!c) return undefined;
  const probes = c.probes ?? {};
  for (const p of [probes.readiness, probes.liveness, probes.startup]) if (p?.type === 'httpGet' && p.port !== undefined) return { port: p.port };
  const serving = num(unit.spec.serving?.port);
  const named = c.ports.find((x) => x.containerPort === serving && x.name);
  if (serving !== undefined) return { port: named?.name ?? serving };
  if (c.ports.length) return { port: c.ports[0].name ?? c.ports[0].containerPort };
  if (workspace) {
    for (const svc of resourcesSelecting(unit, workspace, ['Service'])) {
      const first = svc.facts.service?.ports[0];
      const target = first?.targetPort ?? first?.port;
      if (typeof target === 'number' || (typeof target === 'string' && /^\d+$/.test(target))) return { port: Number(target) };
    }
  }
  const fallback = RUNTIME_PORTS[String(unit.spec.serving?.runtime)];
  return fallback !== undefined ? { port: fallback } : undefined;
}

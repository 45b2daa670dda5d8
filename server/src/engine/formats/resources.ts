import type { ResourceFacts } from '../facts/model';
import { arr, type Json, obj, stringMap } from './workload';

/**
 * Typed facts of the Kubernetes resources rules read (Services, Ingresses, autoscalers, disruption budgets,
 * claims, NetworkPolicies), so no rule reads a resource's raw value. Values are as written (a port may be a
 * number or a name); what is not written is left out.
 */

const portValue = (v: unknown): number | string | undefined => (typeof v === 'number' || typeof v === 'string' ? v : undefined);
const count = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isInteger(v) ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : undefined;
const strings = (v: unknown): string[] => arr(v).filter((x): x is string => typeof x === 'string');

export function resourceFacts(kind: string, value: Json): ResourceFacts {
  const meta = obj(value.metadata) ?? {};
  const spec = obj(value.spec) ?? {};
  const facts: ResourceFacts = { labels: stringMap(meta.labels), annotations: stringMap(meta.annotations) };
  switch (kind) {
    case 'Service':
      facts.service = {
        type: typeof spec.type === 'string' ? spec.type : undefined,
        loadBalancerSourceRanges: strings(spec.loadBalancerSourceRanges),
        ports: arr(spec.ports).map((p) => {
          const o = obj(p) ?? {};
          return { name: typeof o.name === 'string' ? o.name : undefined, port: portValue(o.port), targetPort: portValue(o.targetPort) };
        }),
      };
      break;
    case 'Ingress': {
      const backends: string[] = [];
      const add = (backend: unknown): void => {
        const name = obj(obj(backend)?.service)?.name;
        if (typeof name === 'string') backends.push(name);
      };
      add(spec.defaultBackend);
      for (const rule of arr(spec.rules)) for (const p of arr(obj(obj(rule)?.http)?.paths)) add(obj(p)?.backend);
      facts.ingress = {
        tls: arr(spec.tls).length > 0,
        hosts: arr(spec.rules).map((r) => obj(r)?.host).filter((h): h is string => typeof h === 'string'),
        backends,
      };
      break;
    }
    case 'HorizontalPodAutoscaler': {
      const signals = arr(spec.metrics).map((m, i) => {
        const o = obj(m) ?? {};
        const key = o.type === 'Resource' ? 'resource' : o.type === 'ContainerResource' ? 'containerResource' : undefined;
        const name = key ? obj(o[key])?.name : undefined;
        return typeof name === 'string' ? { name, path: ['spec', 'metrics', i, key!, 'name'] } : { path: ['spec', 'metrics', i] };
      });
      facts.scaler = { min: count(spec.minReplicas), max: count(spec.maxReplicas), minPath: ['spec', 'minReplicas'], maxPath: ['spec', 'maxReplicas'], defaultMin: 1, signals };
      break;
    }
    case 'ScaledObject': {
      const signals = arr(spec.triggers).map((t, i) => {
        const type = obj(t)?.type;
        return { name: typeof type === 'string' ? type : undefined, path: ['spec', 'triggers', i, 'type'] };
      });
      facts.scaler = { min: count(spec.minReplicaCount), max: count(spec.maxReplicaCount), minPath: ['spec', 'minReplicaCount'], maxPath: ['spec', 'maxReplicaCount'], defaultMin: 0, defaultMax: 100, signals };
      break;
    }
    case 'PodAutoscaler': {
      // AIBrix (autoscaling.aibrix.ai): `minReplicas` (0 scales to zero) and `maxReplicas` of its scale target,
      // on the `targetMetric` of each `metricsSources` entry.
      const signals = arr(spec.metricsSources).map((m, i) => {
        const metric = obj(m)?.targetMetric;
        return { name: typeof metric === 'string' ? metric : undefined, path: ['spec', 'metricsSources', i, 'targetMetric'] };
      });
      facts.scaler = { min: count(spec.minReplicas), max: count(spec.maxReplicas), minPath: ['spec', 'minReplicas'], maxPath: ['spec', 'maxReplicas'], defaultMin: 1, signals };
      break;
    }
    case 'PodDisruptionBudget':
      facts.disruptionBudget = { minAvailable: portValue(spec.minAvailable), maxUnavailable: portValue(spec.maxUnavailable) };
      break;
    case 'PersistentVolumeClaim':
      facts.claim = { accessModes: strings(spec.accessModes) };
      break;
    case 'NetworkPolicy': {
      const selector = obj(spec.podSelector);
      const matchLabels = obj(selector?.matchLabels);
      // `{}` selects every pod of the namespace; matchExpressions alone are not evaluated, so they count as wide too.
      facts.networkPolicy = { wide: !!selector && (!matchLabels || Object.keys(matchLabels).length === 0) };
      break;
    }
  }
  return facts;
}

import type { FormatAdapter } from './adapter';
import type { PathSegment } from '../parse/yaml';
import { schemaFormat } from './schemas';
import type { RuntimeFact, RuntimeId } from '../runtime';
import { RUNTIME_IDS, detectRuntime, parseRuntime } from '../runtime';
import type { Json } from './workload';
import { FactBuilder, analyzePod, arr, fixedReplicaFacts, makeResource, makeUnit, markImageless, metadataFacts, num, obj, podWorkloadFacts, str, stringMap } from './workload';
import deployment from '../../../../schemas/kubernetes/deployment-apps-v1.json';
import statefulset from '../../../../schemas/kubernetes/statefulset-apps-v1.json';
import service from '../../../../schemas/kubernetes/service-v1.json';
import configmap from '../../../../schemas/kubernetes/configmap-v1.json';
import secret from '../../../../schemas/kubernetes/secret-v1.json';
import hpa from '../../../../schemas/kubernetes/horizontalpodautoscaler-autoscaling-v2.json';
import pdb from '../../../../schemas/kubernetes/poddisruptionbudget-policy-v1.json';
import ingress from '../../../../schemas/kubernetes/ingress-networking-v1.json';
import networkpolicy from '../../../../schemas/kubernetes/networkpolicy-networking-v1.json';
import httproute from '../../../../schemas/kubernetes/httproute-gateway-v1.json';
import scaledobject from '../../../../schemas/kubernetes/scaledobject-keda-v1alpha1.json';

/** Kubernetes kinds ModelReady validates (Kubernetes 1.34 schemas), by `apiVersion/kind`. */
const SCHEMAS: Readonly<Record<string, object>> = {
  'apps/v1/Deployment': deployment,
  'apps/v1/StatefulSet': statefulset,
  'v1/Service': service,
  'v1/ConfigMap': configmap,
  'v1/Secret': secret,
  'autoscaling/v2/HorizontalPodAutoscaler': hpa,
  'policy/v1/PodDisruptionBudget': pdb,
  'networking.k8s.io/v1/Ingress': ingress,
  'networking.k8s.io/v1/NetworkPolicy': networkpolicy,
  'gateway.networking.k8s.io/v1/HTTPRoute': httproute,
  'keda.sh/v1alpha1/ScaledObject': scaledobject,
};

const WORKLOADS = new Set(['apps/v1/Deployment', 'apps/v1/StatefulSet']);

/**
 * Kinds other rules refer to but no shipped schema covers: indexed as resources (selectors), never validated.
 * Prometheus Operator and Google Managed Prometheus monitors say a server's metrics are scraped; a PVC's
 * access mode says whether replicas can share weights.
 */
const INDEXED_ONLY = new Set([
  'monitoring.coreos.com/v1/ServiceMonitor',
  'monitoring.coreos.com/v1/PodMonitor',
  'monitoring.googleapis.com/v1/PodMonitoring',
  'monitoring.googleapis.com/v1/ClusterPodMonitoring',
  'v1/PersistentVolumeClaim',
]);

export const kubernetesFormat: FormatAdapter = schemaFormat({
  id: 'kubernetes',
  label: 'Kubernetes',
  schemas: SCHEMAS,
  indexedOnly: INDEXED_ONLY,
  extract(doc, value, uri) {
    const apiVersion = String(value.apiVersion);
    const kind = String(value.kind);
    if (!WORKLOADS.has(`${apiVersion}/${kind}`)) return { units: [], resources: [makeResource(uri, doc, apiVersion, kind, value)] };

    const f = new FactBuilder();
    const spec = obj(value.spec) ?? {};
    const template = obj(spec.template) ?? {};
    const templateMeta = obj(template.metadata);
    const podPath: PathSegment[] = ['spec', 'template', 'spec'];
    const annotations = metadataFacts(f, obj(value.metadata), ['metadata'], { value: templateMeta, path: ['spec', 'template', 'metadata'] });
    const podSpec = obj(template.spec);
    const analysis = analyzePod({ spec: podSpec, path: podPath, labels: stringMap(templateMeta?.labels), annotations: stringMap(templateMeta?.annotations), assumeRuntime: fragmentRuntime(podSpec) });
    podWorkloadFacts(f, { podSpec, podPath, analysis });
    workloadSpecFacts(f, kind, spec);
    const isModelServer = !!analysis.runtime || 'modelready.dev/model' in annotations;
    return { units: [markImageless(makeUnit({ uri, doc, format: 'kubernetes', kind, value, facts: f, annotations, pod: analysis.pod, isModelServer }))], resources: [] };
  },
});

/** Flags only a model server's command line has: enough to know a fragment's runtime. */
const SERVER_FACTS: readonly RuntimeFact[] = ['model', 'tensorParallelSize', 'pipelineParallelSize', 'maxModelLen', 'trustRemoteCode', 'servedModelName', 'quantization'];

/**
 * The runtime of a Kustomize patch's first container, which overrides only `args` (no image, no command): the
 * first runtime whose server flags it uses (`--model`, `--tensor-parallel-size`, `--trust-remote-code`, ...).
 */
function fragmentRuntime(podSpec: Json | undefined): RuntimeId | undefined {
  const first = obj(arr(podSpec?.containers)[0]);
  if (!first || first.image !== undefined) return undefined;
  const input = { command: arr(first.command), args: arr(first.args), env: arr(first.env).map((e) => obj(e) ?? {}) };
  if (input.args.length === 0 || detectRuntime(input)) return undefined;
  return RUNTIME_IDS.find((id) => SERVER_FACTS.some((fact) => parseRuntime(input, id)?.facts[fact]));
}

/** Replicas, rollout and deadlines of a Deployment or StatefulSet. */
function workloadSpecFacts(f: FactBuilder, kind: string, spec: Json): void {
  f.at('scaling', ['spec']);
  fixedReplicaFacts(f, spec);
  const strategyKey = kind === 'StatefulSet' ? 'updateStrategy' : 'strategy';
  const strategy = obj(spec[strategyKey]);
  f.at('reliability.rollout', ['spec', strategyKey]);
  const type = str(strategy?.type);
  const mapped = type === 'RollingUpdate' ? 'rolling' : type === 'Recreate' ? 'recreate' : undefined;
  f.set('reliability.rollout.strategy', mapped, ['spec', strategyKey, 'type']);
  const rolling = obj(strategy?.rollingUpdate);
  for (const k of ['maxUnavailable', 'maxSurge'] as const) {
    const v = rolling?.[k];
    if (typeof v === 'number' || typeof v === 'string') f.set(`reliability.rollout.${k}`, v, ['spec', strategyKey, 'rollingUpdate', k]);
  }
  if (kind === 'Deployment') {
    f.set('reliability.progressDeadlineSeconds', num(spec.progressDeadlineSeconds), ['spec', 'progressDeadlineSeconds']);
    f.at('reliability.progressDeadlineSeconds', ['spec', 'progressDeadlineSeconds']);
  }
}

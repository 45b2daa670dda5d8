import { Document } from 'yaml';
import type { FileAnalysis } from '../check';
import { buildWorkspace } from '../check';
import type { DeploymentUnit, KubeResource, NativeSpec, WorkspaceFacts } from '../facts/model';
import { resourcesSelecting, scalersOf } from '../facts/relations';
import { NATIVE_API_VERSION, NATIVE_KIND } from '../formats/native';
import type { RuntimeId } from '../runtime';
import { factOfFlag, RUNTIME_IDS } from '../runtime';
import { GenerateError, metricTypeOf } from './command-line';
import nativeSchema from '../../../../schemas/modeldeployment.schema.json';

export interface ImportedManifest {
  name: string;
  /** The unit it was read from. */
  from: DeploymentUnit;
  text: string;
}

/** Sections in the schema's order. */
const SECTIONS = ['metadata', 'model', 'architecture', 'serving', 'resources', 'scaling', 'testing', 'reliability', 'governance', 'monitoring'] as const;

/** What the imported manifests cannot say: the rules report each of these until they are filled in. */
const TODO = [
  ' TODO governance: personal data (processed, lawful basis, retention), EU AI Act risk category and role,',
  ' the model licence and an accountable owner: `modelready check` points at each missing fact.',
  ' TODO monitoring: SLOs, alerts, request logging, drift and a runbook: not in Kubernetes manifests.',
  ' TODO testing: evaluations and a load test before production.',
];

/**
 * A ModelDeployment for each model server in the files, with every fact the adapters read from it and from the
 * resources deployed with it (autoscaler, disruption budget, network policy). Governance and monitoring are
 * left as TODOs, so the rules point at what the Kubernetes manifests cannot state.
 *
 * `implementationOf(uri)` gives how the manifest names a file in `implementation:` (relative to where it is written).
 */
export function importManifests(files: readonly FileAnalysis[], implementationOf: (uri: string) => string): ImportedManifest[] {
  const workspace = buildWorkspace(files);
  const servers = workspace.units.filter((u) => u.isModelServer && u.format !== 'modeldeployment' && !u.partial);
  if (servers.length === 0) throw new GenerateError('no model server found: import reads Deployments, StatefulSets, LeaderWorkerSets, InferenceServices and LLMInferenceServices that run a model server');
  return servers.map((unit) => {
    const spec = importedSpec(unit, workspace);
    const uris = [unit.uri, ...workspace.resources.filter((r) => related(unit, workspace).includes(r)).map((r) => r.uri)];
    const implementation = [...new Set(uris)].map(implementationOf);
    return { name: unit.name, from: unit, text: render(spec, implementation) };
  });
}

function related(unit: DeploymentUnit, workspace: WorkspaceFacts): KubeResource[] {
  return [...scalersOf(unit, workspace), ...resourcesSelecting(unit, workspace, ['Service', 'PodDisruptionBudget', 'NetworkPolicy'])];
}

/** Facts the adapters keep for rules only (not in the native schema). */
function withoutInternalFacts(spec: NativeSpec): NativeSpec {
  const copy = structuredClone(spec);
  delete copy.metadata?.annotations;
  if (copy.resources?.accelerator) delete copy.resources.accelerator.vendor;
  delete copy.implementation;
  // The native probe is an HTTP path: a TCP or exec probe has none, so it is left for the TODOs to name.
  const probes = copy.reliability?.probes;
  if (probes) {
    for (const kind of ['readiness', 'liveness', 'startup'] as const) {
      const p = probes[kind];
      if (p !== undefined && typeof p === 'object' && p.path === undefined) delete probes[kind];
    }
  }
  if (copy.serving?.args) {
    const args = extraArgs(copy.serving.runtime, copy.serving.args);
    if (args.length > 0) copy.serving.args = args;
    else delete copy.serving.args;
  }
  return copy;
}

/**
 * The flags of a command line that no fact states (`--gpu-memory-utilization=0.95`, `--max-num-seqs 4`): the
 * facts are in their own fields, and generate writes their flags again. Positional words (the model, a shell
 * script) are facts or cannot be reused, so they go too.
 */
function extraArgs(runtime: string | undefined, args: readonly string[]): string[] {
  const id = RUNTIME_IDS.find((r) => r === runtime) as RuntimeId | undefined;
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (!word.startsWith('-')) continue;
    const known = id ? factOfFlag(id, word) : undefined;
    const next = args[i + 1];
    const takesNext = !word.includes('=') && !known?.boolean && next !== undefined && !next.startsWith('-');
    if (!known) out.push(...(takesNext ? [word, next] : [word]));
    if (takesNext) i++;
  }
  return out;
}

interface SchemaNode {
  enum?: unknown[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

/**
 * Values as the native schema names them: a runtime's spelling that is not one of a field's values becomes the
 * value it starts with (`bitsandbytes-nf4` → `bitsandbytes`), else `other` or `custom` when the field has one,
 * else it is left out. The import is then schema-valid.
 */
function conform(value: unknown, schema: SchemaNode | undefined): unknown {
  if (!schema) return value;
  if (typeof value === 'string' && schema.enum && !schema.enum.includes(value)) {
    const names = schema.enum.filter((e): e is string => typeof e === 'string');
    const prefix = names.filter((e) => value.startsWith(e)).sort((a, b) => b.length - a.length)[0];
    return prefix ?? names.find((e) => e === 'other' || e === 'custom');
  }
  if (Array.isArray(value)) return value.map((v) => conform(v, schema.items));
  if (value && typeof value === 'object' && schema.properties) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const c = conform(v, schema.properties[k]);
      if (c !== undefined) out[k] = c;
    }
    return out;
  }
  return value;
}

function importedSpec(unit: DeploymentUnit, workspace: WorkspaceFacts): NativeSpec {
  return conform(factsOf(unit, workspace), nativeSchema as SchemaNode) as NativeSpec;
}

function factsOf(unit: DeploymentUnit, workspace: WorkspaceFacts): NativeSpec {
  const spec = withoutInternalFacts(unit.spec);
  spec.metadata = { ...spec.metadata, name: unit.name, ...(unit.namespace ? { namespace: unit.namespace } : {}) };
  const scaler = scalersOf(unit, workspace)[0];
  if (scaler) spec.scaling = { ...spec.scaling, ...scalerFacts(scaler) };
  const budget = resourcesSelecting(unit, workspace, ['PodDisruptionBudget'])[0]?.value.spec as { minAvailable?: number | string; maxUnavailable?: number | string } | undefined;
  if (budget && (budget.minAvailable !== undefined || budget.maxUnavailable !== undefined)) {
    spec.reliability = { ...spec.reliability, disruptionBudget: budget.minAvailable !== undefined ? { minAvailable: budget.minAvailable } : { maxUnavailable: budget.maxUnavailable } };
  }
  if (resourcesSelecting(unit, workspace, ['NetworkPolicy']).length > 0) spec.serving = { ...spec.serving, security: { ...spec.serving?.security, networkPolicy: true } };
  return spec;
}

type Scaling = NonNullable<NativeSpec['scaling']>;

/** Replica bounds and the metric of an HPA or a KEDA ScaledObject. */
function scalerFacts(r: KubeResource): Scaling {
  const spec = (r.value.spec ?? {}) as Record<string, unknown>;
  const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+(\.\d+)?$/.test(v) ? Number(v) : undefined);
  if (r.kind === 'ScaledObject') {
    const trigger = ((spec.triggers as { type?: string; metadata?: Record<string, unknown> }[] | undefined) ?? []).find((t) => t.type === 'prometheus');
    const name = /([a-zA-Z_:][\w:]*)\s*\{/.exec(String(trigger?.metadata?.query ?? ''))?.[1];
    const target = num(trigger?.metadata?.threshold);
    return prune({ autoscaler: 'keda', minReplicas: num(spec.minReplicaCount), maxReplicas: num(spec.maxReplicaCount), metric: name && target !== undefined ? { type: metricTypeOf(name), name, target } : undefined });
  }
  const metrics = (spec.metrics as Record<string, Record<string, unknown> | undefined>[] | undefined) ?? [];
  const first = metrics[0];
  let metric: Scaling['metric'];
  const pods = first?.pods as { metric?: { name?: string }; target?: { averageValue?: unknown } } | undefined;
  const resource = first?.resource as { name?: string; target?: { averageUtilization?: unknown } } | undefined;
  if (pods?.metric?.name) metric = prune({ type: metricTypeOf(pods.metric.name), name: pods.metric.name, target: num(pods.target?.averageValue) });
  else if (resource?.name === 'cpu' || resource?.name === 'memory') metric = prune({ type: resource.name, target: num(resource.target?.averageUtilization) });
  return prune({ autoscaler: 'hpa', minReplicas: num(spec.minReplicas) ?? 1, maxReplicas: num(spec.maxReplicas), metric });
}

function prune<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function render(spec: NativeSpec, implementation: string[]): string {
  const ordered: Record<string, unknown> = { apiVersion: NATIVE_API_VERSION, kind: NATIVE_KIND };
  for (const s of SECTIONS) if (spec[s] !== undefined && Object.keys(spec[s] as object).length > 0) ordered[s] = spec[s];
  ordered.implementation = implementation;
  const doc = new Document(ordered, { aliasDuplicateObjects: false });
  doc.commentBefore = ' Imported by `modelready import` from the manifests in `implementation:`. Review every fact, then fill in the TODOs.';
  doc.comment = TODO.join('\n');
  return doc.toString({ lineWidth: 0, indentSeq: true });
}

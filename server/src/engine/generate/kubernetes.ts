import type { Json, DeploymentContext } from './pod';
import { compact, container, metadata, podSettings, scrapeAnnotations, servingContainer, weightsClaim } from './pod';
import { commandLine, GenerateError } from './command-line';

/**
 * The Kubernetes resources of a ModelDeployment: the workload (a Deployment, or a LeaderWorkerSet when one
 * replica spans nodes), its Service, autoscaler, disruption budget, network policy and weights volume.
 */
export function kubernetesResources(ctx: DeploymentContext): Json[] {
  const multiNode = (ctx.spec.resources?.nodesPerReplica ?? 1) > 1;
  const workload = multiNode ? leaderWorkerSet(ctx) : deployment(ctx);
  const target = { apiVersion: String(workload.apiVersion), kind: String(workload.kind), name: ctx.name };
  // Services, budgets and policies select the serving pods: the leaders of a LeaderWorkerSet.
  const serving = multiNode ? { ...ctx.selector, role: 'leader' } : ctx.selector;
  return [workload, service(ctx, serving), autoscaler(ctx, target), disruptionBudget(ctx), networkPolicy(ctx, multiNode), weightsVolume(ctx)].filter((r): r is Json => !!r);
}

function replicas(ctx: DeploymentContext): number {
  return ctx.spec.scaling?.minReplicas ?? 1;
}

/** Rolling updates that never take a serving replica away before its successor is ready. */
function rolling(ctx: DeploymentContext): { maxUnavailable: number | string; maxSurge: number | string } {
  const r = ctx.spec.reliability?.rollout;
  return { maxUnavailable: r?.maxUnavailable ?? 0, maxSurge: r?.maxSurge ?? 1 };
}

/** Seconds a rollout may take before it is reported failed: longer than a slow start. */
function progressDeadline(ctx: DeploymentContext): number {
  const p = ctx.spec.reliability;
  return p?.progressDeadlineSeconds ?? (p?.probes?.startupTimeoutSeconds ?? ctx.spec.scaling?.coldStartBudgetSeconds ?? 600) + 300;
}

function podTemplate(ctx: DeploymentContext, labels: Record<string, string>, containers: Json[], annotations?: Record<string, string>): Json {
  return { metadata: compact({ labels, annotations }), spec: { ...podSettings(ctx), containers } };
}

function deployment(ctx: DeploymentContext): Json {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata(ctx),
    spec: {
      replicas: replicas(ctx),
      progressDeadlineSeconds: progressDeadline(ctx),
      strategy: { type: 'RollingUpdate', rollingUpdate: rolling(ctx) },
      selector: { matchLabels: ctx.selector },
      template: podTemplate(ctx, ctx.selector, [servingContainer(ctx, ctx.profile.id)], scrapeAnnotations(ctx)),
    },
  };
}

/** A word for `sh -c`, quoted when it holds anything the shell would read. */
function shellWord(w: string): string {
  return /^[\w@%+=:,./$()-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

/** vLLM's multi-node helper in its image: starts Ray on the leader (and waits for the workers) or joins it. */
const VLLM_RAY_SCRIPT = '/vllm-workspace/examples/online_serving/multi-node-serving.sh';
/** Port SGLang's ranks meet on at the leader. */
const SGLANG_DIST_PORT = 20000;

/**
 * The leader serves; workers join it: vLLM through Ray (the leader starts the head, the workers join it),
 * SGLang by rank (`--nnodes`, `--node-rank`, `--dist-init-addr` from the variables LeaderWorkerSet sets).
 */
function leaderWorkerSet(ctx: DeploymentContext): Json {
  const size = ctx.spec.resources!.nodesPerReplica!;
  const line = commandLine(ctx.spec, ctx.profile, ctx.name);
  let leader: Json;
  let worker: Json;
  if (ctx.profile.id === 'vllm') {
    const serve = [...line.command, ...line.args].map(shellWord).join(' ');
    leader = container(ctx, { name: 'vllm-leader', command: ['sh', '-c'], args: [`bash ${VLLM_RAY_SCRIPT} leader --ray_cluster_size=$(LWS_GROUP_SIZE); exec ${serve}`], serves: true, line });
    worker = container(ctx, { name: 'vllm-worker', command: ['sh', '-c'], args: [`bash ${VLLM_RAY_SCRIPT} worker --ray_address=$(LWS_LEADER_ADDRESS)`], serves: false, line });
  } else if (ctx.profile.id === 'sglang') {
    const dist = ['--nnodes=$(LWS_GROUP_SIZE)', `--dist-init-addr=$(LWS_LEADER_ADDRESS):${SGLANG_DIST_PORT}`];
    leader = container(ctx, { name: 'sglang-leader', command: line.command, args: [...line.args, ...dist, '--node-rank=0'], serves: true, line });
    worker = container(ctx, { name: 'sglang-worker', command: line.command, args: [...line.args, ...dist, '--node-rank=$(LWS_WORKER_INDEX)'], serves: false, line });
  } else throw new GenerateError(`${ctx.profile.name} does not run one replica over several nodes`);
  const r = rolling(ctx);
  return {
    apiVersion: 'leaderworkerset.x-k8s.io/v1',
    kind: 'LeaderWorkerSet',
    metadata: metadata(ctx),
    spec: {
      replicas: replicas(ctx),
      rolloutStrategy: { type: 'RollingUpdate', rollingUpdateConfiguration: { maxUnavailable: r.maxUnavailable, maxSurge: r.maxSurge } },
      leaderWorkerTemplate: {
        size,
        // One lost rank stalls the whole replica: restart the group together.
        restartPolicy: 'RecreateGroupOnPodRestart',
        leaderTemplate: podTemplate(ctx, { ...ctx.selector, role: 'leader' }, [leader], scrapeAnnotations(ctx)),
        workerTemplate: podTemplate(ctx, { ...ctx.selector, role: 'worker' }, [worker]),
      },
    },
  };
}

function service(ctx: DeploymentContext, selector: Record<string, string>): Json {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(ctx),
    spec: { type: 'ClusterIP', selector, ports: [{ name: 'http', port: ctx.port, targetPort: 'http', protocol: 'TCP' }] },
  };
}

/** Where KEDA asks Prometheus for the server's queue; the manifest does not say, so the usual in-cluster address. */
const PROMETHEUS_ADDRESS = 'http://prometheus-operated.monitoring.svc:9090';

/** Requests waiting per replica before another is added, when the manifest states no metric. */
const DEFAULT_QUEUE_TARGET = 5;

/**
 * The metric the autoscaler follows: the manifest's name, else the runtime's metric for its type; with no metric
 * stated, the runtime's queue (requests waiting), which tracks load on a GPU-bound server where CPU does not.
 */
function scaleMetric(ctx: DeploymentContext): { name?: string; type?: string; target?: number } {
  const m = ctx.spec.scaling?.metric ?? { type: 'queue-depth', target: DEFAULT_QUEUE_TARGET };
  return { type: m.type, target: m.target, name: m.name ?? (m.type ? ctx.profile.metrics[m.type] : undefined) };
}

/** A KEDA ScaledObject on the server's Prometheus metric, summed over the pods whose names start with `podPrefix`. */
export function kedaScaler(ctx: DeploymentContext, target: { apiVersion: string; kind: string; name: string }, podPrefix: string): Json {
  const m = scaleMetric(ctx);
  if (!m.name || m.target === undefined) throw new GenerateError('scaling.metric needs a target and a name (or a type the runtime has a metric for) for KEDA to scale on');
  const ns = ctx.namespace ? `namespace="${ctx.namespace}",` : '';
  const min = replicas(ctx);
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: metadata(ctx),
    spec: {
      scaleTargetRef: target,
      minReplicaCount: min,
      maxReplicaCount: ctx.spec.scaling?.maxReplicas ?? min,
      triggers: [{ type: 'prometheus', metadata: { serverAddress: PROMETHEUS_ADDRESS, query: `sum(${m.name}{${ns}pod=~"${podPrefix}.*"})`, threshold: String(m.target) } }],
    },
  };
}

/** An HPA, or a KEDA ScaledObject on the server's Prometheus metric (`autoscaler: keda`), when replicas may grow. */
function autoscaler(ctx: DeploymentContext, target: { apiVersion: string; kind: string; name: string }): Json | undefined {
  const s = ctx.spec.scaling ?? {};
  const min = replicas(ctx);
  const max = s.maxReplicas ?? min;
  if (max <= min) return undefined;
  const m = scaleMetric(ctx);
  if (s.autoscaler === 'keda') return kedaScaler(ctx, target, `${ctx.name}-`);
  const resource = m.type === 'cpu' || m.type === 'memory' ? m.type : undefined;
  const metric = resource
    ? { type: 'Resource', resource: { name: resource, target: { type: 'Utilization', averageUtilization: m.target ?? 70 } } }
    : m.name && m.target !== undefined
      ? { type: 'Pods', pods: { metric: { name: m.name }, target: { type: 'AverageValue', averageValue: String(m.target) } } }
      : undefined;
  if (!metric) throw new GenerateError('scaling.maxReplicas is above minReplicas: scaling.metric needs a target and a name (or a type the runtime has a metric for)');
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: metadata(ctx),
    spec: { scaleTargetRef: target, minReplicas: min, maxReplicas: max, metrics: [metric] },
  };
}

/** A budget whenever a drain could take a replica away: the manifest's, else one at a time. */
export function disruptionBudget(ctx: DeploymentContext): Json | undefined {
  const b = ctx.spec.reliability?.disruptionBudget;
  if (!b && replicas(ctx) < 2) return undefined;
  const limit = b?.minAvailable !== undefined ? { minAvailable: b.minAvailable } : { maxUnavailable: b?.maxUnavailable ?? 1 };
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: metadata(ctx), spec: { ...limit, selector: { matchLabels: ctx.selector } } };
}

/**
 * Ingress to the serving port from the deployment's own namespace only (add your gateway's namespace); the
 * ranks of a multi-node replica reach each other on any port.
 */
export function networkPolicy(ctx: DeploymentContext, multiNode = false): Json | undefined {
  if (ctx.spec.serving?.security?.networkPolicy === false) return undefined;
  const ingress: Json[] = [{ from: [{ podSelector: {} }], ports: [{ port: ctx.port, protocol: 'TCP' }] }];
  if (multiNode) ingress.push({ from: [{ podSelector: { matchLabels: ctx.selector } }] });
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: metadata(ctx),
    spec: { podSelector: { matchLabels: ctx.selector }, policyTypes: ['Ingress'], ingress },
  };
}

/** Default size of the weights volume when the manifest states none. */
const DEFAULT_WEIGHTS_SIZE = '100Gi';

export function weightsVolume(ctx: DeploymentContext): Json | undefined {
  const c = ctx.spec.scaling?.caching;
  if (c?.modelWeights !== 'pvc') return undefined;
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: metadata(ctx, weightsClaim(ctx)),
    spec: { accessModes: [c.accessMode ?? 'ReadWriteMany'], resources: { requests: { storage: String(c.size ?? DEFAULT_WEIGHTS_SIZE) } } },
  };
}

import type { NativeSpec, ProbeSpec } from '../facts/model';
import { acceleratorTaintKey, acceleratorVendor } from '../facts/accelerators';
import type { CommandLine } from './command-line';
import { GenerateError, commandLine, runtimeProfile, servingPort } from './command-line';

export type Json = Record<string, unknown>;

/** Everything the resources of one generated deployment share. */
export interface DeploymentContext {
  spec: NativeSpec;
  name: string;
  namespace?: string;
  profile: ReturnType<typeof runtimeProfile>;
  port: number;
  /** `modelready.dev/manifest` of every resource: the manifest, relative to the generated file. */
  manifestRef: string;
  /** Labels of the pods (and the selector of Services, budgets and policies). */
  selector: Record<string, string>;
}

export function deploymentContext(spec: NativeSpec, manifestRef: string): DeploymentContext {
  const name = spec.metadata?.name;
  if (!name) throw new GenerateError('metadata.name is not set: every generated resource is named after it');
  const profile = runtimeProfile(spec);
  if (!spec.serving?.image) throw new GenerateError('serving.image is not set: the workload would have no image to run');
  return { spec, name, namespace: spec.metadata?.namespace, profile, port: servingPort(spec, profile), manifestRef, selector: { 'app.kubernetes.io/name': name } };
}

/** Drops undefined members (YAML output has no `key: null` for a fact the manifest does not state). */
export function compact<T extends Json>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** `metadata` of a generated resource: the manifest's labels and the link back to it. */
export function metadata(ctx: DeploymentContext, name = ctx.name): Json {
  const owner = ctx.spec.metadata?.owner;
  return compact({
    name,
    namespace: ctx.namespace,
    labels: { ...ctx.spec.metadata?.labels, ...ctx.selector },
    annotations: compact({ 'modelready.dev/manifest': ctx.manifestRef, 'modelready.dev/owner': owner }),
  });
}

/** Default startup budget when the manifest states none: image pull, weight load and CUDA graph capture. */
const DEFAULT_STARTUP_SECONDS = 600;
const STARTUP_PERIOD = 10;

function probe(ctx: DeploymentContext, spec: ProbeSpec | undefined, defaults: { periodSeconds: number; failureThreshold: number }): Json {
  const o = typeof spec === 'object' ? spec : {};
  const path = typeof spec === 'string' ? spec : (o.path ?? ctx.profile.healthPath);
  return compact({
    httpGet: { path, port: o.port !== undefined && o.port !== ctx.port ? o.port : 'http' },
    initialDelaySeconds: o.initialDelaySeconds,
    periodSeconds: o.periodSeconds ?? defaults.periodSeconds,
    timeoutSeconds: o.timeoutSeconds,
    failureThreshold: o.failureThreshold ?? defaults.failureThreshold,
  });
}

function probes(ctx: DeploymentContext): Json {
  const p = ctx.spec.reliability?.probes ?? {};
  const budget = p.startupTimeoutSeconds ?? ctx.spec.scaling?.coldStartBudgetSeconds ?? DEFAULT_STARTUP_SECONDS;
  return {
    // The startup probe holds the others off until the weights are loaded: its failures × period is the budget.
    startupProbe: probe(ctx, p.startup ?? p.readiness, { periodSeconds: STARTUP_PERIOD, failureThreshold: Math.ceil(budget / STARTUP_PERIOD) }),
    readinessProbe: probe(ctx, p.readiness, { periodSeconds: 10, failureThreshold: 3 }),
    // Liveness tolerates more than readiness: a busy server leaves rotation before it is restarted.
    livenessProbe: probe(ctx, p.liveness ?? p.readiness, { periodSeconds: 30, failureThreshold: 5 }),
  };
}

/** The accelerator's extended resource (`nvidia.com/gpu`, `amd.com/gpu`, `google.com/tpu`, ...). */
function acceleratorResourceName(spec: NativeSpec): string | undefined {
  const acc = spec.resources?.accelerator;
  if (!acc?.count) return undefined;
  return acc.resourceName ?? acceleratorTaintKey(undefined, acceleratorVendor(acc));
}

function resources(spec: NativeSpec): Json {
  const r = spec.resources ?? {};
  const gpu = acceleratorResourceName(spec);
  const gpus = gpu ? { [gpu]: String(r.accelerator!.count) } : {};
  const memoryLimit = r.limits?.memory ?? r.memory;
  return {
    requests: compact({ cpu: r.cpu, memory: r.memory, ...gpus }),
    limits: compact({ cpu: r.limits?.cpu, memory: memoryLimit, ...gpus }),
  };
}

interface Volume {
  name: string;
  mountPath: string;
  readOnly?: boolean;
  source: Json;
}

/** Default size of `/dev/shm` when the manifest states none (NCCL and the runtime's IPC use it). */
const DEFAULT_SHM = '2Gi';

function volumes(ctx: DeploymentContext): Volume[] {
  const { spec, name } = ctx;
  const list: Volume[] = [{ name: 'dshm', mountPath: '/dev/shm', source: { emptyDir: { medium: 'Memory', sizeLimit: String(spec.resources?.sharedMemory ?? DEFAULT_SHM) } } }];
  const caching = spec.scaling?.caching;
  if (caching?.modelWeights === 'pvc') {
    const readOnly = caching.accessMode === 'ReadOnlyMany' || undefined;
    list.push({ name: 'weights', mountPath: caching.mountPath ?? '/models', readOnly, source: { persistentVolumeClaim: compact({ claimName: weightsClaim(ctx, name), readOnly }) } });
  }
  if (spec.serving?.security?.readOnlyRootFilesystem) list.push({ name: 'tmp', mountPath: '/tmp', source: { emptyDir: {} } });
  return list;
}

export function weightsClaim(ctx: DeploymentContext, name = ctx.name): string {
  return ctx.spec.scaling?.caching?.claimName ?? `${name}-weights`;
}

function env(ctx: DeploymentContext, line: CommandLine): Json[] {
  const { spec } = ctx;
  const out: Json[] = [];
  const named = new Set<string>();
  for (const e of spec.serving?.env ?? []) {
    if (!e.name) continue;
    named.add(e.name);
    out.push(e.secretRef ? { name: e.name, valueFrom: { secretKeyRef: { name: e.secretRef.name, key: e.secretRef.key } } } : { name: e.name, value: e.value ?? '' });
  }
  const add = (name: string, value: string): void => {
    if (!named.has(name)) out.push({ name, value });
  };
  const caching = spec.scaling?.caching;
  if (caching?.modelWeights === 'pvc') {
    // The Hub cache lives on the weights volume; a read-only one was filled beforehand, so never download.
    add('HF_HOME', caching.mountPath ?? '/models');
    if (caching.accessMode === 'ReadOnlyMany') add('HF_HUB_OFFLINE', '1');
  }
  // With a read-only root file system the runtime's caches (compile, Triton kernels) go to the writable /tmp.
  if (spec.serving?.security?.readOnlyRootFilesystem) add('HOME', '/tmp');
  for (const e of line.env) out.push({ name: e.name, valueFrom: { secretKeyRef: e.secret } });
  return out;
}

function containerSecurity(spec: NativeSpec): Json {
  const s = spec.serving?.security ?? {};
  return compact({
    allowPrivilegeEscalation: s.allowPrivilegeEscalation ?? false,
    privileged: s.privileged ?? false,
    readOnlyRootFilesystem: s.readOnlyRootFilesystem,
    capabilities: { drop: ['ALL'] },
  });
}

export interface ContainerOptions {
  name: string;
  command: string[];
  args: string[];
  /** The container that serves: port and probes. */
  serves: boolean;
  line: CommandLine;
}

export function container(ctx: DeploymentContext, o: ContainerOptions): Json {
  const vols = volumes(ctx);
  return compact({
    name: o.name,
    image: ctx.spec.serving!.image,
    command: o.command,
    args: o.args.length > 0 ? o.args : undefined,
    env: env(ctx, o.line),
    ports: o.serves ? [{ name: 'http', containerPort: ctx.port, protocol: 'TCP' }] : undefined,
    resources: resources(ctx.spec),
    securityContext: containerSecurity(ctx.spec),
    ...(o.serves ? probes(ctx) : {}),
    volumeMounts: vols.map((v) => compact({ name: v.name, mountPath: v.mountPath, readOnly: v.readOnly })),
  });
}

/** The server's own command line, as a container. */
export function servingContainer(ctx: DeploymentContext, name: string): Json {
  const line = commandLine(ctx.spec, ctx.profile, ctx.name);
  return container(ctx, { name, command: line.command, args: line.args, serves: true, line });
}

/** Default grace period when neither it nor a request timeout is stated: long generations drain. */
const DEFAULT_GRACE_SECONDS = 150;
const GRACE_MARGIN_SECONDS = 30;

export function gracePeriod(spec: NativeSpec): number {
  const timeout = spec.serving?.limits?.requestTimeoutSeconds;
  return spec.reliability?.terminationGracePeriodSeconds ?? (timeout !== undefined ? timeout + GRACE_MARGIN_SECONDS : DEFAULT_GRACE_SECONDS);
}

/** Pod-level settings: placement on accelerator nodes, security context, volumes, graceful shutdown. */
export function podSettings(ctx: DeploymentContext): Json {
  const { spec } = ctx;
  const gpu = acceleratorResourceName(spec);
  const tolerations = spec.resources?.tolerations ?? (gpu ? [{ key: acceleratorTaintKey(gpu, acceleratorVendor(spec.resources?.accelerator)), operator: 'Exists', effect: 'NoSchedule' }] : undefined);
  const nonRoot = spec.serving?.security?.runAsNonRoot !== false;
  return compact({
    terminationGracePeriodSeconds: gracePeriod(spec),
    nodeSelector: spec.resources?.nodeSelector,
    tolerations,
    // Runtime images (vLLM, SGLang, TGI) run as root unless told otherwise: name a user so runAsNonRoot admits them.
    securityContext: nonRoot ? { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 } : undefined,
    volumes: volumes(ctx).map((v) => ({ name: v.name, ...v.source })),
  });
}

/** Pod annotations that let Prometheus scrape the server, when the manifest says it is scraped. */
export function scrapeAnnotations(ctx: DeploymentContext): Record<string, string> | undefined {
  const m = ctx.spec.monitoring?.metrics;
  if (!m || m.scrape === false) return undefined;
  return { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(m.port ?? ctx.port), 'prometheus.io/path': m.path ?? ctx.profile.metricsPath };
}

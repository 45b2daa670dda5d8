import type { ContainerFacts, DeploymentUnit, KubeResource, PodFacts, ProbeFacts, WorkspaceFacts, ResourceFacts } from '../../facts/model';
import { deploymentEvidence, resourcesSelecting } from '../../facts/relations';
import { replaceValue } from '../../fix/edits';
import type { Fix, RelatedLocation } from '../../types';
import type { Report } from '../define';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { runtimeName } from '../../runtime';
import { primaryContainer, relatedAt, relatedResource } from '../support/workload';
import { containerRange, label, sameFile, sourceOf } from '../support/kube';
import { lazyFix } from '../../fix/lazy';

/** Runtimes that serve `/metrics` on their API port. */
const METRICS_ON_API_PORT = new Set(['vllm', 'tgi', 'sglang', 'nim', 'llama-cpp']);

const PROBE_EFFECT: Record<string, string> = {
  readiness: 'the probe fails, so the pod never receives traffic',
  liveness: 'the probe fails, so the kubelet restarts the container over and over',
  startup: 'the probe fails, so the container is killed when the startup budget runs out',
};

export default defineRule({
  meta: {
    id: 'integration/port-consistency',
    area: 'integration',
    severity: 'error',
    description: 'Probe ports and the metrics port match the port the server listens on.',
    rationale:
      'Kubernetes "Configure Liveness, Readiness and Startup Probes": a probe on a port nothing listens on fails, so the pod never becomes ready or is restarted in a loop (kube-linter `readiness-port`, `liveness-port`, `startup-port`). vLLM serves `/health` and `/metrics` on its API port (default 8000).',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: true,
  },
  check({ unit, workspace, report }) {
    if (!unit.isModelServer) return;
    const listen = listenPort(unit);
    // Pod templates: every container's probes and the Services that select the pods. A declaration has no pod
    // template: its stated probes are judged.
    if (unit.pod) checkPods(unit, listen, workspace, report);
    else checkDeclaredProbes(unit, report);
    checkMetrics(unit, listen, report);
  },
});

/** Probes stated as facts (`reliability.probes.<kind>.port`) on another port than the server's. */
function checkDeclaredProbes(unit: DeploymentUnit, report: (r: Report) => void): void {
  const serving = unit.spec.serving;
  const port = serving?.port;
  // Probes are HTTP; a gRPC server (e.g. Triton on 8001) answers them on its separate HTTP port.
  if (typeof port !== 'number' || serving?.protocol === 'grpc') return;
  for (const kind of ['readiness', 'liveness', 'startup'] as const) {
    const probe = unit.spec.reliability?.probes?.[kind];
    if (probe === null || typeof probe !== 'object' || typeof probe.port !== 'number' || probe.port === port) continue;
    const fact = `reliability.probes.${kind}.port`;
    report({
      at: fact,
      message: `${unit.describe(fact)} is ${probe.port} but the server listens on ${unit.describe('serving.port')} ${port}: ${PROBE_EFFECT[kind]}. Probe the serving port (or leave \`port\` out: it defaults to \`serving.port\`).`,
      related: [relatedAt(unit, 'serving.port', 'the port the server listens on')],
      fixes: [lazyFix({ title: `Probe port ${port}`, edits: () => unit.edit.set(fact, String(port)), isPreferred: true })],
    });
  }
}

/**
 * A scrape port stated for the server (not a container port) other than its API port, where the runtime serves
 * `/metrics` on the API port.
 */
function checkMetrics(unit: DeploymentUnit, listen: Listen | undefined, report: (r: Report) => void): void {
  const metricsPort = unit.spec.monitoring?.metrics?.port;
  const runtime = unit.spec.serving?.runtime;
  const stated = sourceOf(unit, 'monitoring.metrics.port');
  if (!listen || !stated || stated.includes('ports') || typeof metricsPort !== 'number' || metricsPort === listen.port || typeof runtime !== 'string' || !METRICS_ON_API_PORT.has(runtime)) return;
  report({
    at: 'monitoring.metrics.port',
    message: `${unit.describe('monitoring.metrics.port')} is ${metricsPort} but ${runtimeName(runtime)} serves \`/metrics\` on its API port (${listen.port}): the scraper finds nothing, and dashboards, alerts and a metric-driven autoscaler go blind. Scrape port ${listen.port}.`,
    related: [listen.related],
    fixes: [lazyFix({ title: `Scrape port ${listen.port}`, edits: () => unit.edit.set('monitoring.metrics.port', String(listen.port)), isPreferred: true })],
  });
}

/** The port a runtime listens on when no flag says otherwise (only where the image's default is documented). */
const DEFAULT_PORT: Record<string, number> = { vllm: 8000, sglang: 30000, ollama: 11434 };


interface Listen {
  port: number;
  /** Where it is stated, for related information. */
  related: RelatedLocation;
}

/**
 * The port the server listens on: a stated `serving.port` (a `--port` flag or env value, a declared port), else the
 * runtime's default, where the file shows the whole serving container (not where the platform completes the pod).
 */
function listenPort(unit: DeploymentUnit): Listen | undefined {
  const port = unit.spec.serving?.port;
  const source = sourceOf(unit, 'serving.port');
  const c = primaryContainer(unit);
  if (typeof port === 'number' && source && !source.includes('ports')) return { port, related: { uri: unit.uri, range: unit.doc.rangeAt(source), message: `the server listens on ${port}` } };
  const runtime = unit.spec.serving?.runtime;
  if (!c || unit.platformFillsPod || typeof runtime !== 'string' || DEFAULT_PORT[runtime] === undefined || c.runtime !== runtime) return undefined;
  return { port: DEFAULT_PORT[runtime], related: { uri: unit.uri, range: containerRange(unit, c), message: `${runtimeName(runtime)} listens on ${DEFAULT_PORT[runtime]} by default` } };
}

/** What a probe or Service should name instead: the declared port of the listen port (by name when it has one), else the number. */
function target(c: ContainerFacts, listen: Listen | undefined): string | number | undefined {
  if (listen) return c.ports.find((p) => p.containerPort === listen.port)?.name ?? listen.port;
  if (c.ports.length === 1) return c.ports[0].name ?? c.ports[0].containerPort;
  return undefined;
}

function checkProbe(unit: DeploymentUnit, c: ContainerFacts, kind: 'readiness' | 'liveness' | 'startup', probe: ProbeFacts, listen: Listen | undefined, report: (r: Report) => void): void {
  if (probe.port === undefined || (probe.type !== 'httpGet' && probe.type !== 'tcpSocket' && probe.type !== 'grpc')) return;
  const portPath = [...probe.path, probe.type, 'port'];
  const want = target(c, listen);
  const fixes: Fix[] = want !== undefined ? [lazyFix({ title: `Probe port ${want}`, edits: () => replaceValue(unit.doc, portPath, String(want)), isPreferred: true })] : [];
  if (typeof probe.port === 'string' && probe.portNumber === undefined) {
    report({
      at: unit.doc.rangeAt(portPath),
      message: `The ${kind} probe of container ${c.name} uses the port name ${probe.port}, but the container declares no port of that name (${c.ports.map((p) => p.name ?? String(p.containerPort)).join(', ') || 'no ports'}): ${PROBE_EFFECT[kind]}. Name a declared port, or use the number.`,
      fixes,
    });
    return;
  }
  if (probe.type === 'grpc' || !listen || probe.portNumber === undefined || probe.portNumber === listen.port || c.ports.some((p) => p.containerPort === probe.portNumber)) return;
  report({
    at: unit.doc.rangeAt(portPath),
    message: `The ${kind} probe of container ${c.name} checks port ${probe.portNumber}, but the server listens on ${listen.port}: ${PROBE_EFFECT[kind]}. Probe port ${listen.port}.`,
    related: [listen.related],
    fixes,
  });
}

/** `--port 8000` / `--port=8000` anywhere in a container's command line (a shell string included). */
function flagPorts(c: ContainerFacts): number[] {
  return [...[...c.command, ...c.args].join(' ').matchAll(/--port[= ]+["']?(\d{2,5})\b/g)].map((m) => Number(m[1]));
}

/**
 * Where a Service port leads: `ok` when it resolves to a port a container declares or opens from a flag,
 * `unreachable` (with why) when it cannot, `unknown` when the pods do not say (several containers, none
 * declaring ports: containerPort is informational, a server may listen on any port).
 */
type PortStatus = { status: 'ok' } | { status: 'unknown' } | { status: 'unreachable'; why: string };

/** A port of a Service, as written. */
type ServicePort = NonNullable<ResourceFacts['service']>['ports'][number];

function serviceTarget(p: ServicePort, pod: PodFacts, listen: Listen | undefined): PortStatus & { written?: 'targetPort' | 'port' } {
  const t = p.targetPort ?? p.port;
  const written = p.targetPort !== undefined ? 'targetPort' : 'port';
  // Init containers declaring ports are native sidecars (`restartPolicy: Always`): they listen too.
  const all = [...pod.containers, ...(pod.initContainers ?? [])];
  if (typeof t === 'string' && !/^\d+$/.test(t)) {
    return all.some((x) => x.ports.some((q) => q.name === t)) ? { status: 'ok', written } : { status: 'unreachable', why: `names the port \`${t}\`, which no container of the pods declares`, written };
  }
  if (typeof t !== 'number' && typeof t !== 'string') return { status: 'unknown' };
  const numbers = new Set([...all.flatMap((x) => [...x.ports.map((q) => q.containerPort), ...flagPorts(x)]), ...(listen ? [listen.port] : [])]);
  if (numbers.has(Number(t))) return { status: 'ok', written };
  // With one container whose ports are known, a port it neither declares nor opens has no listener.
  if (pod.containers.length !== 1 || numbers.size === 0) return { status: 'unknown' };
  return { status: 'unreachable', why: `sends traffic to port ${String(t)}, where nothing listens (the pods ${listen ? `listen on ${listen.port}` : `declare ${[...numbers].join(', ')}`})`, written };
}

/**
 * A Service deployed with the workload (see deploymentEvidence) whose ports lead nowhere. An error when no
 * port of it reaches the server (every request fails); a warning for a secondary port that has no listener
 * (a metrics or sidecar port a webhook may add). Each Service port once per workload.
 */
function checkService(unit: DeploymentUnit, svc: KubeResource, c: ContainerFacts, listen: Listen | undefined, workspace: WorkspaceFacts, report: (r: Report) => void): void {
  const pod = unit.pod!;
  const ports = svc.facts.service?.ports ?? [];
  const statuses = ports.map((p) => serviceTarget(p, pod, listen));
  const reachable = statuses.some((s) => s.status !== 'unreachable');
  const evidence = deploymentEvidence(svc, unit, workspace);
  statuses.forEach((s, i) => {
    if (s.status !== 'unreachable' || !s.written) return;
    const want = target(c, listen);
    const portPath = ['spec', 'ports', i, s.written];
    const fixes: Fix[] = sameFile(unit, svc) && want !== undefined
      ? [lazyFix({ title: `Send traffic to port ${want}`, edits: () => replaceValue(svc.doc, portPath, typeof want === 'number' ? String(want) : want), isPreferred: true })]
      : [];
    report({
      at: c.ports.length ? unit.doc.rangeAt([...c.path, 'ports'], 'key') : containerRange(unit, c),
      severity: reachable ? 'warning' : 'error',
      message: reachable
        ? `${label(svc)} ${s.why}: requests to that Service port fail, though its other ports reach the server. Make its \`${s.written}\` a port the pods listen on, or drop it.`
        : `${label(svc)} ${s.why}: it has no ready endpoints on that port, so every request to it fails. Make its \`${s.written}\` name or number a port the server listens on.`,
      related: [relatedResource(svc, ['spec', 'ports', i, s.written], `the ${s.written} of ${label(svc)} (${evidence ?? 'selects these pods'})`)],
      fixes,
    });
  });
}

function checkPods(unit: DeploymentUnit, listen: Listen | undefined, workspace: WorkspaceFacts, report: (r: Report) => void): void {
  const pod = unit.pod;
  const c = primaryContainer(unit);
  if (!pod || !c) return;
  const grpc = unit.spec.serving?.protocol === 'grpc';
  for (const container of pod.containers) {
    for (const kind of ['readiness', 'liveness', 'startup'] as const) {
      const probe = container.probes?.[kind];
      if (probe) checkProbe(unit, container, kind, probe, container === c && !grpc ? listen : undefined, report);
    }
  }

  // Services that select the pods. Where the platform completes the pods (KServe, KubeRay, an operator), their ports
  // are not all in the file, and it makes their Services itself.
  if (!unit.platformFillsPod) {
    for (const svc of resourcesSelecting(unit, workspace, ['Service'])) checkService(unit, svc, c, listen, workspace, report);
  }
}

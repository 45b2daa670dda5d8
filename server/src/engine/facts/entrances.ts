import type { DeploymentUnit, FactPath, KubeResource, WorkspaceFacts } from './model';
import { deploymentEvidence, namespacesAgree, resourcesOfKind, resourcesSelecting } from './relations';
import type { PathSegment } from '../parse/yaml';

/**
 * The entrances of a model server: how it is reached from outside the cluster, and whether TLS and authentication
 * guard each entrance. One shape for every format, so integration/tls and integration/auth judge the same facts:
 *
 * - a native ModelDeployment describes its one endpoint with `serving.exposure`, `serving.tls` and `serving.auth`;
 * - a Kubernetes-family workload is reached through resources deployed with it (a public LoadBalancer Service that
 *   selects its pods, an Ingress routing to such a Service), unless `modelready.dev/exposure: internal` says
 *   otherwise; `modelready.dev/exposure: public` declares an entrance the workspace does not show. TLS and edge
 *   authentication are read from those resources; a workload cannot state `serving.tls`, so a declared entrance's
 *   TLS is unknown there.
 */

export interface Entrance {
  /** `declared`: the exposure the unit states (`serving.exposure: public`); else the resource that exposes it. */
  kind: 'declared' | 'load-balancer' | 'ingress';
  /** For `declared`: the fact that states it. */
  fact?: FactPath;
  /** The exposing resource (load-balancer, ingress) and where the exposure is written in it. */
  resource?: KubeResource;
  path?: PathSegment[];
  /** The Service an Ingress sends traffic to. */
  service?: KubeResource;
  /**
   * TLS on this entrance: `true` (terminated here, by the server, or implied by mutual TLS), `false` (stated off, or a
   * resource without it), `'unstated'` (the unit is where it would be stated, and does not), undefined (not known here).
   */
  tls?: boolean | 'unstated';
  /** Whether the entrance authenticates clients before the server (an authenticating Ingress, a backend policy). */
  edgeAuth: boolean;
}

/** Annotations of cloud load balancers that keep them on the private network. */
const INTERNAL_LB: readonly [string, RegExp][] = [
  ['networking.gke.io/load-balancer-type', /^internal$/i],
  ['cloud.google.com/load-balancer-type', /^internal$/i],
  ['service.beta.kubernetes.io/aws-load-balancer-internal', /^(true|0\.0\.0\.0\/0)$/i],
  ['service.beta.kubernetes.io/aws-load-balancer-scheme', /^internal$/i],
  ['service.beta.kubernetes.io/azure-load-balancer-internal', /^true$/i],
  ['service.beta.kubernetes.io/oci-load-balancer-internal', /^true$/i],
  ['service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type', /^private$/i],
];

/** Annotations that terminate TLS at a cloud load balancer or Ingress controller. */
const TLS_ANNOTATIONS = [
  /^networking\.gke\.io\/managed-certificates$/,
  /^ingress\.gcp\.kubernetes\.io\/pre-shared-cert$/,
  /^alb\.ingress\.kubernetes\.io\/certificate-arn$/,
  /^service\.beta\.kubernetes\.io\/aws-load-balancer-ssl-cert$/,
  /^service\.beta\.kubernetes\.io\/(do|oci|azure)-load-balancer-(certificate-id|ssl-certificate|tls-ports)/,
  /^cert-manager\.io\//,
];

/** Flags with which the server terminates TLS itself. */
const SERVER_TLS = /^--(ssl-certfile|ssl-keyfile|tls-cert-file|tls-certfile)(=|$)/;

/** Ingress annotations that put authentication in front of the backends (or may: Traefik middlewares, Kong plugins). */
const EDGE_AUTH = [
  /^nginx\.ingress\.kubernetes\.io\/auth-(url|type|signin|tls-secret)$/,
  /^alb\.ingress\.kubernetes\.io\/auth-type$/,
  /^traefik\.ingress\.kubernetes\.io\/router\.middlewares$/,
  /^konghq\.com\/plugins$/,
  /^ingress\.kubernetes\.io\/auth-/,
  /^haproxy\.org\/auth-/,
  /^appgw\.ingress\.kubernetes\.io\/.*auth/,
];
/** Service annotations that attach a backend policy (GKE BackendConfig with IAP) ModelReady cannot see. */
const BACKEND_POLICY = /^(beta\.)?cloud\.google\.com\/backend-config$/;

const annotated = (r: KubeResource | undefined, patterns: readonly RegExp[]): boolean =>
  !!r && Object.keys(r.facts.annotations).some((k) => patterns.some((re) => re.test(k)));

/** A LoadBalancer Service open to the internet: not marked internal, source ranges not restricted. */
function publicLoadBalancer(svc: KubeResource): boolean {
  const service = svc.facts.service;
  if (service?.type !== 'LoadBalancer') return false;
  const a = svc.facts.annotations;
  if (INTERNAL_LB.some(([k, re]) => re.test(a[k] ?? ''))) return false;
  const ranges = service.loadBalancerSourceRanges;
  return ranges.length === 0 || ranges.some((r) => r === '0.0.0.0/0' || r === '::/0');
}

/** Whether the serving container terminates TLS itself (`--ssl-certfile`, ...). */
function serverTerminatesTls(unit: DeploymentUnit): boolean {
  const pod = unit.pod;
  const c = pod && pod.primary !== undefined ? pod.containers[pod.primary] : undefined;
  return !!c && [...c.command, ...c.args].some((a) => a.split(/\s+/).some((w) => SERVER_TLS.test(w)));
}

/** The entrances of the resources deployed with a workload that expose its pods. */
function resourceEntrances(unit: DeploymentUnit, workspace: WorkspaceFacts): Entrance[] {
  const services = resourcesSelecting(unit, workspace, ['Service']);
  const out: Entrance[] = [];
  // Read from the container's words only when a public load balancer needs it: most workloads have none.
  let server: boolean | undefined;
  for (const svc of services) {
    if (!publicLoadBalancer(svc)) continue;
    server ??= serverTerminatesTls(unit);
    out.push({ kind: 'load-balancer', resource: svc, path: ['spec', 'type'], tls: server || annotated(svc, TLS_ANNOTATIONS), edgeAuth: annotated(svc, [BACKEND_POLICY]) });
  }
  // An Ingress routes to a Service of its own namespace by name; it counts when deployed with the workload too.
  for (const ing of resourcesOfKind(workspace, 'Ingress')) {
    const backends = ing.facts.ingress?.backends ?? [];
    if (!deploymentEvidence(ing, unit, workspace)) continue;
    const svc = services.find((s) => backends.includes(s.name) && namespacesAgree(s, ing));
    if (!svc) continue;
    out.push({
      kind: 'ingress',
      resource: ing,
      path: ['spec'],
      service: svc,
      tls: ing.facts.ingress?.tls === true || annotated(ing, TLS_ANNOTATIONS),
      edgeAuth: annotated(ing, EDGE_AUTH) || annotated(svc, [BACKEND_POLICY]),
    });
  }
  return out;
}

/** The public entrances of a model server (empty for other workloads, and when it is stated internal). */
export function entrances(unit: DeploymentUnit, workspace: WorkspaceFacts): Entrance[] {
  if (!unit.isModelServer) return [];
  const serving = unit.spec.serving;
  const exposure = serving?.exposure;
  if (exposure === 'internal') return [];
  if (unit.declaration) {
    // The manifest is the statement of its endpoint: what it leaves out is missing, not unknown.
    if (exposure !== 'public') return [];
    // Mutual TLS is TLS; a stated `tls: false` beside it is a contradiction the rule reports.
    const tls = typeof serving?.tls === 'boolean' ? serving.tls : serving?.auth === 'mtls' ? true : 'unstated';
    return [{ kind: 'declared', fact: 'serving.exposure', tls, edgeAuth: false }];
  }
  const declared: Entrance[] = exposure === 'public' ? [{ kind: 'declared', fact: 'serving.exposure', tls: serving?.tls === true ? true : undefined, edgeAuth: false }] : [];
  // A workload stating TLS (an adapter that reads it) covers its resources too.
  return [...declared, ...resourceEntrances(unit, workspace).map((e) => (serving?.tls === true ? { ...e, tls: true } : e))];
}

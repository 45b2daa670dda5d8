import type { DeploymentUnit, KubeResource, WorkspaceFacts } from '../../facts/model';
import { deploymentEvidence, namespacesAgree, resourcesOfKind, resourcesSelecting } from '../../facts/relations';
import type { PathSegment } from '../../parse/yaml';

/**
 * How a Kubernetes workload is reached from outside the cluster: a Service of type LoadBalancer that selects its
 * pods, or an Ingress whose backend is a Service that selects them. Shared by integration/auth and integration/tls.
 */

export interface Entrance {
  resource: KubeResource;
  /** Where the exposure is written (the Service's `type`, the Ingress's `spec`). */
  path: PathSegment[];
  kind: 'load-balancer' | 'ingress';
  /** The Service a path of the Ingress sends traffic to (for ingress entrances). */
  service?: KubeResource;
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

/** A LoadBalancer Service open to the internet: not marked internal, source ranges not restricted. */
function publicLoadBalancer(svc: KubeResource): boolean {
  const service = svc.facts.service;
  if (service?.type !== 'LoadBalancer') return false;
  const a = svc.facts.annotations;
  if (INTERNAL_LB.some(([k, re]) => re.test(a[k] ?? ''))) return false;
  const ranges = service.loadBalancerSourceRanges;
  return ranges.length === 0 || ranges.some((r) => r === '0.0.0.0/0' || r === '::/0');
}

/** The public entrances of a workload's pods. */
export function entrances(unit: DeploymentUnit, workspace: WorkspaceFacts): Entrance[] {
  const services = resourcesSelecting(unit, workspace, ['Service']);
  const out: Entrance[] = [];
  for (const svc of services) if (publicLoadBalancer(svc)) out.push({ resource: svc, path: ['spec', 'type'], kind: 'load-balancer' });
  // An Ingress routes to a Service of its own namespace by name; it counts when deployed with the workload too.
  for (const ing of resourcesOfKind(workspace, 'Ingress')) {
    const backends = ing.facts.ingress?.backends ?? [];
    if (!deploymentEvidence(ing, unit, workspace)) continue;
    const svc = services.find((s) => backends.includes(s.name) && namespacesAgree(s, ing));
    if (svc) out.push({ resource: ing, path: ['spec'], kind: 'ingress', service: svc });
  }
  return out;
}

/** `modelready.dev/exposure` as stated on the workload (`public`, `internal`), if any. */
export function statedExposure(unit: DeploymentUnit): string | undefined {
  const e = unit.spec.serving?.exposure;
  return typeof e === 'string' ? e : undefined;
}

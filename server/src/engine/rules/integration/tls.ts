import type { DeploymentUnit } from '../../facts/model';
import type { Entrance } from '../../facts/entrances';
import { entrances } from '../../facts/entrances';
import { insertAtPath } from '../../fix/edits';
import type { Fix } from '../../types';
import type { Report } from '../define';
import { ALL_FORMATS, ALL_PROFILES, defineRule } from '../define';
import type { OfferedFix } from '../support/fixes';
import { fixesFor } from '../support/fixes';
import { primaryContainer, relatedAt, relatedResource, resourceRange } from '../support/workload';
import { containerRange, label, sameFile } from '../support/kube';
import { lazyFix } from '../../fix/lazy';

export default defineRule({
  meta: {
    id: 'integration/tls',
    area: 'integration',
    severity: 'error',
    description: 'A public endpoint is served over TLS (at the server, the Ingress or the Gateway).',
    rationale:
      'GDPR Art. 32(1)(a) names encryption of personal data as a security measure; prompts and answers routinely carry it. Without TLS, prompts, outputs and the API keys or bearer tokens that authenticate clients cross the internet in clear text (OWASP API Security Top 10 2023, API8 "Security Misconfiguration").',
    // The formats whose pods users expose with their own Services and Ingresses (KServe and KubeRay make their own).
    formats: ALL_FORMATS,
    profiles: ALL_PROFILES,
    fixable: true,
  },
  check({ unit, workspace, report }) {
    // Each public entrance (facts/entrances.ts) whose TLS is known to be missing; unknown TLS is not judged.
    for (const e of entrances(unit, workspace)) {
      if (e.tls === true || e.tls === undefined) continue;
      if (e.kind === 'declared') reportDeclared(unit, e, report);
      else reportResource(unit, e, report);
    }
  },
});

/** The endpoint the unit declares public states no TLS, or states it off. */
function reportDeclared(unit: DeploymentUnit, e: Entrance, report: (r: Report) => void): void {
  const exposure = unit.describe('serving.exposure');
  const tls = unit.describe('serving.tls');
  const makeInternal: OfferedFix = { title: 'Make the endpoint internal', edits: unit.plan.set('serving.exposure', 'internal') };
  if (e.tls === false) {
    const mtls = unit.spec.serving?.auth === 'mtls';
    report({
      at: 'serving.tls',
      message: mtls
        ? `${tls} is false but ${unit.describe('serving.auth')} is mtls: mutual TLS is TLS, so one of the two is wrong. A public endpoint needs TLS; set \`tls: true\`.`
        : `${exposure} is public and ${tls} is false: prompts, answers and the credentials of clients cross the internet in clear text. Terminate TLS at the server, the Ingress or the Gateway.`,
      related: [mtls ? relatedAt(unit, 'serving.auth', 'mutual TLS') : relatedAt(unit, 'serving.exposure', 'the endpoint is public')],
      fixes: fixesFor({ title: 'Serve over TLS', edits: unit.plan.set('serving.tls', 'true') }, makeInternal),
    });
    return;
  }
  report({
    at: unit.where('serving.tls'),
    message: `${exposure} is public but ${tls} is not stated: a public model endpoint must be served over TLS, or prompts, answers and client credentials cross the internet in clear text. State \`tls: true\` once TLS is terminated at the server, the Ingress or the Gateway.`,
    related: [relatedAt(unit, 'serving.exposure', 'the endpoint is public')],
    fixes: fixesFor({ title: 'State that the endpoint uses TLS', edits: unit.plan.set('serving.tls', 'true'), isPreferred: true }),
  });
}

/** A public Ingress or load balancer deployed with the workload that does not terminate TLS. */
function reportResource(unit: DeploymentUnit, e: Entrance, report: (r: Report) => void): void {
  const r = e.resource!;
  if (e.kind === 'ingress') {
    const hosts = r.facts.ingress?.hosts ?? [];
    const here = sameFile(unit, r);
    const fixes: Fix[] = here
      ? [lazyFix({ title: `Serve ${label(r)} over TLS (Secret ${r.name}-tls)`, edits: () => insertAtPath(r.doc, ['spec', 'tls'], [{ ...(hosts.length ? { hosts } : {}), secretName: `${r.name}-tls` }]) })]
      : [];
    report({
      at: here ? resourceRange(r, ['spec'], 'key') : unit.doc.headerRange(),
      message: `${label(r)} exposes ${unit.kind} ${unit.name} without TLS (no \`spec.tls\`, no managed certificate): prompts, answers and the credentials of clients cross the network in clear text. Add a \`tls\` section with the certificate's Secret (or a managed certificate).`,
      related: here ? [] : [relatedResource(r, ['spec'], `${label(r)} has no tls`)],
      fixes,
    });
    return;
  }
  const c = primaryContainer(unit);
  report({
    at: c ? containerRange(unit, c) : unit.doc.headerRange(),
    message: `${label(r)} exposes ${unit.kind} ${unit.name} as a public load balancer, but neither the load balancer nor the server terminates TLS: prompts, answers and the credentials of clients cross the internet in clear text. Route it through an Ingress or Gateway with TLS, or give the server a certificate (\`--ssl-certfile\`, \`--ssl-keyfile\`).`,
    related: [relatedResource(r, e.path!, `${label(r)} is a public load balancer`)],
  });
}

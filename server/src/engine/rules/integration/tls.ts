import type { DeploymentUnit, WorkspaceFacts } from '../../facts/model';
import { insertAtPath, replaceValue } from '../../fix/edits';
import type { Fix } from '../../types';
import type { Report } from '../define';
import { ALL_PROFILES, defineRule } from '../define';
import type { Entrance } from './exposure';
import { entrances, statedExposure } from './exposure';
import { primaryContainer, relatedAt, relatedResource, resourceRange } from '../support/workload';
import { containerRange, label, sameFile } from '../support/kube';

export default defineRule({
  meta: {
    id: 'integration/tls',
    area: 'integration',
    severity: 'error',
    description: 'A public endpoint is served over TLS (at the server, the Ingress or the Gateway).',
    rationale:
      'GDPR Art. 32(1)(a) names encryption of personal data as a security measure; prompts and answers routinely carry it. Without TLS, prompts, outputs and the API keys or bearer tokens that authenticate clients cross the internet in clear text (OWASP API Security Top 10 2023, API8 "Security Misconfiguration").',
    formats: ['modeldeployment', 'kubernetes', 'leaderworkerset'],
    profiles: ALL_PROFILES,
    fixable: true,
  },
  check({ unit, workspace, report }) {
    if (unit.format !== 'modeldeployment') {
      if (unit.isModelServer) checkKube(unit, workspace, report);
      return;
    }
    const serving = unit.spec.serving;
    if (serving?.exposure !== 'public' || serving.tls === true) return;
    if (serving.tls === false) {
      const mtls = serving.auth === 'mtls';
      report({
        at: 'serving.tls',
        message: mtls
          ? '`serving.tls` is false but `serving.auth` is mtls: mutual TLS is TLS, so one of the two is wrong. A public endpoint needs TLS; set `tls: true`.'
          : '`serving.exposure` is public and `serving.tls` is false: prompts, answers and the credentials of clients cross the internet in clear text. Terminate TLS at the server, the Ingress or the Gateway.',
        related: [mtls ? relatedAt(unit, 'serving.auth', 'mutual TLS') : relatedAt(unit, 'serving.exposure', 'the endpoint is public')],
        fixes: [
          { title: 'Serve over TLS', edits: replaceValue(unit.doc, ['serving', 'tls'], 'true') },
          { title: 'Make the endpoint internal', edits: replaceValue(unit.doc, ['serving', 'exposure'], 'internal') },
        ],
      });
      return;
    }
    if (serving.auth === 'mtls') return; // mutual TLS implies TLS
    report({
      at: 'serving.tls',
      message: '`serving.exposure` is public but `serving.tls` is not stated: a public model endpoint must be served over TLS, or prompts, answers and client credentials cross the internet in clear text. State `tls: true` once TLS is terminated at the server, the Ingress or the Gateway.',
      related: [relatedAt(unit, 'serving.exposure', 'the endpoint is public')],
      fixes: [{ title: 'State that the endpoint uses TLS', edits: insertAtPath(unit.doc, ['serving', 'tls'], 'true'), isPreferred: true }],
    });
  },
});

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


function servesTls(unit: DeploymentUnit): boolean {
  const c = primaryContainer(unit);
  return !!c && [...c.command, ...c.args].some((a) => a.split(/\s+/).some((w) => SERVER_TLS.test(w)));
}

function hasTls(e: Entrance): boolean {
  if (Object.keys(e.resource.facts.annotations).some((k) => TLS_ANNOTATIONS.some((re) => re.test(k)))) return true;
  return e.kind === 'ingress' && e.resource.facts.ingress?.tls === true;
}

function checkKube(unit: DeploymentUnit, workspace: WorkspaceFacts, report: (r: Report) => void): void {
  if (statedExposure(unit) === 'internal' || unit.spec.serving?.tls === true) return;
  const server = servesTls(unit);
  for (const e of entrances(unit, workspace)) {
    if (hasTls(e) || (e.kind === 'load-balancer' && server)) continue;
    const r = e.resource;
    if (e.kind === 'ingress') {
      const hosts = r.facts.ingress?.hosts ?? [];
      const here = sameFile(unit, r);
      const fixes: Fix[] = here
        ? [{ title: `Serve ${label(r)} over TLS (Secret ${r.name}-tls)`, edits: insertAtPath(r.doc, ['spec', 'tls'], [{ ...(hosts.length ? { hosts } : {}), secretName: `${r.name}-tls` }]) }]
        : [];
      report({
        at: here ? resourceRange(r, ['spec'], 'key') : unit.doc.headerRange(),
        message: `${label(r)} exposes ${unit.kind} ${unit.name} without TLS (no \`spec.tls\`, no managed certificate): prompts, answers and the credentials of clients cross the network in clear text. Add a \`tls\` section with the certificate's Secret (or a managed certificate).`,
        related: here ? [] : [relatedResource(r, ['spec'], `${label(r)} has no tls`)],
        fixes,
      });
    } else {
      const c = primaryContainer(unit);
      report({
        at: c ? containerRange(unit, c) : unit.doc.headerRange(),
        message: `${label(r)} exposes ${unit.kind} ${unit.name} as a public load balancer, but neither the load balancer nor the server terminates TLS: prompts, answers and the credentials of clients cross the internet in clear text. Route it through an Ingress or Gateway with TLS, or give the server a certificate (\`--ssl-certfile\`, \`--ssl-keyfile\`).`,
        related: [relatedResource(r, e.path, `${label(r)} is a public load balancer`)],
      });
    }
  }
}

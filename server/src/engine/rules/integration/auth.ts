import type { DeploymentUnit, WorkspaceFacts } from '../../facts/model';
import { insertAtPath, replaceValue } from '../../fix/edits';
import type { Fix, RelatedLocation } from '../../types';
import type { Report } from '../define';
import { ALL_FORMATS, ALL_PROFILES, defineRule } from '../define';
import { runtimeName } from '../../runtime';
import type { Entrance } from './exposure';
import { entrances, statedExposure } from './exposure';
import { primaryContainer, relatedAt, relatedResource } from '../support/workload';
import { appendItem, containerRange, label } from '../support/kube';

export default defineRule({
  meta: {
    id: 'integration/auth',
    area: 'integration',
    severity: 'error',
    description: 'A public endpoint requires authentication (API key, OIDC or mutual TLS).',
    rationale:
      'OWASP API Security Top 10 2023, API2 "Broken Authentication" (https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/). vLLM "Security" (https://docs.vllm.ai/en/stable/usage/security/): do not rely on `--api-key` alone, put the server behind an authenticating proxy; Kubescape C-0021 flags exposed vLLM, KServe, Triton and Ollama endpoints. GDPR Art. 32 asks for access control on personal data.',
    formats: ALL_FORMATS,
    profiles: ALL_PROFILES,
    fixable: true,
  },
  check({ unit, workspace, report }) {
    if (unit.format !== 'modeldeployment') {
      if (unit.isModelServer) checkKube(unit, workspace, report);
      return;
    }
    const serving = unit.spec.serving;
    if (serving?.exposure !== 'public') return;
    const auth = serving.auth;
    if (auth !== undefined && auth !== null && auth !== 'none') return;
    const makeInternal: Fix = { title: 'Make the endpoint internal', edits: replaceValue(unit.doc, ['serving', 'exposure'], 'internal') };
    if (auth === 'none') {
      report({
        at: 'serving.auth',
        message: '`serving.exposure` is public and `serving.auth` is none: anyone on the internet can send prompts, run up the GPU bill and read what the model answers. Require `api-key`, `oidc` or `mtls`, or make the endpoint internal.',
        related: [relatedAt(unit, 'serving.exposure', 'the endpoint is public')],
        fixes: [
          ...['oidc', 'api-key', 'mtls'].map((a): Fix => ({ title: `Require ${a} authentication`, edits: replaceValue(unit.doc, ['serving', 'auth'], a) })),
          makeInternal,
        ],
      });
      return;
    }
    report({
      at: 'serving.auth',
      message: '`serving.exposure` is public but no `serving.auth` is stated: an unauthenticated model endpoint lets anyone send prompts, run up the GPU bill and read the answers. State how clients authenticate (`api-key`, `oidc` or `mtls`).',
      related: [relatedAt(unit, 'serving.exposure', 'the endpoint is public')],
      fixes: [
        ...['oidc', 'api-key', 'mtls'].map((a): Fix => ({ title: `Require ${a} authentication`, edits: insertAtPath(unit.doc, ['serving', 'auth'], a) })),
        makeInternal,
      ],
    });
  },
});

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

/** Environment variable that sets the API key, per runtime. */
const API_KEY_ENV: Record<string, string> = { vllm: 'VLLM_API_KEY', tgi: 'API_KEY', 'llama-cpp': 'LLAMA_API_KEY' };

function authenticatedAtEdge(e: Entrance): boolean {
  const keys = Object.keys(e.resource.facts.annotations);
  if (e.kind === 'ingress' && keys.some((k) => EDGE_AUTH.some((re) => re.test(k)))) return true;
  const svc = e.kind === 'ingress' ? e.service : e.resource;
  return !!svc && Object.keys(svc.facts.annotations).some((k) => BACKEND_POLICY.test(k));
}

function checkKube(unit: DeploymentUnit, workspace: WorkspaceFacts, report: (r: Report) => void): void {
  const exposure = statedExposure(unit);
  if (exposure === 'internal') return;
  const auth = unit.spec.serving?.auth;
  if (typeof auth === 'string' && auth !== 'none') return;
  const open = entrances(unit, workspace).filter((e) => !authenticatedAtEdge(e));
  if (exposure !== 'public' && open.length === 0) return;
  const c = primaryContainer(unit);
  const runtime = unit.spec.serving?.runtime;
  const related: RelatedLocation[] = open.map((e) =>
    relatedResource(e.resource, e.path, e.kind === 'ingress' ? `${label(e.resource)} routes to ${e.service ? label(e.service) : 'the pods'} without authentication` : `${label(e.resource)} is a public load balancer`),
  );
  const how = open.length
    ? `${open.map((e) => label(e.resource)).join(' and ')} expose${open.length === 1 ? 's' : ''} it outside the cluster`
    : 'it is declared public (`modelready.dev/exposure: public`)';
  const envName = typeof runtime === 'string' ? API_KEY_ENV[runtime] : undefined;
  const fixes: Fix[] = [];
  if (c && envName && unit.format === 'kubernetes') {
    const edits = appendItem(unit.doc, [...c.path, 'env'], { name: envName, valueFrom: { secretKeyRef: { name: `${unit.name}-api-key`, key: 'api-key' } } });
    if (edits) fixes.push({ title: `Require an API key (${envName} from Secret ${unit.name}-api-key)`, edits });
  }
  report({
    at: c && unit.format !== 'kserve' && unit.format !== 'kuberay' ? containerRange(unit, c) : unit.sourcePath('serving.exposure') ? 'serving.exposure' : unit.doc.headerRange(),
    message: `${unit.kind} ${unit.name} serves ${runtimeName(typeof runtime === 'string' ? runtime : undefined)} without authentication, and ${how}: anyone who reaches it can send prompts, run up the GPU bill and read the answers. ${envName ? `Require an API key (\`${envName}\` from a Secret), or put` : 'Put'} an authenticating gateway or Ingress in front (OIDC, mTLS); state it with the annotation \`modelready.dev/auth\` when it is done elsewhere.`,
    related,
    fixes,
  });
}

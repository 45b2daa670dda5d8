import type { Fix } from '../../types';
import { entrances } from '../../facts/entrances';
import { ALL_FORMATS, ALL_PROFILES, defineRule } from '../define';
import { runtimeName } from '../../runtime';
import type { OfferedFix } from '../support/fixes';
import { fixesFor } from '../support/fixes';
import { primaryContainer, relatedAt, relatedResource, statesPodSettings } from '../support/workload';
import { appendItem, containerRange, label } from '../support/kube';

/** Environment variable that sets the API key, per runtime. */
const API_KEY_ENV: Record<string, string> = { vllm: 'VLLM_API_KEY', tgi: 'API_KEY', 'llama-cpp': 'LLAMA_API_KEY' };

const METHODS = ['oidc', 'api-key', 'mtls'] as const;

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
    // Authentication at the server (`serving.auth`: stated, or an API key the adapter reads) covers every entrance.
    const auth = unit.spec.serving?.auth;
    if (typeof auth === 'string' && auth !== 'none') return;
    // The public entrances (facts/entrances.ts) that do not authenticate at the edge.
    const open = entrances(unit, workspace).filter((e) => !e.edgeAuth);
    if (open.length === 0) return;
    const resources = open.filter((e) => e.resource);
    const c = primaryContainer(unit);
    // A serving container the unit states itself can read an API key from a Secret.
    const pod = c && statesPodSettings(unit) ? c : undefined;
    const runtime = unit.spec.serving?.runtime;
    const envName = pod && typeof runtime === 'string' ? API_KEY_ENV[runtime] : undefined;
    const how = resources.length
      ? `${resources.map((e) => label(e.resource!)).join(' and ')} expose${resources.length === 1 ? 's' : ''} it outside the cluster`
      : `${unit.describe('serving.exposure')} declares it public`;
    const why = auth === 'none' ? `${unit.describe('serving.auth')} is none` : `${unit.describe('serving.auth')} not stated`;

    const fixes: Fix[] = [];
    if (pod && envName) {
      const edits = appendItem(unit.doc, [...pod.path, 'env'], { name: envName, valueFrom: { secretKeyRef: { name: `${unit.name}-api-key`, key: 'api-key' } } });
      if (edits) fixes.push({ title: `Require an API key (${envName} from Secret ${unit.name}-api-key)`, edits });
    }
    // Stating the method (the edge or the server does it); making the endpoint internal only where only the statement exposes it.
    fixes.push(...fixesFor(...METHODS.map((a): OfferedFix => ({ title: `Require ${a} authentication`, edits: unit.plan.set('serving.auth', a) }))));
    if (resources.length === 0) fixes.push(...fixesFor({ title: 'Make the endpoint internal', edits: unit.plan.set('serving.exposure', 'internal') }));

    report({
      at: auth === undefined && pod ? containerRange(unit, pod) : unit.where('serving.auth'),
      message: `${unit.kind} ${unit.name} serves ${runtimeName(typeof runtime === 'string' ? runtime : undefined)} without authentication (${why}), and ${how}: anyone who reaches it can send prompts, run up the GPU bill and read the answers. ${envName ? `Require an API key (\`${envName}\` from a Secret), or put` : 'Require `api-key`, `oidc` or `mtls`, or put'} an authenticating gateway or Ingress in front; state it with ${unit.describe('serving.auth')} when it is done elsewhere.`,
      related: open.map((e) =>
        e.resource
          ? relatedResource(e.resource, e.path!, e.kind === 'ingress' ? `${label(e.resource)} routes to ${e.service ? label(e.service) : 'the pods'} without authentication` : `${label(e.resource)} is a public load balancer`)
          : relatedAt(unit, e.fact!, 'the endpoint is public'),
      ),
      fixes,
    });
  },
});

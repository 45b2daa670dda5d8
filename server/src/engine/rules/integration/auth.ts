import { insertAtPath, replaceValue } from '../../fix/edits';
import type { Fix } from '../../types';
import { ALL_PROFILES, defineRule } from '../define';
import { relatedAt } from '../scaling/support';

export default defineRule({
  meta: {
    id: 'integration/auth',
    area: 'integration',
    severity: 'error',
    description: 'A public endpoint requires authentication (API key, OIDC or mutual TLS).',
    rationale:
      'OWASP API Security Top 10 2023, API2 "Broken Authentication" (https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/). vLLM "Security" (https://docs.vllm.ai/en/stable/usage/security/): do not rely on `--api-key` alone, put the server behind an authenticating proxy; Kubescape C-0021 flags exposed vLLM, KServe, Triton and Ollama endpoints. GDPR Art. 32 asks for access control on personal data.',
    formats: ['modeldeployment'],
    profiles: ALL_PROFILES,
    fixable: true,
  },
  check({ unit, report }) {
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

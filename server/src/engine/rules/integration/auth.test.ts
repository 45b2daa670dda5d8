import { strict as assert } from 'node:assert';
import { applyFixes } from '../../fix/apply';
import { mutateExample, run, ruleTester } from '../../../../../test/support/rule-tester';
import rule from './auth';

const doc = (body: string): string => `apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata:\n  name: m\nmodel:\n  uri: hf://org/model\n${body}`;

ruleTester(rule, {
  valid: [
    { name: 'public with API keys', mutate: (m) => (m.serving.auth = 'api-key') },
    { name: 'internal without authentication', mutate: (m) => Object.assign(m.serving, { exposure: 'internal', auth: 'none' }) },
    { name: 'exposure not stated: nothing to judge', yaml: doc('serving: { auth: none }\n') },
  ],
  invalid: [
    {
      name: 'public with auth none: reported on none, fixes offered but none automatic',
      mutate: (m) => (m.serving.auth = 'none'),
      findings: [{ message: /^ModelDeployment support-assistant serves vLLM without authentication \(`serving.auth` is none\), and `serving.exposure` declares it public/, text: 'none', fixable: false, severity: 'error' }],
    },
    {
      name: 'public without auth: reported on the serving key',
      mutate: (m) => delete m.serving.auth,
      findings: [{ message: /without authentication \(`serving.auth` not stated\), and `serving.exposure` declares it public/, text: 'serving', fixable: false }],
    },
    {
      name: 'also an error under the development profile, in flow style',
      yaml: doc('serving: { exposure: public, tls: true }\n'),
      profile: 'development',
      findings: [{ message: /\(`serving.auth` not stated\)/, text: 'serving', severity: 'error' }],
    },
  ],
});

describe('integration/auth quick fixes', () => {
  it('offers each authentication method and making the endpoint internal; each removes the finding', () => {
    const c = { name: 'none', mutate: (m: Record<string, any>) => (m.serving.auth = 'none') }; // eslint-disable-line @typescript-eslint/no-explicit-any
    const text = mutateExample(c.mutate);
    const [finding] = run(rule, c, text);
    const fixes = (finding.fixes ?? []).filter((f) => !f.title.startsWith('Suppress'));
    assert.deepEqual(fixes.map((f) => f.title), ['Require oidc authentication', 'Require api-key authentication', 'Require mtls authentication', 'Make the endpoint internal']);
    for (const fix of fixes) assert.deepEqual(run(rule, c, applyFixes(text, [fix]).text), [], fix.title);
  });
});

// Kubernetes-family formats: a LoadBalancer Service or an Ingress exposes the pods; the server's API key or an
// authenticating Ingress (or `modelready.dev/auth`) protects them.
import { editExample, K8S_EXAMPLE, withoutDocument } from '../scaling/kube-fixtures.test';

const NO_KEY: [string, string] = ['            - name: VLLM_API_KEY\n              valueFrom:\n                secretKeyRef:\n                  name: llama-chat-api\n                  key: key\n', ''];
const LB: [string, string] = ['  selector:\n    app.kubernetes.io/name: llama-chat\n  ports:', '  type: LoadBalancer\n  selector:\n    app.kubernetes.io/name: llama-chat\n  ports:'];

ruleTester(rule, {
  valid: [
    { name: 'the production vLLM example (API key from a Secret behind an Ingress)', yaml: K8S_EXAMPLE },
    { name: 'no API key, but the Service is internal (ClusterIP) and no Ingress routes to it', yaml: withoutDocument('Ingress').replace(NO_KEY[0], '') },
    { name: 'no API key behind an internal load balancer', yaml: withoutDocument('Ingress').replace(NO_KEY[0], '').replace('  selector:\n    app.kubernetes.io/name: llama-chat\n  ports:', '  type: LoadBalancer\n  selector:\n    app.kubernetes.io/name: llama-chat\n  ports:').replace('kind: Service\nmetadata:\n  name: llama-chat\n', 'kind: Service\nmetadata:\n  name: llama-chat\n  annotations:\n    networking.gke.io/load-balancer-type: Internal\n') },
    { name: 'no API key behind an Ingress that authenticates (oauth2-proxy)', yaml: editExample(NO_KEY, ['  ingressClassName: gce\n', '  ingressClassName: nginx\n']).replace('kind: Ingress\nmetadata:\n  name: llama-chat\n', 'kind: Ingress\nmetadata:\n  name: llama-chat\n  annotations:\n    nginx.ingress.kubernetes.io/auth-url: https://oauth2.example.com/oauth2/auth\n') },
    { name: 'authentication stated with modelready.dev/auth', yaml: editExample(NO_KEY, ['    modelready.dev/owner: ml-platform@example.com\n', '    modelready.dev/owner: ml-platform@example.com\n    modelready.dev/auth: oidc\n']) },
  ],
  invalid: [
    {
      name: 'Kubernetes: no API key behind a public Ingress: on the image, Ingress related (fix offered, not automatic)',
      yaml: editExample(NO_KEY),
      findings: [{ message: /^Deployment llama-chat serves vLLM without authentication \(the annotation `modelready.dev\/auth` not stated\), and Ingress llama-chat exposes it outside the cluster.*Require an API key \(`VLLM_API_KEY` from a Secret\), or put an authenticating gateway/, text: 'vllm/vllm-openai:v0.8.5@sha256:4e2a8b5f0c1d3e6a7b9c8d2f1e0a3b5c7d9e1f2a4b6c8d0e2f4a6b8c0d2e4f6a', fixable: false }],
    },
    {
      name: 'Kubernetes: no API key and a public LoadBalancer Service',
      yaml: editExample(NO_KEY, LB).replace(/---\napiVersion: networking.k8s.io\/v1\nkind: Ingress[\s\S]*$/, ''),
      findings: [{ message: /serves vLLM without authentication .*, and Service llama-chat exposes it outside the cluster/, fixable: false }],
    },
    {
      name: 'KServe: declared public without authentication',
      yaml: 'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: llama\n  annotations:\n    modelready.dev/exposure: public\nspec:\n  predictor:\n    model:\n      modelFormat: { name: huggingface }\n      storageUri: hf://meta-llama/Llama-3.1-8B-Instruct\n',
      findings: [{ message: /^InferenceService llama serves KServe without authentication .*, and the annotation `modelready.dev\/exposure` declares it public/, text: 'annotations' }],
    },
  ],
});

describe('integration/auth fix on Kubernetes', () => {
  it('adds VLLM_API_KEY from a Secret to the container env', () => {
    const text = editExample(NO_KEY);
    const [f] = run(rule, { name: 'no key', yaml: text });
    const out = applyFixes(text, [f.fixes![0]]).text;
    assert.match(out, /key: token\n {12}- name: VLLM_API_KEY\n {14}valueFrom:\n {16}secretKeyRef:\n {18}name: llama-chat-api-key\n {18}key: api-key\n {10}ports:/);
    assert.deepEqual(run(rule, { name: 'fixed', yaml: out }), []);
  });
});

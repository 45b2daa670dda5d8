import { strict as assert } from 'node:assert';
import { applyFixes } from '../../fix/apply';
import { mutateExample, ruleTester, run } from '../../../../../test/support/rule-tester';
import rule from './network-policy';
import { deployment, K8S_EXAMPLE, SERVICE } from '../governance/workload-fixtures.test';

const POLICY = (selector: string, namespace = 'genai') => `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: only-gateway\n  namespace: ${namespace}\nspec:\n  podSelector: ${selector}\n  policyTypes: [Ingress]\n`;

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata: { name: demo }\nmodel: { uri: hf://org/model }\n';

ruleTester(rule, {
  valid: [
    { name: 'a policy is declared (flow style)', yaml: `${HEAD}serving: { security: { networkPolicy: true } }\n` },
    { name: 'not evaluated in development', profile: 'development', mutate: (m) => delete m.serving.security.networkPolicy },
    // Kubernetes-family model servers: a NetworkPolicy in the workspace selects the pods.
    { name: 'Kubernetes: the production example (its NetworkPolicy selects the Deployment)', yaml: K8S_EXAMPLE },
    { name: 'Kubernetes: a lone Deployment is not judged (its namespace policies live elsewhere)', yaml: deployment() },
    { name: 'Kubernetes: a namespace-wide policy (`podSelector: {}`) in another file', yaml: deployment() + SERVICE, files: { 'file:///workspace/policies.yaml': POLICY('{}') } },
    { name: 'Kubernetes: a policy selecting by matchExpressions only gets the benefit of the doubt', yaml: deployment() + SERVICE + POLICY('{ matchExpressions: [{ key: app, operator: In, values: [llm] }] }') },
    { name: 'Kubernetes: not a model server', yaml: deployment({ image: 'nginx:1.27', args: '[]' }) + SERVICE },
    {
      // What another sample directory deploys says nothing about this Deployment's namespace or exposure.
      name: 'Kubernetes: a lone Deployment beside another sample directory that holds a Service and a policy for other pods is not judged',
      yaml: deployment(),
      files: { 'file:///other-sample/serving.yaml': SERVICE + POLICY('{ matchLabels: { app: chat } }') },
    },
  ],
  invalid: [
    {
      name: 'explicitly false: reported on the value',
      mutate: (m) => (m.serving.security.networkPolicy = false),
      findings: [{ message: /`serving\.security\.networkPolicy` is false: any pod in the cluster/, text: 'false', severity: 'warning', fixable: false }],
    },
    {
      name: 'not stated: reported on the security key',
      mutate: (m) => delete m.serving.security.networkPolicy,
      findings: [{ message: /No NetworkPolicy is declared/, text: 'security', fixable: false }],
    },
    {
      name: 'no serving section: reported on the document',
      yaml: HEAD,
      findings: [{ message: /No NetworkPolicy is declared/, text: 'ModelDeployment' }],
    },
    {
      name: 'Kubernetes: a Service exposes the server and no policy selects it: reported on the pod labels',
      yaml: deployment() + SERVICE,
      findings: [{ message: /^No NetworkPolicy selects the pods of `llm` \(labels \{"app":"llm"\}\): any pod in the cluster can call the model server directly/, text: 'labels', line: 13, severity: 'warning', fixable: false }],
    },
    {
      name: 'Kubernetes: a policy whose selector almost matches is named in related information',
      yaml: deployment() + SERVICE + POLICY('{ matchLabels: { app: lm } }'),
      findings: [{ message: /; `only-gateway` almost does/, text: 'labels' }],
    },
    {
      name: 'Kubernetes: a matching policy in another namespace does not count',
      yaml: deployment() + SERVICE + POLICY('{ matchLabels: { app: llm } }', 'other'),
      findings: [{ message: /No NetworkPolicy selects the pods of `llm`/, text: 'labels' }],
    },
  ],
});

describe('security/network-policy fix', () => {
  it('the offered declaration removes the finding', () => {
    const text = mutateExample((m) => delete m.serving.security.networkPolicy);
    const [f] = run(rule, { name: 'x' }, text);
    const fix = f.fixes!.find((x) => x.title.startsWith('Declare'))!;
    const out = applyFixes(text, [fix]).text;
    assert.match(out, /networkPolicy: true/);
    assert.deepEqual(run(rule, { name: 'x' }, out), []);
  });
});

describe('security/network-policy Kubernetes fix', () => {
  it('adds a NetworkPolicy document after the workload, with the Service selector; the finding goes and the fix is not offered again', () => {
    const text = deployment() + SERVICE;
    const [f] = run(rule, { name: 'x', yaml: text });
    assert.equal(f.related, undefined);
    const fix = f.fixes!.find((x) => x.title.startsWith('Add a NetworkPolicy'))!;
    assert.equal(!!fix.isPreferred, false);
    const out = applyFixes(text, [fix]).text;
    const policy =
      '---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: llm\n  namespace: genai\nspec:\n  podSelector:\n    matchLabels:\n      app: llm\n  policyTypes:\n    - Ingress\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: gateway\n      ports:\n        - port: 8000\n';
    assert.equal(out, deployment() + policy + SERVICE);
    assert.deepEqual(run(rule, { name: 'x', yaml: out }), []);
  });
});

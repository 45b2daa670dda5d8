import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './tls';

const doc = (body: string): string => `apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata:\n  name: m\nmodel:\n  uri: hf://org/model\n${body}`;

ruleTester(rule, {
  valid: [
    { name: 'internal without TLS', mutate: (m) => Object.assign(m.serving, { exposure: 'internal', tls: false }) },
    { name: 'public with mutual TLS and tls not stated (mTLS is TLS)', mutate: (m) => {
        m.serving.auth = 'mtls';
        delete m.serving.tls;
      },
    },
    { name: 'exposure not stated', yaml: doc('serving: { tls: false }\n') },
  ],
  invalid: [
    {
      name: 'public with tls false: fixes offered, not automatic',
      mutate: (m) => (m.serving.tls = false),
      findings: [{ message: /`serving.exposure` is public and `serving.tls` is false/, text: 'false', fixable: false, severity: 'error' }],
    },
    {
      name: 'public without tls: fix states it',
      mutate: (m) => delete m.serving.tls,
      findings: [{ message: /`serving.exposure` is public but `serving.tls` is not stated/, text: 'serving', fixable: true, fixed: (out) => assert.match(out, /\n {2}tls: true\n/) }],
    },
    {
      name: 'mtls with tls false contradicts itself (flow style, development profile)',
      yaml: doc('serving: { exposure: public, auth: mtls, tls: false }\n'),
      profile: 'development',
      findings: [{ message: /`serving.tls` is false but `serving.auth` is mtls/, text: 'false', fixable: false }],
    },
  ],
});

// Kubernetes: the Ingress (or load balancer) that exposes the pods terminates TLS.
import { applyFixes } from '../../fix/apply';
import { run } from '../../../../../test/support/rule-tester';
import { editExample, exampleDocument, K8S_EXAMPLE, withoutDocument } from '../scaling/kube-fixtures.test';

const NO_TLS: [string, string] = ['  tls:\n    - hosts: [llama-chat.example.com]\n      secretName: llama-chat-tls\n', ''];
const LB: [string, string] = ['  selector:\n    app.kubernetes.io/name: llama-chat\n  ports:', '  type: LoadBalancer\n  selector:\n    app.kubernetes.io/name: llama-chat\n  ports:'];

ruleTester(rule, {
  valid: [
    { name: 'the production vLLM example (Ingress with tls)', yaml: K8S_EXAMPLE },
    { name: 'an Ingress with a GKE managed certificate', yaml: editExample(NO_TLS).replace('kind: Ingress\nmetadata:\n  name: llama-chat\n', 'kind: Ingress\nmetadata:\n  name: llama-chat\n  annotations:\n    networking.gke.io/managed-certificates: llama-chat\n') },
    { name: 'a public load balancer to a server with its own certificate', yaml: withoutDocument('Ingress').replace(LB[0], LB[1]).replace('            - --port=8000\n', '            - --port=8000\n            - --ssl-certfile=/tls/tls.crt\n            - --ssl-keyfile=/tls/tls.key\n') },
    { name: 'an internal Service only', yaml: withoutDocument('Ingress') },
  ],
  invalid: [
    {
      name: 'Kubernetes: an Ingress without tls (same file): on its spec, fix adds tls (offered, not automatic)',
      yaml: editExample(NO_TLS),
      findings: [{ message: /^Ingress llama-chat exposes Deployment llama-chat without TLS/, text: 'spec', line: 178, fixable: false }],
    },
    {
      name: 'Kubernetes: the Ingress without tls is in another file: on the Deployment, Ingress related',
      yaml: withoutDocument('Ingress'),
      files: { 'file:///workspace/ingress.yaml': exampleDocument('Ingress').replace(NO_TLS[0], '') },
      findings: [{ message: /^Ingress llama-chat exposes Deployment llama-chat without TLS/, text: 'Deployment' }],
    },
    {
      name: 'Kubernetes: a public load balancer to a server without TLS',
      yaml: withoutDocument('Ingress').replace(LB[0], LB[1]),
      findings: [{ message: /^Service llama-chat exposes Deployment llama-chat as a public load balancer, but neither the load balancer nor the server terminates TLS/ }],
    },
  ],
});

describe('integration/tls fix on Kubernetes', () => {
  it('adds spec.tls with the Ingress hosts', () => {
    const text = editExample(NO_TLS);
    const [f] = run(rule, { name: 'no tls', yaml: text });
    const out = applyFixes(text, [f.fixes![0]]).text;
    assert.match(out, /\n {2}tls:\n {4}- hosts:\n {8}- llama-chat.example.com\n {6}secretName: llama-chat-tls\n$/);
    assert.deepEqual(run(rule, { name: 'fixed', yaml: out }), []);
  });
});

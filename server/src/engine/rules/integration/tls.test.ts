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

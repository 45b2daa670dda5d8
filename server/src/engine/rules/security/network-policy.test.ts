import { strict as assert } from 'node:assert';
import { applyFixes } from '../../fix/apply';
import { mutateExample, ruleTester, run } from '../../../../../test/support/rule-tester';
import rule from './network-policy';

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata: { name: demo }\nmodel: { uri: hf://org/model }\n';

ruleTester(rule, {
  valid: [
    { name: 'a policy is declared (flow style)', yaml: `${HEAD}serving: { security: { networkPolicy: true } }\n` },
    { name: 'not evaluated in development', profile: 'development', mutate: (m) => delete m.serving.security.networkPolicy },
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

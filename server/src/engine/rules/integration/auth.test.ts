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
      findings: [{ message: /`serving.exposure` is public and `serving.auth` is none/, text: 'none', fixable: false, severity: 'error' }],
    },
    {
      name: 'public without auth: reported on the serving key',
      mutate: (m) => delete m.serving.auth,
      findings: [{ message: /`serving.exposure` is public but no `serving.auth` is stated/, text: 'serving', fixable: false }],
    },
    {
      name: 'also an error under the development profile, in flow style',
      yaml: doc('serving: { exposure: public, tls: true }\n'),
      profile: 'development',
      findings: [{ message: /no `serving.auth` is stated/, text: 'serving', severity: 'error' }],
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

import { strict as assert } from 'node:assert';
import { ruleTester, run } from '../../../../../test/support/rule-tester';
import rule from './log-redaction';
import { deployment, K8S_EXAMPLE } from './workload-fixtures.test';

ruleTester(rule, {
  valid: [
    { name: 'text is not logged', mutate: (m) => ((m.monitoring.logging.prompts = false), delete m.monitoring.logging.outputs, delete m.governance.personalData.redaction) },
    { name: 'no personal data', mutate: (m) => ((m.governance.personalData = { processed: false }), (m.monitoring.logging.prompts = true)) },
    { name: 'no requests logged at all', mutate: (m) => ((m.monitoring.logging.requests = 'none'), delete m.governance.personalData.redaction) },
    // Not judged on Kubernetes-family workloads: no fact says whether they log prompts (see the docs page).
    { name: 'Kubernetes: the production example', yaml: K8S_EXAMPLE },
    { name: 'Kubernetes: an opted-in workload that processes personal data', yaml: deployment({ annotations: { 'modelready.dev/personal-data': 'yes' } }), profile: 'regulated' },
  ],
  invalid: [
    {
      name: 'prompts and outputs logged without redaction: each reported on its flag, fix stops logging the text',
      mutate: (m) => delete m.governance.personalData.redaction,
      findings: [
        { message: /Prompt text is logged \(`monitoring\.logging\.prompts`\) without redaction, and personal data is processed/, text: 'true', severity: 'warning', fixable: true, fixed: (out) => assert.match(out, /prompts: false/) },
        { message: /Output text is logged/, text: 'true', fixable: true, fixed: (out) => assert.match(out, /outputs: false/) },
      ],
    },
    {
      name: 'unknown whether personal data is processed, and only outputs are redacted',
      mutate: (m) => (delete m.governance.personalData.processed, (m.governance.personalData.redaction = { outputs: true })),
      findings: [{ message: /Prompt text is logged .*the manifest does not rule out personal data/, text: 'true', fixable: true }],
    },
  ],
});

describe('governance/log-redaction fixes', () => {
  it('also offers declaring redaction (not preferred)', () => {
    const [f] = run(rule, { name: 'x', mutate: (m) => (m.governance.personalData.redaction.prompts = false) });
    const fix = f.fixes!.find((x) => x.title.startsWith('Declare'))!;
    assert.equal(fix.isPreferred, undefined);
    assert.equal(fix.edits[0].newText, 'true');
  });
});

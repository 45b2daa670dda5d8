import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './retraining';
import { deployment, K8S_EXAMPLE } from '../governance/workload-fixtures.test';

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata: { name: m }\nmodel: { uri: hf://org/model }\n';

ruleTester(rule, {
  valid: [
    { name: 'scheduled updates with an interval, automatic approval after the gate (flow style)', yaml: `${HEAD}monitoring:\n  retraining: { trigger: schedule, schedule: P3M, evaluationGate: true, approval: automatic }\n` },
    { name: 'a high-risk system with a person approving', mutate: (m) => (m.governance.aiAct.riskCategory = 'high') },
    // Kubernetes-family model servers: judged only when they opt in (a modelready.dev/* annotation, or `regulated`).
    { name: 'Kubernetes: the production example links its ModelDeployment (judged there)', yaml: K8S_EXAMPLE },
    { name: 'Kubernetes: the production example under regulated too', yaml: K8S_EXAMPLE, profile: 'regulated' },
    { name: 'Kubernetes: a plain upstream Deployment does not opt in', yaml: deployment() },
    { name: 'Kubernetes: a workload that is not a model server', yaml: deployment({ image: 'nginx:1.27', args: '[]' }), profile: 'regulated' },
  ],
  invalid: [
    {
      name: 'no policy: reported on the monitoring key, fix adds trigger, gate and approval',
      mutate: (m) => delete m.monitoring.retraining,
      findings: [
        {
          message: /No retraining or update policy is stated/,
          text: 'monitoring',
          fixable: true,
          fixed: (out) => assert.match(out, /retraining:\n {4}trigger: drift\n {4}evaluationGate: true\n {4}approval: required\n/),
        },
      ],
    },
    {
      name: 'an empty mapping: trigger, gate and approval each reported on the retraining key',
      yaml: `${HEAD}monitoring:\n  retraining: {}\n`,
      findings: [
        { message: /does not say what starts an update/, text: 'retraining', fixable: true, fixed: (out) => assert.match(out, /retraining: \{ trigger: drift \}/) },
        { message: /does not gate updates on the evaluations/, text: 'retraining', fixable: true },
        { message: /does not say who approves/, text: 'retraining', fixable: true },
      ],
    },
    {
      name: 'evaluationGate: false is reported on the value; its fix is offered but not applied by fix-all',
      mutate: (m) => (m.monitoring.retraining.evaluationGate = false),
      findings: [{ message: /`evaluationGate` is false/, text: 'false', fixable: false }],
    },
    {
      name: 'a schedule trigger without a schedule',
      mutate: (m) => (m.monitoring.retraining.trigger = 'schedule'),
      findings: [{ message: /trigger is `schedule` but no `schedule`/, text: 'schedule', fixable: true, fixed: (out) => assert.match(out, /approver: ml-platform-leads\n {4}schedule: P3M\n/) }],
    },
    {
      name: 'automatic approval of a high-risk system, with the risk category as related information',
      mutate: (m) => {
        m.monitoring.retraining.approval = 'automatic';
        m.governance.aiAct.riskCategory = 'high';
      },
      findings: [{ message: /high-risk system .* promoted automatically/, text: 'automatic', fixable: false }],
    },
    {
      name: 'automatic approval when the option requires a person',
      options: { requireHumanApproval: true },
      mutate: (m) => (m.monitoring.retraining.approval = 'automatic'),
      findings: [{ message: /requires a person to approve them/, text: 'automatic' }],
    },
    {
      name: 'Kubernetes: opted in (owner annotation): no annotation states it, so the message points at a linked ModelDeployment',
      yaml: deployment({ annotations: { 'modelready.dev/owner': 'team@example.com' } }),
      findings: [{ message: /^No retraining or update policy is stated for `llm`.*`monitoring\.retraining` in a ModelDeployment manifest linked with the annotation `modelready\.dev\/manifest`/, text: 'annotations', line: 6, fixable: false }],
    },
    {
      name: 'Kubernetes: under regulated every model server is judged',
      profile: 'regulated',
      yaml: deployment(),
      findings: [{ message: /monitoring\.retraining/, text: 'metadata', severity: 'error' }],
    },
  ],
});

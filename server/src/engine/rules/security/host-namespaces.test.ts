import { strict as assert } from 'node:assert';
import { ruleTester, run } from '../../../../../test/support/rule-tester';
import rule from './host-namespaces';
import { applyFixes } from '../../fix/apply';
import { deployment, K8S_EXAMPLE } from '../governance/workload-fixtures.test';

ruleTester(rule, {
  valid: [
    { name: 'Kubernetes: hostIPC on a workload that serves no model (a GPU metrics agent) is left to `scope: all-workloads`', yaml: deployment({ image: 'busybox:1.36', args: '["sleep", "1"]', pod: 'hostIPC: true\n' }) },
    { name: 'host namespaces explicitly off', mutate: (m) => Object.assign(m.serving.security, { hostNetwork: false, hostIPC: false, hostPID: false }) },
    {
      name: 'hostIPC and hostNetwork on, with the reason stated',
      mutate: (m) => Object.assign(m.serving.security, { hostIPC: true, hostNetwork: true, hostNamespacesReason: 'RDMA for disaggregated prefill/decode (NIXL)' }),
    },
    { name: 'not evaluated in development', profile: 'development', mutate: (m) => (m.serving.security.hostPID = true) },
    // Kubernetes-family workloads (any workload, not only model servers).
    { name: 'Kubernetes: the production example', yaml: K8S_EXAMPLE },
    {
      name: 'Kubernetes: hostNetwork and hostIPC with the reason annotation',
      yaml: deployment({ annotations: { 'modelready.dev/host-namespaces-reason': 'RDMA over RoCE for disaggregated prefill/decode (NIXL)' }, pod: 'hostNetwork: true\nhostIPC: true\n' }),
    },
  ],
  invalid: [
    {
      name: 'hostIPC without a reason: the message explains the trade-off and the emptyDir alternative',
      mutate: (m) => (m.serving.security.hostIPC = true),
      findings: [{ message: /`serving\.security\.hostIPC` is true without a stated reason: .*emptyDir at \/dev\/shm.*hostNamespacesReason/, text: 'true', severity: 'warning', fixable: false }],
    },
    {
      name: 'all three, with a blank reason, each reported on its own value',
      mutate: (m) => Object.assign(m.serving.security, { hostNetwork: true, hostIPC: true, hostPID: true, hostNamespacesReason: ' ' }),
      findings: [
        { message: /hostNetwork` is true.*NetworkPolicies no longer isolate them/, text: 'true' },
        { message: /hostIPC` is true/, text: 'true' },
        { message: /hostPID` is true.*every process on the node/, text: 'true' },
      ],
    },
    {
      name: 'Kubernetes: hostIPC and hostPID on a generic workload with `scope: all-workloads`, no reason: each reported on its value with the trade-off',
      options: { scope: 'all-workloads' },
      yaml: deployment({ image: 'busybox:1.36', args: '["sleep", "1"]', pod: 'hostIPC: true\nhostPID: true\n' }),
      findings: [
        { message: /^`hostIPC: true` without a stated reason: .*emptyDir at \/dev\/shm; hostIPC is needed only for CUDA IPC between pods, e\.g\. disaggregated prefill\/decode\. Turn it off, or say why in the annotation `modelready\.dev\/host-namespaces-reason`\.$/, text: 'true', line: 16, fixable: false },
        { message: /^`hostPID: true` without a stated reason/, text: 'true', line: 17 },
      ],
    },
  ],
});

describe('security/host-namespaces fixes', () => {
  it('offers turning it off and stating a reason, none preferred', () => {
    const [f] = run(rule, { name: 'x', mutate: (m) => (m.serving.security.hostNetwork = true) });
    const fixes = f.fixes!.filter((x) => !x.title.startsWith('Suppress'));
    assert.deepEqual(fixes.map((x) => [x.title, !!x.isPreferred]), [['Turn hostNetwork off', false], ['State why host namespaces are needed', false]]);
  });
});

describe('security/host-namespaces Kubernetes fixes', () => {
  it('states the reason in an annotation (clears every finding) or turns the namespace off; none preferred', () => {
    const text = deployment({ pod: 'hostNetwork: true\nhostIPC: true\n' });
    const [f] = run(rule, { name: 'x' }, text);
    const fixes = f.fixes!.filter((x) => !x.title.startsWith('Suppress'));
    assert.deepEqual(fixes.map((x) => [x.title, !!x.isPreferred]), [['State why host namespaces are needed', false], ['Turn hostNetwork off', false]]);
    const out = applyFixes(text, [fixes[0]]).text;
    assert.match(out, /\n {2}namespace: genai\n {2}annotations:\n {4}modelready\.dev\/host-namespaces-reason: "RDMA between prefill and decode pods \(disaggregated serving\)"\nspec:/);
    assert.deepEqual(run(rule, { name: 'x' }, out), []);
    assert.equal(run(rule, { name: 'x' }, applyFixes(text, [fixes[1]]).text).length, 1);
  });
});

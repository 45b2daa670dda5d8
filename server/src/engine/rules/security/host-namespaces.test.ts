import { strict as assert } from 'node:assert';
import { ruleTester, run } from '../../../../../test/support/rule-tester';
import rule from './host-namespaces';

ruleTester(rule, {
  valid: [
    { name: 'host namespaces explicitly off', mutate: (m) => Object.assign(m.serving.security, { hostNetwork: false, hostIPC: false, hostPID: false }) },
    {
      name: 'hostIPC and hostNetwork on, with the reason stated',
      mutate: (m) => Object.assign(m.serving.security, { hostIPC: true, hostNetwork: true, hostNamespacesReason: 'RDMA for disaggregated prefill/decode (NIXL)' }),
    },
    { name: 'not evaluated in development', profile: 'development', mutate: (m) => (m.serving.security.hostPID = true) },
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
  ],
});

describe('security/host-namespaces fixes', () => {
  it('offers turning it off and stating a reason, none preferred', () => {
    const [f] = run(rule, { name: 'x', mutate: (m) => (m.serving.security.hostNetwork = true) });
    const fixes = f.fixes!.filter((x) => !x.title.startsWith('Suppress'));
    assert.deepEqual(fixes.map((x) => [x.title, !!x.isPreferred]), [['Turn hostNetwork off', false], ['State why host namespaces are needed', false]]);
  });
});

import { replaceValue } from '../../fix/edits';
import type { DeploymentUnit, PodFacts } from '../../facts/model';
import { unitPods } from '../../facts/model';
import { annotationEdits, outOfScope, SCOPE_OPTION } from '../support/workload';
import type { Fix } from '../../types';
import type { Report } from '../define';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { lazyFix } from '../../fix/lazy';

/** The annotation a workload states its reason with (the native field is `serving.security.hostNamespacesReason`). */
export const REASON_ANNOTATION = 'modelready.dev/host-namespaces-reason';

type Namespace = 'hostNetwork' | 'hostIPC' | 'hostPID';

/** What each host namespace gives away, and when model serving legitimately needs it. */
const TRADE_OFFS: Record<Namespace, string> = {
  hostNetwork:
    'the pods share the node\'s network stack: NetworkPolicies no longer isolate them and every port they open is open on the node. It is needed only for RDMA/InfiniBand or NCCL across nodes without a secondary network (Multus, SR-IOV)',
  hostIPC:
    'the pods share the node\'s shared memory with every other hostIPC pod, which can read it. Tensor parallelism needs only a memory-backed emptyDir at /dev/shm (`resources.sharedMemory`); hostIPC is needed only for CUDA IPC between pods, e.g. disaggregated prefill/decode',
  hostPID:
    'the pods see and can signal every process on the node. It is needed only for GPU tooling that inspects other pods\' processes, or disaggregated prefill/decode that shares GPU memory across pods',
};

/** Each pod template of a workload: each host namespace it shares, unless the workload states why (annotation). */
function checkPod(unit: DeploymentUnit, pod: PodFacts, report: (r: Report) => void): void {
  const reason = unit.annotations[REASON_ANNOTATION] ?? pod.annotations?.[REASON_ANNOTATION];
  if (typeof reason === 'string' && reason.trim() !== '') return;
  for (const ns of ['hostNetwork', 'hostIPC', 'hostPID'] as const) {
    if (pod[ns] !== true) continue;
    const path = [...pod.path, ns];
    const fixes: Fix[] = [
      lazyFix({
        title: 'State why host namespaces are needed',
        edits: () => annotationEdits(unit, REASON_ANNOTATION, '"${1:RDMA between prefill and decode pods (disaggregated serving)}"'),
        snippet: true,
      }),
      lazyFix({ title: `Turn ${ns} off`, edits: () => replaceValue(unit.doc, path, 'false') }),
    ];
    report({
      at: unit.doc.rangeAt(path),
      message: `\`${ns}: true\`${unitPods(unit).length > 1 && pod.group ? ` in the ${pod.group}` : ''} without a stated reason: ${TRADE_OFFS[ns].replace(' (`resources.sharedMemory`)', '')}. Turn it off, or say why in the annotation \`${REASON_ANNOTATION}\`.`,
      fixes,
      data: { namespace: ns },
    });
  }
}

export default defineRule({
  meta: {
    id: 'security/host-namespaces',
    area: 'security',
    severity: 'warning',
    description: 'hostNetwork, hostIPC and hostPID are used only where the serving design needs them, with the reason stated.',
    rationale:
      'Kubernetes Pod Security Standards (baseline) forbid host namespaces; Polaris, kube-linter and Checkov flag them. LLM serving has real uses (vLLM\'s ROCm example sets hostNetwork and hostIPC; production-stack sets hostIPC/hostPID for disaggregated prefill/decode), so the rule asks for the reason instead of rejecting the setting.',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    // Both fixes need a decision (is the namespace needed? why?): none is applied by fix-all.
    fixable: false,
    defaultOptions: { ...SCOPE_OPTION },
  },
  check(context) {
    const { unit, report } = context;
    if (unit.pod) {
      if (outOfScope(context)) return;
      for (const pod of unitPods(unit)) checkPod(unit, pod, report);
      return;
    }
    const security = unit.spec.serving?.security;
    if (!security || typeof security !== 'object') return;
    const reason = typeof security.hostNamespacesReason === 'string' && security.hostNamespacesReason.trim() !== '';
    if (reason) return;
    for (const ns of ['hostNetwork', 'hostIPC', 'hostPID'] as const) {
      if (security[ns] !== true) continue;
      const fixes: Fix[] = [
        lazyFix({ title: `Turn ${ns} off`, edits: () => unit.edit.set(`serving.security.${ns}`, 'false') }),
        lazyFix({
          title: 'State why host namespaces are needed',
          edits: () => unit.edit.set('serving.security.hostNamespacesReason', '${1:RDMA between prefill and decode pods (disaggregated serving)}'),
          snippet: true,
        }),
      ];
      report({
        at: `serving.security.${ns}`,
        message: `\`serving.security.${ns}\` is true without a stated reason: ${TRADE_OFFS[ns]}. Turn it off, or say why in \`serving.security.hostNamespacesReason\`.`,
        fixes,
        data: { namespace: ns },
      });
    }
  },
});

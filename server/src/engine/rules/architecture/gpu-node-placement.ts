import type { AcceleratorVendor } from '../../facts/accelerators';
import { acceleratorTaintKey, acceleratorVendor, VENDOR_NAME } from '../../facts/accelerators';
import type { DeploymentUnit } from '../../facts/model';
import { factRange, filledByPlatform } from '../../facts/model';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { docPath, leftToBase, relatedAt } from '../support/workload';
import { LLM_RUNTIMES, num, str } from '../support/values';
import { lazyFix } from '../../fix/lazy';

interface Options extends Record<string, unknown> {
  /** Extra node-label keys that select accelerator nodes (besides the built-in patterns). */
  nodeSelectorKeys: string[];
  /** Extra taint keys whose toleration counts as tolerating the accelerator nodes' taint. */
  taintKeys: string[];
}

/** Node labels that pin a pod to accelerator nodes (GKE, EKS/Karpenter, AKS, NVIDIA GPU feature discovery, ...). */
const ACCELERATOR_LABEL = /gpu|accelerator|tpu|gaudi|neuron|instance-type|instance-family|nodepool|node-pool|nodegroup|agentpool|pci-10de|pci-1002/i;

/**
 * The label a fix selects. GKE always labels GPU nodes `cloud.google.com/gke-accelerator: <type>`, so on Google
 * Cloud the fix is safe to apply; elsewhere labels depend on the cluster (GPU feature discovery, Karpenter, node
 * pools), so the fix is a snippet to complete.
 */
function selectorFor(provider: string | undefined, type: string | undefined, vendor: AcceleratorVendor | undefined): { key: string; value: string; certain: boolean } {
  if (provider === 'gcp' && type && /^nvidia-/.test(type)) return { key: 'cloud.google.com/gke-accelerator', value: type, certain: true };
  if (vendor === 'google-tpu') return { key: 'cloud.google.com/gke-tpu-accelerator', value: '${1:tpu-v5-lite-podslice}', certain: false };
  if (vendor === 'nvidia' || vendor === undefined) return { key: 'nvidia.com/gpu.product', value: '${1:NVIDIA-L4}', certain: false };
  return { key: 'node.kubernetes.io/instance-type', value: `\${1:${vendor === 'aws-neuron' ? 'inf2.xlarge' : 'accelerator-instance-type'}}`, certain: false };
}

/** What a server on the wrong node of the vendor risks, for messages. */
function placementRisk(vendor: AcceleratorVendor | undefined): string {
  switch (vendor) {
    case 'google-tpu':
      return 'a TPU slice of another generation or topology than its parallelism expects';
    case 'aws-neuron':
      return 'an instance family whose Neuron cores do not match its compiled model';
    case 'amd':
    case 'intel':
      return `an ${VENDOR_NAME[vendor]} too small for its weights`;
    case 'intel-gaudi':
      return 'a Gaudi generation too small for its weights';
    default:
      return 'a GPU too small for its weights';
  }
}

/**
 * Whether the platform tolerates the accelerator taint itself: GKE runs the ExtendedResourceToleration admission
 * controller, which gives a pod that requests `nvidia.com/gpu` or `google.com/tpu` the toleration of the taint of
 * that name (kubernetes/kubernetes#55839; AKS does not, Azure/AKS#1449; on EKS the taints are the node pool's own).
 */
function platformTolerates(spec: DeploymentUnit['spec'], vendor: AcceleratorVendor | undefined): boolean {
  if (vendor === 'google-tpu') return true;
  const regions = Array.isArray(spec.architecture?.regions) ? spec.architecture!.regions : [];
  const elsewhere = regions.some((r) => r && typeof r === 'object' && typeof r.provider === 'string' && r.provider !== 'gcp');
  return spec.architecture?.provider === 'gcp' && !elsewhere;
}

export default defineRule<Options>({
  meta: {
    id: 'architecture/gpu-node-placement',
    area: 'architecture',
    severity: 'warning',
    description: 'GPU servers select GPU nodes and tolerate their taints.',
    rationale:
      'GPU node pools are tainted (nvidia.com/gpu:NoSchedule on GKE and with the NVIDIA GPU Operator) and mix accelerator types; a model server without a toleration stays Pending, and one without a node selector may land on a GPU too small for its weights (Kubernetes "Schedule GPUs"; NVIDIA NIM and GKE serving samples).',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: true,
    defaultOptions: { nodeSelectorKeys: [], taintKeys: [] },
  },
  check({ unit, options, report }) {
    if (!unit.isModelServer) return;
    const res = unit.spec.resources;
    // A patch that states no placement leaves it to its base.
    const affinity = unit.pod ? [[...unit.pod.path, 'affinity']] : [];
    if (leftToBase(unit, docPath(unit, 'resources.nodeSelector'), docPath(unit, 'resources.tolerations'), ...affinity)) return;
    const acc = res?.accelerator;
    const count = num(acc?.count);
    if (!acc || typeof acc !== 'object' || count === 0 || (count === undefined && !str(acc.type))) return;
    const type = str(acc.type);
    const vendor = acceleratorVendor(acc);
    const taint = acceleratorTaintKey(str(acc.resourceName), vendor);
    const provider = str(unit.spec.architecture?.provider);

    // 1. A node selector that pins accelerator nodes.
    const selector = res!.nodeSelector && typeof res!.nodeSelector === 'object' ? res!.nodeSelector : undefined;
    const extraKeys = Array.isArray(options.nodeSelectorKeys) ? options.nodeSelectorKeys : [];
    const keys = Object.keys(selector ?? {});
    // A required node affinity on an accelerator label (where the adapter read the accelerator type) pins the nodes too.
    const byAffinity = (unit.sourcePath('resources.accelerator.type') ?? []).includes('affinity');
    // A workload: the GPU type matters for an LLM's weights or several GPUs per pod; a small predictor on one GPU of
    // whatever kind the resource name already selects is fine. A declaration that states an accelerator states its placement.
    if (!unit.declaration && !LLM_RUNTIMES.has(String(unit.spec.serving?.runtime)) && (count ?? 1) < 2) return;
    // The platform completes the pod's placement where the file does not show it (KServe, from a ServingRuntime or
    // LLMInferenceServiceConfig): unknown here.
    if (filledByPlatform(unit, 'resources.nodeSelector')) return;
    // A pod template is named by its own key (adapters of rendered pods, such as a Helm chart's values, have no path to show).
    const selectorName = unit.pod ? '`nodeSelector`' : unit.describe('resources.nodeSelector');
    if (keys.length === 0 && !byAffinity) {
      const sel = selectorFor(provider, type, vendor);
      report({
        at: unit.where('resources.nodeSelector'),
        message: `The model server requests ${count ?? 'an'} accelerator${count === 1 || count === undefined ? '' : 's'}${type ? ` (${type})` : ''} but ${unit.pod ? 'its pod has no `nodeSelector` (or node affinity) that pins' : `${selectorName} does not pin`} accelerator nodes: it may be scheduled on ${placementRisk(vendor)}. Select the accelerator type's node label.`,
        fixes: [
          lazyFix({
            title: sel.certain ? `Select nodes labelled \`${sel.key}: ${sel.value}\`` : 'Add a node selector for the accelerator nodes',
            edits: () => unit.edit.addKeys('resources.nodeSelector', [[sel.key, sel.value]]),
            ...(sel.certain ? { isPreferred: true } : { snippet: true }),
          }),
        ],
      });
    } else if (keys.length > 0 && !byAffinity && !keys.some((k) => ACCELERATOR_LABEL.test(k) || extraKeys.includes(k))) {
      report({
        at: factRange(unit, 'resources.nodeSelector', 'key'),
        message: `${selectorName} (${keys.join(', ')}) does not select accelerator nodes: add the label of the GPU type (e.g. \`cloud.google.com/gke-accelerator\`, \`nvidia.com/gpu.product\`), or list the key in this rule's \`nodeSelectorKeys\` option.`,
      });
    }

    // A workload's pods request the extended resource (`nvidia.com/gpu`), so the ExtendedResourceToleration
    // admission controller gives them the toleration of the taint of that name (always on in GKE, and the documented
    // pairing for nodes tainted with the resource name); other taints cannot be known from here. A declaration
    // states its tolerations, unless its platform tolerates the taint.
    if (!unit.declaration || platformTolerates(unit.spec, vendor)) return;

    // 2. A toleration for the accelerator nodes' taint.
    const tolerations = Array.isArray(res!.tolerations) ? res!.tolerations : [];
    const extraTaints = Array.isArray(options.taintKeys) ? options.taintKeys : [];
    const tolerated = tolerations.some(
      (t) =>
        t &&
        typeof t === 'object' &&
        ((!str(t.key) && t.operator === 'Exists') || t.key === taint || extraTaints.includes(t.key ?? '')) &&
        (!t.effect || t.effect === 'NoSchedule' || t.effect === 'NoExecute'),
    );
    if (!tolerated) {
      const toleration = `key: ${taint}\noperator: Exists\neffect: NoSchedule`;
      report({
        at: factRange(unit, 'resources.tolerations', 'key'),
        message: `No toleration for the \`${taint}\` taint that accelerator node pools carry: the model server stays Pending there. Add it to ${unit.describe('resources.tolerations')}.`,
        related: selector ? [relatedAt(unit, 'resources.nodeSelector', 'the pods are pinned to these nodes')] : undefined,
        fixes: [
          lazyFix({
            title: `Tolerate the \`${taint}\` taint`,
            edits: () => unit.edit.append('resources.tolerations', [toleration]),
            isPreferred: true,
          }),
        ],
      });
    }
  },
});

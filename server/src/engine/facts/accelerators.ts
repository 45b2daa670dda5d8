/**
 * Accelerators as their device plugins and runtimes define them: which extended resource a vendor advertises,
 * what one requested unit is (a GPU, a MIG slice, a TPU chip, a Neuron device or core), how many parallel ranks
 * a runtime may place on one unit, which node labels select the vendor's nodes, and how many devices one pod of
 * a parallel server uses. Pure data and arithmetic: no documents, no rules.
 */

export type AcceleratorVendor = 'nvidia' | 'amd' | 'intel' | 'intel-gaudi' | 'google-tpu' | 'aws-neuron';

/** What one unit of the resource is. */
export type AcceleratorUnit = 'gpu' | 'mig' | 'tpu-chip' | 'neuron-device' | 'neuron-core' | 'hpu';

export interface AcceleratorResource {
  vendor: AcceleratorVendor;
  unit: AcceleratorUnit;
}

/** Display name of a vendor's accelerators, for messages. */
export const VENDOR_NAME: Readonly<Record<AcceleratorVendor, string>> = {
  nvidia: 'NVIDIA GPU',
  amd: 'AMD GPU',
  intel: 'Intel GPU',
  'intel-gaudi': 'Intel Gaudi',
  'google-tpu': 'TPU',
  'aws-neuron': 'AWS Neuron',
};

/**
 * Extended resource name → vendor and unit, in the order a container's list is searched. MIG slices are
 * `nvidia.com/mig-<profile>` (NVIDIA GPU Operator, "mixed" strategy); Neuron advertises whole devices
 * (`aws.amazon.com/neuron`) or single cores (`aws.amazon.com/neuroncore`); Intel's plugin advertises `i915` or `xe`
 * by kernel driver.
 */
const RESOURCES: readonly { match: RegExp; vendor: AcceleratorVendor; unit: AcceleratorUnit }[] = [
  { match: /^nvidia\.com\/gpu$/, vendor: 'nvidia', unit: 'gpu' },
  { match: /^nvidia\.com\/mig-[\w.-]+$/, vendor: 'nvidia', unit: 'mig' },
  { match: /^amd\.com\/gpu$/, vendor: 'amd', unit: 'gpu' },
  { match: /^gpu\.intel\.com\/(i915|xe)$/, vendor: 'intel', unit: 'gpu' },
  { match: /^habana\.ai\/gaudi$/, vendor: 'intel-gaudi', unit: 'hpu' },
  { match: /^google\.com\/tpu$/, vendor: 'google-tpu', unit: 'tpu-chip' },
  { match: /^aws\.amazon\.com\/neuron(device)?$/, vendor: 'aws-neuron', unit: 'neuron-device' },
  { match: /^aws\.amazon\.com\/neuroncore$/, vendor: 'aws-neuron', unit: 'neuron-core' },
];

/** The accelerator an extended resource name stands for, or undefined (CPU, memory, another device). */
export function acceleratorResource(name: string): AcceleratorResource | undefined {
  const r = RESOURCES.find((x) => x.match.test(name));
  return r ? { vendor: r.vendor, unit: r.unit } : undefined;
}

/** The first accelerator resource of a container's `limits` or `requests` with a numeric count. */
export function acceleratorRequest(list: Record<string, string | number> | undefined): { name: string; count: number; resource: AcceleratorResource } | undefined {
  if (!list) return undefined;
  for (const [name, value] of Object.entries(list)) {
    const resource = acceleratorResource(name);
    const n = typeof value === 'number' ? value : /^\d+$/.test(String(value).trim()) ? Number(value) : undefined;
    if (resource && n !== undefined) return { name, count: n, resource };
  }
  return undefined;
}

/**
 * Node labels that name the accelerator model (GKE GPU and TPU, NVIDIA GPU feature discovery, AMD and Intel node
 * labellers, EKS/Karpenter), in order of precedence. `node.kubernetes.io/instance-type` comes last: it names the
 * machine, which for Neuron (inf2, trn1, trn2) is what tells the cores per device.
 */
export const ACCELERATOR_LABELS: readonly string[] = [
  'cloud.google.com/gke-accelerator',
  'cloud.google.com/gke-tpu-accelerator',
  'nvidia.com/gpu.product',
  'amd.com/gpu.product-name',
  'gpu.intel.com/device-id',
  'karpenter.k8s.aws/instance-gpu-name',
  'k8s.amazonaws.com/accelerator',
  'accelerator',
  'karpenter.k8s.aws/instance-family',
  'node.kubernetes.io/instance-type',
];

/** A cluster's own label naming the accelerator model (`machine.cluster.vke.volcengine.com/gpu-name`, `…/gpu.product`). */
export const GPU_MODEL_LABEL = /(gpu|accelerator)[-._]?(name|product|product-name|model|type)$/i;

/** GKE's label for the slice topology of TPU nodes (`2x4`, `2x2x1`). */
export const TPU_TOPOLOGY_LABEL = 'cloud.google.com/gke-tpu-topology';

/**
 * TensorCores per chip of a GKE TPU node, from `cloud.google.com/gke-tpu-accelerator`: v4 and v5p chips hold
 * two TensorCores (Cloud TPU "v5p": topology 2x2x1 = 4 chips, 8 cores), v5e (`tpu-v5-lite-*`) and v6e one
 * (Cloud TPU "v5e": "each v5e chip contains one TensorCore"). Undefined for a generation not listed.
 */
export function tpuCoresPerChip(acceleratorLabel: string | undefined): number | undefined {
  const t = (acceleratorLabel ?? '').toLowerCase();
  if (/tpu-?v5-?lite|tpu-?v5e|tpu-?v6e/.test(t)) return 1;
  if (/tpu-?v4|tpu-?v5p/.test(t)) return 2;
  return undefined;
}

/**
 * NeuronCores per Neuron device by instance family (AWS Neuron docs, "Neuron hardware"): Inferentia1 4,
 * Inferentia2 and Trainium1 2, Trainium2 8 physical cores shown as 4 logical ones with the default LNC=2.
 * Undefined when the family is not known.
 */
export function neuronCoresPerDevice(instance: string | undefined): readonly number[] | undefined {
  const t = (instance ?? '').toLowerCase();
  if (/^inf1/.test(t)) return [4];
  if (/^(inf2|trn1)/.test(t)) return [2];
  if (/^trn2/.test(t)) return [4, 8];
  return undefined;
}

/**
 * How many parallel ranks (the devices a runtime's tensor-parallel size counts) one unit of the resource can hold,
 * given the node's accelerator label; undefined when it is not known (any count is then plausible).
 * - TPU: vLLM counts chips; on two-core generations a size in TensorCores is accepted too.
 * - Neuron device: NeuronCores per device by instance family. Neuron core: one (half with trn2 logical cores).
 * - Intel GPU: one card may show as two devices (Max series tiles with `ZE_FLAT_DEVICE_HIERARCHY=FLAT`).
 */
export function ranksPerUnit(resource: AcceleratorResource, nodeLabel: string | undefined): readonly number[] | undefined {
  switch (resource.unit) {
    case 'tpu-chip': {
      const cores = tpuCoresPerChip(nodeLabel);
      return cores === 1 ? [1] : [1, 2];
    }
    case 'neuron-device':
      return neuronCoresPerDevice(nodeLabel);
    case 'neuron-core':
      return /^trn2/.test((nodeLabel ?? '').toLowerCase()) || !nodeLabel ? [1, 0.5] : [1];
    case 'gpu':
      return resource.vendor === 'intel' ? [1, 2] : [1];
    default:
      return [1];
  }
}

/**
 * Whether the vendor's runtimes exchange tensors between the devices of one pod through `/dev/shm`
 * (NCCL on NVIDIA, RCCL on AMD, oneCCL on Intel GPUs use shared-memory transports inside a node). TPU chips talk
 * over ICI and Neuron cores over their own collectives, not through /dev/shm; Gaudi's HCCL uses its on-chip
 * RoCE links.
 */
export function usesSharedMemoryCollectives(vendor: AcceleratorVendor | string | undefined): boolean {
  return vendor === undefined || vendor === 'nvidia' || vendor === 'amd' || vendor === 'intel';
}

/** The taint key a vendor's node pools usually carry (the resource name, as ExtendedResourceToleration expects). */
export function acceleratorTaintKey(resourceName: string | undefined, vendor: AcceleratorVendor | undefined): string {
  if (resourceName && !/^nvidia\.com\/mig-/.test(resourceName)) return resourceName;
  switch (vendor) {
    case 'amd':
      return 'amd.com/gpu';
    case 'google-tpu':
      return 'google.com/tpu';
    case 'intel-gaudi':
      return 'habana.ai/gaudi';
    case 'aws-neuron':
      return 'aws.amazon.com/neuron';
    case 'intel':
      return 'gpu.intel.com/i915';
    default:
      return 'nvidia.com/gpu';
  }
}

/** The vendor an accelerator type name implies (`nvidia-l4`, `amd-mi300x`, `tpu-v5p-slice`, `trn1`), if any. */
export function vendorOfType(type: string | undefined): AcceleratorVendor | undefined {
  const t = (type ?? '').toLowerCase();
  if (!t) return undefined;
  if (/tpu/.test(t)) return 'google-tpu';
  if (/gaudi|habana|hpu/.test(t)) return 'intel-gaudi';
  if (/inferentia|trainium|neuron|^inf[12]|^trn[12]/.test(t)) return 'aws-neuron';
  if (/^(amd|mi\d)|instinct|radeon/.test(t)) return 'amd';
  if (/^intel|xpu|flex|max-?1[15]\d\d/.test(t)) return 'intel';
  if (/^nvidia|tesla/.test(t)) return 'nvidia';
  return undefined;
}

/** The vendor of a unit's accelerator: as the adapter read it, else from the resource name, else from the type. */
export function acceleratorVendor(acc: { vendor?: string; resourceName?: string; type?: string } | undefined): AcceleratorVendor | undefined {
  if (!acc) return undefined;
  if (acc.vendor && acc.vendor in VENDOR_NAME) return acc.vendor as AcceleratorVendor;
  return (typeof acc.resourceName === 'string' ? acceleratorResource(acc.resourceName)?.vendor : undefined) ?? vendorOfType(acc.type);
}

/** The parallelism a runtime is told to use; undefined members were not stated. */
export interface Parallelism {
  tensor?: number;
  pipeline?: number;
  /** Data-parallel ranks in all, and on one pod. */
  data?: number;
  dataLocal?: number;
  /** Expert parallelism splits the experts over the TP × DP ranks: it never multiplies them. */
  expert?: boolean;
  /** Pods that together run one replica (LeaderWorkerSet `size`, LLMInferenceService `worker`, Ray hosts). */
  nodes?: number;
}

export interface DeviceNeed {
  /** Devices (ranks) one pod should hold. */
  perPod: number;
  /** Devices the whole group of `nodes` pods should hold. */
  perGroup: number;
  /** How the count was reached, for messages: `tensor 2 × data-local 4`. */
  formula: string;
}

/**
 * The devices each pod of one replica should hold: TP × PP × local DP over the replica's pods. Within a
 * multi-pod group without data parallelism, TP × PP spans the pods (vLLM on Ray, LWS); with data parallelism each
 * pod holds TP × its local ranks. Undefined when it cannot be known (local DP ranks of a multi-pod group not
 * stated, pipeline and data parallelism mixed across pods).
 */
export function devicesPerPod(p: Parallelism): DeviceNeed | undefined {
  const tp = p.tensor ?? 1;
  const pp = p.pipeline ?? 1;
  const nodes = p.nodes ?? 1;
  if (tp < 1 || pp < 1 || nodes < 1) return undefined;
  const terms = (parts: [string, number | undefined][]): string => parts.filter(([, v]) => v !== undefined).map(([k, v]) => `${k} ${v}`).join(' × ') || 'tensor 1';
  if (p.data !== undefined || p.dataLocal !== undefined) {
    const local = p.dataLocal ?? (nodes === 1 ? p.data : undefined);
    if (local === undefined || local < 1) return undefined;
    if (nodes > 1 && pp > 1) return undefined;
    const perPod = tp * pp * local;
    return { perPod, perGroup: perPod * nodes, formula: terms([['tensor', p.tensor ?? 1], ['pipeline', p.pipeline], [p.dataLocal !== undefined ? 'data-local' : 'data', local]]) };
  }
  // Without data parallelism the TP × PP ranks span the group's pods (a fraction per pod never fits).
  const perGroup = tp * pp;
  return { perPod: perGroup / nodes, perGroup, formula: terms([['tensor', p.tensor ?? 1], ['pipeline', p.pipeline]]) };
}

/**
 * Whether `units` of a resource can hold `ranks` parallel ranks per pod: some accepted ranks-per-unit times the
 * units equals the ranks. Unknown ranks-per-unit (`undefined`) accepts any count.
 */
export function unitsFit(units: number, ranks: number, perUnit: readonly number[] | undefined): boolean {
  if (!perUnit) return true;
  return perUnit.some((r) => units * r === ranks);
}

import { strict as assert } from 'node:assert';
import { acceleratorResource, acceleratorVendor, devicesPerPod, ranksPerUnit, tpuCoresPerChip, unitsFit, usesSharedMemoryCollectives } from '../../server/src/engine/facts/accelerators';
import { analyze } from './formats/helpers';

describe('accelerator model', () => {
  it('maps each device plugin resource to its vendor and unit', () => {
    assert.deepEqual(acceleratorResource('nvidia.com/gpu'), { vendor: 'nvidia', unit: 'gpu' });
    assert.deepEqual(acceleratorResource('nvidia.com/mig-1g.10gb'), { vendor: 'nvidia', unit: 'mig' });
    assert.deepEqual(acceleratorResource('amd.com/gpu'), { vendor: 'amd', unit: 'gpu' });
    assert.deepEqual(acceleratorResource('gpu.intel.com/xe'), { vendor: 'intel', unit: 'gpu' });
    assert.deepEqual(acceleratorResource('habana.ai/gaudi'), { vendor: 'intel-gaudi', unit: 'hpu' });
    assert.deepEqual(acceleratorResource('google.com/tpu'), { vendor: 'google-tpu', unit: 'tpu-chip' });
    assert.deepEqual(acceleratorResource('aws.amazon.com/neuron'), { vendor: 'aws-neuron', unit: 'neuron-device' });
    assert.deepEqual(acceleratorResource('aws.amazon.com/neuroncore'), { vendor: 'aws-neuron', unit: 'neuron-core' });
    assert.equal(acceleratorResource('memory'), undefined);
  });

  it('knows TensorCores per TPU chip by GKE generation, and unknown generations accept chips or cores', () => {
    assert.equal(tpuCoresPerChip('tpu-v5p-slice'), 2);
    assert.equal(tpuCoresPerChip('tpu-v4-podslice'), 2);
    assert.equal(tpuCoresPerChip('tpu-v5-lite-podslice'), 1);
    assert.equal(tpuCoresPerChip('tpu-v6e-slice'), 1);
    assert.deepEqual(ranksPerUnit({ vendor: 'google-tpu', unit: 'tpu-chip' }, 'tpu-v5p-slice'), [1, 2]);
    assert.deepEqual(ranksPerUnit({ vendor: 'google-tpu', unit: 'tpu-chip' }, 'tpu-v6e-slice'), [1]);
    assert.deepEqual(ranksPerUnit({ vendor: 'google-tpu', unit: 'tpu-chip' }, 'tpu7x'), [1, 2]);
  });

  it('knows NeuronCores per device by instance family, and accepts any count when the family is unknown', () => {
    assert.deepEqual(ranksPerUnit({ vendor: 'aws-neuron', unit: 'neuron-device' }, 'inf2-48xlarge'), [2]);
    assert.deepEqual(ranksPerUnit({ vendor: 'aws-neuron', unit: 'neuron-device' }, 'trn1-32xlarge'), [2]);
    assert.deepEqual(ranksPerUnit({ vendor: 'aws-neuron', unit: 'neuron-device' }, 'trn2-48xlarge'), [4, 8]);
    assert.equal(ranksPerUnit({ vendor: 'aws-neuron', unit: 'neuron-device' }, undefined), undefined);
    assert.ok(unitsFit(16, 32, [2]));
    assert.ok(unitsFit(2, 7, undefined));
    assert.ok(!unitsFit(1, 4, [1]));
  });

  it('uses /dev/shm collectives on NVIDIA, AMD and Intel GPUs only', () => {
    assert.ok(usesSharedMemoryCollectives('nvidia') && usesSharedMemoryCollectives('amd') && usesSharedMemoryCollectives('intel'));
    assert.ok(!usesSharedMemoryCollectives('google-tpu') && !usesSharedMemoryCollectives('aws-neuron') && !usesSharedMemoryCollectives('intel-gaudi'));
    assert.equal(acceleratorVendor({ type: 'google-tpu-v5e' }), 'google-tpu');
    assert.equal(acceleratorVendor({ resourceName: 'amd.com/gpu', type: 'nvidia-l4' }), 'amd');
  });
});

describe('devices per pod', () => {
  it('DP-local 4 × TP 2 needs 8 devices on one pod', () => {
    assert.equal(devicesPerPod({ tensor: 2, data: 4, dataLocal: 4 })?.perPod, 8);
    assert.equal(devicesPerPod({ tensor: 2, data: 4 })?.perPod, 8, 'data without data-local: all ranks on the one pod');
  });

  it('DP 16 with 8 local ranks and TP 1 needs 8 devices per pod over 2 pods', () => {
    assert.deepEqual(devicesPerPod({ tensor: 1, data: 16, dataLocal: 8, expert: true, nodes: 2 }), { perPod: 8, perGroup: 16, formula: 'tensor 1 × data-local 8' });
  });

  it('expert parallelism does not multiply the devices', () => {
    assert.equal(devicesPerPod({ tensor: 8, expert: true })?.perPod, 8);
  });

  it('TP × PP spans the pods of a multi-pod group', () => {
    assert.deepEqual(devicesPerPod({ tensor: 8, pipeline: 2, nodes: 2 }), { perPod: 8, perGroup: 16, formula: 'tensor 8 × pipeline 2' });
  });

  it('is unknown when a multi-pod group does not state its local data-parallel ranks, or mixes PP with DP across pods', () => {
    assert.equal(devicesPerPod({ tensor: 1, data: 16, nodes: 2 }), undefined);
    assert.equal(devicesPerPod({ tensor: 1, pipeline: 2, dataLocal: 4, nodes: 2 }), undefined);
  });
});

describe('accelerator and parallelism facts of the adapters', () => {
  it('reads the vendor from the resource name, and a non-literal tensor-parallel size as stated but unknown', () => {
    const { units } = analyze(`apiVersion: apps/v1
kind: Deployment
metadata: { name: vllm }
spec:
  selector: { matchLabels: { app: vllm } }
  template:
    metadata: { labels: { app: vllm } }
    spec:
      containers:
        - name: vllm
          image: rocm/vllm:latest
          args: ["vllm", "serve", "Qwen/Qwen3-8B", "--tensor-parallel-size", "$(TP)"]
          resources:
            limits: { amd.com/gpu: 2 }
`);
    const [u] = units;
    assert.equal(u.spec.resources?.accelerator?.vendor, 'amd');
    assert.equal(u.spec.resources?.tensorParallelSize, undefined);
    assert.ok(u.sourcePath('resources.tensorParallelSize'), 'the flag is located');
  });

  it('maps LLMInferenceService parallelism and its worker group size (data / dataLocal)', () => {
    const { units } = analyze(`apiVersion: serving.kserve.io/v1alpha1
kind: LLMInferenceService
metadata: { name: ep }
spec:
  model: { uri: hf://deepseek-ai/DeepSeek-V2 }
  parallelism: { tensor: 1, data: 16, dataLocal: 8, expert: true }
  template:
    containers:
      - name: main
        resources: { limits: { nvidia.com/gpu: "8" } }
  worker:
    containers:
      - name: main
`);
    const r = units[0].spec.resources!;
    assert.deepEqual([r.tensorParallelSize, r.dataParallelSize, r.dataParallelSizeLocal, r.expertParallel, r.nodesPerReplica], [1, 16, 8, true, 2]);
  });
});

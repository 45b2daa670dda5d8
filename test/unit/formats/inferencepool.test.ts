import { strict as assert } from 'node:assert';
import { analyze } from './helpers';

describe('InferencePool adapter', () => {
  it('makes an InferencePool a KubeResource with its selector', () => {
    const { units, resources, findings } = analyze(`apiVersion: inference.networking.k8s.io/v1
kind: InferencePool
metadata: { name: pool }
spec:
  targetPorts: [{ number: 8000 }]
  selector:
    matchLabels: { app: vllm-llama3-8b-instruct }
  endpointPickerRef: { name: epp, port: { number: 9002 } }
`);
    assert.deepEqual(findings, []);
    assert.equal(units.length, 0);
    assert.deepEqual(resources.map((r) => [r.kind, r.name, r.selector]), [['InferencePool', 'pool', { app: 'vllm-llama3-8b-instruct' }]]);
  });

  it('leaves the older inference.networking.x-k8s.io InferencePool alone (no schema shipped)', () => {
    const { resources, findings } = analyze(`apiVersion: inference.networking.x-k8s.io/v1alpha2
kind: InferencePool
metadata: { name: pool }
spec: { whatever: 1 }
`);
    assert.deepEqual([resources.length, findings.length], [0, 0]);
  });
});

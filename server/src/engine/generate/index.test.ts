import { strict as assert } from 'node:assert';
import { generatedTarget, generateManifests, withImplementation } from './index';
import type { NativeSpec } from '../facts/model';

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata:\n  name: demo # the name\n';

describe('generate: manifest links', () => {
  it('adds an implementation list at the end when the manifest has none, keeping comments', () => {
    assert.equal(withImplementation(HEAD, './k8s/demo.yaml'), `${HEAD}implementation:\n  - ./k8s/demo.yaml\n`);
  });

  it('appends to a block list at its indentation, and leaves a list that names the file unchanged', () => {
    const text = `${HEAD}implementation:\n    - ./base/*.yaml\n`;
    const added = withImplementation(text, './k8s/demo.yaml');
    assert.equal(added, `${HEAD}implementation:\n    - ./base/*.yaml\n    - ./k8s/demo.yaml\n`);
    assert.equal(withImplementation(added, 'k8s/demo.yaml'), added);
  });

  it('appends to a flow list in place', () => {
    assert.equal(withImplementation(`${HEAD}implementation: [./a.yaml] # linked\n`, './k8s/demo.yaml'), `${HEAD}implementation: [./a.yaml, ./k8s/demo.yaml] # linked\n`);
  });
});

describe('generate: output', () => {
  const spec: NativeSpec = {
    metadata: { name: 'demo' },
    model: { uri: 'hf://org/model', revision: 'a'.repeat(40) },
    serving: { runtime: 'vllm', image: 'vllm/vllm-openai:v0.8.5' },
    resources: { accelerator: { type: 'nvidia-l4', count: 1 } },
  };

  it('records its target in the header and writes no YAML aliases for shared label maps', () => {
    const text = generateManifests(spec, { target: 'kubernetes', manifestRef: '../demo.modelready.yaml' });
    assert.equal(generatedTarget(text), 'kubernetes');
    assert.doesNotMatch(text, /[&*]a\d/);
    assert.equal(generatedTarget('apiVersion: v1\nkind: Service\n'), undefined);
  });

  it('refuses a runtime it has no command line for', () => {
    assert.throws(() => generateManifests({ ...spec, serving: { ...spec.serving, runtime: 'triton' } }, { target: 'kubernetes', manifestRef: 'x' }), /generate writes command lines for vllm, sglang, tgi/);
  });
});

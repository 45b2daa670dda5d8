import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './weights-cache';

const doc = (body: string): string => `apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata:\n  name: m\nmodel:\n  uri: hf://org/model\n${body}`;

ruleTester(rule, {
  valid: [
    {
      name: 'weights on a volume named by the model URI (pvc://), no caching section',
      mutate: (m) => {
        m.model.uri = 'pvc://model-store/llama-3.1-8b';
        delete m.scaling.caching;
      },
    },
    { name: 'weights baked into the image', mutate: (m) => (m.scaling.caching = { modelWeights: 'image' }) },
    { name: 'an OCI model artifact (modelcar)', yaml: doc('scaling: { maxReplicas: 2 }\n').replace('hf://org/model', 'oci://registry.example.com/models/llama:3.1') },
    { name: 'node-local cache in flow style', yaml: doc('scaling: { caching: { modelWeights: node-local } }\n') },
  ],
  invalid: [
    {
      name: 'download at every start: fix switches to a volume',
      mutate: (m) => (m.scaling.caching.modelWeights = 'download'),
      findings: [{ message: /^The weights of hf:\/\/meta-llama\/Llama-3.1-8B-Instruct come from the Hugging Face Hub: vLLM downloads them at every start of a pod/, text: 'download', fixable: true, fixed: (out) => assert.match(out, /modelWeights: pvc\n {4}accessMode: ReadOnlyMany/) }],
    },
    {
      name: 'no caching section: fix adds a read-only-many volume for several replicas',
      mutate: (m) => delete m.scaling.caching,
      findings: [{ message: /Where new replicas get the weights is not stated/, text: 'scaling', fixable: true, fixed: (out) => assert.match(out, /\n {2}caching:\n {4}modelWeights: pvc\n {4}accessMode: ReadOnlyMany\n/) }],
    },
    {
      name: 'caching with only the prefix cache: reported on the caching key',
      mutate: (m) => (m.scaling.caching = { prefixCache: true }),
      findings: [{ message: /Where new replicas get the weights is not stated/, text: 'caching', fixable: true, fixed: (out) => assert.match(out, /prefixCache: true\n {4}modelWeights: pvc\n {4}accessMode: ReadOnlyMany\n/) }],
    },
    {
      name: 'none, in flow style, one replica: fix adds a ReadWriteOnce volume',
      yaml: doc('scaling: { maxReplicas: 1, caching: { modelWeights: none } }\n'),
      findings: [{ message: /is none/, text: 'none', fixable: true, fixed: (out) => assert.match(out, /caching: \{ modelWeights: pvc ?, accessMode: ReadWriteOnce \}/) }],
    },
    {
      name: 'no scaling section: reported on the document',
      yaml: doc(''),
      findings: [{ message: /Where new replicas get the weights is not stated/, text: 'ModelDeployment', fixable: true, fixed: (out) => assert.match(out, /\nscaling:\n {2}caching:\n {4}modelWeights: pvc\n {4}accessMode: ReadWriteOnce\n/) }],
    },
  ],
});

// Kubernetes-family formats: the adapters say where the serving container's weights come from.
import { editExample, K8S_EXAMPLE } from './kube-fixtures.test';

const ISVC = (uri: string): string => `apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: llama\nspec:\n  predictor:\n    model:\n      modelFormat: { name: huggingface }\n      storageUri: ${uri}\n`;

ruleTester(rule, {
  valid: [
    { name: 'the production vLLM example (a PVC at the Hugging Face cache)', yaml: K8S_EXAMPLE },
    { name: 'KServe: weights on a PVC', yaml: ISVC('pvc://llama-weights/llama') },
    { name: 'KServe: weights in an OCI image (modelcar)', yaml: ISVC('oci://registry.example.com/llama:1') },
  ],
  invalid: [
    {
      name: 'Kubernetes: vLLM with a Hub model and no weights volume: on the model id (no automatic fix)',
      yaml: editExample(['            - name: weights\n              mountPath: /root/.cache/huggingface\n              readOnly: true\n', '']),
      findings: [{ message: /^The weights of hf:\/\/meta-llama\/Llama-3.1-8B-Instruct come from the Hugging Face Hub: vLLM downloads them at every start of a pod/, text: 'meta-llama/Llama-3.1-8B-Instruct', line: 50, fixable: false }],
    },
    {
      name: 'KServe: a Hub storageUri: the storage initializer downloads it',
      yaml: ISVC('hf://meta-llama/Llama-3.1-8B-Instruct'),
      findings: [{ message: /^The weights of hf:\/\/meta-llama\/Llama-3.1-8B-Instruct come from the Hugging Face Hub: .* downloads them at every start of a pod.*LocalModelCache/, text: 'meta-llama/Llama-3.1-8B-Instruct', fixable: false }],
    },
  ],
});

import { strict as assert } from 'node:assert';
import { run, ruleTester } from '../../../../../test/support/rule-tester';
import rule from './model-revision-pinned';
import { KSERVE_HF, PRODUCTION_EXAMPLE, VLLM, vllm } from './kube-fixtures.test';

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata: { name: demo }\n';
const SHA = '0e9e39f249a16976918f6564b8830bc894c89659';

ruleTester(rule, {
  valid: [
    { name: 'an object-store model pinned by digest', mutate: (m) => Object.assign(m.model, { uri: 's3://models/llama/', digest: 'sha256:' + 'b'.repeat(64) }, delete m.model.revision) },
    { name: 'KServe-style commit in the hf:// URI', yaml: `${HEAD}model: { uri: "hf://meta-llama/Llama-3.1-8B-Instruct:${SHA}" }\n` },
    { name: 'an OCI artifact with a digest', yaml: `${HEAD}model: { uri: "oci://registry.example.com/models/llama@sha256:${'c'.repeat(64)}" }\n` },
    { name: 'a placeholder revision is not known', yaml: `${HEAD}model: { uri: "hf://org/m", revision: "<commit-sha>" }\n` },
    { name: 'a pinned adapter', mutate: (m) => (m.model.adapters = [{ name: 'support-lora', uri: 'hf://org/support-lora', revision: SHA }]) },
  ],
  invalid: [
    {
      name: 'a branch name: reported on the value, the snippet is not applied by fix-all',
      mutate: (m) => (m.model.revision = 'main'),
      findings: [{ message: /`model.revision: main` is a branch or tag/, text: 'main', fixable: false }],
    },
    {
      name: 'no revision on the Hub: reported on the model key',
      mutate: (m) => delete m.model.revision,
      findings: [{ message: /not pinned.*commit hash/, text: 'model', fixable: false }],
    },
    {
      name: 'a short commit hash is not a pin (flow style)',
      yaml: `${HEAD}model: { uri: "hf://org/m", revision: 0e9e39f }\n`,
      findings: [{ message: /`model.revision: 0e9e39f` is a branch or tag/, text: '0e9e39f' }],
    },
    {
      name: 'an object-store model without a digest',
      yaml: `${HEAD}model:\n  uri: gs://bucket/models/llama-3\n`,
      findings: [{ message: /`gs:\/\/bucket\/models\/llama-3` are not pinned.*`digest`/, text: 'model' }],
    },
    {
      name: 'an unpinned LoRA adapter from the Hub',
      mutate: (m) => (m.model.adapters = [{ name: 'support-lora', uri: 'hf://org/support-lora' }]),
      findings: [{ message: /Adapter `support-lora` is not pinned/, text: 'hf://org/support-lora' }],
    },
  ],
});

describe('reliability/model-revision-pinned fixes', () => {
  it('offers a revision snippet for the Hub and a digest snippet elsewhere', () => {
    const [hub] = run(rule, { name: 'x', mutate: (m) => delete m.model.revision });
    assert.match(hub.fixes![0].edits[0].newText, /revision: \$\{1:commit-sha\}/);
    const [s3] = run(rule, { name: 'x', yaml: `${HEAD}model:\n  uri: s3://b/m\n` });
    assert.match(s3.fixes![0].edits[0].newText, /digest: sha256:\$\{1:digest\}/);
  });
});

// Kubernetes family: Hugging Face Hub models only.
ruleTester(rule, {
  valid: [
    { name: 'k8s: the production vLLM example (--revision=<commit>)', yaml: PRODUCTION_EXAMPLE },
    { name: 'k8s: a separate --revision <commit>', yaml: vllm(['            - --port=8000\n', `            - --port=8000\n            - --revision\n            - ${SHA}\n`]) },
    { name: 'k8s: weights from a local path are not judged', yaml: vllm(['--model=meta-llama/Llama-3.1-8B-Instruct', '--model=/models/llama']) },
    { name: 'kserve: hf:// storage URI pinned with :<commit>', yaml: KSERVE_HF.replace('Llama-3.1-8B-Instruct', `Llama-3.1-8B-Instruct:${SHA}`) },
    { name: 'kserve: an object-store URI has no standard pin here', yaml: KSERVE_HF.replace('hf://meta-llama/Llama-3.1-8B-Instruct', 's3://models/llama') },
    { name: 'kserve: a PVC holds whatever was copied there: no revision to ask for', yaml: KSERVE_HF.replace('hf://meta-llama/Llama-3.1-8B-Instruct', 'pvc://model-cache/llama') },
    { name: 'kserve: hf://org/model@<commit> is pinned too', yaml: KSERVE_HF.replace('Llama-3.1-8B-Instruct', `Llama-3.1-8B-Instruct@${SHA}`) },
    { name: 'k8s: a placeholder model (`<your-model>`) is not known', yaml: vllm(['--model=meta-llama/Llama-3.1-8B-Instruct', '--model=<your-org>/<your-model>']) },
  ],
  invalid: [
    {
      name: 'k8s: vLLM without --revision: on the model flag, snippet appends --revision to args',
      yaml: VLLM,
      findings: [{ message: /The weights of `meta-llama\/Llama-3.1-8B-Instruct` are not pinned.*pass `--revision <commit>`/, text: '--model=meta-llama/Llama-3.1-8B-Instruct', fixable: false }],
    },
    {
      name: 'k8s: --revision=main is a branch',
      yaml: vllm(['            - --port=8000\n', '            - --port=8000\n            - --revision=main\n']),
      findings: [{ message: /The model revision `main` is a branch or tag/, text: '--revision=main', fixable: false }],
    },
    {
      name: 'kserve: an unpinned hf:// storage URI',
      yaml: KSERVE_HF,
      findings: [{ message: /append the commit hash to the storage URI \(`hf:\/\/meta-llama\/Llama-3.1-8B-Instruct:<commit>`\)/, text: 'hf://meta-llama/Llama-3.1-8B-Instruct', fixable: false }],
    },
  ],
});

describe('reliability/model-revision-pinned Kubernetes fixes', () => {
  it('appends --revision to the container args in their style', () => {
    const [f] = run(rule, { name: 'x', yaml: VLLM });
    assert.equal(f.fixes![0].edits[0].newText, '            - --revision=${1:commit-sha}\n');
  });
  it('writes the commit into a KServe storage URI', () => {
    const [f] = run(rule, { name: 'x', yaml: KSERVE_HF });
    assert.equal(f.fixes![0].edits[0].newText, 'hf://meta-llama/Llama-3.1-8B-Instruct:${1:commit-sha}');
  });
});

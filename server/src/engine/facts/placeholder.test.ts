import { strict as assert } from 'node:assert';
import { imagePlaceholderIn, placeholderIn, placeholderMessage } from './placeholder';

// Fake credentials, assembled so that secret scanners do not mistake this file for a leak.
const HF = 'hf_' + 'AbCdEfGhIjKlMnOpQrStUvWxYz01234567';
const OPENAI = 'sk-' + 'VmGpRbN2xJqWzPYCjYj3T3BlbkFJ12nKsF4u7w';

describe('facts/placeholder', () => {
  it('reads envsubst and shell variables as templates filled by envsubst', () => {
    for (const v of ['$HF_TOKEN', '${HF_TOKEN}', '${SERVICE_TYPE:-ClusterIP}', '"${REPLICAS:-1}"', 'Bearer $API_TOKEN']) {
      assert.deepEqual(placeholderIn(v), { kind: 'template', by: 'envsubst' }, v);
    }
  });
  it('reads Helm, Jinja and Python-format fields as templates', () => {
    for (const v of ['{{ .Values.hfToken }}', '{docker_username}/iris-classifier', '{% raw %}x{% endraw %}']) {
      assert.equal(placeholderIn(v)?.by, 'template', v);
    }
  });
  it('reads markers written to be replaced by hand (llm-d, KServe, LWS samples)', () => {
    for (const v of ['<your-hf-token>', '<base64-encoded-token>', '<image>', 'hf://<org>/<model>', 'REPLACE_MODEL_SERVER_IMAGE', 'REPLACE_ME', 'YOUR_HF_TOKEN', 'your-api-key-here', 'changeme', 'TODO', 'xxxxxxxx', '***']) {
      assert.deepEqual(placeholderIn(v), { kind: 'template', by: 'hand' }, v);
    }
  });
  it('reads Kubernetes $(VAR) as a reference the kubelet resolves', () => {
    assert.deepEqual(placeholderIn('$(VLLM_API_KEY)'), { kind: 'reference', by: 'kubelet' });
    assert.equal(placeholderIn('$$(NOT_EXPANDED)'), undefined);
  });
  it("reads deliberate stand-ins as dummies: vLLM's EMPTY, dummy, none, the bare word token, a key written as x's", () => {
    for (const v of ['EMPTY', 'dummy', 'fake-key', 'none', 'token', 'secret', 'placeholder', 'not-needed', 'test-key-1234567890', 'hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'sk-your-key']) {
      assert.equal(placeholderIn(v)?.kind, 'dummy', v);
    }
  });
  it('keeps real-looking keys literal, also when they say Fake or Example, and ordinary values', () => {
    for (const v of [HF, OPENAI, 'sk-kFJ12nKsFakefVmGpj3QzX65s4RbN2xJqWzPYCjYu7wT3BFake', 'hf_FAKEtokenForModelReadyExamplesOnly', 'AKIA' + 'Z7Q2M4R8T1W5Y3K6', 'hunter2', 'kvcache_nodes', 'vllm/vllm-openai:v0.11.0', 'pa$sword', 'meta-llama/Llama-3.1-8B-Instruct']) {
      assert.equal(placeholderIn(v), undefined, v);
    }
  });
  it('also reads example image names as placeholders, but not dummy words inside a real image name', () => {
    assert.equal(imagePlaceholderIn('my-ray-model-server:latest')?.kind, 'template');
    assert.equal(imagePlaceholderIn('registry.example.com/ml/vllm:latest')?.kind, 'template');
    assert.equal(imagePlaceholderIn('aibrix/vllm-mock:nightly'), undefined);
    assert.equal(imagePlaceholderIn('ghcr.io/org/fake-server:latest'), undefined);
  });
  it('words the finding by how the file is filled in', () => {
    assert.match(placeholderMessage('`replicas`', '${REPLICAS:-1}', { kind: 'template', by: 'envsubst' }), /^`replicas` holds the placeholder `\$\{REPLICAS:-1\}`: the file is a template \(envsubst\)/);
    assert.match(placeholderMessage('`image`', '<image>', { kind: 'template', by: 'hand' }), /replace it with the real value before applying/);
  });
});

import { strict as assert } from 'node:assert';
import { ruleTester, run } from '../../../../../test/support/rule-tester';
import rule from './inline-secret';
import { buildWorkspace, checkFile } from '../../check';
import type { Config } from '../../config/config';
import { DEFAULT_CONFIG } from '../../config/config';
import { LWS_VLLM, lwsUnitWithWorkers } from '../reliability/kube-fixtures.test';
import { deployment, inferenceService, K8S_EXAMPLE } from '../governance/workload-fixtures.test';

// Fake credentials, assembled so that secret scanners do not mistake this file for a leak.
const HF = 'hf_' + 'AbCdEfGhIjKlMnOpQrStUvWxYz01234567';
const OPENAI = 'sk-' + 'proj-' + 'Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2';
const AWS = 'AKIA' + 'Z7Q2M4R8T1W5Y3K6';

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata: { name: demo }\nmodel: { uri: hf://org/model }\n';

ruleTester(rule, {
  valid: [
    { name: 'the token comes from a Secret (the complete example)', mutate: () => undefined },
    {
      name: 'harmless values in secret-looking names: a path, a flag, a $(VAR) reference, an empty string',
      mutate: (m) =>
        m.serving.env.push(
          { name: 'TLS_KEY', value: '/etc/tls/tls.key' },
          { name: 'HF_HUB_DISABLE_IMPLICIT_TOKEN', value: '1' },
          { name: 'OPENAI_API_KEY', value: '$(VLLM_API_KEY)' },
          { name: 'DB_PASSWORD', value: '' },
          { name: 'MAX_TOKENS', value: '4096' },
        ),
    },
    { name: 'an api key passed as $(VAR) expansion in args', mutate: (m) => m.serving.args.push('--api-key', '$(VLLM_API_KEY)') },
    { name: 'an ignored name (option ignoreNames)', options: { ignoreNames: ['CACHE_KEY'] }, mutate: (m) => m.serving.env.push({ name: 'CACHE_KEY', value: 'prefix-v2-abcdefgh' }) },
    // Kubernetes-family workloads: every container's env, command and args.
    { name: 'Kubernetes: the production example (tokens from Secrets)', yaml: K8S_EXAMPLE },
    {
      name: 'Kubernetes: secretKeyRef, $(VAR) in args, harmless literals',
      yaml: deployment({
        args: '["--model", "org/model", "--api-key", "$(VLLM_API_KEY)"]',
        container: 'env:\n  - name: VLLM_API_KEY\n    valueFrom:\n      secretKeyRef: { name: api, key: key }\n  - name: HF_HUB_DISABLE_IMPLICIT_TOKEN\n    value: "1"\n',
      }),
    },
    {
      name: 'Kubernetes: names that contain KEY but hold no credential (AIBrix KV cache, cache keys, prefixes), a Secret name, a tokenizer token',
      yaml: deployment({
        container:
          'env:\n  - name: AIBRIX_KV_CACHE_OL_META_SERVICE_CLUSTER_META_KEY\n    value: "kvcache_nodes"\n  - name: PREFIX_CACHE_KEY\n    value: "llama-3-8b-v2"\n  - name: KEY_PREFIX\n    value: "chat"\n  - name: MODEL_KEY\n    value: "qwen3-8b"\n  - name: HF_SECRET_NAME\n    value: "hf-token"\n  - name: EOS_TOKEN\n    value: "</s>"\n',
      }),
    },
    {
      name: "Kubernetes: deliberate stand-ins: OPENAI_API_KEY dummy, vLLM's EMPTY, a test key of a mock server (AIBrix gateway sample), a key written as x's",
      yaml: deployment({
        args: '["--model", "org/model", "--api_key", "test-key-1234567890"]',
        container: 'env:\n  - name: OPENAI_API_KEY\n    value: dummy\n  - name: VLLM_API_KEY\n    value: EMPTY\n  - name: HF_TOKEN\n    value: hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n',
      }),
    },
    {
      name: 'Kubernetes: $VAR inside a `sh -c` script is the shell\'s own expansion at run time',
      yaml: deployment({ container: 'command: ["/bin/sh", "-c"]\n', args: '["vllm serve org/model --api-key $VLLM_API_KEY --port 8000"]' }),
    },
  ],
  invalid: [
    {
      name: 'literal HF token in block style: value reported, at most 4 characters shown, fix writes a secretRef',
      profile: 'development',
      yaml: `${HEAD}serving:\n  env:\n    - name: HF_TOKEN\n      value: ${HF}\n`,
      findings: [
        {
          message: /`serving\.env\[0\]` \(`HF_TOKEN`\) holds a literal Hugging Face token \(`hf_A…`\).*secretRef/,
          text: HF,
          severity: 'error',
          fixable: true,
          fixed: (out) => {
            assert.match(out, /- name: HF_TOKEN\n {6}secretRef: \{ name: hf-token, key: token \}\n/);
            assert.ok(!out.includes(HF), out);
          },
        },
      ],
    },
    {
      name: 'literal OpenAI key under an innocent name, flow style',
      yaml: `${HEAD}serving:\n  env: [{ name: UPSTREAM, value: "${OPENAI}" }]\n`,
      findings: [
        {
          message: /\(`UPSTREAM`\) holds a literal OpenAI-style API key \(`sk-p…`\)/,
          text: `"${OPENAI}"`,
          fixable: true,
          fixed: (out) => assert.match(out, /\{ name: UPSTREAM, secretRef: \{ name: demo-secrets, key: upstream \} \}/),
        },
      ],
    },
    {
      name: 'AWS key and a generic password in the complete example; the message never holds the secret',
      mutate: (m) => m.serving.env.push({ name: 'AWS_ACCESS_KEY_ID', value: AWS }, { name: 'REDIS_PASSWORD', value: 'correct-horse-battery-staple' }),
      findings: [
        { message: /AWS access key \(`AKIA…`\)/, text: AWS, fixable: true },
        {
          message: /`REDIS_PASSWORD`\) holds a literal credential \(`corr…`\)/,
          text: 'correct-horse-battery-staple',
          fixable: true,
          fixed: (out) => assert.match(out, /name: REDIS_PASSWORD\n\s+secretRef: \{ name: support-assistant-secrets, key: redis-password \}/),
        },
      ],
    },
    {
      name: 'a short literal password is not shown at all',
      mutate: (m) => m.serving.env.push({ name: 'ADMIN_PASSWORD', value: 'hunter2' }),
      findings: [{ message: /holds a literal credential \(a short literal\)/, text: 'hunter2', fixable: true }],
    },
    {
      name: 'literal api key in args, both --flag=value and --flag value: reported, no automatic fix',
      mutate: (m) => m.serving.args.push(`--api-key=${OPENAI}`, '--hf-token', HF),
      findings: [
        { message: /`serving\.args\[2\]` \(`--api-key`\) passes a literal OpenAI-style API key \(`sk-p…`\).*VLLM_API_KEY/, text: `--api-key=${OPENAI}`, fixable: false },
        { message: /`serving\.args\[4\]` \(`--hf-token`\) passes a literal Hugging Face token/, text: HF, fixable: false },
      ],
    },
    {
      name: 'Kubernetes: literal HF_TOKEN on the vLLM container: reported on the value, fix writes valueFrom.secretKeyRef in block style',
      profile: 'development',
      yaml: deployment({ container: `env:\n  - name: HF_TOKEN\n    value: ${HF}\n  - name: LOG_LEVEL\n    value: info\n` }),
      findings: [
        {
          message: /`env\[0\]` \(`HF_TOKEN`\) of container `vllm` holds a literal Hugging Face token \(`hf_A…`\).*`valueFrom\.secretKeyRef`/,
          text: HF,
          severity: 'error',
          fixable: true,
          fixed: (out) => {
            assert.match(out, /\n {12}- name: HF_TOKEN\n {14}valueFrom:\n {16}secretKeyRef:\n {18}name: hf-token\n {18}key: token\n {12}- name: LOG_LEVEL\n/);
            assert.ok(!out.includes(HF), out);
          },
        },
      ],
    },
    {
      name: 'Kubernetes: a generic (non-model) workload, an init container, flow-style env: still reported; the fix stays in flow style',
      yaml: deployment({ image: 'busybox:1.36', args: '["sleep", "1"]', pod: `initContainers:\n  - name: fetch\n    image: amazon/aws-cli:2.15.0\n    env: [{ name: AWS_ACCESS_KEY_ID, value: ${AWS} }]\n` }),
      findings: [
        {
          message: /`env\[0\]` \(`AWS_ACCESS_KEY_ID`\) of init container `fetch` holds a literal AWS access key \(`AKIA…`\)/,
          text: AWS,
          fixable: true,
          fixed: (out) => assert.match(out, /env: \[\{ name: AWS_ACCESS_KEY_ID, valueFrom: \{ secretKeyRef: \{ name: llm-secrets, key: aws-access-key-id \} \} \}\]/),
        },
      ],
    },
    {
      name: 'Kubernetes: an API key inside a `sh -c` script is reported on the script item, without an automatic fix',
      yaml: deployment({ args: `["-c", "vllm serve org/model --api-key ${OPENAI}"]`, container: 'command: ["/bin/sh"]\n' }),
      findings: [{ message: /`args\[1\]` of container `vllm` \(`--api-key`\) passes a literal OpenAI-style API key \(`sk-p…`\).*VLLM_API_KEY/, text: `"vllm serve org/model --api-key ${OPENAI}"`, fixable: false }],
    },
    {
      name: 'KServe: a literal token in the predictor model env',
      yaml: inferenceService(undefined, `env:\n  - name: HF_TOKEN\n    value: ${HF}\n`),
      findings: [{ message: /`env\[0\]` \(`HF_TOKEN`\) of container `predictor.model`.*Hugging Face token/, text: HF, fixable: true, fixed: (out) => assert.match(out, / {8}- name: HF_TOKEN\n {10}valueFrom:\n {12}secretKeyRef:\n/) }],
    },
    {
      name: 'Kubernetes: an envsubst placeholder under a credential name (LWS TensorRT-LLM sample) gets the placeholder finding, a warning',
      yaml: deployment({ container: 'env:\n  - name: HF_TOKEN\n    value: $HF_TOKEN\n' }),
      findings: [{ message: /^`env\[0\]` \(`HF_TOKEN`\) of container `vllm` holds the placeholder `\$HF_TOKEN`: the file is a template \(envsubst\)/, text: '$HF_TOKEN', severity: 'warning', fixable: false }],
    },
    {
      name: 'Kubernetes: an angle-bracket marker is a placeholder to fill in by hand, also as a flag value',
      yaml: deployment({ args: '["--model", "org/model", "--api-key", "<your-api-key>"]', container: 'env:\n  - name: HUGGING_FACE_HUB_TOKEN\n    value: "<your-hf-token>"\n' }),
      findings: [
        { message: /`args\[3\]` of container `vllm` \(`--api-key`\) holds the placeholder `<your-api-key>`/, text: '"<your-api-key>"', severity: 'warning' },
        { message: /`HUGGING_FACE_HUB_TOKEN`\) of container `vllm` holds the placeholder `<your-hf-token>`: replace it with the real value/, severity: 'warning' },
      ],
    },
    {
      name: 'Kubernetes: a real-looking sk- key after --api-key in a command list (AIBrix KV cache sample) stays an error',
      yaml: deployment({ args: `["--model", "org/model", "--api-key", "${OPENAI}"]` }),
      findings: [{ message: /`args\[3\]` of container `vllm` \(`--api-key`\) passes a literal OpenAI-style API key/, severity: 'error' }],
    },
    {
      name: 'Kubernetes: a credential flag spelled with underscores (`--api_key`) is read too',
      yaml: deployment({ image: 'python:3.12', args: '["app.py", "--api_key", "Vx9-prod-2f7c1e"]' }),
      findings: [{ message: /\(`--api_key`\) passes a literal credential \(`Vx9-…`\)/, severity: 'error' }],
    },
    {
      name: 'Kubernetes: a key in the format stays a finding although it says Fake (AIBrix base-api-key sample): it is the server\'s key once deployed',
      yaml: deployment({ args: '["--model", "org/model", "--api-key", "sk-kFJ12nKsFakefVmGpj3QzX65s4RbN2xJqWzPYCjYu7wT3BFake"]' }),
      findings: [{ message: /\(`--api-key`\) passes a literal OpenAI-style API key \(`sk-k…`\)/, severity: 'error' }],
    },
  ],
});

describe('security/inline-secret messages', () => {
  it('never contain more than 4 characters of a secret', () => {
    const findings = run(rule, { name: 'leak', yaml: `${HEAD}serving:\n  env:\n    - { name: HF_TOKEN, value: ${HF} }\n    - { name: X_SECRET, value: abcdefghijklmnop }\n` });
    assert.equal(findings.length, 2);
    for (const f of findings) {
      assert.ok(!f.message.includes(HF.slice(0, 5)), f.message);
      assert.ok(!f.message.includes('abcde'), f.message);
    }
  });
});

describe('security/inline-secret on every pod template', () => {
  it('reports a literal token in a LeaderWorkerSet worker, and a placeholder there as a placeholder', () => {
    const config: Config = { ...DEFAULT_CONFIG, profile: 'production' };
    const judge = (token: string) => {
      const { file } = lwsUnitWithWorkers(LWS_VLLM.replace('vllm/vllm-openai:latest', 'vllm/vllm-openai:v0.11.0').replace('__TOKEN__', token), config);
      return checkFile(file, buildWorkspace([file]), config, {}, [rule]).filter((f) => f.code === rule.meta.id);
    };
    const literal = judge(HF);
    assert.deepEqual(literal.map((f) => [f.range.start.line + 1, f.severity]), [[23, 'error']]);
    assert.match(literal[0].message, /`env\[0\]` \(`HF_TOKEN`\) of container `vllm-worker` holds a literal Hugging Face token/);
    const placeholder = judge('$HF_TOKEN');
    assert.deepEqual(placeholder.map((f) => [f.severity, f.data?.kind]), [['warning', 'placeholder']]);
  });
});

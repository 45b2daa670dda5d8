import { strict as assert } from 'node:assert';
import { ruleTester, run } from '../../../../../test/support/rule-tester';
import rule from './inline-secret';

// Fake credentials, assembled so that secret scanners do not mistake this file for a leak.
const HF = 'hf_' + 'AbCdEfGhIjKlMnOpQrStUvWxYz01234567';
const OPENAI = 'sk-' + 'proj-' + 'Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2';
const AWS = 'AKIA' + 'IOSFODNN7EXAMPLE';

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

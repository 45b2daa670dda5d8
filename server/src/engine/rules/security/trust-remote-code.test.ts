import { strict as assert } from 'node:assert';
import { ruleTester, run } from '../../../../../test/support/rule-tester';
import rule from './trust-remote-code';
import { applyFixes } from '../../fix/apply';
import { deployment, inferenceService, K8S_EXAMPLE } from '../governance/workload-fixtures.test';

const COMMIT = '0e9e39f249a16976918f6564b8830bc894c89659';

ruleTester(rule, {
  valid: [
    { name: 'on, with a pinned commit', mutate: (m) => (m.serving.trustRemoteCode = true) },
    { name: 'on, pinned by digest instead of a revision', mutate: (m) => ((m.serving.trustRemoteCode = true), delete m.model.revision, (m.model.digest = `sha256:${'a'.repeat(64)}`)) },
    { name: 'on, pinned in a KServe-style URI', mutate: (m) => ((m.serving.trustRemoteCode = true), delete m.model.revision, (m.model.uri = `hf://org/model:${COMMIT}`)) },
    { name: 'off in args (`--trust-remote-code=false`) with a branch revision', mutate: (m) => ((m.model.revision = 'main'), m.serving.args.push('--trust-remote-code=false')) },
    // Kubernetes-family model servers: the runtime's flags.
    { name: 'Kubernetes: the production example', yaml: K8S_EXAMPLE },
    { name: 'Kubernetes: --trust-remote-code with --revision pinned to a commit', yaml: deployment({ args: `["--model", "org/model", "--trust-remote-code", "--revision", "${COMMIT}"]` }) },
    { name: 'Kubernetes: not a model server (no serving runtime)', yaml: deployment({ image: 'python:3.12', args: '["app.py", "--trust-remote-code"]' }) },
    {
      name: 'Kubernetes: a local path does not download code (AIBrix `vllm serve /models/Qwen3-8B/`, GKE `--model /models/DeepSeek-R1`)',
      yaml: deployment({ args: '["--model", "/models/DeepSeek-R1", "--trust-remote-code"]' }),
    },
    {
      name: 'Kubernetes: a placeholder model is not known',
      yaml: deployment({ args: '["--model", "$MODEL_ID", "--trust-remote-code"]' }),
    },
    {
      name: 'Kubernetes: --code-revision pins the code that runs',
      yaml: deployment({ args: `["--model", "org/model", "--trust-remote-code", "--code-revision", "${COMMIT}"]` }),
    },
    {
      name: 'KServe: --trust_remote_code with --model_revision pinned to a commit',
      yaml: inferenceService(undefined, `args: ["--trust_remote_code", "--model_revision", "${COMMIT}"]\n`),
    },
    { name: 'native: an object-store model is not judged', mutate: (m) => ((m.serving.trustRemoteCode = true), delete m.model.revision, (m.model.uri = 's3://models/llama-3/')) },
  ],
  invalid: [
    {
      name: 'on with a branch revision: reported on the flag, related to the revision, error in development',
      profile: 'development',
      mutate: (m) => ((m.serving.trustRemoteCode = true), (m.model.revision = 'main')),
      findings: [{ message: /`serving\.trustRemoteCode` runs Python code.*`model\.revision` is `main`, which can move/, text: 'true', severity: 'error', fixable: false }],
    },
    {
      name: 'a short commit is not a pin; the flag in args is found too',
      mutate: (m) => ((m.model.revision = '0e9e39f'), delete m.serving.trustRemoteCode, m.serving.args.push('--trust-remote-code')),
      findings: [{ message: /`--trust-remote-code` runs Python code/, text: '--trust-remote-code', fixable: false }],
    },
    {
      name: 'no revision at all',
      mutate: (m) => ((m.serving.trustRemoteCode = true), delete m.model.revision),
      findings: [{ message: /no `model\.revision` pins the weights/, text: 'true', fixable: false }],
    },
    {
      name: 'Kubernetes: vLLM with --trust-remote-code and no revision: reported on the flag, fixes offered but none preferred',
      profile: 'development',
      yaml: deployment({ args: '\n            - --model=org/model\n            - --trust-remote-code' }),
      findings: [{ message: /`--trust-remote-code` runs Python code from the model repository, and no `--revision` pins the model.*Pin `--revision`/, text: '--trust-remote-code', severity: 'error', fixable: false }],
    },
    {
      name: 'Kubernetes: inside a `sh -c` script the range is the flag itself; a branch revision is named in related information',
      yaml: deployment({ args: '["-c", "vllm serve org/model --revision main --trust-remote-code"]', container: 'command: ["/bin/sh"]\n' }),
      findings: [{ message: /the revision is `main`, which can move/, text: '--trust-remote-code', fixable: false }],
    },
    {
      name: 'KubeRay: trust_remote_code in engine_kwargs, reported on the serve config',
      yaml: 'apiVersion: ray.io/v1\nkind: RayService\nmetadata:\n  name: llm\nspec:\n  serveConfigV2: |\n    applications:\n      - name: llm\n        import_path: ray.serve.llm:build_openai_app\n        args:\n          llm_configs:\n            - model_loading_config:\n                model_id: org/model\n              engine_kwargs:\n                trust_remote_code: true\n  rayClusterConfig:\n    headGroupSpec:\n      rayStartParams: {}\n      template:\n        spec:\n          containers:\n            - name: head\n              image: rayproject/ray-llm:2.52.0-py311-cu128\n',
      findings: [{ message: /`trust_remote_code: true` \(engine_kwargs\).*Pin `revision` in engine_kwargs/, text: 'trust_remote_code', fixable: false }],
    },
    {
      name: 'Kubernetes: --code-revision on a branch does not pin the code',
      yaml: deployment({ args: '["--model", "deepseek-ai/DeepSeek-R1", "--trust-remote-code", "--code-revision", "main"]' }),
      findings: [{ message: /`--trust-remote-code` runs Python code from the model repository/, text: '--trust-remote-code' }],
    },
    {
      name: 'KServe: --trust_remote_code on an unpinned hf:// storage URI asks for --model_revision',
      yaml: inferenceService(undefined, 'args: ["--trust_remote_code"]\n'),
      findings: [{ message: /no `--model_revision` pins the model.*\(or `storageUri: hf:\/\/org\/model:<commit>`\)/, text: '--trust_remote_code' }],
    },
  ],
});

describe('security/trust-remote-code details', () => {
  it('points at the moving revision and offers the two manual fixes', () => {
    const [f] = run(rule, { name: 'x', mutate: (m) => ((m.serving.trustRemoteCode = true), (m.model.revision = 'v1.0')) });
    assert.match(f.related?.[0].message ?? '', /`v1\.0` is a branch or tag/);
    assert.deepEqual(f.fixes?.filter((x) => !x.title.startsWith('Suppress')).map((x) => x.title), ['Turn trust-remote-code off (the model must be supported natively)', 'Pin model.revision to a commit']);
  });
});

describe('security/trust-remote-code Kubernetes fixes', () => {
  const text = deployment({ args: '\n            - --model=org/model\n            - --trust-remote-code' });
  const fixes = () => run(rule, { name: 'x' }, text)[0].fixes!.filter((x) => !x.title.startsWith('Suppress'));
  it('offers pinning --revision after the flag, and removing the flag', () => {
    assert.deepEqual(fixes().map((x) => [x.title, !!x.isPreferred]), [['Pin the model with --revision', false], ['Remove --trust-remote-code (the model must be supported natively)', false]]);
    const pinned = applyFixes(text, [fixes()[0]]).text.replace('<40-hex commit of the reviewed code>', COMMIT);
    assert.match(pinned, /\n {12}- --trust-remote-code\n {12}- --revision=0e9e39f/);
    assert.deepEqual(run(rule, { name: 'x' }, pinned), []);
    const off = applyFixes(text, [fixes()[1]]).text;
    assert.ok(!off.includes('trust-remote-code'), off);
    assert.deepEqual(run(rule, { name: 'x' }, off), []);
  });
});

import { strict as assert } from 'node:assert';
import { buildWorkspace, checkFile } from '../../check';
import type { Config } from '../../config/config';
import { DEFAULT_CONFIG } from '../../config/config';
import { mutateExample, run, ruleTester } from '../../../../../test/support/rule-tester';
import rule, { parseImage } from './image-pinned';
import { KSERVE_HF, LWS_VLLM, lwsUnitWithWorkers, PRODUCTION_EXAMPLE, VLLM, vllm } from './kube-fixtures.test';

const DIGEST = 'sha256:' + 'a'.repeat(64);

ruleTester(rule, {
  valid: [
    { name: 'a version tag is enough by default', mutate: (m) => (m.serving.image = 'vllm/vllm-openai:v0.8.5') },
    { name: 'a digest wins over a moving tag, registry with a port', mutate: (m) => (m.serving.image = `registry.internal:5000/ml/vllm:latest@${DIGEST}`) },
    { name: 'digest only', mutate: (m) => (m.serving.image = `ghcr.io/org/server@${DIGEST}`), options: { requireDigest: true } },
    { name: 'no image stated (the platform provides it)', mutate: (m) => delete m.serving.image },
  ],
  invalid: [
    {
      name: ':latest: error on the image, the digest snippet is not applied by fix-all',
      mutate: (m) => (m.serving.image = 'vllm/vllm-openai:latest'),
      findings: [{ message: /moving tag `:latest`/, text: 'vllm/vllm-openai:latest', severity: 'error', fixable: false }],
    },
    {
      name: 'no tag, registry with a port (the port is not a tag)',
      mutate: (m) => (m.serving.image = 'registry.internal:5000/team/server'),
      findings: [{ message: /has no tag, so it means `registry.internal:5000\/team\/server:latest`/, text: 'registry.internal:5000/team/server', fixable: false }],
    },
    {
      name: 'nightly and *-latest tags move too',
      mutate: (m) => (m.serving.image = 'vllm/vllm-openai:nightly'),
      findings: [{ message: /moving tag `:nightly`/, text: 'vllm/vllm-openai:nightly' }],
    },
    {
      name: 'requireDigest: a tag alone is reported',
      mutate: (m) => (m.serving.image = 'nvcr.io/nim/meta/llama-3.1-8b-instruct:1.3.3'),
      options: { requireDigest: true },
      findings: [{ message: /pinned by tag `:1.3.3` only/, text: 'nvcr.io/nim/meta/llama-3.1-8b-instruct:1.3.3' }],
    },
  ],
});

describe('reliability/image-pinned details', () => {
  it('parses image references', () => {
    assert.deepEqual(parseImage('vllm/vllm-openai'), { name: 'vllm/vllm-openai', digest: undefined });
    assert.deepEqual(parseImage('localhost:5000/a/b:1.0'), { name: 'localhost:5000/a/b', tag: '1.0', digest: undefined });
    assert.deepEqual(parseImage(`a/b:1@${DIGEST}`), { name: 'a/b', tag: '1', digest: DIGEST });
  });
  it('offers a digest snippet that replaces the moving tag', () => {
    const [f] = run(rule, { name: 'x', mutate: (m) => (m.serving.image = 'vllm/vllm-openai:1.2-latest') });
    const fix = f.fixes!.find((x) => x.title === 'Pin the image by digest')!;
    assert.equal(fix.isPreferred, undefined);
    assert.equal(fix.snippet, true);
    assert.equal(fix.edits[0].newText, 'vllm/vllm-openai@sha256:${1:digest}');
  });
  it('keeps a version tag when adding the digest', () => {
    const [f] = run(rule, { name: 'x', mutate: (m) => (m.serving.image = 'vllm/vllm-openai:v0.8.5'), options: { requireDigest: true } });
    assert.equal(f.fixes![0].edits[0].newText, 'vllm/vllm-openai:v0.8.5@sha256:${1:digest}');
    assert.ok(mutateExample(() => undefined).includes('@sha256:'));
  });
});

// Kubernetes family: every container of a model server, init containers too.
ruleTester(rule, {
  valid: [
    { name: 'k8s: the production vLLM example (digest)', yaml: PRODUCTION_EXAMPLE },
    { name: 'k8s: a version tag', yaml: VLLM },
    { name: 'k8s: not a model server (a UI on :latest is not judged)', yaml: vllm([/image: vllm\/vllm-openai:v0.8.5\n {10}args:\n.*\n.*\n/, 'image: gradio/app:latest\n']) },
    { name: 'kserve: the runtime provides the image', yaml: KSERVE_HF },
    { name: 'k8s: a plain version tag from a mirror registry (AIBrix)', yaml: vllm(['vllm/vllm-openai:v0.8.5', 'aibrix-public-release-cn-beijing.cr.volces.com/vllm/vllm-openai:0.11.0']) },
    { name: "k8s: `$(VAR)` is no image to fill in, and not judged", yaml: vllm(['image: vllm/vllm-openai:v0.8.5\n', 'image: $(SERVER_IMAGE)\n          command: ["vllm", "serve"]\n']) },
  ],
  invalid: [
    {
      name: 'k8s: :latest on the serving container, reported on the image value',
      yaml: vllm(['vllm/vllm-openai:v0.8.5', 'vllm/vllm-openai:latest']),
      findings: [{ message: /The image of container `vllm` uses the moving tag `:latest`: every restart may pull a different server version/, text: 'vllm/vllm-openai:latest', severity: 'error', fixable: false }],
    },
    {
      name: 'k8s: an init container without a tag',
      yaml: vllm(['      containers:\n', '      initContainers:\n        - name: fetch\n          image: busybox\n      containers:\n']),
      findings: [{ message: /The image of init container `fetch` has no tag, so it means `busybox:latest`: every restart may pull a different version/, text: 'busybox', fixable: false }],
    },
    {
      name: "k8s: llm-d's REPLACE_MODEL_SERVER_IMAGE gets the placeholder finding (a warning), never an image-pinned one",
      yaml: vllm(['image: vllm/vllm-openai:v0.8.5\n', 'image: REPLACE_MODEL_SERVER_IMAGE\n          command: ["vllm", "serve"]\n']),
      findings: [{ message: /^The image of container `vllm` holds the placeholder `REPLACE_MODEL_SERVER_IMAGE`: replace it with the real value before applying the file\.$/, text: 'REPLACE_MODEL_SERVER_IMAGE', severity: 'warning', fixable: false }],
    },
    {
      name: 'k8s: an envsubst image (KubeRay TPU sample `$VLLM_IMAGE`) and an angle-bracket image (LWS `<image>`) are placeholders',
      yaml: vllm(['image: vllm/vllm-openai:v0.8.5\n', 'image: $VLLM_IMAGE\n          command: ["vllm", "serve"]\n'], ['      containers:\n', '      initContainers:\n        - name: fetch\n          image: <image>\n      containers:\n']),
      findings: [
        { message: /init container `fetch` holds the placeholder `<image>`/, text: '<image>', severity: 'warning' },
        { message: /container `vllm` holds the placeholder `\$VLLM_IMAGE`: the file is a template \(envsubst\)/, text: '$VLLM_IMAGE', severity: 'warning' },
      ],
    },
    {
      name: "k8s: an untagged image whose name carries the version (GKE's TGI Deep Learning Container) is a warning, not an error",
      yaml: vllm(['vllm/vllm-openai:v0.8.5', 'us-docker.pkg.dev/deeplearning-platform-release/gcr.io/huggingface-text-generation-inference-cu121.2-1.ubuntu2204.py310']),
      findings: [{ message: /has no tag, so it means `.*-cu121\.2-1\.ubuntu2204\.py310:latest`: the version in its name stays, but the image behind `:latest` is rebuilt/, severity: 'warning' }],
    },
    {
      name: 'k8s: a release channel (`:stable`) is a warning; a branch tag (`:main`) an error',
      yaml: vllm(['vllm/vllm-openai:v0.8.5', 'lmcache/vllm-openai:stable'], ['      containers:\n', '      initContainers:\n        - name: sync\n          image: us-central1-docker.pkg.dev/k8s-staging-images/gateway-api-inference-extension/lora-syncer:main\n      containers:\n']),
      findings: [
        { message: /`sync` uses the moving tag `:main`/, severity: 'error' },
        { message: /`vllm` uses the release channel `:stable`/, severity: 'warning' },
      ],
    },
    {
      name: 'k8s: the same Deployment with a :latest server image is an error (the model server is recognised by its command)',
      yaml: vllm(['image: vllm/vllm-openai:v0.8.5\n', 'image: registry.internal/llm/server:latest\n          command: ["vllm", "serve"]\n']),
      findings: [{ message: /`vllm` uses the moving tag `:latest`/, severity: 'error' }],
    },
  ],
});

describe('reliability/image-pinned on every pod template', () => {
  it('reports a moving tag on a LeaderWorkerSet worker, not only on the serving leader', () => {
    const config: Config = { ...DEFAULT_CONFIG, profile: 'production' };
    const { file } = lwsUnitWithWorkers(LWS_VLLM.replace('__TOKEN__', '"$(HF_TOKEN_FROM_FILE)"'), config);
    const findings = checkFile(file, buildWorkspace([file]), config, {}, [rule]).filter((f) => f.code === rule.meta.id);
    assert.deepEqual(findings.map((f) => [f.range.start.line + 1, f.severity]), [[19, 'error']]);
    assert.match(findings[0].message, /container `vllm-worker` uses the moving tag `:latest`/);
  });
});

import { strict as assert } from 'node:assert';
import { checkText } from '../../server/src/engine/check';

/**
 * A file is a template (skipped with one `meta/template` notice) only when `{{`/`{%` are template *syntax*; inside
 * strings they are data (a chat template in a ConfigMap, KServe's `{{ .Spec.Model.Name }}`), and the manifest in the
 * same file is checked like any other.
 */

const CHAT_TEMPLATE_AND_SERVER = `apiVersion: v1
kind: ConfigMap
metadata:
  name: chat-template
data:
  template.jinja: |
    {% for message in messages %}
    {{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' }}
    {% endfor %}
    {{- '<|im_start|>assistant' }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: qwen
spec:
  replicas: 1
  selector:
    matchLabels: {app: qwen}
  template:
    metadata:
      labels: {app: qwen}
    spec:
      containers:
        - name: vllm
          image: vllm/vllm-openai:latest
          args: ["--model", "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "--chat-template", "/templates/template.jinja"]
          env:
            - name: HF_TOKEN
              value: hf_abcdefghijklmnopqrstuvwxyzABCDEFGH
          resources:
            limits:
              nvidia.com/gpu: 1
`;

const HELM = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "chart.fullname" . }}
spec:
  replicas: {{ .Values.replicaCount }}
`;

const HELM_QUOTED_ONLY_IN_COMMENT = `# rendered from {{ .Values.name }} by the release pipeline
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports: [{port: 80}]
`;

describe('templates', () => {
  it('checks a manifest whose ConfigMap holds a chat template with lines starting `{{` and `{%`', () => {
    const codes = checkText('file:///w/qwen.yaml', CHAT_TEMPLATE_AND_SERVER).map((f) => f.code);
    assert.ok(!codes.includes('meta/template'), codes.join(', '));
    for (const code of ['reliability/image-pinned', 'security/inline-secret', 'reliability/model-revision-pinned']) assert.ok(codes.includes(code), `${code} in ${codes.join(', ')}`);
  });

  it('skips a Helm template with one notice on its first template marker', () => {
    const findings = checkText('file:///w/templates/deployment.yaml', HELM);
    assert.deepEqual(findings.map((f) => [f.code, f.range.start.line, f.range.start.character]), [['meta/template', 3, 8]]);
  });

  it('reads a `{{` in a comment as a comment, not as template syntax', () => {
    assert.ok(!checkText('file:///w/svc.yaml', HELM_QUOTED_ONLY_IN_COMMENT).some((f) => f.code === 'meta/template'));
  });
});

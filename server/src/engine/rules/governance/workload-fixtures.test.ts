import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Kubernetes-family fixtures shared by the security, governance and monitoring rule tables (no tests here).
 */

/** The production-ready vLLM example: every rule has no findings on it under the production profile. */
export const K8S_EXAMPLE = readFileSync(join(__dirname, '..', '..', '..', '..', '..', 'examples', 'kubernetes', 'vllm-production.yaml'), 'utf8');

const block = (entries: Record<string, string>, indent: number): string =>
  Object.entries(entries)
    .map(([k, v]) => `${' '.repeat(indent)}${k}: ${JSON.stringify(v)}\n`)
    .join('');

export interface DeploymentOptions {
  /** Annotations of the Deployment itself. */
  annotations?: Record<string, string>;
  /** Annotations of the pod template. */
  podAnnotations?: Record<string, string>;
  /** Extra pod-spec lines, written at column 0 (indented for you). */
  pod?: string;
  /** Extra lines of the model container, written at column 0. */
  container?: string;
  image?: string;
  args?: string;
}

const indent = (text: string, n: number): string =>
  text
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => (l ? ' '.repeat(n) + l : l))
    .join('\n') + '\n';

/** A vLLM Deployment `llm` in namespace `genai`, pods labelled `app: llm`, with what the case adds. */
export function deployment(o: DeploymentOptions = {}): string {
  return (
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: llm\n  namespace: genai\n' +
    (o.annotations ? `  annotations:\n${block(o.annotations, 4)}` : '') +
    'spec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: llm\n  template:\n    metadata:\n      labels:\n        app: llm\n' +
    (o.podAnnotations ? `      annotations:\n${block(o.podAnnotations, 8)}` : '') +
    '    spec:\n' +
    (o.pod ? indent(o.pod, 6) : '') +
    `      containers:\n        - name: vllm\n          image: ${o.image ?? 'vllm/vllm-openai:v0.8.5'}\n          args: ${o.args ?? '["--model", "org/model", "--port", "8000"]'}\n` +
    (o.container ? indent(o.container, 10) : '')
  );
}

/** A Service `llm` selecting `app: llm` in namespace `genai`, as a second document. */
export const SERVICE = '---\napiVersion: v1\nkind: Service\nmetadata:\n  name: llm\n  namespace: genai\nspec:\n  selector:\n    app: llm\n  ports:\n    - port: 80\n      targetPort: 8000\n';

/** A KServe InferenceService with the Hugging Face runtime. */
export function inferenceService(annotations?: Record<string, string>, model = ''): string {
  return (
    'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: chat\n' +
    (annotations ? `  annotations:\n${block(annotations, 4)}` : '') +
    'spec:\n  predictor:\n    model:\n      modelFormat:\n        name: huggingface\n      storageUri: hf://org/model\n' +
    (model ? indent(model, 6) : '')
  );
}

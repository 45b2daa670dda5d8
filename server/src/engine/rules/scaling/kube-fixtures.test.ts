import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Kubernetes test inputs shared by the scaling and integration rule tables (tests only): the production-ready vLLM
 * example, a way to edit it, and small manifests of the other formats.
 */

export const K8S_EXAMPLE = readFileSync(join(__dirname, '..', '..', '..', '..', '..', 'examples', 'kubernetes', 'vllm-production.yaml'), 'utf8');

/** The example with `from` replaced by `to` (each must occur: a stale test fails loudly). */
export function editExample(...pairs: [string, string][]): string {
  let text = K8S_EXAMPLE;
  for (const [from, to] of pairs) {
    if (!text.includes(from)) throw new Error(`the example does not contain ${JSON.stringify(from)}`);
    text = text.replace(from, to);
  }
  return text;
}

/** The example without the document of the given kind. */
export function withoutDocument(kind: string): string {
  return K8S_EXAMPLE.split(/^---\n/m)
    .filter((d) => !new RegExp(`^kind: ${kind}$`, 'm').test(d))
    .join('---\n');
}

/** One document of the example, by kind (for the `files` of cross-file cases). */
export function exampleDocument(kind: string): string {
  const doc = K8S_EXAMPLE.split(/^---\n/m).find((d) => new RegExp(`^kind: ${kind}$`, 'm').test(d));
  if (!doc) throw new Error(`no ${kind} in the example`);
  return doc;
}

/** A minimal vLLM Deployment; `container` and `pod` are extra YAML lines at container and pod-spec indentation. */
export function vllmDeployment(opts: { args?: string[]; container?: string; pod?: string; replicas?: number; labels?: string; name?: string } = {}): string {
  const args = (opts.args ?? ['meta-llama/Llama-3.1-8B-Instruct', '--port=8000']).map((a) => `            - ${a}\n`).join('');
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${opts.name ?? 'llm'}
spec:
  replicas: ${opts.replicas ?? 2}
  selector:
    matchLabels:
      app: llm
  template:
    metadata:
      labels:
        ${opts.labels ?? 'app: llm'}
    spec:
${opts.pod ?? ''}      containers:
        - name: vllm
          image: vllm/vllm-openai:v0.8.5
          command: ["vllm", "serve"]
          args:
${args}${opts.container ?? ''}`;
}

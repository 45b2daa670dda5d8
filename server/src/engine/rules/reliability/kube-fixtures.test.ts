import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Kubernetes-family manifests shared by the architecture and reliability rule tables (no tests of its own):
 * a minimal single-replica vLLM Deployment in the style of the GKE samples, and the production-ready example,
 * which must have no findings from any rule.
 */

export const PRODUCTION_EXAMPLE = readFileSync(join(__dirname, '..', '..', '..', '..', '..', 'examples', 'kubernetes', 'vllm-production.yaml'), 'utf8');

export const VLLM = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: llm
spec:
  replicas: 1
  selector:
    matchLabels:
      app: llm
  template:
    metadata:
      labels:
        app: llm
    spec:
      nodeSelector:
        cloud.google.com/gke-accelerator: nvidia-l4
      containers:
        - name: vllm
          image: vllm/vllm-openai:v0.8.5
          args:
            - --model=meta-llama/Llama-3.1-8B-Instruct
            - --port=8000
          ports:
            - name: http
              containerPort: 8000
          resources:
            limits:
              nvidia.com/gpu: "1"
`;

/** VLLM with `find` replaced by `replace` (throws when `find` is missing, so a typo cannot make a case vacuous). */
export function vllm(...edits: [string | RegExp, string][]): string {
  let text = VLLM;
  for (const [find, replace] of edits) {
    const next = text.replace(find, replace);
    if (next === text) throw new Error(`fixture edit did not apply: ${String(find)}`);
    text = next;
  }
  return text;
}

/** Probes block for the vLLM container (indented for `containers[0]`). */
export const PROBES = `          startupProbe:
            httpGet: { path: /health, port: http }
            periodSeconds: 10
            failureThreshold: 90
          readinessProbe:
            httpGet: { path: /health, port: http }
          livenessProbe:
            httpGet: { path: /health, port: http }
            periodSeconds: 30
            failureThreshold: 5
`;

export const KSERVE_HF = `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: llama
spec:
  predictor:
    model:
      modelFormat:
        name: huggingface
      storageUri: hf://meta-llama/Llama-3.1-8B-Instruct
      resources:
        limits:
          nvidia.com/gpu: "1"
`;

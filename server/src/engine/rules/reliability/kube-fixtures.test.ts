import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { FileAnalysis } from '../../check';
import { analyzeFile } from '../../check';
import type { Config } from '../../config/config';
import type { DeploymentUnit } from '../../facts/model';
import { analyzePod } from '../../formats/workload';

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

/**
 * A LeaderWorkerSet in the shape of the LWS vLLM example: the leader serves, the workers join its Ray cluster.
 * The adapter lists both templates in `unit.pods`; here that list is built as it would be.
 */
export const LWS_VLLM = `apiVersion: leaderworkerset.x-k8s.io/v1
kind: LeaderWorkerSet
metadata:
  name: vllm
spec:
  replicas: 1
  leaderWorkerTemplate:
    size: 2
    leaderTemplate:
      spec:
        containers:
          - name: vllm-leader
            image: vllm/vllm-openai:v0.11.0
            command: ["sh", "-c", "ray start --head --port=6379; vllm serve meta-llama/Llama-3.1-405B-Instruct --tensor-parallel-size 8 --pipeline-parallel-size 2"]
    workerTemplate:
      spec:
        containers:
          - name: vllm-worker
            image: vllm/vllm-openai:latest
            command: ["sh", "-c", "ray start --block --address=$(LWS_LEADER_ADDRESS):6379"]
            env:
              - name: HF_TOKEN
                value: __TOKEN__
`;

/** The unit of `text` (a LeaderWorkerSet) with its worker template in `pods`, as the LWS adapter lists it. */
export function lwsUnitWithWorkers(text: string, config: Config): { file: FileAnalysis; unit: DeploymentUnit } {
  const file = analyzeFile('file:///w/lws.yaml', text, config);
  const unit = file.documents[0].units[0];
  const path = ['spec', 'leaderWorkerTemplate', 'workerTemplate', 'spec'];
  const worker = analyzePod({ spec: (parse(text) as { spec: { leaderWorkerTemplate: { workerTemplate: { spec: Record<string, unknown> } } } }).spec.leaderWorkerTemplate.workerTemplate.spec, path }).pod;
  unit.pods = [unit.pod!, worker];
  return { file, unit };
}

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// What the adoption tests (baseline, diff, package, action) share: they run the built CLI as a user does.

export const ROOT = resolve(__dirname, '../..');
export const CLI = join(ROOT, 'dist/cli.js');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment without colour or CI settings of the machine running the tests. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of ['NO_COLOR', 'FORCE_COLOR', 'CI', 'MODELREADY_TIMING', 'GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY']) delete env[k];
  return { ...env, ...extra };
}

export function cli(args: string[], cwd: string): Run {
  return exec(process.execPath, [CLI, ...args], cwd);
}

export function exec(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Run {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: cleanEnv(env), timeout: 300_000, maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A scratch folder with its own `.modelready.yaml`, so no configuration above it (e.g. in /tmp) applies. */
export function scratch(config = 'profile: production\n'): string {
  const dir = mkdtempSync(join(tmpdir(), 'modelready-adopt-'));
  writeFileSync(join(dir, '.modelready.yaml'), config);
  return dir;
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds dist/ when a source file is newer than the CLI bundle (`npm test` builds first). */
export function ensureBuilt(): void {
  if (!existsSync(CLI) || statSync(CLI).mtimeMs < newestSource(join(ROOT, 'server/src'))) {
    const b = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(b.status, 0, b.stderr);
  }
}

/** A Deployment serving vLLM and its Service, shaped like the vLLM and llm-d quick starts (findings on purpose). */
export const VLLM_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: llama
  namespace: serving
spec:
  replicas: 1
  selector:
    matchLabels: { app: llama }
  template:
    metadata:
      labels: { app: llama }
    spec:
      containers:
        - name: vllm
          image: vllm/vllm-openai:latest
          args: ["--model", "meta-llama/Llama-3.1-8B-Instruct", "--tensor-parallel-size", "2"]
          ports:
            - containerPort: 8000
          resources:
            limits:
              nvidia.com/gpu: 1
        - name: sidecar
          image: busybox:latest
---
apiVersion: v1
kind: Service
metadata:
  name: llama
  namespace: serving
spec:
  selector: { app: llama }
  ports:
    - port: 80
      targetPort: 8000
`;

/** An env entry holding a literal Hugging Face token: a new `security/inline-secret` error where it is added. */
export const INLINE_TOKEN = `          env:
            - name: HF_TOKEN
              value: hf_FAKEtokenForModelReadyTestsOnly1234
`;

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { CheckWorkspaceResult } from '../../server/src/protocol';
import { CheckWorkspaceProgressNotification, CheckWorkspaceRequest } from '../../server/src/protocol';

/** `ModelReady: Check Workspace`: every manifest, with a cancellable progress notification. */
export async function checkWorkspace(client: LanguageClient): Promise<CheckWorkspaceResult | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('ModelReady checks only open documents in an untrusted workspace. Trust the workspace to check every manifest.');
    return undefined;
  }
  const filesExclude = vscode.workspace.getConfiguration('files').get<Record<string, boolean>>('exclude') ?? {};
  const exclude = Object.entries(filesExclude)
    .filter(([, on]) => on)
    .map(([glob]) => glob);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'ModelReady: checking the workspace', cancellable: true },
    async (progress, token) => {
      let last = 0;
      const sub = client.onNotification(CheckWorkspaceProgressNotification, (p) => {
        const pct = (100 * p.done) / Math.max(1, p.total);
        progress.report({ increment: pct - last, message: `${p.done} of ${p.total} files` });
        last = pct;
      });
      try {
        const result = await client.sendRequest(CheckWorkspaceRequest, { exclude }, token);
        const verdict = `${result.files} files: ${result.error} errors, ${result.warning} warnings, ${result.info} info`;
        void vscode.window.showInformationMessage(result.cancelled ? `ModelReady: cancelled after ${verdict}.` : `ModelReady: ${verdict}. See the Problems panel.`);
        return result;
      } finally {
        sub.dispose();
      }
    },
  );
}

/** `ModelReady: Select Profile`: writes `modelready.profile` for the workspace. */
export async function selectProfile(profile?: string): Promise<string | undefined> {
  const picks = [
    { label: 'development', description: 'schema, syntax and security errors only' },
    { label: 'production', description: 'every readiness rule at its default severity' },
    { label: 'regulated', description: 'governance and monitoring rules become errors' },
  ];
  const current = vscode.workspace.getConfiguration('modelready').get<string>('profile');
  const chosen = profile ?? (await vscode.window.showQuickPick(picks.map((p) => ({ ...p, picked: p.label === current, detail: p.label === current ? 'current' : undefined })), { title: 'ModelReady profile' }))?.label;
  if (!chosen) return undefined;
  const target = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration('modelready').update('profile', chosen, target);
  return chosen;
}

export interface ManifestAnswers {
  name: string;
  runtime: 'vllm' | 'tgi' | 'sglang' | 'triton' | 'llama-cpp';
  target: 'cloud' | 'on-prem' | 'hybrid';
  exposure: 'internal' | 'public';
  personalData: boolean;
}

/** The starter manifest: valid, passes the development profile, and leaves what production needs visible. */
export function starterManifest(a: ManifestAnswers): string {
  const images: Record<ManifestAnswers['runtime'], string> = {
    vllm: 'vllm/vllm-openai:v0.8.5',
    tgi: 'ghcr.io/huggingface/text-generation-inference:3.0.1',
    sglang: 'lmsysorg/sglang:v0.4.6',
    triton: 'nvcr.io/nvidia/tritonserver:25.01-trtllm-python-py3',
    'llama-cpp': 'ghcr.io/ggml-org/llama.cpp:server',
  };
  const lines = [
    '# A starter ModelDeployment from ModelReady. It passes the development profile; the Problems panel',
    '# (production profile) lists what is still missing before production.',
    'apiVersion: modelready.dev/v1alpha1',
    'kind: ModelDeployment',
    'metadata:',
    `  name: ${a.name}`,
    '  owner: team@example.com',
    'model:',
    '  uri: hf://org/model',
    'architecture:',
    `  target: ${a.target}`,
    'serving:',
    `  runtime: ${a.runtime}`,
    `  image: ${images[a.runtime]}`,
    `  protocol: ${a.runtime === 'triton' ? 'open-inference-v2' : 'openai'}`,
    `  exposure: ${a.exposure}`,
    `  auth: ${a.exposure === 'public' ? 'oidc' : 'api-key'}`,
    `  tls: ${a.exposure === 'public'}`,
    '  security:',
    '    runAsNonRoot: true',
    '    allowPrivilegeEscalation: false',
    'governance:',
    '  personalData:',
    `    processed: ${a.personalData}`,
    '',
  ];
  return lines.join('\n');
}

/** `ModelReady: New Model Deployment Manifest`: a guided pick, then an untitled manifest to save. */
export async function newManifest(answers?: ManifestAnswers): Promise<vscode.TextDocument | undefined> {
  const a = answers ?? (await askManifest());
  if (!a) return undefined;
  const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: starterManifest(a) });
  await vscode.window.showTextDocument(doc);
  return doc;
}

async function askManifest(): Promise<ManifestAnswers | undefined> {
  const name = await vscode.window.showInputBox({
    title: 'New model deployment (1/5): name',
    value: 'my-model',
    validateInput: (v) => (/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(v) ? undefined : 'A DNS-1123 label: lower-case letters, digits and dashes.'),
  });
  if (!name) return undefined;
  const runtime = await vscode.window.showQuickPick(['vllm', 'tgi', 'sglang', 'triton', 'llama-cpp'], { title: 'New model deployment (2/5): model server' });
  if (!runtime) return undefined;
  const target = await vscode.window.showQuickPick(['cloud', 'on-prem', 'hybrid'], { title: 'New model deployment (3/5): deployment target' });
  if (!target) return undefined;
  const exposure = await vscode.window.showQuickPick(['internal', 'public'], { title: 'New model deployment (4/5): who calls it?' });
  if (!exposure) return undefined;
  const pd = await vscode.window.showQuickPick(['no', 'yes'], { title: 'New model deployment (5/5): does it process personal data?' });
  if (!pd) return undefined;
  return { name, runtime: runtime as ManifestAnswers['runtime'], target: target as ManifestAnswers['target'], exposure: exposure as ManifestAnswers['exposure'], personalData: pd === 'yes' };
}

import { CodeLensRefreshRequest } from 'vscode-languageserver/node';
import type { CodeLens, Connection, TextDocuments } from 'vscode-languageserver/node';
import type { OpenDocument } from './document';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname } from 'node:path';
import { GenerateError } from '../engine/generate/index';
import type { PlannedFile } from '../node/generate';
import type { PreviewFile, PreviewResult } from '../protocol';
import { GenerateRequest, ImportRequest } from '../protocol';
import { planGeneration, planImport, posixRelative, staleImplementations } from '../node/generate';

function toPreview(files: readonly PlannedFile[]): PreviewFile[] {
  return files.map((f) => ({ uri: pathToFileURL(f.path).href, text: f.text, current: f.current }));
}

function failure(e: unknown): PreviewResult {
  if (e instanceof GenerateError) return { error: e.message };
  throw e;
}

/**
 * Generate and import for the editor (`modelready/generate`, `modelready/import`: the client previews the files
 * and writes them), and the code lens on `implementation:` when the generated files it names are stale.
 */
export function registerGenerate(connection: Connection, documents: TextDocuments<OpenDocument>, isTrusted: () => boolean, canRefresh: () => boolean): { filesChanged(): void } {
  const textOf = (uri: string): string | undefined => documents.get(uri)?.getText();

  connection.onRequest(GenerateRequest, (p): PreviewResult => {
    if (!p.uri.startsWith('file:')) return { error: 'save the manifest first: generated files are written beside it' };
    try {
      const plan = planGeneration({ manifestPath: fileURLToPath(p.uri), manifestText: textOf(p.uri), target: p.target });
      return { target: plan.target, files: toPreview(plan.files) };
    } catch (e) {
      return failure(e);
    }
  });

  connection.onRequest(ImportRequest, (p): PreviewResult => {
    if (!p.uri.startsWith('file:')) return { error: 'save the file first: the ModelDeployment is written beside it' };
    const path = fileURLToPath(p.uri);
    const text = textOf(p.uri);
    if (text === undefined) return { error: 'open the file first' };
    try {
      return { files: toPreview(planImport([{ path, text }], dirname(path))) };
    } catch (e) {
      return failure(e);
    }
  });

  connection.onCodeLens((params): CodeLens[] => {
    const uri = params.textDocument.uri;
    const doc = documents.get(uri);
    // Per chunk (each starts a line): a lens request after a keystroke does not join a large file's text.
    if (!doc || !isTrusted() || !uri.startsWith('file:') || !doc.text.chunks.some((c) => /^implementation\s*:/m.test(c))) return [];
    const path = fileURLToPath(uri);
    const stale = staleImplementations(path, doc.getText());
    if (stale.length === 0) return [];
    const line = doc.getText().split('\n').findIndex((l) => /^implementation\s*:/.test(l));
    const range = { start: { line, character: 0 }, end: { line, character: 'implementation'.length } };
    return stale.map((s) => ({
      range,
      command: {
        title: `$(sync) ${s.paths.map((f) => posixRelative(dirname(path), f)).join(', ')} out of date: regenerate (${s.target})`,
        command: 'modelready.generateImplementation',
        arguments: [uri, { target: s.target }],
      },
    }));
  });

  return {
    // A generated file changed on disk: lenses on the manifests that name it may change.
    filesChanged: () => {
      if (canRefresh()) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    },
  };
}

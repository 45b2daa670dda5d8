/**
 * Helpers for extension-host (e2e) tests. They run inside a real VS Code (code-server or desktop through
 * @vscode/test-electron) with the full `vscode` API.
 */
import * as vscode from 'vscode';

export const EXTENSION_ID = 'modelready.modelready';

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The first (only) workspace folder: a throw-away copy of test/e2e/workspace. */
export function workspaceFolder(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open (the runner must open a copy of test/e2e/workspace)');
  return folder.uri;
}

/** URI of a file of the workspace, e.g. `workspaceUri('broken.modelready.yaml')`. */
export function workspaceUri(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder(), ...relativePath.split('/'));
}

/** The extension under test, activated, with its session (language client, status bar) loaded. */
export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded (is extensionDevelopmentPath the repo root?)`);
  if (!ext.isActive) await ext.activate();
  await (ext.exports as { ready(): Promise<void> }).ready();
  return ext;
}

/** Opens a workspace file (relative path) or URI in an editor and returns the document and its editor. */
export async function openDoc(
  file: string | vscode.Uri,
  options: vscode.TextDocumentShowOptions = { preview: false },
): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor }> {
  const uri = typeof file === 'string' ? workspaceUri(file) : file;
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc, options);
  return { doc, editor };
}

/** Opens an untitled document with the given content and language (default yaml). */
export async function openUntitled(
  content: string,
  language = 'yaml',
): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor }> {
  const doc = await vscode.workspace.openTextDocument({ content, language });
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  return { doc, editor };
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * Polls `check` until it returns a value other than `undefined`/`false`, or throws after `timeoutMs` with
 * `what` in the message.
 */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 15_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/**
 * Waits until the diagnostics of `uri` satisfy `predicate` (default: at least one diagnostic) and returns
 * them. Listens to `onDidChangeDiagnostics` and also re-checks periodically. Throws on timeout, listing
 * what was there.
 */
export async function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: vscode.Diagnostic[]) => boolean = (d) => d.length > 0,
  timeoutMs = 15_000,
): Promise<vscode.Diagnostic[]> {
  const current = () => vscode.languages.getDiagnostics(uri);
  if (predicate(current())) return current();
  return new Promise<vscode.Diagnostic[]>((resolve, reject) => {
    const finish = (error?: Error) => {
      clearTimeout(timer);
      clearInterval(poll);
      sub.dispose();
      if (error) reject(error);
      else resolve(current());
    };
    const check = () => {
      if (predicate(current())) finish();
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const poll = setInterval(check, 250);
    const timer = setTimeout(() => {
      const got = current()
        .map((d) => `  ${formatDiagnostic(d)}`)
        .join('\n');
      finish(new Error(`timed out after ${timeoutMs} ms waiting for diagnostics on ${uri.toString()}; have:\n${got || '  (none)'}`));
    }, timeoutMs);
  });
}

/**
 * Waits until the diagnostics of `uri` have not changed for `quietMs` (e.g. after an edit, to let the
 * server's debounce and re-validation finish), then returns them.
 */
export async function waitForStableDiagnostics(uri: vscode.Uri, quietMs = 1_000, timeoutMs = 15_000): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + timeoutMs;
  let last = JSON.stringify(vscode.languages.getDiagnostics(uri).map(formatDiagnostic));
  let since = Date.now();
  while (Date.now() < deadline) {
    await sleep(100);
    const now = JSON.stringify(vscode.languages.getDiagnostics(uri).map(formatDiagnostic));
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) {
      return vscode.languages.getDiagnostics(uri);
    }
  }
  throw new Error(`diagnostics on ${uri.toString()} kept changing for ${timeoutMs} ms`);
}

/** `code` of a diagnostic as a string (`code` may be a string, number or `{ value, target }`). */
export function diagnosticCode(d: vscode.Diagnostic): string | undefined {
  if (d.code === undefined) return undefined;
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** `L:C-L:C [severity] code: message` with 1-based lines/columns, for assertion messages. */
export function formatDiagnostic(d: vscode.Diagnostic): string {
  const r = d.range;
  const sev = vscode.DiagnosticSeverity[d.severity];
  return `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1} [${sev}] ${diagnosticCode(d) ?? '-'}: ${d.message}`;
}

/**
 * Position of the `occurrence`-th (0-based) match of `text` in `doc`, shifted by `offset` characters into
 * the match (e.g. `positionOf(doc, 'target: clod', 0, 'target: '.length)` is the start of `clod`).
 */
export function positionOf(doc: vscode.TextDocument, text: string, occurrence = 0, offset = 0): vscode.Position {
  const content = doc.getText();
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = content.indexOf(text, index + 1);
    if (index < 0) throw new Error(`'${text}' (occurrence ${occurrence}) not found in ${doc.uri.toString()}`);
  }
  return doc.positionAt(index + offset);
}

/** Range covering the `occurrence`-th match of `text` in `doc`. */
export function rangeOf(doc: vscode.TextDocument, text: string, occurrence = 0): vscode.Range {
  const start = positionOf(doc, text, occurrence);
  return new vscode.Range(start, doc.positionAt(doc.offsetAt(start) + text.length));
}

/** Replaces the whole content of the document through its editor and waits for the edit to apply. */
export async function setText(editor: vscode.TextEditor, content: string): Promise<void> {
  const doc = editor.document;
  const all = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
  const ok = await editor.edit((b) => b.replace(all, content));
  if (!ok) throw new Error('editor.edit was rejected');
}

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { GenerateParams, ImportParams, PreviewResult } from '../../server/src/protocol';
import { GenerateRequest, ImportRequest } from '../../server/src/protocol';

export const PREVIEW_SCHEME = 'modelready-preview';

/** Read-only documents holding what would be written, shown on the right of the diff. */
class PreviewDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }
}

/** A preview waiting for the user: Write or Cancel (notification or the diff editor's title bar). */
interface Pending {
  files: { uri: vscode.Uri; text: string }[];
  /** The right side of the diff. */
  preview: vscode.Uri;
  settle(write: boolean): void;
}

export interface PreviewOutcome {
  /** Files written (empty when cancelled or nothing changed). */
  written: string[];
  error?: string;
}

/**
 * "Generate Implementation" and "Create ModelDeployment from This Manifest": the server computes the files, the
 * editor shows the main one as a diff against the disk, and writes them only when the user confirms.
 */
export class GeneratePreview implements vscode.Disposable {
  private readonly documents = new PreviewDocuments();
  private pending: Pending | undefined;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.disposables = [
      vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, this.documents),
      // Closing the preview without writing is a Cancel.
      vscode.window.tabGroups.onDidChangeTabs((e) => {
        const preview = this.pending?.preview.toString();
        if (e.closed.some((t) => isPreviewTab(t) && (t.input as vscode.TabInputTextDiff).modified.toString() === preview)) this.settle(false);
      }),
    ];
  }

  dispose(): void {
    this.settle(false);
    for (const d of this.disposables) d.dispose();
  }

  /** "Generate Implementation" (modelready.generateImplementation). */
  generate(uri?: vscode.Uri | string, options?: { target?: 'kubernetes' | 'kserve' }): Promise<PreviewOutcome> {
    return this.run(GenerateRequest, uri, options?.target ? { target: options.target } : {}, 'Generate implementation');
  }

  /** "Create ModelDeployment from This Manifest" (modelready.importManifest). */
  importManifest(uri?: vscode.Uri | string): Promise<PreviewOutcome> {
    return this.run(ImportRequest, uri, {}, 'Create ModelDeployment');
  }

  /** Write (modelready.applyPreview) or discard (modelready.discardPreview) the pending preview. */
  settle(write: boolean): void {
    const p = this.pending;
    this.pending = undefined;
    void vscode.commands.executeCommand('setContext', 'modelready.previewPending', false);
    p?.settle(write);
  }

  private async run(request: typeof GenerateRequest | typeof ImportRequest, target: vscode.Uri | string | undefined, extra: Omit<GenerateParams, 'uri'> | Omit<ImportParams, 'uri'>, title: string): Promise<PreviewOutcome> {
    const uri = typeof target === 'string' ? vscode.Uri.parse(target) : (target ?? vscode.window.activeTextEditor?.document.uri);
    const client = this.client();
    if (!uri || !client) return { written: [], error: 'no manifest is open' };
    const result: PreviewResult = await client.sendRequest(request as typeof GenerateRequest, { uri: uri.toString(), ...extra });
    if (result.error || !result.files) {
      void vscode.window.showErrorMessage(`ModelReady: ${result.error ?? 'nothing to write'}`);
      return { written: [], error: result.error };
    }
    const changed = result.files.filter((f) => f.text !== f.current).map((f) => ({ ...f, uri: vscode.Uri.parse(f.uri) }));
    if (changed.length === 0) {
      void vscode.window.showInformationMessage(`ModelReady: ${result.files.map((f) => vscode.workspace.asRelativePath(vscode.Uri.parse(f.uri))).join(', ')} up to date.`);
      return { written: [] };
    }
    // The first file is the one made (the generated manifests or the new ModelDeployment); the others are links to it.
    const main = changed[0];
    const right = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: main.uri.path, query: 'new' });
    this.documents.set(right, main.text);
    let left = main.uri;
    if (main.current === undefined) {
      left = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: main.uri.path, query: 'empty' });
      this.documents.set(left, '');
    }
    const name = vscode.workspace.asRelativePath(main.uri);
    const also = changed.slice(1).map((f) => vscode.workspace.asRelativePath(f.uri));
    // Pending before the diff opens: Write or Cancel may come as soon as it shows.
    this.settle(false);
    const decision = new Promise<boolean>((resolve) => {
      this.pending = { files: changed, preview: right, settle: resolve };
    });
    void vscode.commands.executeCommand('setContext', 'modelready.previewPending', true);
    await vscode.commands.executeCommand('vscode.diff', left, right, `${name} (${main.current === undefined ? 'new' : 'changed'}, preview)`, { preview: true });
    // A progress notification, not a message: it goes away when the preview is settled from the title bar.
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `${title}: review the diff, then write ${name}${also.length > 0 ? ` and update ${also.join(', ')}` : ''} with ✓ in the editor's title bar`, cancellable: true },
      (_progress, token) => {
        token.onCancellationRequested(() => {
          if (this.pending?.files === changed) this.settle(false);
        });
        return decision;
      },
    );
    const write = await decision;
    await closePreviewTabs();
    if (!write) return { written: [] };

    const edit = new vscode.WorkspaceEdit();
    for (const f of changed) {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === f.uri.toString());
      if (open) edit.replace(f.uri, new vscode.Range(open.positionAt(0), open.positionAt(open.getText().length)), f.text);
      else edit.createFile(f.uri, { overwrite: true, contents: new TextEncoder().encode(f.text) });
    }
    await vscode.workspace.applyEdit(edit);
    // Open documents were edited in place: save them so the disk holds what was previewed.
    for (const f of changed) await vscode.workspace.textDocuments.find((d) => d.uri.toString() === f.uri.toString())?.save();
    await vscode.window.showTextDocument(main.uri, { preview: false });
    return { written: changed.map((f) => f.uri.toString()) };
  }
}

function isPreviewTab(t: vscode.Tab): boolean {
  return t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === PREVIEW_SCHEME;
}

async function closePreviewTabs(): Promise<void> {
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter(isPreviewTab);
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
}

import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { CloseHandlerResult, ErrorHandler, ErrorHandlerResult, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';

import { checkWorkspace, newManifest, selectProfile } from './commands';
import type { ManifestAnswers } from './commands';
import { GeneratePreview } from './generate';
import { exportReport } from './report/export';
import { ReportPanel } from './report/panel';
import { ReadinessStatusBar } from './statusBar';
import type { ExportFormat } from '../../server/src/protocol';
import { SERVER_NODE_FLAGS } from '../../server/src/protocol';
import { TrustChangedNotification } from '../../server/src/protocol';
import type { RenderedSummary, ToWebview } from './webview/protocol';

// The part of the extension that activation does not load (dist/session.js, see extension.ts): the language
// client and everything that talks to the server.

const RESTART_WINDOW_MS = 3 * 60 * 1000;
const MAX_RESTARTS = 3;

/**
 * Restarts a crashed server quietly, telling the user once; after too many crashes in a short time it stops
 * and says so once, instead of a restart loop with a notification each time.
 */
export class RestartingErrorHandler implements ErrorHandler {
  private readonly crashes: number[] = [];
  private notified = false;
  restarts = 0;

  error(): ErrorHandlerResult {
    return { action: ErrorAction.Continue, handled: true };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    while (this.crashes.length > 0 && now - this.crashes[0] > RESTART_WINDOW_MS) this.crashes.shift();
    this.crashes.push(now);
    if (this.crashes.length > MAX_RESTARTS) {
      return {
        action: CloseAction.DoNotRestart,
        message: `The ModelReady server stopped ${this.crashes.length} times in 3 minutes and was not restarted. See the ModelReady output, then run "ModelReady: Restart Server".`,
      };
    }
    this.restarts++;
    if (!this.notified) {
      this.notified = true;
      void vscode.window.showWarningMessage('The ModelReady server stopped unexpectedly and was restarted.');
    }
    return { action: CloseAction.Restart, handled: true };
  }
}

function createClient(context: vscode.ExtensionContext, errorHandler: ErrorHandler): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS, '--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // YAML files only, on disk and unsaved; other schemes (git, output) are not manifests.
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    synchronize: {
      configurationSection: 'modelready',
      // Configuration files, and manifests other manifests refer to (Services, PDBs, HPAs in other files).
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}'),
    },
    // In an untrusted workspace only open documents are checked: no workspace scan, no referenced files.
    initializationOptions: { trusted: vscode.workspace.isTrusted },
    diagnosticCollectionName: 'modelready',
    errorHandler,
    outputChannelName: 'ModelReady',
  };
  return new LanguageClient('modelready', 'ModelReady', serverOptions, clientOptions);
}

/** The running extension: its language client, status bar and previews, and what its commands do. */
export interface Session extends vscode.Disposable {
  readonly client: LanguageClient;
  readonly statusBar: ReadinessStatusBar;
  /** How many times a crashed server was restarted in this session. */
  restarts(): number;
  /** What the report webview last rendered, and a way to talk to it. */
  report(): { rendered: RenderedSummary | undefined; post(message: ToWebview): Thenable<boolean> | undefined };
  /** What each contributed command (`modelready.<name>`) does; extension.ts registers them. */
  readonly commands: Commands;
}

export type Commands = ReturnType<typeof commandsOf>;

function commandsOf(context: vscode.ExtensionContext, client: LanguageClient, preview: GeneratePreview) {
  const activeManifest = (uri?: vscode.Uri): vscode.Uri | undefined => uri ?? vscode.window.activeTextEditor?.document.uri;
  return {
    restartServer: async () => {
      await client.restart();
    },
    fixAll: async () => {
      const editor = vscode.window.activeTextEditor;
      if (editor) await vscode.commands.executeCommand('editor.action.codeAction', { kind: 'source.fixAll.modelready', apply: 'first' });
    },
    showReport: (uri?: vscode.Uri) => {
      ReportPanel.show(context, client, activeManifest(uri));
    },
    showWorkspaceReport: () => {
      ReportPanel.show(context, client, undefined);
    },
    exportReport: (format?: ExportFormat, target?: vscode.Uri, scope?: vscode.Uri | null) =>
      exportReport(client, scope === null ? undefined : activeManifest(scope), format, target),
    checkWorkspace: () => checkWorkspace(client),
    newManifest: (answers?: ManifestAnswers) => newManifest(answers),
    selectProfile: (profile?: string) => selectProfile(profile),
    generateImplementation: (uri?: vscode.Uri | string, options?: { target?: 'kubernetes' | 'kserve' }) => preview.generate(uri, options),
    importManifest: (uri?: vscode.Uri | string) => preview.importManifest(uri),
    applyPreview: () => preview.settle(true),
    discardPreview: () => preview.settle(false),
  };
}

/** Creates the language client and starts it without waiting for the server. */
export function startSession(context: vscode.ExtensionContext): Session {
  const errorHandler = new RestartingErrorHandler();
  const client = createClient(context, errorHandler);
  const statusBar = new ReadinessStatusBar(() => client);
  const preview = new GeneratePreview(() => client);
  const trust = vscode.workspace.onDidGrantWorkspaceTrust(() => void client.sendNotification(TrustChangedNotification, { trusted: true }));
  void client.start();
  return {
    client,
    statusBar,
    restarts: () => errorHandler.restarts,
    report: () => ({ rendered: ReportPanel.lastRendered, post: (m) => ReportPanel.active?.post(m) }),
    commands: commandsOf(context, client, preview),
    dispose: () => {
      trust.dispose();
      preview.dispose();
      statusBar.dispose();
    },
  };
}

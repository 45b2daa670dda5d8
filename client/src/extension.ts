import * as vscode from 'vscode';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

function createClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
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
    outputChannelName: 'ModelReady',
  };
  return new LanguageClient('modelready', 'ModelReady', serverOptions, clientOptions);
}

export async function activate(context: vscode.ExtensionContext): Promise<{ client: () => LanguageClient | undefined }> {
  client = createClient(context);
  context.subscriptions.push(
    vscode.commands.registerCommand('modelready.restartServer', async () => {
      await client?.restart();
    }),
    vscode.commands.registerCommand('modelready.fixAll', async () => {
      const editor = vscode.window.activeTextEditor;
      if (editor) await vscode.commands.executeCommand('editor.action.codeAction', { kind: 'source.fixAll.modelready', apply: 'first' });
    }),
  );
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.sendNotification('modelready/trustChanged', { trusted: true })),
  );
  // Starting is not awaited: activation stays fast and the server comes up in the background.
  void client.start();
  return { client: () => client };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

import type { Commands, Session } from './session';
import type { ReadinessStatusBar } from './statusBar';
import type { RenderedSummary, ToWebview } from './webview/protocol';

// Activation loads only this file (dist/client.js): it registers the commands and returns. The language client
// (vscode-languageclient is three quarters of the extension's code) and everything that talks to the server are
// dist/session.js, loaded in the next turn of the event loop, so the server starts as early as before but
// outside VS Code's activation, which other extensions and the workbench wait for.

/** Every contributed command, `modelready.<name>`; the session says what each does. */
const COMMANDS: Record<keyof Commands, true> = {
  restartServer: true,
  fixAll: true,
  showReport: true,
  showWorkspaceReport: true,
  exportReport: true,
  checkWorkspace: true,
  newManifest: true,
  selectProfile: true,
  generateImplementation: true,
  importManifest: true,
  applyPreview: true,
  discardPreview: true,
};

let session: Session | undefined;
let starting: Promise<Session> | undefined;

/** What the extension exports: for other extensions and for the end-to-end tests. */
export interface ModelReadyApi {
  /** Undefined until the session has loaded, just after activation. */
  client(): LanguageClient | undefined;
  /** Settles once the session has loaded and its server is starting. */
  ready(): Promise<void>;
  /** How many times a crashed server was restarted in this session. */
  restarts(): number;
  /** What the report webview last rendered, and a way to talk to it. */
  report(): { rendered: RenderedSummary | undefined; post(message: ToWebview): Thenable<boolean> | undefined };
  statusBar(): ReadinessStatusBar | undefined;
}

function startSession(context: vscode.ExtensionContext): Promise<Session> {
  return new Promise<Session>((resolve, reject) =>
    setImmediate(() => {
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        session = (require('./session.js') as typeof import('./session')).startSession(context);
        context.subscriptions.push(session);
        resolve(session);
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    }),
  );
}

export function activate(context: vscode.ExtensionContext): ModelReadyApi {
  const ready = (starting = startSession(context));
  ready.catch((e: Error) => void vscode.window.showErrorMessage(`ModelReady could not start: ${e.message}`));
  for (const name of Object.keys(COMMANDS) as (keyof Commands)[]) {
    context.subscriptions.push(
      vscode.commands.registerCommand(`modelready.${name}`, async (...args: unknown[]) => {
        const run = (await ready).commands[name] as (...a: unknown[]) => unknown;
        return run(...args);
      }),
    );
  }
  return {
    client: () => session?.client,
    ready: () => ready.then(() => undefined),
    restarts: () => session?.restarts() ?? 0,
    report: () => session?.report() ?? { rendered: undefined, post: () => undefined },
    statusBar: () => session?.statusBar,
  };
}

export async function deactivate(): Promise<void> {
  const s = await starting?.catch(() => undefined);
  starting = undefined;
  session = undefined;
  await s?.client.stop();
}

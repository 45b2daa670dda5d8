import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ReportRequest } from '../../../server/src/protocol';
import type { FromWebview, RenderedSummary, ToWebview } from '../webview/protocol';
import { exportReport } from './export';

/**
 * The readiness report webview: one panel, for the active manifest or the whole workspace. It refreshes
 * when diagnostics change, and a click on a finding reveals its range.
 */
export class ReportPanel {
  private static current: ReportPanel | undefined;
  /** What the webview last rendered: the end-to-end tests read it. */
  static lastRendered: RenderedSummary | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private refreshTimer: NodeJS.Timeout | undefined;
  private ready = false;

  static show(context: vscode.ExtensionContext, client: LanguageClient, uri: vscode.Uri | undefined): ReportPanel {
    if (ReportPanel.current) {
      ReportPanel.current.uri = uri;
      ReportPanel.current.panel.reveal(vscode.ViewColumn.Beside);
      void ReportPanel.current.refresh();
      return ReportPanel.current;
    }
    const panel = vscode.window.createWebviewPanel('modelready.report', 'Readiness Report', vscode.ViewColumn.Beside, {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(context.extensionUri, 'media')],
    });
    ReportPanel.current = new ReportPanel(context, client, panel, uri);
    return ReportPanel.current;
  }

  static get active(): ReportPanel | undefined {
    return ReportPanel.current;
  }

  private constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: LanguageClient,
    readonly panel: vscode.WebviewPanel,
    private uri: vscode.Uri | undefined,
  ) {
    panel.webview.html = this.html();
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.svg');
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: FromWebview) => this.onMessage(m)),
      vscode.languages.onDidChangeDiagnostics(() => this.scheduleRefresh()),
    );
  }

  /** Sends a message to the webview (tests use it to click a finding). */
  post(message: ToWebview): Thenable<boolean> {
    return this.panel.webview.postMessage(message);
  }

  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refresh(), 300);
  }

  async refresh(): Promise<void> {
    if (!this.ready) return;
    const report = await this.client.sendRequest(ReportRequest, { uri: this.uri?.toString() });
    const title = this.uri ? `Readiness: ${vscode.workspace.asRelativePath(this.uri)}` : 'Readiness: workspace';
    this.panel.title = this.uri ? `Readiness: ${this.uri.path.split('/').pop()}` : 'Readiness: workspace';
    await this.post({ type: 'report', report, title });
  }

  private async onMessage(m: FromWebview): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        await this.refresh();
        break;
      case 'rendered':
        ReportPanel.lastRendered = m.summary;
        break;
      case 'reveal': {
        const range = new vscode.Range(m.line - 1, m.column - 1, m.endLine - 1, m.endColumn - 1);
        const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(m.uri));
        await vscode.window.showTextDocument(doc, { selection: range, viewColumn: vscode.ViewColumn.One, preserveFocus: false });
        break;
      }
      case 'export':
        await exportReport(this.client, this.uri, m.format);
        break;
    }
  }

  private html(): string {
    const webview = this.panel.webview;
    const nonce = Array.from({ length: 32 }, () => Math.floor(Math.random() * 36).toString(36)).join('');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview', 'report.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'media', 'report.css'));
    // Strict CSP: our own stylesheet and one nonce'd script; no inline code, no remote content.
    const csp = `default-src 'none'; img-src ${webview.cspSource} data:; style-src ${webview.cspSource}; script-src 'nonce-${nonce}';`;
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>Readiness Report</title>
</head>
<body>
<main id="root" aria-live="polite"><p>Loading the readiness report…</p></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
  }

  private dispose(): void {
    clearTimeout(this.refreshTimer);
    ReportPanel.current = undefined;
    for (const d of this.disposables) d.dispose();
  }
}

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { FileSummaryResult } from '../../server/src/protocol';
import { FileSummaryRequest } from '../../server/src/protocol';

/**
 * The status bar item on manifests: the active file's readiness score and counts, a tooltip per area,
 * and a click that opens the report. Hidden on YAML that is not a manifest.
 */
export class ReadinessStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('modelready.score', vscode.StatusBarAlignment.Right, 100);
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** Last summary shown (the end-to-end tests read it). */
  last: FileSummaryResult | undefined;

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.item.name = 'ModelReady readiness';
    this.item.command = 'modelready.showReport';
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule(0)),
      vscode.languages.onDidChangeDiagnostics((e) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active && e.uris.some((u) => u.toString() === active)) this.schedule(250);
      }),
    );
    this.schedule(0);
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), delay);
  }

  async update(): Promise<void> {
    const doc = vscode.window.activeTextEditor?.document;
    const client = this.client();
    if (!doc || doc.languageId !== 'yaml' || !client?.isRunning()) {
      this.hide();
      return;
    }
    let summary: FileSummaryResult;
    try {
      summary = await client.sendRequest(FileSummaryRequest, { uri: doc.uri.toString() });
    } catch {
      this.hide();
      return;
    }
    if (vscode.window.activeTextEditor?.document !== doc) return;
    this.last = summary;
    void vscode.commands.executeCommand('setContext', 'modelready.isManifest', summary.isManifest);
    if (!summary.isManifest) {
      this.item.hide();
      return;
    }
    const { error, warning } = summary.counts;
    this.item.text = `$(shield) ${summary.score ?? '–'}  $(error) ${error} $(warning) ${warning}`;
    this.item.backgroundColor = error > 0 ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    const tooltip = new vscode.MarkdownString(`**ModelReady readiness: ${summary.score ?? 'n/a'} / 100**\n\n| area | score |\n| --- | ---: |\n`);
    for (const a of summary.areas) tooltip.appendMarkdown(`| ${a.area} | ${a.score} |\n`);
    tooltip.appendMarkdown(`\n${error} errors, ${warning} warnings, ${summary.counts.info} info. Click for the report.`);
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: `ModelReady readiness ${summary.score ?? 'not applicable'}, ${error} errors, ${warning} warnings` };
    this.item.show();
  }

  private hide(): void {
    this.last = undefined;
    this.item.hide();
    void vscode.commands.executeCommand('setContext', 'modelready.isManifest', false);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.item.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ExportFormat } from '../../../server/src/protocol';
import { ExportReportRequest } from '../../../server/src/protocol';

const FORMATS: { format: ExportFormat; label: string; extension: string }[] = [
  { format: 'markdown', label: 'Markdown', extension: 'md' },
  { format: 'html', label: 'HTML (self-contained)', extension: 'html' },
  { format: 'sarif', label: 'SARIF 2.1.0', extension: 'sarif' },
  { format: 'json', label: 'JSON', extension: 'json' },
];

/**
 * `ModelReady: Export Readiness Report…`: asks for the format and the file unless given (tests and other
 * extensions pass both), writes the report and returns where it went.
 */
export async function exportReport(client: LanguageClient, scope: vscode.Uri | undefined, format?: ExportFormat, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const chosen = format ? FORMATS.find((f) => f.format === format) : await vscode.window.showQuickPick(FORMATS.map((f) => ({ ...f, description: `.${f.extension}` })), { title: 'Export the readiness report as' });
  if (!chosen) return undefined;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = `${scope ? scope.path.split('/').pop()!.replace(/\.ya?ml$/, '') : 'workspace'}.readiness.${chosen.extension}`;
  const file = target ?? (await vscode.window.showSaveDialog({ defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined, filters: { [chosen.label]: [chosen.extension] } }));
  if (!file) return undefined;
  const text = await client.sendRequest(ExportReportRequest, { uri: scope?.toString(), format: chosen.format });
  await vscode.workspace.fs.writeFile(file, Buffer.from(text, 'utf8'));
  if (!target) void vscode.window.showInformationMessage(`Readiness report written to ${vscode.workspace.asRelativePath(file)}.`);
  return file;
}

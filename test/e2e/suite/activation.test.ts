import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { resultsDir, screenshot } from '../screenshot';
import { closeAllEditors, EXTENSION_ID, openDoc, waitFor, waitForDiagnostics } from './util';

/** The extension host's activation times, as the workbench keeps them (ms). */
interface ActivationTimes {
  codeLoadingTime: number;
  activateCallTime: number;
  activateResolvedTime: number;
  startup: boolean;
  activationEvent: string;
}

/**
 * "Developer: Startup Performance" (`perfview.show`) renders the workbench's record of each extension's
 * activation times — the same `activationTimes` the Running Extensions editor shows — as a markdown
 * document, `perf:Startup Performance`. The `vscode` API has no other way to them.
 */
const PERF_URI = vscode.Uri.from({ scheme: 'perf', path: 'Startup Performance' });
const COLUMNS = { extension: 'Extension', startup: 'Eager', codeLoadingTime: 'Load Code', activateCallTime: 'Call Activate', activateResolvedTime: 'Finish Activate', activationEvent: 'Event' };

/** The row of `extensionId` in the "Extension Activation Stats" table of the perf document, if there yet. */
function parseActivationStats(markdown: string, extensionId: string): ActivationTimes | undefined {
  const section = markdown.split(/^## /m).find((s) => s.startsWith('Extension Activation Stats'));
  if (!section) return undefined;
  const rows = section
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
  const [header, , ...body] = rows;
  const col = (name: string) => header.indexOf(name);
  const row = body.find((r) => r[col(COLUMNS.extension)]?.toLowerCase() === extensionId.toLowerCase());
  if (!row) return undefined;
  const num = (name: string) => Number(row[col(name)]);
  return {
    codeLoadingTime: num(COLUMNS.codeLoadingTime),
    activateCallTime: num(COLUMNS.activateCallTime),
    activateResolvedTime: num(COLUMNS.activateResolvedTime),
    startup: row[col(COLUMNS.startup)] === 'true',
    activationEvent: row[col(COLUMNS.activationEvent)],
  };
}

describe('activation', () => {
  after(closeAllEditors);

  it('records ModelReady’s activation times as VS Code measured them (activation.json; screenshot: running-extensions)', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is loaded`);
    // Activated the way a user activates it (onLanguage:yaml), unless an earlier test already did; how long the
    // user then waits for the first diagnostics is recorded too (the language client loads after activation).
    const activatedHere = !ext.isActive;
    const opened = Date.now();
    const { doc } = await openDoc('broken.modelready.yaml');
    await waitForDiagnostics(doc.uri, (d) => d.length > 0, 30_000);
    const openToDiagnosticsMs = Date.now() - opened;

    await vscode.commands.executeCommand('workbench.action.showRuntimeExtensions');
    await screenshot('running-extensions');

    await vscode.commands.executeCommand('perfview.show');
    const perf = await vscode.workspace.openTextDocument(PERF_URI);
    // The document says "Loading..." until the workbench has the figures.
    const times = await waitFor(() => parseActivationStats(perf.getText(), EXTENSION_ID), `${EXTENSION_ID} in ${PERF_URI.toString()}`, 30_000);
    for (const key of ['codeLoadingTime', 'activateCallTime', 'activateResolvedTime'] as const) {
      assert.ok(Number.isFinite(times[key]), `${key} is a number (got ${times[key]})`);
    }

    const record = {
      extension: EXTENSION_ID,
      // What the Running Extensions editor shows as "Activation: N ms": loading the code plus the call of activate().
      shownMs: times.codeLoadingTime + times.activateCallTime,
      ...times,
      // Wall time in the extension host from opening broken.modelready.yaml to its first diagnostics.
      openToDiagnosticsMs: activatedHere ? openToDiagnosticsMs : undefined,
      source: 'VS Code workbench activation times (Developer: Startup Performance, "Extension Activation Stats")',
      commit: gitCommit(ext.extensionPath),
      vscodeVersion: vscode.version,
      appHost: vscode.env.appHost,
      date: new Date().toISOString(),
    };
    const dir = resultsDir();
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'activation.json'), JSON.stringify(record, null, 2) + '\n');
  });
});

/** The commit of the checkout the extension under test is in (the bench's copy is inside the repository too). */
function gitCommit(dir: string): string | undefined {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'client', 'server', 'package.json'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return dirty ? `${head} + uncommitted changes` : head;
  } catch {
    return undefined;
  }
}

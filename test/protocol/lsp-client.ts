import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import type { Diagnostic, ProtocolConnection, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export const SERVER = join(__dirname, '..', '..', 'dist', 'server.js');

/** What the tests' editor supports: diagnostics with related information, docs links and versions. */
const CAPABILITIES = { textDocument: { publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, versionSupport: true } } };

/** A diagnostic as `file|code|line:column|message` (1-based), comparable with the CLI's JSON findings. */
export function diagnosticKey(uri: string, d: Diagnostic): string {
  return findingKey(uri, String(d.code), d.range.start.line + 1, d.range.start.character + 1, typeof d.message === 'string' ? d.message : d.message.value);
}

/** A finding as `file|code|line:column|message`, from the CLI's JSON (`line`/`column` 1-based). */
export function findingKey(uri: string, code: string, line: number, column: number, message: string): string {
  return `${uri}|${code}|${line}:${column}|${message}`;
}

/** A minimal editor: starts `node dist/server.js --stdio` and speaks LSP to it over JSON-RPC. */
export class LspClient {
  readonly process: ChildProcess;
  readonly connection: ProtocolConnection;
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  private readonly latest = new Map<string, Diagnostic[]>();
  private readonly waiters: { uri: string; version?: number; resolve: (d: Diagnostic[]) => void }[] = [];
  stderr = '';

  constructor(args: string[] = ['--stdio']) {
    this.process = spawn(process.execPath, [SERVER, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p);
      this.latest.set(p.uri, p.diagnostics);
      for (const w of [...this.waiters]) {
        if (w.uri === p.uri && (w.version === undefined || p.version === w.version)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(p.diagnostics);
        }
      }
    });
    this.connection.onRequest('workspace/configuration', () => [{}]);
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.listen();
  }

  /** Starts the server with no workspace; `textDocument` adds client capabilities (e.g. `codeAction.resolveSupport`). */
  async initialize(textDocument: Record<string, unknown> = {}): Promise<unknown> {
    const capabilities = { textDocument: { ...CAPABILITIES.textDocument, ...textDocument } };
    const result = await this.connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** Starts the server on a workspace folder, as an editor opening that folder does (`trusted`, `settings`, ...). */
  async initializeWorkspace(folder: string, initializationOptions: Record<string, unknown> = {}): Promise<unknown> {
    const uri = pathToFileURL(folder).href;
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: basename(folder) }],
      capabilities: CAPABILITIES,
      initializationOptions,
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** The latest diagnostics the server published, per document (cleared with `.clear()`). */
  get published(): Map<string, Diagnostic[]> {
    return this.latest;
  }

  /** Resolves with the diagnostics published for `uri` (at `version`, when given). */
  waitForDiagnostics(uri: string, version?: number, timeoutMs = 10_000): Promise<Diagnostic[]> {
    const known = this.diagnostics.get(uri);
    if (known && (version === undefined || known.version === version)) return Promise.resolve(known.diagnostics);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri}@${version} within ${timeoutMs} ms; stderr: ${this.stderr}`)), timeoutMs);
      this.waiters.push({ uri, version, resolve: (d) => (clearTimeout(timer), resolve(d)) });
    });
  }

  async open(uri: string, text: string, version = 1): Promise<Diagnostic[]> {
    this.diagnostics.delete(uri);
    const wait = this.waitForDiagnostics(uri, version);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
    return wait;
  }

  async change(uri: string, version: number, changes: unknown[]): Promise<Diagnostic[]> {
    const wait = this.waitForDiagnostics(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return wait;
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  async shutdown(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.process.once('exit', (code) => resolve(code)));
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    const code = await exited;
    this.connection.dispose();
    return code;
  }
}

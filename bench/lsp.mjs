// A minimal LSP client over stdio for the benchmark: starts a server process, answers the requests a
// server makes of its client (configuration, registrations), keeps one text model per open document and
// times requests and diagnostics. Times are taken in this process with performance.now().
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

const DEFAULT_TIMEOUT_MS = 60_000;
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

export class LspClient {
  /**
   * @param {object} o
   * @param {string} o.name        label for messages
   * @param {string} o.command     executable (process.execPath for Node servers)
   * @param {string[]} o.args
   * @param {string} o.cwd
   * @param {Record<string, unknown>} o.settings  answers to workspace/configuration, by section
   */
  constructor({ name, command, args, cwd, settings = {} }) {
    Object.assign(this, { name, command, args, cwd, settings });
    /** @type {Map<string, {lines: string[], version: number}>} */
    this.docs = new Map();
    /** Latest publishDiagnostics per URI, with the time it arrived. */
    this.published = new Map();
    this.waiters = new Map();
    this.configurationRequests = 0;
    this.stderrTail = '';
  }

  get pid() {
    return this.proc?.pid;
  }

  async start(rootDir) {
    this.proc = spawn(this.command, this.args, { cwd: this.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.proc.once('exit', (code, signal) => resolve({ code, signal })));
    this.proc.stderr.on('data', (d) => {
      this.stderrTail = (this.stderrTail + d).slice(-4000);
    });
    const conn = createMessageConnection(new StreamMessageReader(this.proc.stdout), new StreamMessageWriter(this.proc.stdin));
    this.conn = conn;
    conn.onNotification('textDocument/publishDiagnostics', (p) => this.#onDiagnostics(p, performance.now()));
    conn.onNotification(() => {}); // window/logMessage, telemetry, $/progress …
    conn.onRequest('workspace/configuration', (p) => {
      this.configurationRequests++;
      return p.items.map((item) => this.#section(item.section));
    });
    // client/registerCapability, window/workDoneProgress/create, workspace/workspaceFolders, custom requests.
    conn.onRequest(() => null);
    conn.onClose(() => this.#failWaiters(new Error(`${this.name}: connection closed\n${this.stderrTail}`)));
    conn.listen();

    const rootUri = pathToFileURL(rootDir).href;
    const started = performance.now();
    this.initializeResult = await this.#withTimeout(
      conn.sendRequest('initialize', {
        processId: process.pid,
        clientInfo: { name: 'modelready-bench' },
        rootUri,
        workspaceFolders: [{ uri: rootUri, name: 'bench' }],
        capabilities: {
          workspace: {
            configuration: true,
            didChangeConfiguration: { dynamicRegistration: true },
            workspaceFolders: true,
          },
          textDocument: {
            synchronization: { dynamicRegistration: false, didSave: false },
            publishDiagnostics: { versionSupport: true, relatedInformation: true },
            completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
            hover: { contentFormat: ['markdown', 'plaintext'] },
          },
        },
      }),
      'initialize',
    );
    await conn.sendNotification('initialized', {});
    this.initializeMs = performance.now() - started;
  }

  /** Sends the settings (servers that pull them answer from `settings` via workspace/configuration). */
  async changeConfiguration() {
    await this.conn.sendNotification('workspace/didChangeConfiguration', { settings: this.settings });
  }

  /** Waits until the server has pulled its configuration at least `count` times (or `ms` passed). */
  async settle(count = 1, ms = 3000) {
    const until = performance.now() + ms;
    while (this.configurationRequests < count && performance.now() < until) await sleep(20);
    await sleep(100);
  }

  /** Opens a document and resolves with the first diagnostics published for it and the time they took. */
  async open(uri, text) {
    this.docs.set(uri, { lines: text.split('\n'), version: 1 });
    const wait = this.#waitForDiagnostics(uri, 1, 'open');
    const t0 = performance.now();
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const p = await wait;
    return { ms: p.receivedAt - t0, diagnostics: p.diagnostics };
  }

  async close(uri) {
    this.docs.delete(uri);
    await this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /**
   * Replaces characters [start, end) of one line with `text` (an incremental didChange) and resolves
   * with the diagnostics published for the new version and the time they took. A server that publishes
   * without `version` is matched by the first publish after the change.
   */
  async edit(uri, line, start, end, text) {
    const doc = this.docs.get(uri);
    const old = doc.lines[line];
    doc.lines[line] = old.slice(0, start) + text + old.slice(end);
    const version = ++doc.version;
    const wait = this.#waitForDiagnostics(uri, version, 'edit');
    const t0 = performance.now();
    await this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character: start }, end: { line, character: end } }, text }],
    });
    const p = await wait;
    return { ms: p.receivedAt - t0, diagnostics: p.diagnostics };
  }

  line(uri, line) {
    return this.docs.get(uri).lines[line];
  }

  /** Times one request; returns the latency and the result. */
  async request(method, params) {
    const t0 = performance.now();
    const result = await this.#withTimeout(this.conn.sendRequest(method, params), method);
    return { ms: performance.now() - t0, result };
  }

  completion(uri, line, character) {
    return this.request('textDocument/completion', { textDocument: { uri }, position: { line, character }, context: { triggerKind: 1 } });
  }

  hover(uri, line, character) {
    return this.request('textDocument/hover', { textDocument: { uri }, position: { line, character } });
  }

  /** Resident memory of the server process in MB: current (VmRSS) and peak (VmHWM). Linux only. */
  memory() {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
      return { rssMB: kb('VmRSS') / 1024, peakMB: kb('VmHWM') / 1024 };
    } catch {
      return { rssMB: null, peakMB: null };
    }
  }

  /** CPU time (user + system) the server process has used so far, in ms (10 ms resolution); null without /proc. */
  cpuMs() {
    const ticks = this.cpuTicks();
    return ticks === null ? null : (ticks * 1000) / CLOCK_TICKS;
  }

  /** CPU time (user + system) the server process has used, in clock ticks; null where /proc is missing. */
  cpuTicks() {
    try {
      const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(fields[11]) + Number(fields[12]);
    } catch {
      return null;
    }
  }

  /**
   * Waits until the server has used no CPU for `quietMs` (it finished background work such as indexing
   * the workspace), at most `maxMs`. Resolves with the time waited.
   */
  async waitIdle({ quietMs = 400, maxMs = 60_000 } = {}) {
    const t0 = performance.now();
    let last = this.cpuTicks();
    if (last === null) {
      await sleep(quietMs);
      return performance.now() - t0;
    }
    let quietSince = performance.now();
    while (performance.now() - t0 < maxMs) {
      await sleep(50);
      const now = this.cpuTicks();
      if (now !== last) {
        last = now;
        quietSince = performance.now();
      } else if (performance.now() - quietSince >= quietMs) break;
    }
    return performance.now() - t0 - quietMs;
  }

  async stop() {
    if (!this.proc || this.proc.exitCode !== null) return;
    try {
      await this.#withTimeout(this.conn.sendRequest('shutdown'), 'shutdown', 5000);
      await this.conn.sendNotification('exit');
    } catch {
      // fall through to the kill below
    }
    const exited = await Promise.race([this.exited, sleep(5000).then(() => null)]);
    if (!exited) this.proc.kill('SIGKILL');
    this.conn.dispose();
  }

  #section(section) {
    if (section === undefined) return this.settings;
    return section.split('.').reduce((v, k) => (v && typeof v === 'object' ? v[k] : undefined), this.settings) ?? null;
  }

  #waitForDiagnostics(uri, version, what) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#removeWaiter(uri, waiter);
        reject(new Error(`${this.name}: no diagnostics for ${what} of ${uri} (version ${version}) within ${DEFAULT_TIMEOUT_MS} ms`));
      }, DEFAULT_TIMEOUT_MS);
      const waiter = {
        accepts: (p) => p.version === undefined || p.version === null || p.version >= version,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      const list = this.waiters.get(uri) ?? [];
      list.push(waiter);
      this.waiters.set(uri, list);
    });
  }

  #removeWaiter(uri, waiter) {
    const list = this.waiters.get(uri) ?? [];
    this.waiters.set(
      uri,
      list.filter((w) => w !== waiter),
    );
  }

  #onDiagnostics(params, receivedAt) {
    const p = { ...params, receivedAt };
    this.published.set(params.uri, p);
    const list = this.waiters.get(params.uri);
    if (!list) return;
    const done = list.filter((w) => w.accepts(p));
    if (done.length === 0) return;
    this.waiters.set(
      params.uri,
      list.filter((w) => !done.includes(w)),
    );
    for (const w of done) w.resolve(p);
  }

  #failWaiters(error) {
    for (const list of this.waiters.values()) for (const w of list) w.reject(error);
    this.waiters.clear();
  }

  #withTimeout(promise, what, ms = DEFAULT_TIMEOUT_MS) {
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${this.name}: ${what} timed out after ${ms} ms\n${this.stderrTail}`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

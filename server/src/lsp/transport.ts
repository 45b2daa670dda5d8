import { format } from 'node:util';
import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import type { Connection, Diagnostic, Message } from 'vscode-languageserver/node';

/**
 * The server's connection, from its command line (`--stdio`, `--node-ipc`, `--socket=N`). Over stdio the
 * messages are written by an encoder that serialises each diagnostic once: an edit re-publishes a file's whole
 * list, and on a large file JSON.stringify of thousands of unchanged diagnostics was most of an edit's time.
 */
export function createServerConnection(argv: readonly string[] = process.argv): Connection {
  if (!argv.includes('--stdio')) return createConnection(ProposedFeatures.all);
  const writer = new StreamMessageWriter(process.stdout, { charset: 'utf-8', contentTypeEncoder: { name: 'application/json', encode } });
  const connection = createConnection(ProposedFeatures.all, new StreamMessageReader(process.stdin), writer);
  // The server exits when the editor closes stdin, with 0 after a shutdown request, as `--stdio` does.
  let shutdown = false;
  connection.onShutdown(() => {
    shutdown = true;
  });
  for (const event of ['end', 'close']) process.stdin.on(event, () => process.exit(shutdown ? 0 : 1));
  // stdout carries the protocol: console output goes to the editor's log instead (as `--stdio` does it).
  console.log = console.info = console.debug = (...args: unknown[]) => connection.console.log(format(...args));
  console.warn = (...args: unknown[]) => connection.console.warn(format(...args));
  console.error = (...args: unknown[]) => connection.console.error(format(...args));
  return connection;
}

/** JSON of diagnostics already sent, and its length in UTF-8. The server reuses a diagnostic object while its finding stands. */
const serialised = new WeakMap<Diagnostic, { json: string; bytes: number }>();

interface PublishDiagnostics {
  method: string;
  params: { uri: string; version?: number; diagnostics: Diagnostic[] };
}

function isPublish(msg: Message): msg is Message & PublishDiagnostics {
  const m = msg as Partial<PublishDiagnostics>;
  return m.method === 'textDocument/publishDiagnostics' && Array.isArray(m.params?.diagnostics);
}

function serialise(d: Diagnostic): { json: string; bytes: number } {
  let s = serialised.get(d);
  if (s === undefined) {
    const json = JSON.stringify(d);
    serialised.set(d, (s = { json, bytes: Buffer.byteLength(json, 'utf-8') }));
  }
  return s;
}

/**
 * One buffer for large publishes, reused: the writer sends one message at a time and encodes the next only
 * after the last was written, so a file's megabytes of diagnostics are not a new buffer (and a new string)
 * per edit.
 */
let shared = Buffer.alloc(0);
const COMMA = 0x2c;

/** The same bytes JSON.stringify would give (key order aside), with each diagnostic's JSON reused. */
function encode(msg: Message): Promise<Uint8Array> {
  try {
    if (!isPublish(msg)) return Promise.resolve(Buffer.from(JSON.stringify(msg), 'utf-8'));
    const { uri, version, diagnostics } = msg.params;
    const head = `{"jsonrpc":${JSON.stringify(msg.jsonrpc)},"method":"textDocument/publishDiagnostics","params":{"uri":${JSON.stringify(uri)}${version === undefined ? '' : `,"version":${JSON.stringify(version)}`},"diagnostics":[`;
    const tail = ']}}';
    const parts = diagnostics.map(serialise);
    const size = Buffer.byteLength(head) + parts.reduce((n, p) => n + p.bytes + 1, 0) + tail.length;
    if (size > shared.length) shared = Buffer.allocUnsafe(Math.max(size, shared.length * 2));
    let at = shared.write(head, 0, 'utf-8');
    parts.forEach((p, i) => {
      if (i > 0) shared[at++] = COMMA;
      at += shared.write(p.json, at, 'utf-8');
    });
    at += shared.write(tail, at, 'utf-8');
    return Promise.resolve(shared.subarray(0, at));
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}

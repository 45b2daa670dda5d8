import { format } from 'node:util';
import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import type { Connection, Diagnostic, Message } from 'vscode-languageserver/node';

/**
 * The server's connection, from its command line (`--stdio`, `--node-ipc`, `--socket=N`). Over stdio the
 * messages are written by an encoder that serialises only the diagnostics that changed since the file's last
 * publish and copies the bytes of the others: an edit re-publishes a file's whole list, and on a large file
 * JSON.stringify of thousands of unchanged diagnostics was most of an edit's time.
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

interface PublishDiagnostics {
  method: string;
  params: { uri: string; version?: number; diagnostics: Diagnostic[] };
}

function isPublish(msg: Message): msg is Message & PublishDiagnostics {
  const m = msg as Partial<PublishDiagnostics>;
  return m.method === 'textDocument/publishDiagnostics' && Array.isArray(m.params?.diagnostics);
}

function serialise(d: Diagnostic): { json: string; bytes: number } {
  const json = JSON.stringify(d);
  return { json, bytes: Buffer.byteLength(json, 'utf-8') };
}

/** A file's last published diagnostics, their JSON joined by commas, and where each one's JSON starts and ends in it. */
interface Published {
  diagnostics: readonly Diagnostic[];
  body: Buffer;
  starts: Uint32Array;
  ends: Uint32Array;
}

/**
 * Per file, the last publish: an edit changes one document's diagnostics, and the bytes of the diagnostics before
 * and after them (the very same objects, found by identity) are copied from it rather than written again.
 */
const lastPublished = new Map<string, Published>();

/**
 * One buffer for large publishes, reused: the writer sends one message at a time and encodes the next only
 * after the last was written, so a file's megabytes of diagnostics are not a new buffer (and a new string)
 * per edit.
 */
let shared = Buffer.alloc(0);
const COMMA = 0x2c;

/** The JSON of `diagnostics` joined by commas, reusing the bytes of the previous publish's identical head and tail. */
function body(previous: Published | undefined, diagnostics: readonly Diagnostic[]): Published {
  const n = diagnostics.length;
  let head = 0;
  let tail = 0;
  if (previous) {
    const old = previous.diagnostics;
    const max = Math.min(old.length, n);
    while (head < max && old[head] === diagnostics[head]) head++;
    while (tail < max - head && old[old.length - 1 - tail] === diagnostics[n - 1 - tail]) tail++;
  }
  const middle = diagnostics.slice(head, n - tail).map(serialise);
  const headBytes = head > 0 ? previous!.ends[head - 1] - previous!.starts[0] : 0;
  const tailFrom = tail > 0 ? previous!.starts[previous!.diagnostics.length - tail] : 0;
  const tailBytes = tail > 0 ? previous!.ends[previous!.diagnostics.length - 1] - tailFrom : 0;
  const size = headBytes + tailBytes + middle.reduce((sum, p) => sum + p.bytes, 0) + Math.max(0, n - 1);
  const out = Buffer.allocUnsafe(size);
  const starts = new Uint32Array(n);
  const ends = new Uint32Array(n);
  let at = 0;
  if (head > 0) {
    previous!.body.copy(out, 0, previous!.starts[0], previous!.ends[head - 1]);
    const shift = -previous!.starts[0];
    for (let i = 0; i < head; i++) [starts[i], ends[i]] = [previous!.starts[i] + shift, previous!.ends[i] + shift];
    at = headBytes;
  }
  middle.forEach((p, k) => {
    if (head + k > 0) out[at++] = COMMA;
    starts[head + k] = at;
    at += out.write(p.json, at, 'utf-8');
    ends[head + k] = at;
  });
  if (tail > 0) {
    if (n - tail > 0) out[at++] = COMMA;
    previous!.body.copy(out, at, tailFrom, tailFrom + tailBytes);
    const shift = at - tailFrom;
    const first = previous!.diagnostics.length - tail;
    for (let i = 0; i < tail; i++) [starts[n - tail + i], ends[n - tail + i]] = [previous!.starts[first + i] + shift, previous!.ends[first + i] + shift];
    at += tailBytes;
  }
  return { diagnostics, body: out.subarray(0, at), starts, ends };
}

/** The same bytes JSON.stringify would give (key order aside), with each diagnostic's JSON reused. */
export function encode(msg: Message): Promise<Uint8Array> {
  try {
    if (!isPublish(msg)) return Promise.resolve(Buffer.from(JSON.stringify(msg), 'utf-8'));
    const { uri, version, diagnostics } = msg.params;
    const head = `{"jsonrpc":${JSON.stringify(msg.jsonrpc)},"method":"textDocument/publishDiagnostics","params":{"uri":${JSON.stringify(uri)}${version === undefined ? '' : `,"version":${JSON.stringify(version)}`},"diagnostics":[`;
    const tail = ']}}';
    const published = body(lastPublished.get(uri), diagnostics);
    // A closed file publishes nothing: nothing of it is kept.
    if (diagnostics.length > 0) lastPublished.set(uri, published);
    else lastPublished.delete(uri);
    const size = Buffer.byteLength(head) + published.body.length + tail.length;
    if (size > shared.length) shared = Buffer.allocUnsafe(Math.max(size, shared.length * 2));
    let at = shared.write(head, 0, 'utf-8');
    at += published.body.copy(shared, at);
    at += shared.write(tail, at, 'utf-8');
    return Promise.resolve(shared.subarray(0, at));
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}

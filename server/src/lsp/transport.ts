import { format } from 'node:util';
import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import type { Connection, Diagnostic, Message } from 'vscode-languageserver/node';
import { sharedEnds } from './convert';

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

/**
 * A file's last publish: the message's bytes, the diagnostics in it and where each one's JSON starts and ends in
 * those bytes, and a spare buffer (the publish before) that the next message is written into.
 */
interface Published {
  diagnostics: readonly Diagnostic[];
  /** The buffer written, of which the message is the first `length` bytes. */
  buffer: Buffer;
  length: number;
  starts: Uint32Array;
  ends: Uint32Array;
  spare?: Buffer;
}

/**
 * Per file, the last publish: an edit changes one document's diagnostics, and the bytes of the diagnostics before
 * and after them (the very same objects, found by identity) are copied from it rather than written again. Two
 * buffers take turns per file: the writer has sent a message before the next one is encoded, and a new buffer of
 * megabytes per keystroke is garbage the process would carry until the next collection.
 */
const lastPublished = new Map<string, Published>();
const COMMA = 0x2c;

/** The message publishing `diagnostics`, reusing the bytes of the previous publish's identical head and tail of diagnostics. */
function publishBytes(messageHead: string, messageTail: string, previous: Published | undefined, diagnostics: readonly Diagnostic[]): Published {
  const n = diagnostics.length;
  const old = previous?.diagnostics ?? [];
  const { head, tail } = sharedEnds(old, diagnostics);
  const middle = diagnostics.slice(head, n - tail).map(serialise);
  const headFrom = head > 0 ? previous!.starts[0] : 0;
  const headBytes = head > 0 ? previous!.ends[head - 1] - headFrom : 0;
  const tailFrom = tail > 0 ? previous!.starts[old.length - tail] : 0;
  const tailBytes = tail > 0 ? previous!.ends[old.length - 1] - tailFrom : 0;
  const size = Buffer.byteLength(messageHead) + headBytes + tailBytes + middle.reduce((sum, p) => sum + p.bytes, 0) + Math.max(0, n - 1) + messageTail.length;
  const spare = previous?.spare;
  const out = spare && spare.length >= size ? spare : Buffer.allocUnsafe(Math.ceil(size * 1.25));
  const starts = new Uint32Array(n);
  const ends = new Uint32Array(n);
  let at = out.write(messageHead, 0, 'utf-8');
  if (head > 0) {
    previous!.buffer.copy(out, at, headFrom, headFrom + headBytes);
    const shift = at - headFrom;
    for (let i = 0; i < head; i++) {
      starts[i] = previous!.starts[i] + shift;
      ends[i] = previous!.ends[i] + shift;
    }
    at += headBytes;
  }
  middle.forEach((p, k) => {
    if (head + k > 0) out[at++] = COMMA;
    starts[head + k] = at;
    at += out.write(p.json, at, 'utf-8');
    ends[head + k] = at;
  });
  if (tail > 0) {
    if (n - tail > 0) out[at++] = COMMA;
    previous!.buffer.copy(out, at, tailFrom, tailFrom + tailBytes);
    const shift = at - tailFrom;
    const first = old.length - tail;
    for (let i = 0; i < tail; i++) {
      starts[n - tail + i] = previous!.starts[first + i] + shift;
      ends[n - tail + i] = previous!.ends[first + i] + shift;
    }
    at += tailBytes;
  }
  at += out.write(messageTail, at, 'utf-8');
  return { diagnostics, buffer: out, length: at, starts, ends, spare: previous?.buffer };
}

/** The same bytes JSON.stringify would give (key order aside), with each diagnostic's JSON reused. */
export function encode(msg: Message): Promise<Uint8Array> {
  try {
    if (!isPublish(msg)) return Promise.resolve(Buffer.from(JSON.stringify(msg), 'utf-8'));
    const { uri, version, diagnostics } = msg.params;
    const head = `{"jsonrpc":${JSON.stringify(msg.jsonrpc)},"method":"textDocument/publishDiagnostics","params":{"uri":${JSON.stringify(uri)}${version === undefined ? '' : `,"version":${JSON.stringify(version)}`},"diagnostics":[`;
    const published = publishBytes(head, ']}}', lastPublished.get(uri), diagnostics);
    // A closed file publishes nothing: nothing of it is kept.
    if (diagnostics.length > 0) lastPublished.set(uri, published);
    else lastPublished.delete(uri);
    return Promise.resolve(published.buffer.subarray(0, published.length));
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}

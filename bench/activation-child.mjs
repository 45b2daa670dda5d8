// Run in a fresh Node process by extension.mjs: require()s the bundled extension client with a stub
// `vscode` module and calls activate() with a fake ExtensionContext, then prints the times as JSON.
//
// This is NOT VS Code's activation time (the e2e suite's activation test reads that, see extension.mjs): there
// is no extension host, no real API behind the stub, and Node start-up is excluded. It measures what the
// extension's own code costs to load and activate, and then to load the session (the language client) that
// activate() defers to the next turn of the event loop.
//
// Usage: node activation-child.mjs <dist/client.js> <extension root>
import Module, { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const [clientPath, extensionRoot] = process.argv.slice(2);

/** An object on which every property, call and `new` gives another stub; enough for module-level use. */
function stub(path) {
  const children = new Map();
  const target = function () {};
  return new Proxy(target, {
    get(t, prop) {
      if (prop === 'then') return undefined; // not a thenable
      if (prop === 'prototype') return t.prototype;
      if (prop === Symbol.toPrimitive) return () => path;
      if (typeof prop === 'symbol') return undefined;
      if (!children.has(prop)) children.set(prop, stub(`${path}.${prop}`));
      return children.get(prop);
    },
    set(t, prop, value) {
      children.set(prop, value); // e.g. a bundle naming a class: Object.defineProperty / assignment of `name`
      return true;
    },
    defineProperty(t, prop, descriptor) {
      children.set(prop, descriptor.value);
      return true;
    },
    apply: () => stub(`${path}()`),
    construct: () => stub(`new ${path}`),
  });
}

/**
 * The stub's top-level names are the API's runtime exports (namespaces, classes, enums, functions), read
 * from @types/vscode: bundlers copy a CommonJS module's own keys when they import it, so they must exist.
 */
function apiNames() {
  try {
    const dts = readFileSync(join(dirname(require.resolve('@types/vscode/package.json')), 'index.d.ts'), 'utf8');
    return [...dts.matchAll(/^\texport (?:namespace|class|enum|const|let|function) (\w+)/gm)].map((m) => m[1]);
  } catch {
    return ['workspace', 'window', 'languages', 'commands', 'extensions', 'env', 'Uri', 'Disposable', 'EventEmitter'];
  }
}

const require = createRequire(import.meta.url);
const vscode = {};
for (const name of apiNames()) vscode[name] = stub(`vscode.${name}`);
Object.assign(vscode, { version: '1.95.0', env: { ...vscode.env, appName: 'bench', language: 'en', machineId: 'bench', sessionId: 'bench' } });

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
};
Module._cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode };

// activate() starts the language client without awaiting it; against a stub it may fail later.
process.on('unhandledRejection', () => {});

const context = {
  subscriptions: [],
  extensionPath: extensionRoot,
  extensionUri: stub('extensionUri'),
  asAbsolutePath: (p) => join(extensionRoot, p),
  globalState: stub('globalState'),
  workspaceState: stub('workspaceState'),
  environmentVariableCollection: stub('environmentVariableCollection'),
  storagePath: undefined,
  globalStoragePath: extensionRoot,
  logPath: extensionRoot,
  extensionMode: 1,
};

const t0 = performance.now();
const extension = require(clientPath);
const t1 = performance.now();
let error = null;
let api;
try {
  api = await extension.activate(context);
} catch (e) {
  error = e instanceof Error ? e.message : String(e);
}
const t2 = performance.now();
// What activation leaves for right after it: the session (language client) that activate() loads in the next turn.
let sessionMs = null;
if (!error && typeof api?.ready === 'function') {
  try {
    await api.ready();
    sessionMs = performance.now() - t2;
  } catch (e) {
    error = `session: ${e instanceof Error ? e.message : String(e)}`;
  }
}
process.stdout.write(`${JSON.stringify({ requireMs: t1 - t0, activateMs: t2 - t1, totalMs: t2 - t0, sessionMs, subscriptions: context.subscriptions.length, error })}\n`);
process.exit(0);

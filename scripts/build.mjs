// Bundles the client, the server, the CLI and the end-to-end suite with esbuild; `tsc -b` type-checks separately.
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname } from 'node:path';
import { generate as generateValidators } from './schemas/standalone.mjs';

const production = process.argv.includes('--production');
const require = createRequire(import.meta.url);

/**
 * `yaml` ships CommonJS for Node: bundled behind an ES import, every use of one of its exports (`isScalar`, `Scalar`,
 * ... millions of times a run) goes through a getter esbuild's interop defines. This binds its exports once, as
 * constants, from the same CommonJS build (so the same code runs; only the binding differs).
 */
const yamlBindOnce = {
  name: 'yaml-bind-once',
  setup(b) {
    const path = require.resolve('yaml');
    const names = Object.keys(require('yaml')).filter((n) => n !== 'default' && n !== '__esModule');
    b.onResolve({ filter: /^yaml$/ }, () => ({ path: 'yaml', namespace: 'yaml-bind-once' }));
    b.onLoad({ filter: /.*/, namespace: 'yaml-bind-once' }, () => ({
      contents: `const yaml = require(${JSON.stringify(path)});\nexport const { ${names.join(', ')} } = yaml;\nexport default yaml;\n`,
      loader: 'js',
      resolveDir: dirname(path),
    }));
  },
};

/**
 * Small patches to bundled dependencies, each a hot spot of a large run, each keeping what the code does (a release
 * that changed a patched line fails the build here rather than running unpatched unnoticed):
 *
 * - `yaml`: every node defines its type (a symbol) on itself with `Object.defineProperty`, a call into the runtime
 *   for each of the millions of nodes a large run parses (the costliest step of a parse). parse/yaml.ts puts the
 *   type on each node class's prototype (non-enumerable, as on the node), where `isScalar` & co. read it just the
 *   same; the constructors then define it on the node only when the prototype does not already give it.
 *   Likewise a map's or list's `schema`: parse/fast.ts gives the schema every fast document shares on their
 *   prototypes, and the collection constructor defines it on the node only when it is another one.
 * - `js-yaml` (parse/fast.ts): every node is first tried as a flow collection, which made a dictionary object before
 *   looking for the `[` or `{` that starts one; and every node copied the parser's state in case a tag or anchor
 *   followed, before looking for the `!` or `&` that starts one. Both now look first.
 */
const PATCHES = {
  'yaml/dist/nodes/Node.js': [
    ['Object.defineProperty(this, identity.NODE_TYPE, { value: type });', 'if (this[identity.NODE_TYPE] !== type) Object.defineProperty(this, identity.NODE_TYPE, { value: type });'],
  ],
  'yaml/dist/nodes/Collection.js': [
    ["Object.defineProperty(this, 'schema', {", "if (this.schema !== schema) Object.defineProperty(this, 'schema', {"],
  ],
  'yaml/dist/nodes/Pair.js': [
    ['Object.defineProperty(this, identity.NODE_TYPE, { value: identity.PAIR });', 'if (this[identity.NODE_TYPE] !== identity.PAIR) Object.defineProperty(this, identity.NODE_TYPE, { value: identity.PAIR });'],
  ],
  // The ES module build is the one esbuild bundles (`import` condition).
  'js-yaml/dist/js-yaml.mjs': [
    [
      '    const overridableKeys = /* @__PURE__ */ Object.create(null);\n    let keyNode;\n    let keyTag;\n    let valueNode;\n    let ch = state.input.charCodeAt(state.position);\n    if (ch === 91) {',
      '    let overridableKeys;\n    let keyNode;\n    let keyTag;\n    let valueNode;\n    let ch = state.input.charCodeAt(state.position);\n    if (ch !== 91 && ch !== 123) return false;\n    overridableKeys = Object.create(null);\n    if (ch === 91) {',
    ],
    [
      '        const ch = state.input.charCodeAt(state.position);\n        const propertyState = snapshotState(state);',
      '        const ch = state.input.charCodeAt(state.position);\n        // readTagProperty and readAnchorProperty return false at once for any other character\n        if (ch !== 33 && ch !== 38) break;\n        const propertyState = snapshotState(state);',
    ],
  ],
};

const dependencyPatches = {
  name: 'dependency-patches',
  setup(b) {
    // Any of the patched files, with either path separator.
    const files = Object.keys(PATCHES).map((k) => k.replace(/[.]/g, '\\.').replace(/\//g, '[\\\\/]'));
    b.onLoad({ filter: new RegExp(`[\\\\/]node_modules[\\\\/](${files.join('|')})$`) }, (args) => {
      const key = Object.keys(PATCHES).find((k) => args.path.replace(/\\/g, '/').endsWith(`node_modules/${k}`));
      if (!key) return undefined;
      let source = readFileSync(args.path, 'utf8');
      for (const [from, to] of PATCHES[key]) {
        if (!source.includes(from)) throw new Error(`dependency-patches: ${key} no longer has:\n${from}`);
        source = source.replace(from, to);
      }
      return { contents: source, loader: 'js' };
    });
  },
};

/**
 * The shipped schemas (about 1.1 MB of JSON) are bundled as JSON text parsed on first use, not as object literals:
 * V8 scans a string far faster than it parses a literal of the same size, and JSON.parse builds the objects faster
 * than the literal's code does (each bundle loading, in each thread, paid for all of them).
 */
const jsonAsText = {
  name: 'json-as-text',
  setup(b) {
    b.onLoad({ filter: /\.json$/ }, (args) => {
      const text = JSON.stringify(JSON.parse(readFileSync(args.path, 'utf8')));
      return { contents: `module.exports = JSON.parse(${JSON.stringify(text)});`, loader: 'js' };
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
  plugins: [yamlBindOnce, dependencyPatches, jsonAsText],
};

const entries = [
  // What activation loads (dist/client.js) is kept apart from the language client and the rest (dist/session.js).
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode', './session.js'], metafile: true },
  { entryPoints: ['client/src/session.ts'], outfile: 'dist/session.js', external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  // dist/cli.js turns on the compile cache, then loads the CLI itself (dist/cli-main.js).
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, external: ['./cli-main.js'] },
  { entryPoints: ['server/src/cli-main.ts'], outfile: 'dist/cli-main.js' },
];
// The report webview's script runs in the browser sandbox of the webview.
entries.push({ entryPoints: ['client/src/webview/report.ts'], outfile: 'dist/webview/report.js', platform: 'browser', format: 'iife', target: 'es2022' });
if (existsSync('test/e2e/index.ts')) {
  entries.push({ entryPoints: ['test/e2e/index.ts'], outfile: 'dist/test/e2e/index.js', external: ['vscode', 'mocha'] });
}
// The shipped schemas' validators, compiled ahead of time (server/src/engine/schema/generated/): each group of them is
// its own dist/validators-<group>.js, loaded by server.js and cli.js on first use.
const validators = generateValidators()
  .map(({ file }) => basename(file))
  .filter((name) => name.startsWith('validators-'));
for (const name of validators) entries.push({ entryPoints: [`server/src/engine/schema/generated/${name}`], outfile: `dist/${name}`, sourcemap: false });
// The module of a group that is gone would still be packaged (dist/validators-*.js): removed.
if (existsSync('dist')) for (const f of readdirSync('dist')) if (/^validators-.*\.js$/.test(f) && !validators.includes(f)) rmSync(`dist/${f}`);
const results = await Promise.all(entries.map((e) => build({ ...common, ...e })));
// Activation loads dist/client.js: anything bundled into it beyond extension.ts (an import that is not `import
// type`) is loaded before the extension is active. It belongs in session.ts.
const activationInputs = Object.keys(results[entries.findIndex((e) => e.outfile === 'dist/client.js')].metafile.outputs['dist/client.js'].inputs);
if (activationInputs.some((f) => f !== 'client/src/extension.ts')) {
  console.error(`dist/client.js must bundle client/src/extension.ts only (activation loads it); it has: ${activationInputs.join(', ')}`);
  process.exit(1);
}

import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheWanted, pruneStaleCaches } from '../../server/src/node/compile-cache';

describe('compile cache', () => {
  it("removes earlier builds' caches of a bundle installed in one folder, keeping the current one, other installs', other bundles' and files being written", () => {
    const dir = mkdtempSync(join(tmpdir(), 'modelready-cache-'));
    // `cli-main.js-ab12` is the bundle installed in one folder; `cli-main.js-cd34` the same bundle installed elsewhere.
    const names = ['cli-main.js-ab12-100-1.bin', 'cli-main.js-ab12-200-2.bin', 'cli-main.js-ab12-200-2.bin.4242', 'cli-main.js-cd34-100-1.bin', 'validators-kubernetes.js-ab12-300-3.bin', 'cli-main.js.notes'];
    for (const n of names) writeFileSync(join(dir, n), 'x');
    pruneStaleCaches(dir, 'cli-main.js-ab12', 'cli-main.js-ab12-200-2.bin');
    assert.deepEqual(readdirSync(dir).sort(), ['cli-main.js-ab12-200-2.bin', 'cli-main.js-ab12-200-2.bin.4242', 'cli-main.js-cd34-100-1.bin', 'cli-main.js.notes', 'validators-kubernetes.js-ab12-300-3.bin']);
  });

  it('writes a cache when there is none, lets the first long run replace a short run\'s, and keeps a long run\'s', () => {
    // [missing, read a long run's, this run is long] -> written
    const table: [boolean, boolean, boolean, boolean][] = [
      [true, false, false, true],
      [true, false, true, true],
      [false, false, false, false],
      [false, false, true, true],
      [false, true, true, false],
      [false, true, false, false],
    ];
    for (const [missing, fromLongRun, longRun, written] of table) assert.equal(cacheWanted(missing, fromLongRun, longRun), written, JSON.stringify({ missing, fromLongRun, longRun }));
  });

  it("removes other installs' caches not written for 30 days, and keeps recent ones", () => {
    const dir = mkdtempSync(join(tmpdir(), 'modelready-cache-'));
    const names = ['cli-main.js-ab12-100-1.bin', 'cli-main.js-cd34-100-1.bin', 'validators-kubernetes.js-ef56-300-3.long.bin', 'server.js-9a9a-5-5.bin'];
    for (const n of names) writeFileSync(join(dir, n), 'x');
    const old = new Date(Date.now() - 31 * 24 * 3600 * 1000);
    for (const n of ['cli-main.js-cd34-100-1.bin', 'validators-kubernetes.js-ef56-300-3.long.bin']) utimesSync(join(dir, n), old, old);
    pruneStaleCaches(dir, 'cli-main.js-ab12', 'cli-main.js-ab12-100-1.bin');
    assert.deepEqual(readdirSync(dir).sort(), ['cli-main.js-ab12-100-1.bin', 'server.js-9a9a-5-5.bin']);
  });

  it('does nothing when the folder cannot be read', () => {
    assert.doesNotThrow(() => pruneStaleCaches(join(tmpdir(), 'modelready-no-such-folder'), 'cli-main.js', 'x.bin'));
  });
});
